"""Reads the staff pages need beside ``prima.tickets.queries``: who may be chosen in a form (owners,
collaborators, units), a unit's sorting tools, the pieces of one request's page, and a request found by its
tracking code. Everything a person picks from is scoped here, so a form never offers (or accepts) another
unit's staff or another organisation's rows."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from prima.accounts.models import ServiceUnit, User
from prima.tickets.access import SERVING_ROLES, serving_unit_ids
from prima.tickets.models import (
    CannedReply,
    Category,
    Order,
    OrderChange,
    OwnershipChange,
    StatusChange,
    Tag,
    Ticket,
    TicketAttachment,
    TicketMessage,
)
from prima.tickets.queries import tickets_visible_to
from prima.tickets.tracking import normalize_tracking_code


def serving_units(user: User | AnonymousUser) -> QuerySet[ServiceUnit]:
    """Active units whose requests the user works on: where they may log a request."""
    return ServiceUnit.objects.filter(pk__in=serving_unit_ids(user), is_active=True).order_by("path", "pk")


def staff_of_units(unit_ids: Iterable[int]) -> QuerySet[User]:
    """Active people serving in one of these units themselves (who ``assign_ticket`` accepts as owner)."""
    return (
        User.objects.filter(
            is_active=True, memberships__unit_id__in=list(unit_ids), memberships__role__in=SERVING_ROLES
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def organisation_staff(organisation_id: int) -> QuerySet[User]:
    """Active people serving in any unit of the organisation (who ``add_collaborators`` accepts)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit__organisation_id=organisation_id,
            memberships__role__in=SERVING_ROLES,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def transfer_targets(ticket: Ticket) -> QuerySet[ServiceUnit]:
    """The organisation's other active units ("no wrong door": any unit may receive a request)."""
    return (
        ServiceUnit.objects.filter(organisation_id=ticket.organisation_id, is_active=True)
        .exclude(pk=ticket.unit_id)
        .order_by("path", "pk")
    )


def active_categories(unit_ids: Iterable[int]) -> QuerySet[Category]:
    return Category.objects.filter(unit_id__in=list(unit_ids), is_active=True).select_related("unit")


def organisation_tags(organisation_id: int) -> QuerySet[Tag]:
    return Tag.objects.filter(organisation_id=organisation_id)


def canned_replies_of(unit: ServiceUnit) -> QuerySet[CannedReply]:
    return CannedReply.objects.filter(unit=unit)


def visible_ticket_by_code(user: User | AnonymousUser, code: str) -> Ticket | None:
    """The request with this tracking code among those the user may see, or None (also for malformed codes)."""
    normalized = normalize_tracking_code(code or "")
    if normalized is None:
        return None
    return tickets_visible_to(user).filter(tracking_code=normalized).first()


def conversation(ticket: Ticket) -> QuerySet[TicketMessage]:
    """The request's messages, oldest first, with authors and files: a fixed number of queries."""
    return ticket.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "pk")


def loose_attachments(ticket: Ticket) -> QuerySet[TicketAttachment]:
    """Files sent with the request itself rather than with a message."""
    return ticket.attachments.filter(message__isnull=True)


def status_history(ticket: Ticket) -> QuerySet[StatusChange]:
    return ticket.status_changes.select_related("actor").order_by("created_at", "pk")


def ownership_history(ticket: Ticket) -> QuerySet[OwnershipChange]:
    return ticket.ownership_changes.select_related("from_owner", "to_owner", "from_unit", "to_unit", "actor").order_by(
        "created_at", "pk"
    )


def order_of(ticket: Ticket) -> Order | None:
    """The request's order with its lines and change log, or None."""
    changes = Prefetch("changes", queryset=OrderChange.objects.select_related("actor").order_by("created_at", "pk"))
    return Order.objects.filter(ticket=ticket).prefetch_related("lines", changes).first()
