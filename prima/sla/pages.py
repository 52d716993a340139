"""What the staff SLA pages show: the units a person runs with the calendar and policies that time their
requests, a calendar's next two weeks and its year of holidays. Reads only, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from prima.accounts.models import ServiceUnit, User
from prima.accounts.queries import units_visible_to
from prima.sla.calendar import CUTI_BERSAMA, NATIONAL_HOLIDAYS, CalendarSpec, indonesian_holidays
from prima.sla.choices import ExceptionKind
from prima.sla.models import BusinessCalendar, CalendarException, SlaPolicy
from prima.sla.queries import _calendars_queryset_for, _pick_calendar, build_calendar_spec
from prima.sla.rules import may_manage_unit_sla

PREVIEW_DAYS = 14


@dataclass(frozen=True)
class UnitSla:
    """One unit on the landing page: the calendar timing its requests and the policies in force there."""

    unit: ServiceUnit
    calendar: BusinessCalendar | None  # None: the built-in office week
    calendar_is_own: bool
    policies: list[SlaPolicy]


def units_run_by(user: User) -> list[ServiceUnit]:
    """The units whose SLA settings ``user`` may change, by organisation and tree order. One query (plus the
    memberships, cached per request)."""
    units = units_visible_to(user).select_related("organisation").order_by("organisation__name", "path")
    return [unit for unit in units if may_manage_unit_sla(user, unit)]


def sla_overview(units: list[ServiceUnit], *, now: dt.datetime) -> list[UnitSla]:
    """Each unit with its calendar and the policies effective now that can govern its requests (its own and
    those of the units above it and of its organisation). Three queries whatever the number of units."""
    organisation_ids = {unit.organisation_id for unit in units}
    calendars = list(_calendars_queryset_for(organisation_ids))
    policies = list(
        SlaPolicy.objects.filter(organisation_id__in=organisation_ids, effective_from__lte=now)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=now))
        .select_related("unit")
        .prefetch_related("targets")
        .order_by("kind", "priority", "unit__path", "-version")
    )
    overview = []
    for unit in units:
        calendar = _pick_calendar(unit, calendars)
        chain = {int(part) for part in unit.path.strip("/").split("/") if part} | {unit.pk}
        governing = [
            policy
            for policy in policies
            if policy.organisation_id == unit.organisation_id and (policy.unit_id is None or policy.unit_id in chain)
        ]
        is_own = calendar is not None and calendar.unit_id == unit.pk
        overview.append(UnitSla(unit=unit, calendar=calendar, calendar_is_own=is_own, policies=governing))
    return overview


@dataclass(frozen=True)
class PreviewDay:
    day: dt.date
    hours: list[str]  # "08:00-12:00", … in the unit's local time; empty: closed
    reason: str  # the holiday or closure that closes it, or ""


def preview(spec: CalendarSpec, closures: dict[dt.date, str], *, start: dt.date) -> list[PreviewDay]:
    """The working hours of the PREVIEW_DAYS days from ``start``, with why a closed weekday is closed. Pure."""
    days = []
    for offset in range(PREVIEW_DAYS):
        day = start + dt.timedelta(days=offset)
        hours = [_span_text(begin, end) for begin, end in spec.spans_on(day)]
        reason = ""
        if not hours:
            reason = closures.get(day) or spec.holiday_name(day) or ""
        days.append(PreviewDay(day=day, hours=hours, reason=reason))
    return days


def _span_text(begin: dt.timedelta, end: dt.timedelta) -> str:
    def clock(offset: dt.timedelta) -> str:
        minutes = int(offset.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    return f"{clock(begin)}-{clock(end)}"


@dataclass(frozen=True)
class YearDay:
    day: dt.date
    name: str
    source: str  # "national", "cuti_bersama" or "unit"
    observed: bool


def year_of_holidays(calendar: BusinessCalendar | None, closures: list[CalendarException], year: int) -> list[YearDay]:
    """The national holidays and cuti bersama of ``year`` (from the ``holidays`` package, whether the calendar
    observes them or not) and the unit's own closures, by date. No queries."""
    national = indonesian_holidays(year, (NATIONAL_HOLIDAYS,))
    collective = indonesian_holidays(year, (CUTI_BERSAMA,))
    observes_national = calendar.observe_national_holidays if calendar is not None else True
    observes_collective = calendar.observe_cuti_bersama if calendar is not None else True
    days = [YearDay(day, name, "national", observes_national) for day, name in national.items()]
    days += [YearDay(day, name, "cuti_bersama", observes_collective) for day, name in collective.items()]
    days += [
        YearDay(closure.date, closure.name, "unit", True)
        for closure in closures
        if closure.date.year == year and closure.kind == ExceptionKind.CLOSED
    ]
    return sorted(days, key=lambda item: (item.day, item.source))


def calendar_page(unit: ServiceUnit) -> tuple[BusinessCalendar | None, bool, CalendarSpec]:
    """The calendar timing ``unit`` (its own, inherited, or None for the built-in week), whether it is the
    unit's own, and its spec in the unit's time zone. Three queries."""
    calendar = _pick_calendar(unit, list(_calendars_queryset_for([unit.organisation_id])))
    return calendar, calendar is not None and calendar.unit_id == unit.pk, build_calendar_spec(calendar, unit.time_zone)
