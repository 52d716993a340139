"""Template helpers for the staff request pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats, timezone

from prima.tickets.confidentiality import requester_display
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES

register = template.Library()


@register.simple_tag(takes_context=True)
def requester(context: template.Context, ticket: Ticket) -> str:
    """Who sent the request, as the reader may see it (a placeholder for hidden or anonymous requesters)."""
    return requester_display(context["request"].user, ticket)


@register.filter
def is_overdue(ticket: Ticket) -> bool:
    """Past its due time while someone still has to act on it."""
    return ticket.due_at is not None and ticket.status in ACTIVE_STATUSES and ticket.due_at < timezone.now()


@register.filter
def quantity(value: Decimal | None) -> str:
    """10.000 → "10", 2.500 → "2,5" in Indonesian: a quantity without trailing zeros, in the reader's format."""
    if value is None:
        return "—"
    plain = Decimal(format(value.normalize(), "f"))
    return formats.number_format(plain, use_l10n=True, force_grouping=True)
