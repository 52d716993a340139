"""Which request an e-mail answers, from its In-Reply-To and References headers. Reads only.

A Message-ID may belong to:

* a message the requester sent us by e-mail (``TicketMessage.email_message_id``), or the e-mail that started a
  request (its ``submission_key`` is ``email_submission_key`` of the Message-ID);
* an outbox row (``OutboundEmail.message_id``) that ``prima.tickets.notifications`` queued. Mails to the
  requester of a normal request are related to the request; mails about confidential requests are not, so the
  request is read from the idempotency key, whose formats are those of ``prima.tickets.notifications``.

Mails the notifications send to staff (new message, assignment, transfer) thread to a request too, but a reply
to one of them is a staff member writing, not the requester: the match says so, and routing refuses it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from prima.notify.models import OutboundEmail
from prima.tickets.models import Appointment, OrderChange, OwnershipChange, StatusChange, Ticket, TicketMessage

MAX_THREAD_IDS = 50
MAX_MERGE_HOPS = 10
# Idempotency keys of prima.tickets.notifications: e-mails to the requester, and e-mails to staff (which end
# in the recipient's user id, except transfers, which go to the unit's address).
REQUESTER_KEY = re.compile(
    r"^tickets\.(submitted|reply|status|order|appointment\.booked|appointment\.cancelled)\.(\d+)$"
)
STAFF_KEY = re.compile(r"^tickets\.(requester_message|assigned|transferred)\.(\d+)(\.\d+)?$")
KEY_OBJECTS: dict[str, type[models.Model]] = {
    "submitted": Ticket,
    "reply": TicketMessage,
    "status": StatusChange,
    "order": OrderChange,
    "appointment.booked": Appointment,
    "appointment.cancelled": Appointment,
    "requester_message": TicketMessage,
    "assigned": OwnershipChange,
    "transferred": OwnershipChange,
}


@dataclass(frozen=True)
class ThreadMatch:
    ticket: Ticket
    to_requester: bool
    message_id: str


def email_submission_key(message_id: str) -> str:
    """The ``submit_request`` submission key of the request an e-mail starts (70 characters)."""
    return "email:" + hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()


def thread_match(message_ids: list[str]) -> ThreadMatch | None:
    """The request the first recognised Message-ID belongs to (In-Reply-To before References)."""
    ids = message_ids[:MAX_THREAD_IDS]
    if not ids:
        return None
    found: dict[str, ThreadMatch] = {}
    keys = {email_submission_key(message_id): message_id for message_id in ids}
    for ticket in Ticket.objects.filter(submission_key__in=keys):
        message_id = keys[ticket.submission_key or ""]
        found[message_id] = ThreadMatch(ticket, to_requester=True, message_id=message_id)
    for message in TicketMessage.objects.filter(email_message_id__in=ids).select_related("ticket"):
        message_id = message.email_message_id or ""
        found.setdefault(message_id, ThreadMatch(message.ticket, to_requester=True, message_id=message_id))
    for outbound in OutboundEmail.objects.filter(message_id__in=ids):
        if outbound.message_id not in found:
            match = _outbound_match(outbound)
            if match is not None:
                found[outbound.message_id] = match
    return next((found[message_id] for message_id in ids if message_id in found), None)


def current_ticket(ticket: Ticket) -> Ticket:
    """The request that now carries the conversation: ``ticket``, or the one it was merged into."""
    for _hop in range(MAX_MERGE_HOPS):
        if ticket.merged_into_id is None:
            break
        target = Ticket.objects.filter(pk=ticket.merged_into_id).first()
        if target is None:
            break
        ticket = target
    return ticket


def _outbound_match(outbound: OutboundEmail) -> ThreadMatch | None:
    ticket_type = ContentType.objects.get_for_model(Ticket)
    if outbound.content_type_id == ticket_type.pk and outbound.object_id.isdigit():
        ticket = Ticket.objects.filter(pk=int(outbound.object_id)).first()
        if ticket is not None:
            return ThreadMatch(ticket, to_requester=True, message_id=outbound.message_id)
    key = outbound.idempotency_key or ""
    for pattern, to_requester in ((REQUESTER_KEY, True), (STAFF_KEY, False)):
        matched = pattern.match(key)
        if matched:
            ticket = _ticket_of(KEY_OBJECTS[matched.group(1)], int(matched.group(2)))
            return ThreadMatch(ticket, to_requester, outbound.message_id) if ticket is not None else None
    return None


def _ticket_of(model: type[models.Model], pk: int) -> Ticket | None:
    if model is Ticket:
        return Ticket.objects.filter(pk=pk).first()
    if model is OrderChange:
        change = OrderChange.objects.filter(pk=pk).select_related("order__ticket").first()
        return change.order.ticket if change is not None else None
    row = model._default_manager.filter(pk=pk).select_related("ticket").first()
    ticket = getattr(row, "ticket", None)
    return ticket if isinstance(ticket, Ticket) else None
