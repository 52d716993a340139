"""Reading the activity log: the customer timeline and the staff audit trail, scoped to the reader."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from prima.accounts.models import Role, User
from prima.accounts.queries import has_role, visible_unit_ids
from prima.activity.models import ActivityLog
from prima.customers.models import Customer


def timeline_for(customer: Customer) -> QuerySet[ActivityLog]:
    """Every touchpoint with one customer, newest first. The caller has already checked access to it."""
    return ActivityLog.objects.filter(customer=customer).select_related("actor", "unit").order_by("-created_at", "-id")


def audit_trail_visible_to(user: User | AnonymousUser) -> QuerySet[ActivityLog]:
    """Changes the user may audit: those in units they see; organisation-wide entries for admins only."""
    if not user.is_authenticated:
        return ActivityLog.objects.none()
    entries = ActivityLog.objects.select_related("actor", "unit", "customer").order_by("-created_at", "-id")
    if user.is_superuser:
        return entries
    condition = Q(unit_id__in=visible_unit_ids(user))
    if has_role(user, {Role.ADMIN}):
        condition |= Q(unit__isnull=True)
    return entries.filter(condition)


def filter_audit_trail(
    entries: QuerySet[ActivityLog],
    *,
    actor: User | None = None,
    unit_id: int | None = None,
    action_prefix: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ActivityLog]:
    """Narrow an already scoped audit trail. Dates are whole days in the organisation's time zone."""
    if actor is not None:
        entries = entries.filter(actor=actor)
    if unit_id is not None:
        entries = entries.filter(unit_id=unit_id)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix.strip())
    zone = timezone.get_current_timezone()
    if date_from is not None:
        entries = entries.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        entries = entries.filter(created_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return entries
