"""Deciding what an inbound e-mail becomes: ignored, a reply on a request, a new request, or a failure kept for
an admin. Reads only; ``prima.notify.inbound.services`` carries the decision out.

In order:

1. A Message-ID already received (an earlier row) → ignored as a duplicate.
2. Mail no person wrote: bounces, mail systems, auto-replies, bulk and list mail → ignored, so Prima never
   answers a robot (mail loops).
3. No sender address → failed (nothing to answer to); sent from one of our own addresses → ignored (loop).
4. In-Reply-To / References of a mail we sent to the requester, or of their earlier mail → a reply there.
5. A tracking code in the subject, from the request's own requester → a reply there; from anyone else → a
   new request (a stranger must not write into someone's request).
6. Otherwise a new request for the unit whose address the mail was sent to; none → failed, "no unit for address".

A reply to a closed request starts a new request on the same unit instead (a follow-up).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings

from prima.accounts.models import ServiceUnit
from prima.notify.inbound.parsing import ParsedEmail
from prima.notify.inbound.threading import current_ticket, thread_match
from prima.notify.models import InboundEmail, InboundReason
from prima.tickets.choices import Status
from prima.tickets.models import Ticket
from prima.tickets.tracking import normalize_tracking_code

MAX_RECIPIENTS = 50
TRACKING_CODE_IN_TEXT = re.compile(r"\bPRM[\s-]?([0-9A-Z]{4})[\s-]?([0-9A-Z]{4})[\s-]?([0-9A-Z]{4})\b", re.IGNORECASE)
SYSTEM_SENDERS = frozenset({"mailer-daemon", "postmaster"})
BULK_PRECEDENCE = frozenset({"bulk", "junk", "list"})


class Action(enum.Enum):
    IGNORE = "ignore"
    FAIL = "fail"
    REPLY = "reply"
    NEW_REQUEST = "new_request"


@dataclass(frozen=True)
class Route:
    action: Action
    reason: InboundReason
    detail: str = ""
    ticket: Ticket | None = None
    unit: ServiceUnit | None = None


def route_email(parsed: ParsedEmail, inbound: InboundEmail) -> Route:
    """Where ``parsed`` (the content of ``inbound``) goes."""
    earlier = (
        InboundEmail.objects.filter(message_id=inbound.message_id, pk__lt=inbound.pk).order_by("pk").first()
        if inbound.pk is not None
        else None
    )
    if earlier is not None:
        return Route(Action.IGNORE, InboundReason.DUPLICATE, f"#{earlier.pk}")
    automatic = automatic_mail(parsed)
    if automatic is not None:
        return Route(Action.IGNORE, *automatic)
    if not parsed.from_address:
        return Route(Action.FAIL, InboundReason.MALFORMED, parsed.header("From"))
    if is_own_address(parsed.from_address):
        return Route(Action.IGNORE, InboundReason.OWN_ADDRESS, parsed.from_address)
    match = thread_match(parsed.references)
    if match is not None:
        if not match.to_requester:
            return Route(Action.FAIL, InboundReason.STAFF_NOTIFICATION_REPLY, match.ticket.tracking_code)
        return _reply_or_follow_up(match.ticket, InboundReason.REPLY_BY_THREAD, match.message_id)
    stranger_code = ""
    for ticket in tickets_named_in(parsed.subject):
        if _same_address(ticket.requester_email, parsed.from_address):
            return _reply_or_follow_up(ticket, InboundReason.REPLY_BY_CODE, ticket.tracking_code)
        stranger_code = stranger_code or ticket.tracking_code
    unit = unit_for(parsed.recipients)
    if unit is None:
        return Route(Action.FAIL, InboundReason.NO_UNIT, ", ".join(parsed.recipients[:MAX_RECIPIENTS]))
    if stranger_code:
        return Route(Action.NEW_REQUEST, InboundReason.CODE_FROM_STRANGER, stranger_code, unit=unit)
    return Route(Action.NEW_REQUEST, InboundReason.NEW_REQUEST, unit=unit)


def automatic_mail(parsed: ParsedEmail) -> tuple[InboundReason, str] | None:
    """Why ``parsed`` was written by a machine (reason, the header that says so), or None."""
    return_path = parsed.header("Return-Path")
    if parsed.has_header("Return-Path") and return_path.replace(" ", "") in {"<>", ""}:
        return InboundReason.BOUNCE, f"Return-Path: {return_path}"
    if parsed.content_type == "multipart/report":
        return InboundReason.BOUNCE, f"Content-Type: {parsed.content_type}"
    if parsed.from_address.partition("@")[0] in SYSTEM_SENDERS:
        return InboundReason.MAIL_SYSTEM, f"From: {parsed.from_address}"
    auto_submitted = parsed.header("Auto-Submitted")
    if parsed.has_header("Auto-Submitted") and auto_submitted.split(";")[0].strip().lower() != "no":
        return InboundReason.AUTO_SUBMITTED, f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond"):
        if parsed.has_header(name):
            return InboundReason.AUTO_REPLY, f"{name}: {parsed.header(name)}"
    precedence = parsed.header("Precedence").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return InboundReason.BULK, f"Precedence: {precedence}"
    if precedence == "auto_reply":
        return InboundReason.AUTO_REPLY, f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe"):
        if parsed.has_header(name):
            return InboundReason.MAILING_LIST, f"{name}: {parsed.header(name)}"[:500]
    return None


def is_own_address(address: str) -> bool:
    """Whether Prima sends from or receives at ``address``: DEFAULT_FROM_EMAIL or any unit's address."""
    address = address.strip().lower()
    if address == parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower():
        return True
    return ServiceUnit.objects.filter(email__iexact=address).exists()


def tickets_named_in(subject: str) -> list[Ticket]:
    """The requests whose tracking codes appear in ``subject``, in order of appearance."""
    codes = []
    for match in TRACKING_CODE_IN_TEXT.finditer(subject):
        code = normalize_tracking_code("".join(match.groups()))
        if code is not None and code not in codes:
            codes.append(code)
    by_code = {ticket.tracking_code: ticket for ticket in Ticket.objects.filter(tracking_code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def unit_for(recipients: list[str]) -> ServiceUnit | None:
    """The unit whose address comes first among ``recipients`` (an active unit before an inactive one)."""
    for address in recipients[:MAX_RECIPIENTS]:
        unit = ServiceUnit.objects.filter(email__iexact=address).order_by("-is_active", "pk").first()
        if unit is not None:
            return unit
    return None


def _reply_or_follow_up(ticket: Ticket, reason: InboundReason, detail: str) -> Route:
    ticket = current_ticket(ticket)
    if ticket.status == Status.CLOSED:
        return Route(Action.NEW_REQUEST, InboundReason.FOLLOW_UP, ticket.tracking_code, ticket=ticket, unit=ticket.unit)
    return Route(Action.REPLY, reason, detail, ticket=ticket)


def _same_address(first: str, second: str) -> bool:
    return bool(first) and first.strip().casefold() == second.strip().casefold()
