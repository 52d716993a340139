"""Clocks derived from history (pure: plain objects, no database). Office week as in test_calendar."""

import datetime as dt

import pytest

from prima.sla.choices import ClockKind, ClockMode, ClockState, StartEvent, TimeUnit
from prima.sla.clocks import Clock, PolicySpec, TargetSpec, compute_clocks, counts_as_response

from .conftest import MIN, UTC, WITA, FakeChange, FakeMessage, FakeTicket, H, at, office

SPEC = office()
FIRST_RESPONSE_4H = TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS)
RUNNING, PAUSED, MET, BREACHED, NOT_APPLICABLE = (
    ClockState.RUNNING,
    ClockState.PAUSED,
    ClockState.MET,
    ClockState.BREACHED,
    ClockState.NOT_APPLICABLE,
)
WORKING, CALENDAR = ClockMode.WORKING, ClockMode.CALENDAR


def clock_of(target, ticket, *, changes=(), messages=(), now, spec=SPEC):
    clocks = compute_clocks(ticket, PolicySpec(targets=(target,)), spec, changes, messages, now)
    return clocks.get(target.clock)


def history(created, *moves):
    """The status history: the creation row, then (status, moment) moves."""
    return [FakeChange("new", created), *(FakeChange(status, moment) for status, moment in moves)]


@pytest.mark.parametrize(
    ("message", "counts"),
    [
        (FakeMessage(at(2026, 8, 10, 9)), True),
        (FakeMessage(at(2026, 8, 10, 9), visibility="internal"), False),
        (FakeMessage(at(2026, 8, 10, 9), from_public=True), False),
    ],
    ids=["public-staff-reply", "internal-note", "message-from-the-requester"],
)
def test_counts_as_response(message, counts):
    assert counts_as_response(message) is counts


@pytest.mark.parametrize(
    ("message", "state", "met_at"),
    [
        (FakeMessage(at(2026, 8, 10, 9)), MET, at(2026, 8, 10, 9)),
        (FakeMessage(at(2026, 8, 10, 9), visibility="internal"), RUNNING, None),
        (FakeMessage(at(2026, 8, 10, 9), from_public=True), RUNNING, None),
    ],
    ids=["public-staff-reply-meets-it", "internal-note-does-not", "requester-message-does-not"],
)
def test_first_response_what_counts(message, state, met_at):
    created = at(2026, 8, 10, 8)

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), messages=[message], now=at(2026, 8, 10, 10))

    assert (clock.state, clock.met_at) == (state, met_at)


def test_first_response_running():
    created = at(2026, 8, 10, 8)

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), changes=history(created), now=at(2026, 8, 10, 10))

    assert clock == Clock(
        ClockKind.FIRST_RESPONSE, WORKING, RUNNING, created, at(2026, 8, 10, 12), remaining=2 * H, running=True
    )


def test_first_response_met_on_time():
    created = at(2026, 8, 10, 8)
    reply = FakeMessage(at(2026, 8, 10, 11, 59))

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), messages=[reply], now=at(2026, 8, 11, 9))

    assert clock == Clock(ClockKind.FIRST_RESPONSE, WORKING, MET, created, at(2026, 8, 10, 12), at(2026, 8, 10, 11, 59))


def test_first_response_met_late_is_breached_with_its_overrun():
    created = at(2026, 8, 10, 8)
    reply = FakeMessage(at(2026, 8, 10, 14))

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), messages=[reply], now=at(2026, 8, 11, 9))

    # Due at 12:00; the lunch break 12:00-13:00 is not overrun.
    assert clock == Clock(
        ClockKind.FIRST_RESPONSE, WORKING, BREACHED, created, at(2026, 8, 10, 12), at(2026, 8, 10, 14), overrun=H
    )


def test_first_response_unanswered_overnight_is_breached_and_still_running():
    created = at(2026, 8, 10, 8)

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), now=at(2026, 8, 11, 9))

    assert (clock.state, clock.overrun, clock.running, clock.is_open_breach) == (BREACHED, 4 * H, True, True)


def test_first_response_does_not_pause_while_waiting():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("waiting_third_party", at(2026, 8, 10, 9)))

    clock = clock_of(
        FIRST_RESPONSE_4H, FakeTicket(created, status="waiting_third_party"), changes=changes, now=at(2026, 8, 10, 11)
    )

    assert (clock.state, clock.due_at, clock.remaining, clock.running) == (RUNNING, at(2026, 8, 10, 12), H, True)


def test_messages_after_now_are_ignored():
    created = at(2026, 8, 10, 8)

    clock = clock_of(
        FIRST_RESPONSE_4H, FakeTicket(created), messages=[FakeMessage(at(2026, 8, 10, 11))], now=at(2026, 8, 10, 10)
    )

    assert (clock.state, clock.met_at) == (RUNNING, None)


RESOLUTION_5D = TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS)


def test_pause_from_friday_afternoon_to_monday_pushes_due_by_exactly_the_paused_working_time():
    created = at(2026, 8, 3, 9)  # Monday
    changes = history(
        created,
        ("in_progress", at(2026, 8, 3, 10)),
        ("waiting_customer", at(2026, 8, 7, 15)),  # Friday 15:00
        ("in_progress", at(2026, 8, 10, 10)),  # Monday 10:00
    )
    unpaused = clock_of(RESOLUTION_5D, FakeTicket(created, status="in_progress"), now=at(2026, 8, 3, 11))

    clock = clock_of(RESOLUTION_5D, FakeTicket(created, status="in_progress"), changes=changes, now=at(2026, 8, 10, 11))

    paused = 1 * H + 30 * MIN + 2 * H  # Friday 15:00-16:30 and Monday 08:00-10:00
    assert unpaused.due_at == at(2026, 8, 10, 9)
    assert clock == Clock(
        ClockKind.RESOLUTION,
        WORKING,
        RUNNING,
        created,
        at(2026, 8, 10, 13, 30),
        remaining=1 * H + 30 * MIN,
        paused=paused,
        running=True,
    )
    assert clock.due_at == at(2026, 8, 10, 9) + 4 * H + 30 * MIN  # 09:00 + 3.5 h of work, over the lunch break


def test_pause_across_one_night():
    created = at(2026, 8, 11, 9)  # Tuesday
    changes = history(created, ("waiting_customer", at(2026, 8, 11, 15)), ("in_progress", at(2026, 8, 12, 9)))
    target = TargetSpec(ClockKind.RESOLUTION, 1, TimeUnit.DAYS)

    clock = clock_of(target, FakeTicket(created, status="in_progress"), changes=changes, now=at(2026, 8, 12, 10))

    assert (clock.due_at, clock.paused) == (at(2026, 8, 12, 11), 2 * H)  # unpaused due: Wednesday 09:00


def test_paused_now_has_no_due_time_only_what_is_left():
    created = at(2026, 8, 3, 9)
    changes = history(created, ("waiting_customer", at(2026, 8, 7, 15)))

    clock = clock_of(
        RESOLUTION_5D, FakeTicket(created, status="waiting_customer"), changes=changes, now=at(2026, 8, 8, 10)
    )

    assert clock == Clock(
        ClockKind.RESOLUTION, WORKING, PAUSED, created, remaining=2 * H + 30 * MIN, paused=H + 30 * MIN
    )


def test_a_pause_after_the_due_time_does_not_undo_the_breach():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("waiting_customer", at(2026, 8, 10, 14)))
    target = TargetSpec(ClockKind.RESOLUTION, 4, TimeUnit.HOURS)

    clock = clock_of(target, FakeTicket(created, status="waiting_customer"), changes=changes, now=at(2026, 8, 11, 10))

    assert (clock.state, clock.due_at, clock.overrun, clock.running) == (BREACHED, at(2026, 8, 10, 12), 5 * H, False)


RESOLUTION_8H = TargetSpec(ClockKind.RESOLUTION, 8, TimeUnit.HOURS)


def test_resolution_met_when_resolved():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("resolved", at(2026, 8, 10, 10)))

    clock = clock_of(RESOLUTION_8H, FakeTicket(created, status="resolved"), changes=changes, now=at(2026, 8, 12, 9))

    assert clock == Clock(ClockKind.RESOLUTION, WORKING, MET, created, at(2026, 8, 11, 9), at(2026, 8, 10, 10))


def test_resolution_met_late():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("resolved", at(2026, 8, 10, 11)), ("closed", at(2026, 8, 12, 8)))
    target = TargetSpec(ClockKind.RESOLUTION, 2, TimeUnit.HOURS)

    clock = clock_of(target, FakeTicket(created, status="closed"), changes=changes, now=at(2026, 8, 12, 9))

    assert (clock.state, clock.due_at, clock.met_at, clock.overrun) == (
        BREACHED,
        at(2026, 8, 10, 10),
        at(2026, 8, 10, 11),
        H,
    )


def test_reopened_request_runs_again_without_the_time_it_was_resolved():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("resolved", at(2026, 8, 10, 10)), ("in_progress", at(2026, 8, 11, 10)))

    clock = clock_of(RESOLUTION_8H, FakeTicket(created, status="in_progress"), changes=changes, now=at(2026, 8, 11, 11))

    assert (clock.state, clock.met_at, clock.due_at, clock.paused) == (RUNNING, None, at(2026, 8, 12, 9), 7 * H)


@pytest.mark.parametrize(
    ("closed_at", "state", "overrun"),
    [(at(2026, 8, 10, 10), NOT_APPLICABLE, None), (at(2026, 8, 10, 14), BREACHED, H)],
    ids=["closed-before-due", "closed-after-due"],
)
def test_closed_without_a_response(closed_at, state, overrun):
    created = at(2026, 8, 10, 8)
    changes = history(created, ("closed", closed_at))

    clock = clock_of(FIRST_RESPONSE_4H, FakeTicket(created, status="closed"), changes=changes, now=at(2026, 8, 11, 9))

    assert (clock.state, clock.overrun, clock.running) == (state, overrun, False)


UPDATE_8H = TargetSpec(ClockKind.PERIODIC_UPDATE, 8, TimeUnit.HOURS)


def test_regular_update_counts_from_the_last_public_staff_reply():
    created = at(2026, 8, 10, 8)
    messages = [
        FakeMessage(at(2026, 8, 10, 10)),
        FakeMessage(at(2026, 8, 11, 9), visibility="internal"),
        FakeMessage(at(2026, 8, 11, 10), from_public=True),
    ]

    clock = clock_of(
        UPDATE_8H, FakeTicket(created), changes=history(created), messages=messages, now=at(2026, 8, 11, 10, 30)
    )

    assert clock == Clock(
        ClockKind.PERIODIC_UPDATE,
        WORKING,
        RUNNING,
        at(2026, 8, 10, 10),
        at(2026, 8, 11, 11),
        remaining=30 * MIN,
        running=True,
    )


def test_regular_update_lapsed_is_breached():
    created = at(2026, 8, 10, 8)

    clock = clock_of(UPDATE_8H, FakeTicket(created), changes=history(created), now=at(2026, 8, 11, 10))

    assert (clock.state, clock.due_at, clock.overrun) == (BREACHED, at(2026, 8, 11, 9), H)


def test_regular_update_stops_while_waiting():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("waiting_customer", at(2026, 8, 10, 15)), ("in_progress", at(2026, 8, 11, 9)))
    messages = [FakeMessage(at(2026, 8, 10, 10))]

    clock = clock_of(
        UPDATE_8H,
        FakeTicket(created, status="in_progress"),
        changes=changes,
        messages=messages,
        now=at(2026, 8, 11, 10),
    )

    assert (clock.due_at, clock.paused) == (at(2026, 8, 11, 14), 2 * H)


def test_regular_update_not_applicable_once_resolved():
    created = at(2026, 8, 10, 8)
    changes = history(created, ("resolved", at(2026, 8, 10, 9)))

    clock = clock_of(UPDATE_8H, FakeTicket(created, status="resolved"), changes=changes, now=at(2026, 8, 12, 9))

    assert clock.state == NOT_APPLICABLE


VERIFICATION_3D = TargetSpec(ClockKind.VERIFICATION, 3, TimeUnit.DAYS)


def test_verification_met_by_verified_at():
    created = at(2026, 8, 10, 10)
    ticket = FakeTicket(created, kind="complaint", verified_at=at(2026, 8, 12, 15))

    clock = clock_of(VERIFICATION_3D, ticket, now=at(2026, 8, 13, 9))

    assert clock == Clock(ClockKind.VERIFICATION, WORKING, MET, created, at(2026, 8, 13, 10), at(2026, 8, 12, 15))


def test_verification_applies_to_complaints_only():
    clock = clock_of(VERIFICATION_3D, FakeTicket(at(2026, 8, 10, 10), kind="information"), now=at(2026, 8, 20, 9))

    assert clock == Clock(ClockKind.VERIFICATION, WORKING, NOT_APPLICABLE)


FOLLOW_UP_5D = TargetSpec(ClockKind.FOLLOW_UP, 5, TimeUnit.DAYS, starts=StartEvent.VERIFIED)


def test_follow_up_waits_for_verification():
    clock = clock_of(FOLLOW_UP_5D, FakeTicket(at(2026, 8, 10, 10), kind="complaint"), now=at(2026, 8, 12, 9))

    assert clock == Clock(ClockKind.FOLLOW_UP, WORKING, NOT_APPLICABLE)


def test_follow_up_counts_from_verification_and_ignores_earlier_replies():
    verified = at(2026, 8, 12, 15)  # Wednesday
    ticket = FakeTicket(at(2026, 8, 10, 10), kind="complaint", verified_at=verified)

    clock = clock_of(FOLLOW_UP_5D, ticket, messages=[FakeMessage(at(2026, 8, 11, 9))], now=at(2026, 8, 13, 9))

    # Five working days: Thu 13, Fri 14, (Mon 17 August is Independence Day) Tue 18, Wed 19, Thu 20.
    assert (clock.state, clock.started_at, clock.due_at) == (RUNNING, verified, at(2026, 8, 20, 15))


def test_statutory_calendar_days_run_through_idul_fitri():
    created, verified = at(2026, 3, 17, 10), at(2026, 3, 25, 9)
    ticket = FakeTicket(created, kind="complaint", verified_at=verified)
    policy = PolicySpec(
        targets=(
            TargetSpec(ClockKind.FIRST_RESPONSE, 14, TimeUnit.DAYS, CALENDAR),
            TargetSpec(ClockKind.RESOLUTION, 60, TimeUnit.DAYS, CALENDAR, StartEvent.VERIFIED),
        )
    )

    clocks = compute_clocks(ticket, policy, SPEC, history(created), [], at(2026, 3, 26, 9))

    assert [(clock.kind, clock.due_at, clock.remaining) for clock in clocks.clocks] == [
        (ClockKind.FIRST_RESPONSE, at(2026, 3, 31, 10), dt.timedelta(days=5, hours=1)),
        (ClockKind.RESOLUTION, at(2026, 5, 24, 9), dt.timedelta(days=59)),
    ]


def test_calendar_mode_pause_pushes_due_by_the_elapsed_pause():
    created = at(2026, 3, 2, 10)
    changes = history(created, ("waiting_third_party", at(2026, 3, 4, 10)), ("in_progress", at(2026, 3, 6, 16)))
    target = TargetSpec(ClockKind.RESOLUTION, 14, TimeUnit.DAYS, CALENDAR)

    clock = clock_of(target, FakeTicket(created, status="in_progress"), changes=changes, now=at(2026, 3, 7, 9))

    assert (clock.due_at, clock.paused) == (at(2026, 3, 18, 16), dt.timedelta(days=2, hours=6))


def test_calendar_mode_hours():
    created = at(2026, 8, 14, 15)
    target = TargetSpec(ClockKind.FIRST_RESPONSE, 24, TimeUnit.HOURS, CALENDAR)

    assert clock_of(target, FakeTicket(created), now=created).due_at == at(2026, 8, 15, 15)


def test_same_request_in_wita_is_due_at_a_different_instant():
    created = dt.datetime(2026, 8, 10, 8, 30, tzinfo=UTC)  # 15:30 WIB (half an hour left), 16:30 WITA (closed)

    due_wib = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), now=created).due_at
    due_wita = clock_of(FIRST_RESPONSE_4H, FakeTicket(created), now=created, spec=office("Asia/Makassar")).due_at

    assert (due_wib, due_wita) == (at(2026, 8, 11, 11, 30), at(2026, 8, 11, 12, zone=WITA))
    assert due_wib - due_wita == 30 * MIN


def test_next_due_at_is_the_earliest_running_unmet_target():
    created = at(2026, 8, 10, 8)
    policy = PolicySpec(targets=(FIRST_RESPONSE_4H, RESOLUTION_8H))
    reply = FakeMessage(at(2026, 8, 10, 9))

    before = compute_clocks(FakeTicket(created), policy, SPEC, history(created), [], at(2026, 8, 10, 8, 30))
    after = compute_clocks(FakeTicket(created), policy, SPEC, history(created), [reply], at(2026, 8, 10, 9, 30))

    assert (before.next_due_at, after.next_due_at) == (at(2026, 8, 10, 12), at(2026, 8, 11, 9))


def test_clocks_follow_the_policy_targets_in_a_fixed_order():
    created = at(2026, 8, 10, 8)
    policy = PolicySpec(targets=(RESOLUTION_8H, VERIFICATION_3D, FIRST_RESPONSE_4H))

    clocks = compute_clocks(FakeTicket(created), policy, SPEC, history(created), [], created)

    assert [clock.kind for clock in clocks.clocks] == ["verification", "first_response", "resolution"]
    assert clocks.get(ClockKind.PERIODIC_UPDATE) is None


def test_no_history_falls_back_to_the_current_status():
    created = at(2026, 8, 10, 8)

    clock = clock_of(RESOLUTION_8H, FakeTicket(created, status="waiting_customer"), now=at(2026, 8, 10, 10))

    assert (clock.state, clock.remaining) == (PAUSED, 8 * H)


@pytest.mark.parametrize(
    "arguments",
    [("first_response", 0, "hours"), ("first_response", 1, "weeks"), ("soon", 1, "hours")],
)
def test_target_spec_refuses_bad_values(arguments):
    with pytest.raises(ValueError):
        TargetSpec(*arguments)
