"""Sending the public form: one transaction that receives the request (``submit_request``, the one creation
path) and records the consent the person gave, so the page can say "received, code X" only after both are
committed."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit
from prima.customers.models import ConsentChannel, ConsentPurpose, Customer
from prima.customers.services import record_consent
from prima.tickets.choices import Channel, Confidentiality, RequestKind
from prima.tickets.models import Ticket
from prima.tickets.services import submit_request


@dataclass(frozen=True)
class PublicSubmission:
    """What the public form collected, already validated by ``PublicRequestForm``."""

    kind: str
    subject: str
    description: str
    confidentiality: str
    submission_key: str
    requester_name: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    consent: bool = False
    details: dict[str, Any] = field(default_factory=dict)
    preferred_date: dt.date | None = None
    preferred_time: dt.time | None = None

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> PublicSubmission:
        kind = data["kind"]
        details = {}
        if kind == RequestKind.COMPLAINT:
            details = {name: data[name] for name in ("incident_date", "incident_place", "remedy_requested")}
        return cls(
            kind=kind,
            subject=data["subject"],
            description=data["description"],
            confidentiality=data["confidentiality"],
            submission_key=data["submission_key"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"],
            consent=data["consent"],
            details=details,
            preferred_date=data["preferred_date"] if kind == RequestKind.APPOINTMENT else None,
            preferred_time=data["preferred_time"] if kind == RequestKind.APPOINTMENT else None,
        )


def submit_public_request(unit: ServiceUnit, submission: PublicSubmission, *, language: str) -> Ticket:
    """Receive a web-form request for ``unit`` and return it; the same ``submission_key`` again returns the
    request already received. Raises ValidationError (from ``submit_request``) keyed by field.

    Side effects: those of ``submit_request`` (channel ``web``, no actor), and a follow-up consent
    (``customers.consent.given``) for a normal request whose customer has none active yet.
    """
    with transaction.atomic():
        ticket = submit_request(
            unit,
            kind=submission.kind,
            channel=Channel.WEB,
            subject=submission.subject,
            description=_with_preferred_moment(submission, unit),
            requester_name=submission.requester_name,
            requester_email=submission.requester_email,
            requester_phone=submission.requester_phone,
            confidentiality=submission.confidentiality,
            language=language,
            submission_key=submission.submission_key,
            details=submission.details,
            actor=None,
        )
        # Confidential requests record no consent: the customer's timeline would show "consent given, web form"
        # at the moment of the complaint, telling staff who may not know who complained.
        if submission.consent and ticket.confidentiality == Confidentiality.NORMAL and ticket.customer is not None:
            _record_follow_up_consent(ticket.customer)
    return ticket


def _with_preferred_moment(submission: PublicSubmission, unit: ServiceUnit) -> str:
    """An appointment request's preferred day (and time) goes into the description, written in the
    organisation's language for the staff who schedule it: booking a slot is theirs to do."""
    if submission.preferred_date is None:
        return submission.description
    when = submission.preferred_date.isoformat()
    if submission.preferred_time is not None:
        zone = str(unit.get_time_zone_display()).split(" ")[0]
        when = f"{when} {submission.preferred_time:%H:%M} {zone}"
    with translation.override(settings.LANGUAGE_CODE):
        line = _("Preferred date and time: %(when)s") % {"when": when}
    return f"{submission.description.strip()}\n\n{line}"


def _record_follow_up_consent(customer: Customer) -> None:
    # A returning person usually has this consent already; record_consent refuses a second active one.
    with contextlib.suppress(ValidationError):
        record_consent(customer, purpose=ConsentPurpose.FOLLOW_UP, channel=ConsentChannel.WEB_FORM, actor=None)
