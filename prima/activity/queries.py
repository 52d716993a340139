"""Reading the activity log: the customer timeline and the staff audit trail, scoped to the reader."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, Role, User
from prima.accounts.queries import has_role, memberships_of, visible_unit_ids
from prima.activity.models import ActivityLog
from prima.customers.models import Customer


def timeline_for(customer: Customer) -> QuerySet[ActivityLog]:
    """Every touchpoint with one customer, newest first. The caller has already checked access to it."""
    return ActivityLog.objects.filter(customer=customer).select_related("actor", "unit").order_by("-created_at", "-id")


def audit_trail_visible_to(user: User | AnonymousUser) -> QuerySet[ActivityLog]:
    """Changes the user may audit: those in units they see; their organisation's unit-less entries for admins."""
    if not user.is_authenticated:
        return ActivityLog.objects.none()
    entries = ActivityLog.objects.select_related("actor", "unit", "customer").order_by("-created_at", "-id")
    if user.is_superuser:
        return entries
    unit_ids = visible_unit_ids(user)
    condition = Q(unit_id__in=unit_ids)
    if has_role(user, {Role.ADMIN}):
        # Organisation-wide entries have no unit. Admins see those of their own organisations only: done by
        # staff of the units they see, or about the organisation itself. Never another organisation's.
        organisation_ids = {m.unit.organisation_id for m in memberships_of(user) if m.role == Role.ADMIN}
        by_own_staff = Exists(Membership.objects.filter(user_id=OuterRef("actor_id"), unit_id__in=unit_ids))
        about_own_organisation = Q(
            content_type=ContentType.objects.get_for_model(Organisation),
            object_id__in=[str(pk) for pk in organisation_ids],
        )
        condition |= Q(unit__isnull=True) & (by_own_staff | about_own_organisation)
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
    if date_from is not None and (start := _start_of_day(date_from)) is not None:
        entries = entries.filter(created_at__gte=start)
    if date_to is not None and (end := _start_of_day(date_to, days_later=1)) is not None:
        entries = entries.filter(created_at__lt=end)
    return entries


def _start_of_day(day: date, *, days_later: int = 0) -> datetime | None:
    """Midnight in the current time zone, ``days_later`` days after ``day``; None when that moment is beyond
    what a datetime can hold (1 January of year 1, 31 December 9999), which means "no limit" to a filter."""
    try:
        moment = datetime.combine(day + timedelta(days=days_later), time.min, tzinfo=timezone.get_current_timezone())
        moment.astimezone(UTC)  # the database compares in UTC
    except OverflowError:
        return None
    return moment
