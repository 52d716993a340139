"""Sending the public form: the submission is checked as ``submit_request`` checks it and kept in the intake
journal in one short transaction, so the page can say "received, code X" once it is committed; it becomes a
request (with the consent the person gave) in the background (``prima.tickets.services.journal``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit
from prima.tickets.choices import Channel, RequestKind
from prima.tickets.models import IntakeSubmission
from prima.tickets.services.journal import journal_submission


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
    service_id: int | None = None

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
            service_id=data["service"].pk if data.get("service") is not None else None,
        )


def journal_public_request(unit: ServiceUnit, submission: PublicSubmission, *, language: str) -> IntakeSubmission:
    """Receive a web-form request for ``unit``: checked exactly as ``submit_request`` checks it, then kept
    durably in the intake journal with its tracking code (committed when this returns, so the page may say
    "received, code X"). The same ``submission_key`` again returns the submission already received. Raises
    ValidationError (from ``submit_request``'s checks) keyed by field.

    Side effects: those of ``journal_submission`` (channel ``web``); registering it as a request (customer,
    acknowledgement e-mail, and the follow-up consent the person gave, for a normal request whose customer
    has none active yet) follows in the background (``register_submission``).
    """
    arguments = {
        "kind": submission.kind,
        "subject": submission.subject,
        "description": _with_preferred_moment(submission, unit),
        "requester_name": submission.requester_name,
        "requester_email": submission.requester_email,
        "requester_phone": submission.requester_phone,
        "confidentiality": submission.confidentiality,
        "language": language,
        "details": submission.details,
        "service": submission.service_id,  # the id: the journal's payload is JSON
    }
    return journal_submission(
        unit,
        channel=Channel.WEB,
        submission_key=submission.submission_key,
        arguments=arguments,
        follow_up_consent=submission.consent,
    )


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
