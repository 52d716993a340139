"""The conversation on a request, and what the requester may do with their tracking code."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.surveys.collection.services.invitations import handle_request_status_change
from prima.tickets import notifications
from prima.tickets.choices import Status, Visibility
from prima.tickets.models import StatusChange, Ticket, TicketMessage
from prima.tickets.services._common import (
    apply_status,
    field_error,
    lock_ticket,
    log_ticket_action,
    required_text,
    system_text,
    touch,
)
from prima.tickets.services.files import check_attachments, store_attachments
from prima.tickets.tracking import normalize_tracking_code

# How long after closing a requester may still reopen their request instead of submitting a new one.
REQUESTER_REOPEN_WINDOW = dt.timedelta(days=30)


def add_reply(
    ticket: Ticket,
    *,
    body: str,
    visibility: str = Visibility.PUBLIC,
    actor: User | None,
    from_public: bool = False,
    email_message_id: str | None = None,
    attachments: Sequence[File] = (),
) -> TicketMessage:
    """Add a message to the request.

    * Staff (``actor`` set, ``from_public`` False) write PUBLIC replies or INTERNAL notes. The first public
      reply sets ``first_response_at``; an internal note never does.
    * The requester (``from_public`` True, ``actor`` None, always PUBLIC) writes through the tracking page or
      e-mail. On a request waiting for them it moves back to in progress.
    * A message whose ``email_message_id`` was already stored is returned as is (mail is redelivered).
    * Public messages are refused on closed or merged requests; internal notes are always possible.

    Side effects: TicketMessage and attachments; activity ``tickets.reply.sent``, ``tickets.note.added`` or
    ``tickets.reply.received``; ``notify_public_reply`` (to the requester) or ``notify_requester_message``
    (to owner and collaborators); a StatusChange when a waiting request resumes.
    """
    if from_public and (actor is not None or visibility != Visibility.PUBLIC):
        raise ValueError("A message from the requester has no staff author and is always public.")
    if not from_public and actor is None:
        raise ValueError("A staff message needs its author.")
    if visibility not in Visibility.values:
        raise field_error("visibility", _("Choose public reply or internal note."), "invalid_choice")
    body = required_text(body, "body", _("Write a message."))
    if email_message_id:
        existing = TicketMessage.objects.filter(email_message_id=email_message_id).first()
        if existing is not None:
            return existing
    checked = check_attachments(attachments)
    with transaction.atomic():
        lock_ticket(ticket)
        if visibility == Visibility.PUBLIC and ticket.merged_into_id is not None:
            raise field_error("body", _("This request was merged into another; write there."), "merged")
        if visibility == Visibility.PUBLIC and ticket.status == Status.CLOSED:
            raise field_error(
                "body",
                _("This request is closed. Submit a new request.")
                if from_public
                else _("This request is closed; reopen it before replying."),
                "closed",
            )
        message = TicketMessage.objects.create(
            ticket=ticket,
            author=actor,
            from_public=from_public,
            visibility=visibility,
            body=body,
            email_message_id=email_message_id or None,
        )
        store_attachments(ticket, checked, message=message)
        log_data = {"message_id": message.pk, "attachments": len(checked)}
        if from_public:
            touch(ticket)
            log_ticket_action("tickets.reply.received", ticket, actor=None, obj=message, data=log_data)
            if ticket.status == Status.WAITING_CUSTOMER:
                apply_status(ticket, Status.IN_PROGRESS, actor=None, reason=system_text(_("The requester replied.")))
            notifications.notify_requester_message(ticket, message)
        elif visibility == Visibility.PUBLIC:
            if ticket.first_response_at is None:
                ticket.first_response_at = message.created_at
            touch(ticket, "first_response_at")
            log_ticket_action("tickets.reply.sent", ticket, actor=actor, obj=message, data=log_data)
            notifications.notify_public_reply(ticket, message)
        else:
            touch(ticket)
            log_ticket_action("tickets.note.added", ticket, actor=actor, obj=message, data=log_data)
    return message


def confirm_resolution(ticket: Ticket, *, via_tracking_code: str) -> StatusChange:
    """The requester confirms a resolved request is settled; it closes. ``via_tracking_code`` is the code they
    typed, which must be this request's (the proof they are the requester).

    Side effects: StatusChange → closed; activity ``tickets.ticket.resolution_confirmed``.
    """
    code = normalize_tracking_code(via_tracking_code or "") or ""
    if not secrets.compare_digest(code.encode(), ticket.tracking_code.encode()):
        raise field_error("tracking_code", _("The tracking code does not match this request."), "mismatch")
    with transaction.atomic():
        lock_ticket(ticket)
        if ticket.status != Status.RESOLVED:
            raise field_error("status", _("Only a resolved request can be confirmed."), "not_resolved")
        change = apply_status(
            ticket, Status.CLOSED, actor=None, reason=system_text(_("The requester confirmed the resolution."))
        )
        log_ticket_action("tickets.ticket.resolution_confirmed", ticket, actor=None)
    return change


def reopen_by_requester(ticket: Ticket, *, reason: str) -> StatusChange:
    """The requester says the request is not settled: a resolved request, or one closed in the last 30 days
    (not merged), goes back to in progress. The reason is required and is added as their message.

    Side effects: StatusChange → in progress; a public TicketMessage from the requester; activity
    ``tickets.ticket.reopened_by_requester``; ``notify_requester_message`` to owner and collaborators.
    """
    reason = required_text(reason, "reason", _("Tell us what is still not settled."))
    with transaction.atomic():
        lock_ticket(ticket)
        recently_closed = (
            ticket.status == Status.CLOSED
            and ticket.merged_into_id is None
            and ticket.closed_at is not None
            and ticket.closed_at >= timezone.now() - REQUESTER_REOPEN_WINDOW
        )
        if ticket.status != Status.RESOLVED and not recently_closed:
            raise field_error(
                "status",
                _("This request can no longer be reopened; please submit a new request."),
                "not_reopenable",
            )
        change = apply_status(ticket, Status.IN_PROGRESS, actor=None, reason=reason)
        # Reopening withdraws the survey invitations the resolution sent that are still unused.
        handle_request_status_change(ticket, from_status=change.from_status, to_status=change.to_status)
        message = TicketMessage.objects.create(
            ticket=ticket, from_public=True, visibility=Visibility.PUBLIC, body=reason
        )
        log_ticket_action("tickets.ticket.reopened_by_requester", ticket, actor=None)
        notifications.notify_requester_message(ticket, message)
    return change
