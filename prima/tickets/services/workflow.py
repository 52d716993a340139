"""Moving a request through its workflow and sorting it: status, complaint verification, priority, category,
tags, and merging duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.surveys.collection.services.invitations import handle_request_status_change
from prima.tickets import notifications
from prima.tickets.choices import Priority, RequestKind, Status, Visibility
from prima.tickets.models import Category, StatusChange, Tag, Ticket, TicketAttachment, TicketMessage
from prima.tickets.services._common import (
    apply_status,
    field_error,
    lock_ticket,
    log_ticket_action,
    system_text,
    touch,
)
from prima.tickets.workflow import can_transition, is_reopening


def check_transition(ticket: Ticket, to_status: str, reason: str) -> None:
    """Raise ValidationError unless ``ticket`` may move to ``to_status`` now (shared with the bulk actions)."""
    if to_status not in Status.values:
        raise field_error("to_status", _("Choose one of the listed statuses."), "invalid_choice")
    if ticket.merged_into_id is not None:
        raise field_error("to_status", _("This request was merged into another; work on that one."), "merged")
    if ticket.status == to_status:
        raise field_error(
            "to_status", _("The request is already “%(status)s”."), "unchanged", status=Status(to_status).label
        )
    if not can_transition(ticket.status, to_status):
        raise field_error(
            "to_status",
            _("A request cannot go from “%(from)s” to “%(to)s”."),
            "not_allowed",
            **{"from": Status(ticket.status).label, "to": Status(to_status).label},
        )
    if is_reopening(ticket.status, to_status) and not reason:
        raise field_error("reason", _("Say why the request is reopened."), "required")


def change_status(ticket: Ticket, *, to_status: str, reason: str = "", actor: User | None) -> StatusChange:
    """Move the request along the workflow (``prima.tickets.workflow.TRANSITIONS``).

    Resolving sets ``resolved_at``, closing sets ``closed_at``; reopening (from resolved or closed) clears both
    and needs a reason. Merged requests do not move.

    Side effects: StatusChange; activity ``tickets.ticket.status_changed``; ``notify_status_change``.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        lock_ticket(ticket)
        check_transition(ticket, to_status, reason)
        return record_status_change(ticket, to_status, reason=reason, actor=actor)


def record_status_change(ticket: Ticket, to_status: str, *, reason: str, actor: User | None) -> StatusChange:
    change = apply_status(ticket, to_status, actor=actor, reason=reason)
    log_ticket_action(
        "tickets.ticket.status_changed",
        ticket,
        actor=actor,
        obj=ticket,
        data={"from_status": change.from_status, "to_status": change.to_status},
    )
    notifications.notify_status_change(ticket, change)
    # Survey invitations: resolving invites the requester, reopening withdraws unused invitations.
    handle_request_status_change(ticket, from_status=change.from_status, to_status=change.to_status)
    return change


def verify_complaint(ticket: Ticket, *, actor: User) -> Ticket:
    """Record that a supervisor checked a complaint is complete and genuine (LAPOR!: within 3 working days).

    Side effects: ``verified_at``/``verified_by``; activity ``tickets.complaint.verified``.
    """
    with transaction.atomic():
        lock_ticket(ticket)
        if ticket.kind != RequestKind.COMPLAINT:
            raise field_error("kind", _("Only complaints are verified."), "not_complaint")
        if ticket.verified_at is not None:
            raise field_error("kind", _("This complaint was already verified."), "already_verified")
        ticket.verified_at = timezone.now()
        ticket.verified_by = actor
        touch(ticket, "verified_at", "verified_by")
        log_ticket_action("tickets.complaint.verified", ticket, actor=actor)
    return ticket


def set_priority(ticket: Ticket, *, priority: str, actor: User | None) -> Ticket:
    """Side effects: activity ``tickets.ticket.priority_changed``."""
    if priority not in Priority.values:
        raise field_error("priority", _("Choose one of the listed priorities."), "invalid_choice")
    with transaction.atomic():
        lock_ticket(ticket)
        if ticket.priority == priority:
            raise field_error("priority", _("That is already the priority."), "unchanged")
        previous = ticket.priority
        ticket.priority = priority
        touch(ticket, "priority")
        log_ticket_action(
            "tickets.ticket.priority_changed", ticket, actor=actor, data={"from": previous, "to": priority}
        )
    return ticket


def set_category(ticket: Ticket, *, category: Category | None, actor: User | None) -> Ticket:
    """File the request under one of its unit's active categories (None clears it).

    Side effects: activity ``tickets.ticket.category_changed``.
    """
    with transaction.atomic():
        lock_ticket(ticket)
        if category is not None and (category.unit_id != ticket.unit_id or not category.is_active):
            raise field_error("category", _("Choose an active category of this unit."), "invalid_choice")
        if (category.pk if category else None) == ticket.category_id:
            raise field_error("category", _("That is already the category."), "unchanged")
        ticket.category = category
        touch(ticket, "category")
        log_ticket_action(
            "tickets.ticket.category_changed", ticket, actor=actor, data={"category": category.name if category else ""}
        )
    return ticket


def set_tags(ticket: Ticket, *, tags: Iterable[Tag], actor: User | None) -> Ticket:
    """Replace the request's tags with ``tags`` (all of its organisation).

    Side effects: activity ``tickets.ticket.tags_changed`` listing added and removed tags, when any changed.
    """
    wanted = {tag.pk: tag for tag in tags}
    if any(tag.organisation_id != ticket.organisation_id for tag in wanted.values()):
        raise field_error("tags", _("A tag belongs to another organisation."), "other_organisation")
    with transaction.atomic():
        lock_ticket(ticket)
        current = {tag.pk: tag for tag in ticket.tags.all()}
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        if added or removed:
            ticket.tags.set(list(wanted.values()))
            touch(ticket)
            log_ticket_action(
                "tickets.ticket.tags_changed",
                ticket,
                actor=actor,
                data={
                    "added": ", ".join(sorted(tag.name for tag in added)),
                    "removed": ", ".join(sorted(tag.name for tag in removed)),
                },
            )
    return ticket


def _same_requester(one: Ticket, other: Ticket) -> bool:
    if one.customer_id is not None and one.customer_id == other.customer_id:
        return True
    return bool(one.requester_email) and one.requester_email == other.requester_email


def merge_tickets(duplicate: Ticket, *, into: Ticket, actor: User | None) -> Ticket:
    """Fold ``duplicate`` into ``into``: its messages and attachments move over, it is closed and points to
    ``into``. ``into`` gets an internal note quoting the duplicate's subject and description.

    Messages move as they are when both requests come from the same requester (same customer or e-mail);
    otherwise they move as internal notes, so one requester never reads another's conversation on the public
    tracking page.

    Side effects: activity ``tickets.ticket.merged`` (duplicate) and ``tickets.ticket.duplicate_merged``
    (into); a StatusChange → closed and ``notify_status_change`` when the duplicate was not closed yet.
    """
    if duplicate.pk == into.pk:
        raise field_error("into", _("A request cannot be merged into itself."), "same")
    if duplicate.organisation_id != into.organisation_id:
        raise field_error("into", _("Requests of different organisations cannot be merged."), "other_organisation")
    with transaction.atomic():
        lock_ticket(duplicate)
        lock_ticket(into)
        if duplicate.merged_into_id is not None:
            raise field_error("into", _("This request was already merged."), "already_merged")
        if into.merged_into_id is not None:
            raise field_error(
                "into",
                _("%(code)s was itself merged; merge into the request it was merged into."),
                "target_merged",
                code=into.tracking_code,
            )
        if into.status == Status.CLOSED:
            raise field_error("into", _("A request cannot be merged into a closed one."), "target_closed")
        messages = TicketMessage.objects.filter(ticket=duplicate)
        if _same_requester(duplicate, into):
            messages.update(ticket=into)
        else:
            messages.update(ticket=into, visibility=Visibility.INTERNAL)
        TicketAttachment.objects.filter(ticket=duplicate).update(ticket=into)
        TicketMessage.objects.create(
            ticket=into,
            author=actor,
            visibility=Visibility.INTERNAL,
            body=f"{duplicate.tracking_code} · {duplicate.subject}\n\n{duplicate.description}",
        )
        duplicate.merged_into = into
        touch(duplicate, "merged_into")
        if duplicate.status != Status.CLOSED:
            reason = system_text(_("Merged into %(code)s."), code=into.tracking_code)
            change = apply_status(duplicate, Status.CLOSED, actor=actor, reason=reason)
            notifications.notify_status_change(duplicate, change)
        touch(into)
        log_ticket_action("tickets.ticket.merged", duplicate, actor=actor, data={"into": into.tracking_code})
        log_ticket_action(
            "tickets.ticket.duplicate_merged", into, actor=actor, data={"duplicate": duplicate.tracking_code}
        )
    return into
