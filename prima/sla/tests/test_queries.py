"""Which calendar and which policy apply, and building the pure specs from the database."""

import datetime as dt

import pytest
from django.utils import translation

from prima.factories import ServiceUnitFactory
from prima.sla.calendar import CUTI_BERSAMA, DEFAULT_WEEKLY_HOURS, NATIONAL_HOLIDAYS
from prima.sla.choices import ClockKind, ClockState, ExceptionKind, TimeUnit, Weekday
from prima.sla.models import CalendarException, SlaPolicy, SlaTarget, WorkingInterval
from prima.sla.queries import (
    ancestor_ids,
    build_calendar_spec,
    calendar_for_unit,
    calendar_spec_for_unit,
    calendar_specs_for_units,
    clocks_for_ticket,
    policy_for_ticket,
    policy_spec,
    select_policy,
    units_governed_by_policy,
    units_using_calendar,
)

from .conftest import OFFICE_WEEK, at, make_ticket, office_calendar

pytestmark = pytest.mark.django_db

START = at(2026, 1, 1)


def test_ancestor_ids(cast):
    assert ancestor_ids(cast.unit_a) == [cast.head_office.pk, cast.unit_a.pk]


def test_unit_without_any_calendar_gets_the_default(cast):
    spec = calendar_spec_for_unit(cast.unit_b)

    assert (calendar_for_unit(cast.unit_b), spec.weekly, spec.time_zone) == (
        None,
        DEFAULT_WEEKLY_HOURS,
        "Asia/Makassar",
    )


def test_calendar_lookup_own_then_ancestor_then_organisation_default(cast):
    default = office_calendar(None, organisation_id=cast.organisation.pk, name="Default")
    head = office_calendar(cast.head_office, name="Pusat")
    own = office_calendar(cast.unit_a, name="Usaha")

    assert [calendar_for_unit(unit) for unit in (cast.unit_a, cast.unit_b, cast.head_office)] == [own, head, head]
    head.delete()
    assert calendar_for_unit(cast.unit_b) == default


def test_calendar_of_another_organisation_is_never_used(cast):
    stranger = ServiceUnitFactory()
    office_calendar(None, organisation_id=stranger.organisation_id)

    assert calendar_for_unit(cast.unit_a) is None


def test_build_calendar_spec_reads_hours_exceptions_and_holiday_flags(cast):
    calendar = office_calendar(cast.unit_a)
    calendar.observe_cuti_bersama = False
    calendar.save()
    CalendarException.objects.create(calendar=calendar, date=dt.date(2026, 3, 23), name="Cuti bersama Idul Fitri")
    for start, end in ((dt.time(8), dt.time(10)), (dt.time(11), dt.time(12))):
        CalendarException.objects.create(
            calendar=calendar, date=dt.date(2026, 8, 17), kind=ExceptionKind.OPEN, start_time=start, end_time=end
        )

    spec = calendar_spec_for_unit(cast.unit_a)

    assert (spec.weekly, spec.closed_dates, dict(spec.special_hours), spec.holiday_categories, spec.time_zone) == (
        OFFICE_WEEK,
        frozenset({dt.date(2026, 3, 23)}),
        {dt.date(2026, 8, 17): ((dt.time(8), dt.time(10)), (dt.time(11), dt.time(12)))},
        (NATIONAL_HOLIDAYS,),
        "Asia/Jakarta",
    )


def test_build_calendar_spec_holiday_flags(cast):
    calendar = office_calendar(cast.unit_a)

    both = build_calendar_spec(calendar, "Asia/Jakarta").holiday_categories
    calendar.observe_national_holidays = calendar.observe_cuti_bersama = False

    assert (both, build_calendar_spec(calendar, "Asia/Jakarta").holiday_categories) == (
        (NATIONAL_HOLIDAYS, CUTI_BERSAMA),
        (),
    )


def test_one_organisation_calendar_serves_wib_and_wita_units(cast):
    office_calendar(None, organisation_id=cast.organisation.pk)

    specs = calendar_specs_for_units([cast.unit_a, cast.unit_b, cast.head_office])

    assert [specs[unit.pk].time_zone for unit in (cast.unit_a, cast.unit_b, cast.head_office)] == [
        "Asia/Jakarta",
        "Asia/Makassar",
        "Asia/Jakarta",
    ]
    assert specs[cast.unit_a.pk] is specs[cast.head_office.pk]  # same calendar, same zone: one spec


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_specs_for_units_query_count(cast, django_assert_num_queries, count):
    office_calendar(None, organisation_id=cast.organisation.pk)
    units = [cast.unit_a, cast.unit_b, cast.head_office][:count]

    with django_assert_num_queries(3):
        calendar_specs_for_units(units)


def test_units_using_calendar(cast):
    head = office_calendar(cast.head_office)
    office_calendar(cast.unit_a)

    assert units_using_calendar(head) == [cast.head_office, cast.unit_b]


def policy(cast, *, unit=None, kind="", priority="", version=1, start=START, end=None, hours=4):
    created = SlaPolicy.objects.create(
        organisation=cast.organisation,
        unit=unit,
        name=f"{kind or 'any'}/{priority or 'any'}/{unit or 'org'}/v{version}",
        kind=kind,
        priority=priority,
        version=version,
        effective_from=start,
        effective_to=end,
    )
    SlaTarget.objects.create(policy=created, clock=ClockKind.FIRST_RESPONSE, amount=hours, time_unit=TimeUnit.HOURS)
    return created


def test_select_policy_prefers_kind_then_priority_then_the_nearest_unit(cast):
    org_any = policy(cast)
    org_complaint = policy(cast, kind="complaint")
    head_complaint = policy(cast, unit=cast.head_office, kind="complaint")
    unit_any = policy(cast, unit=cast.unit_a)
    org_complaint_urgent = policy(cast, kind="complaint", priority="urgent")
    policies = [org_any, org_complaint, head_complaint, unit_any, org_complaint_urgent]

    def pick(unit, kind, priority):
        return select_policy(policies, unit=unit, kind=kind, priority=priority, at=at(2026, 8, 10))

    assert [
        pick(cast.unit_a, "information", "normal"),
        pick(cast.unit_b, "information", "normal"),
        pick(cast.unit_a, "complaint", "normal"),
        pick(cast.unit_a, "complaint", "urgent"),
    ] == [unit_any, org_any, head_complaint, org_complaint_urgent]


def test_select_policy_uses_the_version_effective_when_the_request_came_in(cast):
    first = policy(cast, version=1, end=at(2026, 6, 1))
    second = policy(cast, version=2, start=at(2026, 6, 1))

    picks = [
        select_policy([first, second], unit=cast.unit_a, kind="information", priority="normal", at=moment)
        for moment in (at(2025, 12, 31), at(2026, 5, 31, 23, 59), at(2026, 6, 1), at(2027, 1, 1))
    ]

    assert picks == [None, first, second, second]


def test_select_policy_ignores_other_organisations(cast):
    stranger = ServiceUnitFactory()
    other = policy(cast)

    assert select_policy([other], unit=stranger, kind="information", priority="normal", at=at(2026, 8, 10)) is None


def test_policy_for_ticket_and_policy_spec(cast):
    governing = policy(cast, unit=cast.unit_a, hours=6)
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))

    spec = policy_spec(policy_for_ticket(ticket))

    assert (spec.policy_id, [(t.clock, t.amount, t.time_unit, t.mode, t.starts) for t in spec.targets]) == (
        governing.pk,
        [("first_response", 6, "hours", "working", "received")],
    )


def test_units_governed_by_policy(cast):
    head = policy(cast, unit=cast.head_office)
    own = policy(cast, unit=cast.unit_a)

    assert (units_governed_by_policy(head), units_governed_by_policy(own)) == (
        [cast.head_office, cast.unit_a, cast.unit_b],
        [cast.unit_a],
    )


def test_clocks_for_ticket(cast):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))
    none_yet = clocks_for_ticket(ticket, now=at(2026, 8, 10, 9))
    policy(cast)

    clock = clocks_for_ticket(ticket, now=at(2026, 8, 10, 9)).get(ClockKind.FIRST_RESPONSE)

    assert (none_yet, clock.state, clock.due_at) == (None, ClockState.RUNNING, at(2026, 8, 10, 12))


def test_working_interval_str():
    interval = WorkingInterval(weekday=Weekday.FRIDAY, start_time=dt.time(13, 30), end_time=dt.time(16, 30))

    with translation.override("en"):
        assert str(interval) == "Friday 13:30-16:30"
