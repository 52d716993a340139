"""``submit_request``: the one way a request comes in, whoever and whatever types it.

The public web form, the API, inbound e-mail and staff logging a phone call, a walk-in, a letter, a suggestion
box or a comment card all call this function.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.customers.contacts import normalize_contact, normalize_indonesian_number
from prima.customers.models import ContactKind, Customer
from prima.standards.models import Service, ServiceStandard
from prima.standards.queries import standard_in_force
from prima.tickets import notifications
from prima.tickets.attachments import CheckedAttachment
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status
from prima.tickets.dates import end_of_day
from prima.tickets.models import (
    Category,
    ComplaintDetails,
    IntakeSubmission,
    LetterDetails,
    StatusChange,
    Ticket,
)
from prima.tickets.services._common import Errors, log_ticket_action, refresh_due
from prima.tickets.services.appointments import insert_appointment
from prima.tickets.services.customers import link_customer
from prima.tickets.services.details import ParsedDetails, parse_details
from prima.tickets.services.files import check_attachments, store_attachments
from prima.tickets.services.orders import create_order
from prima.tickets.tracking import fresh_tracking_codes

MAX_CODE_ATTEMPTS = 5
# The largest id a database integer holds: a larger "service id" names no service.
MAX_ID = 2**63 - 1
# Channels where Prima answers in writing and so needs an address or number to answer to.
CHANNELS_NEEDING_CONTACT = frozenset({Channel.WEB, Channel.API, Channel.EMAIL})
# The allowed values per enum argument, built once (``Choices.values`` builds a new list on every access).
_CHOICE_VALUES: dict[str, frozenset[str]] = {
    "kind": frozenset(RequestKind.values),
    "channel": frozenset(Channel.values),
    "priority": frozenset(Priority.values),
    "confidentiality": frozenset(Confidentiality.values),
}


@dataclass
class Submission:
    """A checked submission, ready to insert."""

    unit: ServiceUnit
    kind: str
    channel: str
    subject: str
    description: str
    requester_name: str
    requester_email: str
    requester_phone: str
    confidentiality: str
    language: str
    priority: str
    category: Category | None
    service: Service | None
    customer: Customer | None
    submission_key: str | None
    details: ParsedDetails
    attachments: list[CheckedAttachment]
    actor: User | None


def submit_request(
    unit: ServiceUnit,
    *,
    kind: str,
    channel: str,
    subject: str,
    description: str,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    confidentiality: str = Confidentiality.NORMAL,
    language: str | None = None,
    submission_key: str | None = None,
    customer: Customer | None = None,
    details: Mapping[str, Any] | None = None,
    priority: str = Priority.NORMAL,
    category: Category | None = None,
    service: Service | int | None = None,
    attachments: Sequence[File] = (),
    actor: User | None,
    tracking_code: str | None = None,
) -> Ticket:
    """Receive a request for ``unit``; returns it with its tracking code (durable once the transaction commits:
    only then may the caller answer "received, code X").

    * ``actor`` is the staff member logging it, or None when the public submits it.
    * ANONYMOUS: the name, e-mail, phone and ``customer`` arguments are dropped, never stored or logged.
    * Otherwise a name is required (or taken from ``customer``); channels web, API and e-mail also need an
      e-mail address or phone to answer to (e-mail needs the address). Without ``customer``, the request is
      linked to the customer with that e-mail or phone in the organisation, or a new customer is created.
    * ``details`` holds kind-specific fields (see ``prima.tickets.services.details``); a letter's due date or
      an order's promised date sets ``due_at``; appointment fields book the slot at once.
    * ``submission_key``: the same key again returns the request already created (even when two submissions
      race), provided unit, subject and description match; a different request under a used key is refused.
    * ``service``: the catalogue service (or its id) the request is about, an active one of ``unit``; the
      request records it with the version of its standard in force now (none when nothing is published).
    * ``tracking_code``: the code reserved for this submission in the intake journal
      (``prima.tickets.services.journal``), used instead of a fresh one; codes drawn here skip reserved ones.

    Raises ValidationError keyed by argument name (detail fields by their own names) listing every problem.

    Side effects: a Ticket, its first StatusChange (→ new), kind-specific rows, attachments, possibly a
    customer (``customers.customer.created``); activity ``tickets.ticket.submitted``; notification
    ``acknowledge_submission``.
    """
    submission = validate_submission(
        unit,
        kind=kind,
        channel=channel,
        subject=subject,
        description=description,
        requester_name=requester_name,
        requester_email=requester_email,
        requester_phone=requester_phone,
        confidentiality=confidentiality,
        language=language,
        submission_key=submission_key,
        customer=customer,
        details=details,
        priority=priority,
        category=category,
        service=service,
        attachments=attachments,
        actor=actor,
    )
    if submission.submission_key:
        existing = Ticket.objects.filter(submission_key=submission.submission_key).first()
        if existing is not None:
            return _same_submission(existing, submission)
    codes = iter((tracking_code,)) if tracking_code else _unreserved(fresh_tracking_codes())
    return create_submission(submission, codes=codes)


def validate_submission(
    unit: ServiceUnit,
    *,
    kind: str,
    channel: str,
    subject: str,
    description: str,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    confidentiality: str = Confidentiality.NORMAL,
    language: str | None = None,
    submission_key: str | None = None,
    customer: Customer | None = None,
    details: Mapping[str, Any] | None = None,
    priority: str = Priority.NORMAL,
    category: Category | None = None,
    service: Service | int | None = None,
    attachments: Sequence[File] = (),
    actor: User | None,
) -> Submission:
    """Everything ``submit_request`` checks, without writing anything: takes the same arguments and raises the
    same ValidationError, so a submission that passes here is one ``submit_request`` accepts (the intake journal
    relies on it before it says "received"). Returns the checked, normalised submission."""
    return prepare_submission(
        unit,
        kind=kind,
        channel=channel,
        subject=subject,
        description=description,
        requester_name=requester_name,
        requester_email=requester_email,
        requester_phone=requester_phone,
        confidentiality=confidentiality,
        language=language or settings.LANGUAGE_CODE,
        submission_key=submission_key,
        customer=customer,
        details=details or {},
        priority=priority,
        category=category,
        service=service,
        attachments=attachments,
        actor=actor,
    )


def _unreserved(codes: Iterator[str]) -> Iterator[str]:
    """The codes not reserved by a submission in the intake journal (one indexed look-up each)."""
    for code in codes:
        if not IntakeSubmission.objects.filter(tracking_code=code).exists():
            yield code


def prepare_submission(unit: ServiceUnit, **values: Any) -> Submission:
    """Check and normalise everything ``submit_request`` receives; raises ValidationError with every problem."""
    errors = Errors()
    kind, channel = values["kind"], values["channel"]
    if not unit.is_active:
        errors.add("unit", _("This service unit no longer takes requests."), "inactive")
    for name, allowed in _CHOICE_VALUES.items():
        if values[name] not in allowed:
            errors.add(name, _("Choose one of the listed options."), "invalid_choice")
    language = values["language"]
    if language not in dict(settings.LANGUAGES):
        errors.add("language", _("Choose one of the listed languages."), "invalid_choice")
    subject = (values["subject"] or "").strip()
    if not subject:
        errors.add("subject", _("Give the request a subject."), "required")
    elif len(subject) > 200:
        errors.add("subject", _("Keep the subject under 200 characters."), "max_length")
    description = (values["description"] or "").strip()
    if not description:
        errors.add("description", _("Describe the request."), "required")
    category: Category | None = values["category"]
    if category is not None and (category.unit_id != unit.pk or not category.is_active):
        errors.add("category", _("Choose an active category of this unit."), "invalid_choice")
    service = _check_service(values.get("service"), unit, errors)
    submission_key = (values["submission_key"] or "").strip() or None
    if submission_key is not None and len(submission_key) > 100:
        errors.add("submission_key", _("The submission key is too long."), "max_length")

    anonymous = values["confidentiality"] == Confidentiality.ANONYMOUS
    name = email = phone = ""
    customer: Customer | None = None
    if not anonymous:
        customer = values["customer"]
        name, email, phone = _check_identity(values, customer, unit, channel, errors)

    details = ParsedDetails()
    if values["kind"] in RequestKind.values and values["channel"] in Channel.values:
        try:
            details = parse_details(kind, channel, values["details"], unit)
        except ValidationError as error:
            errors.add_error(error)
    checked_attachments: list[CheckedAttachment] = []
    try:
        checked_attachments = check_attachments(values["attachments"])
    except ValidationError as error:
        errors.add_error(error)
    errors.raise_if_any()
    return Submission(
        unit=unit,
        kind=kind,
        channel=channel,
        subject=subject,
        description=description,
        requester_name=name,
        requester_email=email,
        requester_phone=phone,
        confidentiality=values["confidentiality"],
        language=language,
        priority=values["priority"],
        category=category,
        service=service,
        customer=customer,
        submission_key=submission_key,
        details=details,
        attachments=checked_attachments,
        actor=values["actor"],
    )


def _check_service(value: Service | int | None, unit: ServiceUnit, errors: Errors) -> Service | None:
    """The active service of ``unit`` that ``value`` (a service or its id) names, else None (an error added)."""
    if value is None or value == "":
        return None
    service: Service | None = None
    if isinstance(value, Service):
        service = value
    elif isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        service = Service.objects.filter(pk=value).first()
    if service is None or service.unit_id != unit.pk or not service.is_active:
        errors.add("service", _("Choose an active service of this unit."), "invalid_choice")
        return None
    return service


def _check_identity(
    values: Mapping[str, Any], customer: Customer | None, unit: ServiceUnit, channel: str, errors: Errors
) -> tuple[str, str, str]:
    if customer is not None and customer.organisation_id != unit.organisation_id:
        errors.add("customer", _("This customer belongs to another organisation."), "other_organisation")
    name = (values["requester_name"] or "").strip() or (customer.name if customer is not None else "")
    if not name:
        errors.add("requester_name", _("Enter the requester's name, or choose to stay anonymous."), "required")
    elif len(name) > 150:
        errors.add("requester_name", _("Keep the name under 150 characters."), "max_length")
    email = phone = ""
    if (values["requester_email"] or "").strip():
        try:
            email = normalize_contact(ContactKind.EMAIL, values["requester_email"])
        except ValidationError as error:
            errors.add_error(ValidationError({"requester_email": error}))
    if (values["requester_phone"] or "").strip():
        try:
            phone = normalize_indonesian_number(values["requester_phone"])
        except ValidationError as error:
            errors.add_error(ValidationError({"requester_phone": error}))
    has_errors = errors.has("requester_email") or errors.has("requester_phone")
    if channel == Channel.EMAIL and not email and not has_errors:
        errors.add("requester_email", _("A request by e-mail needs the sender's address."), "required")
    elif channel in CHANNELS_NEEDING_CONTACT and not (email or phone) and not has_errors:
        errors.add(
            "requester_email", _("Give an e-mail address or a phone number so we can answer."), "contact_required"
        )
    return name, email, phone


def _same_submission(existing: Ticket, submission: Submission) -> Ticket:
    if (existing.unit_id, existing.subject, existing.description) != (
        submission.unit.pk,
        submission.subject,
        submission.description,
    ):
        raise ValidationError(
            {
                "submission_key": ValidationError(
                    _("This submission key was already used for another request."), code="reused"
                )
            }
        )
    return existing


def create_submission(submission: Submission, *, codes: Iterator[str]) -> Ticket:
    """Insert a checked submission, drawing tracking codes from ``codes`` until one is free.

    A concurrent insert with the same ``submission_key`` surfaces as an IntegrityError; the winner is returned.
    """
    for _attempt in range(MAX_CODE_ATTEMPTS):
        code = next(codes, None)
        if code is None:  # a reserved code (the only one offered) is taken: never hand out another one
            raise RuntimeError("The tracking code offered for this submission is taken.")
        try:
            with transaction.atomic():
                return _insert(submission, code)
        except IntegrityError:
            if submission.submission_key:
                existing = Ticket.objects.filter(submission_key=submission.submission_key).first()
                if existing is not None:
                    return _same_submission(existing, submission)
            if not Ticket.objects.filter(tracking_code=code).exists():
                raise
    raise RuntimeError(f"No free tracking code after {MAX_CODE_ATTEMPTS} attempts; check the random source.")


def _insert(submission: Submission, code: str) -> Ticket:
    unit = submission.unit
    anonymous = submission.confidentiality == Confidentiality.ANONYMOUS
    customer = submission.customer
    if not anonymous and customer is None:
        customer = link_customer(
            unit,
            name=submission.requester_name,
            email=submission.requester_email,
            phone=submission.requester_phone,
            actor=submission.actor,
        )
    elif customer is not None:
        customer.units.add(unit)
    due_date = submission.details.due_date
    ticket = Ticket.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        kind=submission.kind,
        channel=submission.channel,
        status=Status.NEW,
        priority=submission.priority,
        confidentiality=submission.confidentiality,
        tracking_code=code,
        subject=submission.subject,
        description=submission.description,
        customer=customer,
        requester_name=submission.requester_name,
        requester_email=submission.requester_email,
        requester_phone=submission.requester_phone,
        requester_language=submission.language,
        category=submission.category,
        service=submission.service,
        standard=_standard_in_force(submission.service),
        due_at=end_of_day(due_date, unit) if due_date else None,
        submission_key=submission.submission_key,
    )
    StatusChange.objects.create(
        ticket=ticket, from_status="", to_status=Status.NEW, actor=submission.actor, created_at=ticket.created_at
    )
    log_ticket_action(
        "tickets.ticket.submitted",
        ticket,
        actor=submission.actor,
        data={"kind": submission.kind, "channel": submission.channel},
    )
    _insert_details(ticket, submission)
    refresh_due(ticket)
    store_attachments(ticket, submission.attachments, message=None)
    notifications.acknowledge_submission(ticket)
    return ticket


def _standard_in_force(service: Service | None) -> ServiceStandard | None:
    return standard_in_force(service) if service is not None else None


def _insert_details(ticket: Ticket, submission: Submission) -> None:
    details = submission.details
    if details.complaint is not None:
        ComplaintDetails.objects.create(ticket=ticket, **details.complaint)
    if details.letter is not None:
        LetterDetails.objects.create(ticket=ticket, **details.letter)
    if details.appointment is not None:
        insert_appointment(ticket, unit=ticket.unit, **details.appointment)
    if submission.kind == RequestKind.ORDER and details.order_lines:
        create_order(
            ticket,
            lines=details.order_lines,
            promised_date=details.promised_date,
            notes=details.order_notes,
            actor=submission.actor,
        )
