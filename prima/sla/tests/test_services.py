"""Policies, versions, the statutory templates, and keeping Ticket.due_at in step with the clocks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.factories import ServiceUnitFactory
from prima.sla.choices import ClockKind, ClockMode, StartEvent, TimeUnit, Weekday
from prima.sla.clocks import TargetSpec
from prima.sla.models import SlaPolicy, WorkingInterval
from prima.sla.services import (
    adopt_template,
    create_policy,
    refresh_due_dates_for_calendar,
    refresh_due_dates_for_policy,
    refresh_open_ticket_due_dates,
    refresh_ticket_due_date,
    revise_policy,
)
from prima.sla.statutory import (
    STATUTORY_CALENDAR_DAYS,
    STATUTORY_WORKING_DAYS,
    statutory_complaint_templates,
    template_by_code,
)
from prima.tickets.dates import end_of_day
from prima.tickets.models import LetterDetails, Ticket

from .conftest import WITA, add_message, at, make_ticket, office_calendar

pytestmark = pytest.mark.django_db

START = at(2026, 1, 1)
RESOLUTION_8H = TargetSpec(ClockKind.RESOLUTION, 8, TimeUnit.HOURS)
FIRST_RESPONSE_4H = TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def targets_of(policy: SlaPolicy) -> list[tuple[str, int, str, str, str]]:
    return [(t.clock, t.amount, t.time_unit, t.mode, t.starts) for t in policy.targets.order_by("clock")]


def test_statutory_complaint_templates_hold_the_four_limits():
    calendar_days, working_days = statutory_complaint_templates()

    assert (calendar_days.code, calendar_days.kind, calendar_days.targets) == (
        STATUTORY_CALENDAR_DAYS,
        "complaint",
        (
            TargetSpec(ClockKind.VERIFICATION, 3, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.RECEIVED),
            TargetSpec(ClockKind.FOLLOW_UP, 5, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.VERIFIED),
            TargetSpec(ClockKind.FIRST_RESPONSE, 14, TimeUnit.DAYS, ClockMode.CALENDAR, StartEvent.RECEIVED),
            TargetSpec(ClockKind.RESOLUTION, 60, TimeUnit.DAYS, ClockMode.CALENDAR, StartEvent.VERIFIED),
        ),
    )
    assert (working_days.code, [target.mode for target in working_days.targets]) == (
        STATUTORY_WORKING_DAYS,
        ["working"] * 4,
    )
    assert template_by_code(STATUTORY_WORKING_DAYS) == working_days


def test_create_policy(cast):
    policy = create_policy(
        cast.organisation, unit=cast.unit_a, name=" Layanan izin ", targets=[FIRST_RESPONSE_4H], actor=cast.leader
    )

    assert (policy.name, policy.version, policy.unit, policy.created_by, targets_of(policy)) == (
        "Layanan izin",
        1,
        cast.unit_a,
        cast.leader,
        [("first_response", 4, "hours", "working", "received")],
    )
    assert list(ActivityLog.objects.filter(object_id=str(policy.pk)).values_list("action", "data")) == [
        ("sla.policy.created", {"name": "Layanan izin", "version": 1})
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"name": " "}, {"name": ["required"]}),
        ({"targets": []}, {"targets": ["required"]}),
        ({"targets": [FIRST_RESPONSE_4H, FIRST_RESPONSE_4H]}, {"targets": ["duplicate"]}),
        (
            {"targets": [TargetSpec(ClockKind.VERIFICATION, 3, TimeUnit.DAYS, starts=StartEvent.VERIFIED)]},
            {"targets": ["invalid"]},
        ),
        (
            {"escalate_to_supervisor_after": dt.timedelta(hours=8), "escalate_to_leader_after": dt.timedelta(hours=1)},
            {"escalate_to_leader_after": ["before_supervisor"]},
        ),
    ],
)
def test_create_policy_refuses_bad_input(cast, overrides, expected):
    arguments = {"name": "Layanan", "targets": [FIRST_RESPONSE_4H], "actor": cast.leader, **overrides}

    with pytest.raises(ValidationError) as caught:
        create_policy(cast.organisation, **arguments)

    assert codes(caught.value) == expected


def test_create_policy_refuses_a_unit_of_another_organisation(cast):
    with pytest.raises(ValidationError) as caught:
        create_policy(cast.organisation, unit=ServiceUnitFactory(), name="X", targets=[FIRST_RESPONSE_4H], actor=None)

    assert codes(caught.value) == {"unit": ["other_organisation"]}


def test_create_policy_refuses_a_second_policy_in_effect_for_the_same_requests(cast):
    create_policy(cast.organisation, name="A", kind="complaint", targets=[FIRST_RESPONSE_4H], actor=None)

    with pytest.raises(ValidationError) as caught:
        create_policy(cast.organisation, name="B", kind="complaint", targets=[FIRST_RESPONSE_4H], actor=None)

    assert codes(caught.value) == {"effective_from": ["overlap"]}


def test_revise_policy_creates_a_new_version_and_ends_the_old_one(cast):
    first = create_policy(
        cast.organisation, name="Umum", targets=[FIRST_RESPONSE_4H], effective_from=START, actor=cast.leader
    )

    second = revise_policy(first, targets=[RESOLUTION_8H], effective_from=at(2026, 6, 1), actor=cast.supervisor)

    first.refresh_from_db()
    assert (first.effective_to, second.previous_version, second.version, second.name, second.effective_to) == (
        at(2026, 6, 1),
        first,
        2,
        "Umum",
        None,
    )
    assert (targets_of(first), targets_of(second)) == (
        [("first_response", 4, "hours", "working", "received")],
        [("resolution", 8, "hours", "working", "received")],
    )


def test_revise_policy_copies_targets_when_not_given(cast):
    first = create_policy(cast.organisation, name="Umum", targets=[FIRST_RESPONSE_4H], effective_from=START, actor=None)

    second = revise_policy(first, warning_before=dt.timedelta(0), effective_from=at(2026, 6, 1), actor=None)

    assert (targets_of(second), second.warning_before) == (targets_of(first), dt.timedelta(0))


def test_revise_policy_refuses_a_superseded_version_or_an_earlier_start(cast):
    first = create_policy(cast.organisation, name="Umum", targets=[FIRST_RESPONSE_4H], effective_from=START, actor=None)
    revise_policy(first, effective_from=at(2026, 6, 1), actor=None)

    with pytest.raises(ValidationError) as superseded:
        revise_policy(first, effective_from=at(2026, 7, 1), actor=None)
    latest = SlaPolicy.objects.get(version=2)
    with pytest.raises(ValidationError) as earlier:
        revise_policy(latest, effective_from=at(2026, 5, 1), actor=None)

    assert (codes(superseded.value), codes(earlier.value)) == (
        {"policy": ["superseded"]},
        {"effective_from": ["before_previous"]},
    )


def test_old_requests_keep_the_version_they_were_received_under(cast):
    first = create_policy(cast.organisation, name="Umum", targets=[FIRST_RESPONSE_4H], effective_from=START, actor=None)
    old = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))
    revise_policy(
        first,
        targets=[TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.HOURS)],
        effective_from=at(2026, 8, 10, 9),
        actor=None,
    )
    new = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 10))

    refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 10, 10))

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.due_at, new.due_at) == (at(2026, 8, 10, 12), at(2026, 8, 10, 11))


def test_adopt_template_creates_a_complaint_policy_for_the_unit(cast):
    template = template_by_code(STATUTORY_CALENDAR_DAYS)

    policy = adopt_template(cast.unit_a, template, actor=cast.leader, effective_from=START)

    assert (policy.unit, policy.kind, policy.priority, policy.version, policy.source) == (
        cast.unit_a,
        "complaint",
        "",
        1,
        STATUTORY_CALENDAR_DAYS,
    )
    assert targets_of(policy) == [
        ("first_response", 14, "days", "calendar", "received"),
        ("follow_up", 5, "days", "working", "verified"),
        ("resolution", 60, "days", "calendar", "verified"),
        ("verification", 3, "days", "working", "received"),
    ]
    assert list(
        ActivityLog.objects.filter(object_id=str(policy.pk)).order_by("id").values_list("action", flat=True)
    ) == [
        "sla.policy.created",
        "sla.template.adopted",
    ]


def test_adopting_again_makes_a_new_version(cast):
    first = adopt_template(cast.unit_a, template_by_code(STATUTORY_CALENDAR_DAYS), actor=None, effective_from=START)

    second = adopt_template(
        cast.unit_a, template_by_code(STATUTORY_WORKING_DAYS), actor=None, effective_from=at(2026, 9, 1)
    )

    assert (second.version, second.previous_version, second.source) == (2, first, STATUTORY_WORKING_DAYS)


@pytest.fixture
def governed(cast):
    """unit_a on the office calendar, an organisation-wide 8-working-hour resolution target."""
    calendar = office_calendar(cast.unit_a)
    create_policy(cast.organisation, name="Umum", targets=[RESOLUTION_8H], effective_from=START, actor=None)
    return calendar


def test_refresh_sets_due_at_of_open_requests(cast, governed):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 13, 14))  # Thursday 14:00

    changed = refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 13, 15))

    ticket.refresh_from_db()
    # Thursday 2 h, Friday 08:00-11:30 and 13:30-16:00.
    assert (changed, ticket.due_at) == (1, at(2026, 8, 14, 16))


def test_calendar_edit_re_evaluates_open_requests_only(cast, governed):
    open_ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 13, 14))
    resolved = make_ticket(cast.unit_a, created_at=at(2026, 8, 13, 14), history=[("resolved", at(2026, 8, 13, 15))])
    other_unit = make_ticket(cast.unit_b, created_at=at(2026, 8, 13, 14))
    refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 13, 15))
    refresh_open_ticket_due_dates(cast.unit_b, now=at(2026, 8, 13, 15))
    Ticket.objects.filter(pk=resolved.pk).update(due_at=at(2026, 8, 14, 16))
    before = Ticket.objects.get(pk=other_unit.pk).due_at

    WorkingInterval.objects.filter(calendar=governed, weekday=Weekday.FRIDAY).delete()
    for start, end in ((dt.time(8), dt.time(11)), (dt.time(14), dt.time(16))):
        WorkingInterval.objects.create(calendar=governed, weekday=Weekday.FRIDAY, start_time=start, end_time=end)
    changed = refresh_due_dates_for_calendar(governed, now=at(2026, 8, 13, 15))

    due = {ticket.pk: ticket.due_at for ticket in Ticket.objects.all()}
    # Thursday 2 h + the shorter Friday 5 h = 7 h; Monday 17 August is Independence Day: Tuesday 09:00.
    assert (changed, due[open_ticket.pk], due[resolved.pk], due[other_unit.pk], before) == (
        1,
        at(2026, 8, 18, 9),
        at(2026, 8, 14, 16),
        before,
        at(2026, 8, 18, 8, 30, zone=WITA),  # unit_b: default calendar, received 15:00 WITA, over 17 August
    )


def test_policy_edit_in_place_re_evaluates_open_requests(cast, governed):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 13, 14))
    refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 13, 15))
    policy = SlaPolicy.objects.get()
    policy.targets.update(amount=2)

    changed = refresh_due_dates_for_policy(policy, now=at(2026, 8, 13, 15))

    ticket.refresh_from_db()
    assert (changed, ticket.due_at) == (1, at(2026, 8, 13, 16))


def test_refresh_keeps_an_earlier_letter_deadline(cast, governed):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8), kind="letter")
    LetterDetails.objects.create(ticket=ticket, letter_number="001/2026", due_date=dt.date(2026, 8, 10))

    refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 10, 9))

    ticket.refresh_from_db()
    assert ticket.due_at == end_of_day(dt.date(2026, 8, 10), cast.unit_a)


def test_refresh_clears_due_at_without_a_policy_or_deadline(cast):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))
    Ticket.objects.filter(pk=ticket.pk).update(due_at=at(2026, 8, 10, 12))

    changed = refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 10, 9))

    ticket.refresh_from_db()
    assert (changed, ticket.due_at) == (1, None)


def test_refresh_ticket_due_date_moves_on_when_the_first_response_is_met(cast, governed):
    SlaPolicy.objects.get().targets.create(clock=ClockKind.FIRST_RESPONSE, amount=2, time_unit=TimeUnit.HOURS)
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))
    first = refresh_ticket_due_date(ticket, now=at(2026, 8, 10, 8, 30))
    add_message(ticket, created_at=at(2026, 8, 10, 9), author=cast.agent_a, visibility="internal")
    after_note = refresh_ticket_due_date(ticket, now=at(2026, 8, 10, 9, 1))
    add_message(ticket, created_at=at(2026, 8, 10, 9, 30), author=cast.agent_a)

    after_reply = refresh_ticket_due_date(ticket, now=at(2026, 8, 10, 9, 31))

    assert (first, after_note, after_reply, Ticket.objects.get(pk=ticket.pk).due_at) == (
        at(2026, 8, 10, 10),
        at(2026, 8, 10, 10),
        at(2026, 8, 11, 9),
        at(2026, 8, 11, 9),
    )


@pytest.mark.parametrize("count", [1, 3])
def test_refresh_query_count_does_not_grow_with_requests(cast, governed, django_assert_num_queries, count):
    for _ in range(count):
        make_ticket(cast.unit_a, created_at=at(2026, 8, 13, 14))

    # The units' organisations, policies, targets, the batch, history, replies, letters, orders, calendars,
    # hours, exceptions, one bulk update, the empty next batch.
    with django_assert_num_queries(13):
        refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 13, 15))
