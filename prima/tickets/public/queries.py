"""What the public pages read: the units that take requests, and the part of a request its tracking code
shows (the public conversation, never internal notes, never who on the staff wrote beyond a first name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.tickets.choices import Status, Visibility
from prima.tickets.dates import local_label
from prima.tickets.models import IntakeStatus, IntakeSubmission, Ticket, TicketMessage
from prima.tickets.queries import submission_by_tracking_code, ticket_by_tracking_code
from prima.tickets.services.conversation import REQUESTER_REOPEN_WINDOW

# The largest primary key a database column holds; a larger number in a URL is simply not a unit.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class PublicMessage:
    body: str
    sent_at: str  # already in the unit's time zone, e.g. "2025-05-05 09:30 WITA"
    from_requester: bool
    staff_first_name: str  # empty for the requester's own messages and for staff without a name


def units_taking_requests() -> QuerySet[ServiceUnit]:
    """Every active unit, with its organisation, grouped by organisation: the landing page's list."""
    return (
        ServiceUnit.objects.filter(is_active=True).select_related("organisation").order_by("organisation__name", "path")
    )


def service_taking_requests(unit: ServiceUnit, service_id: int) -> Service | None:
    """The active service of ``unit``'s catalogue with this id, or None (unknown, archived, another unit's)."""
    if not 0 < service_id <= MAX_ID:
        return None
    return Service.objects.filter(pk=service_id, unit=unit, is_active=True).first()


def unit_taking_requests(unit_id: int, *, with_organisation: bool = True) -> ServiceUnit | None:
    """The active unit with this id, or None (unknown, inactive, or a number no unit can have). Without
    ``with_organisation`` the organisation is not joined (the form's POST does not show it; compiling the join
    costs more than the indexed look-up)."""
    if not 0 < unit_id <= MAX_ID:
        return None
    units = units_taking_requests() if with_organisation else ServiceUnit.objects.filter(is_active=True)
    # No ORDER BY: compiling the list's ordering costs more than the indexed look-up itself.
    return next(iter(units.filter(pk=unit_id).order_by()[:1]), None)


def request_or_submission_by_code(code: str) -> Ticket | IntakeSubmission | None:
    """What a tracking code leads to, for the public pages and the public API alike: the request with this code;
    else the journaled submission still being registered (pending, or failed and waiting for a retry); else,
    for a code handed out for a submission that was registered as an earlier request, that request; else None.
    At most three indexed look-ups."""
    ticket = ticket_by_tracking_code(code)
    if ticket is not None:
        return ticket
    received = submission_by_tracking_code(code)
    if received is not None and received.status == IntakeStatus.REGISTERED:
        if received.ticket_id is None:  # the request was deleted since
            return None
        return Ticket.objects.select_related("unit", "merged_into").filter(pk=received.ticket_id).first()
    return received


def _first_name(message: TicketMessage) -> str:
    # A first name at most: the public page never identifies staff further (and never by e-mail address).
    full_name = message.author.full_name.strip() if message.author is not None else ""
    return full_name.split()[0] if full_name else ""


def public_conversation(ticket: Ticket) -> list[PublicMessage]:
    """The messages the requester may read, oldest first: staff replies and their own messages. One query."""
    messages = (
        TicketMessage.objects.filter(ticket=ticket, visibility=Visibility.PUBLIC)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return [
        PublicMessage(
            body=message.body,
            sent_at=local_label(message.created_at, ticket.unit),
            from_requester=message.from_public,
            staff_first_name="" if message.from_public else _first_name(message),
        )
        for message in messages
    ]


def can_reply(ticket: Ticket) -> bool:
    return ticket.status != Status.CLOSED and ticket.merged_into_id is None


def can_confirm(ticket: Ticket) -> bool:
    return ticket.status == Status.RESOLVED and ticket.merged_into_id is None


def can_reopen(ticket: Ticket, now: dt.datetime | None = None) -> bool:
    """Mirrors ``reopen_by_requester``, which has the last word: resolved, or closed within the window."""
    if ticket.merged_into_id is not None:
        return False
    if ticket.status == Status.RESOLVED:
        return True
    now = now or timezone.now()
    return (
        ticket.status == Status.CLOSED
        and ticket.closed_at is not None
        and ticket.closed_at >= now - REQUESTER_REOPEN_WINDOW
    )
