"""The breach scan: each event recorded and escalated exactly once, up the chain owner → supervisor → leader.

The cast's unit_a (WIB) has agent_a and the supervisor; the leader sits at the head office above it. The
organisation runs the office week and a first-response target of 4 working hours, with the default
thresholds: warn 2 h before, supervisor after 4 h overdue, leader after 14 h overdue (working time).
"""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from prima.activity.models import ActivityLog
from prima.activity.registry import describe
from prima.notify.models import OutboundEmail
from prima.sla.breaches import ScanResult, compose_breach_email, recipients, scan_for_breaches
from prima.sla.choices import BreachKind, ClockKind, EscalationLevel, ExceptionKind, TimeUnit
from prima.sla.clocks import Clock, TargetSpec
from prima.sla.models import BreachEvent, BusinessCalendar, CalendarException
from prima.sla.services import create_policy, refresh_due_dates_for_calendar, refresh_open_ticket_due_dates
from prima.tickets.models import Ticket

from .conftest import add_message, at, make_ticket, office_calendar

pytestmark = pytest.mark.django_db

FIRST_RESPONSE_4H = TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS)
MONDAY_8 = at(2026, 8, 10, 8)  # first response due Monday 12:00


@pytest.fixture
def policy(cast):
    office_calendar(None, organisation_id=cast.organisation.pk)
    return create_policy(
        cast.organisation, name="Umum", targets=[FIRST_RESPONSE_4H], effective_from=at(2026, 1, 1), actor=None
    )


def received(cast, created_at=MONDAY_8, *, owner="agent", unit=None, **extra):
    unit = unit or cast.unit_a
    ticket = make_ticket(unit, created_at=created_at, owner=cast.agent_a if owner == "agent" else owner, **extra)
    refresh_open_ticket_due_dates(unit, now=created_at)
    ticket.refresh_from_db()
    return ticket


def events():
    return list(BreachEvent.objects.order_by("id").values_list("clock", "kind", "due_at", "level"))


def sla_emails():
    return list(
        OutboundEmail.objects.filter(idempotency_key__startswith="sla.breach.")
        .order_by("id")
        .values_list("to_address", flat=True)
    )


def sla_actions():
    return list(
        ActivityLog.objects.filter(action__startswith="sla.breach.").order_by("id").values_list("action", "data__level")
    )


def test_nothing_before_the_warning_window(cast, policy):
    ticket = received(cast)

    result = scan_for_breaches(at(2026, 8, 10, 9))  # 3 h left

    assert (ticket.due_at, result.candidates, events(), sla_emails()) == (at(2026, 8, 10, 12), 0, [], [])


def test_upcoming_is_recorded_and_sent_to_the_owner_once(cast, policy):
    received(cast)

    first = scan_for_breaches(at(2026, 8, 10, 10))  # 2 h left
    second = scan_for_breaches(at(2026, 8, 10, 10))
    third = scan_for_breaches(at(2026, 8, 10, 11))

    assert events() == [("first_response", "upcoming", at(2026, 8, 10, 12), EscalationLevel.OWNER)]
    assert sla_emails() == ["petugas.a@prima.test"]
    assert [(r.recorded, r.escalations, r.emails) for r in (first, second, third)] == [(1, 1, 1), (0, 0, 0), (0, 0, 0)]


def test_breach_escalates_owner_then_supervisor_then_leader_each_exactly_once(cast, policy):
    received(cast)

    for moment in [
        at(2026, 8, 10, 10),  # upcoming → owner
        at(2026, 8, 10, 10),
        at(2026, 8, 10, 12, 30),  # breached, 0 h overdue (lunch) → owner
        at(2026, 8, 10, 12, 30),
        at(2026, 8, 10, 17),  # 3 h overdue
        at(2026, 8, 11, 9),  # 4 h overdue → supervisor
        at(2026, 8, 11, 9),
        at(2026, 8, 12, 11),  # 13 h overdue
        at(2026, 8, 12, 14),  # 15 h overdue → leader
        at(2026, 8, 12, 14),
        at(2026, 8, 13, 9),
    ]:
        scan_for_breaches(moment)

    assert events() == [
        ("first_response", "upcoming", at(2026, 8, 10, 12), EscalationLevel.OWNER),
        ("first_response", "breached", at(2026, 8, 10, 12), EscalationLevel.LEADER),
    ]
    assert sla_emails() == [
        "petugas.a@prima.test",
        "petugas.a@prima.test",
        "koordinator@prima.test",
        "pimpinan@prima.test",
    ]
    assert sla_actions() == [
        ("sla.breach.upcoming", None),
        ("sla.breach.escalated", 1),
        ("sla.breach.detected", None),
        ("sla.breach.escalated", 1),
        ("sla.breach.escalated", 2),
        ("sla.breach.escalated", 3),
    ]


def test_a_late_first_scan_tells_the_whole_chain_at_once(cast, policy):
    received(cast)

    result = scan_for_breaches(at(2026, 8, 12, 14))
    again = scan_for_breaches(at(2026, 8, 12, 14))

    assert events() == [("first_response", "breached", at(2026, 8, 10, 12), EscalationLevel.LEADER)]
    assert sla_emails() == ["petugas.a@prima.test", "koordinator@prima.test", "pimpinan@prima.test"]
    assert ((result.recorded, result.escalations, result.emails), (again.recorded, again.emails)) == ((1, 1, 3), (0, 0))


def test_without_an_owner_the_supervisor_hears_first_and_only_once(cast, policy):
    received(cast, owner=None)

    for moment in (at(2026, 8, 10, 12, 30), at(2026, 8, 11, 9), at(2026, 8, 12, 14)):
        scan_for_breaches(moment)

    assert sla_emails() == ["koordinator@prima.test", "pimpinan@prima.test"]


def test_recipients_follow_the_chain(cast, policy):
    ticket = received(cast)
    orphan = received(cast, owner=None)
    in_unit_b = received(cast, owner=None, unit=cast.unit_b)  # no supervisor there: straight to the leader

    assert [
        recipients(ticket, EscalationLevel.OWNER),
        recipients(ticket, EscalationLevel.SUPERVISOR),
        recipients(ticket, EscalationLevel.LEADER),
        recipients(orphan, EscalationLevel.OWNER),
        recipients(in_unit_b, EscalationLevel.OWNER),
    ] == [
        (EscalationLevel.OWNER, [cast.agent_a]),
        (EscalationLevel.SUPERVISOR, [cast.supervisor]),
        (EscalationLevel.LEADER, [cast.leader]),
        (EscalationLevel.SUPERVISOR, [cast.supervisor]),
        (EscalationLevel.LEADER, [cast.leader]),
    ]


def test_a_public_staff_reply_in_time_means_no_breach(cast, policy):
    ticket = received(cast)
    add_message(ticket, created_at=at(2026, 8, 10, 9), author=cast.agent_a)

    scan_for_breaches(at(2026, 8, 10, 12, 30))

    ticket.refresh_from_db()
    assert (events(), ticket.due_at) == ([], None)  # the stale due_at was corrected by the scan


@pytest.mark.parametrize(
    "message",
    [{"visibility": "internal"}, {"from_public": True}],
    ids=["internal-note", "message-from-the-requester"],
)
def test_what_does_not_count_as_a_response_still_breaches(cast, policy, message):
    ticket = received(cast)
    add_message(
        ticket, created_at=at(2026, 8, 10, 9), author=None if message.get("from_public") else cast.agent_a, **message
    )

    scan_for_breaches(at(2026, 8, 10, 12, 30))

    assert events() == [("first_response", "breached", at(2026, 8, 10, 12), EscalationLevel.OWNER)]


def test_another_scan_already_escalated_this_level(cast, policy):
    ticket = received(cast)
    BreachEvent.objects.create(
        ticket=ticket,
        clock=ClockKind.FIRST_RESPONSE,
        kind=BreachKind.BREACHED,
        due_at=at(2026, 8, 10, 12),
        level=EscalationLevel.OWNER,
        unit=cast.unit_a,
    )

    at_owner_level = scan_for_breaches(at(2026, 8, 10, 12, 30))
    at_supervisor_level = scan_for_breaches(at(2026, 8, 11, 9))

    assert ((at_owner_level.recorded, at_owner_level.emails), (at_supervisor_level.recorded, sla_emails())) == (
        (0, 0),
        (0, ["koordinator@prima.test"]),
    )


def test_the_database_refuses_a_second_row_for_the_same_event(cast, policy):
    ticket = received(cast)
    values = {
        "ticket": ticket,
        "clock": ClockKind.FIRST_RESPONSE,
        "kind": BreachKind.BREACHED,
        "due_at": at(2026, 8, 10, 12),
        "unit": cast.unit_a,
    }
    BreachEvent.objects.create(**values)

    with pytest.raises(IntegrityError), transaction.atomic():
        BreachEvent.objects.create(**values)


def test_a_due_time_that_moves_is_a_new_event(cast, policy):
    received(cast)
    scan_for_breaches(at(2026, 8, 10, 12, 30))
    calendar = BusinessCalendar.objects.get()
    for start, end in ((dt.time(8), dt.time(10)), (dt.time(13), dt.time(16))):  # Monday morning shortened
        CalendarException.objects.create(
            calendar=calendar, date=dt.date(2026, 8, 10), kind=ExceptionKind.OPEN, start_time=start, end_time=end
        )
    refresh_due_dates_for_calendar(calendar, now=at(2026, 8, 10, 12, 30))

    scan_for_breaches(at(2026, 8, 10, 15, 30))

    assert [(kind, due) for _clock, kind, due, _level in events()] == [
        ("breached", at(2026, 8, 10, 12)),
        ("breached", at(2026, 8, 10, 15)),
    ]


def test_warning_window_is_working_time_over_the_weekend(cast, policy):
    ticket = received(cast, at(2026, 8, 7, 14))  # Friday 14:00: 2.5 h on Friday, due Monday 09:30

    quiet = scan_for_breaches(at(2026, 8, 7, 15))  # 3 h of working time left
    warned = scan_for_breaches(at(2026, 8, 7, 16, 15))  # 1 h 45 min of working time left, 65 hours away

    assert (ticket.due_at, quiet.recorded, warned.recorded, events()) == (
        at(2026, 8, 10, 9, 30),
        0,
        1,
        [("first_response", "upcoming", at(2026, 8, 10, 9, 30), EscalationLevel.OWNER)],
    )


def test_candidates_are_found_in_sql(cast, policy):
    received(cast)  # due Monday 12:00
    later = [received(cast, at(2026, 8, 11, 8)) for _ in range(3)]  # due Tuesday 12:00
    resolved = received(cast, history=[("resolved", at(2026, 8, 10, 9))])
    Ticket.objects.filter(pk=resolved.pk).update(due_at=at(2026, 8, 10, 10))

    result = scan_for_breaches(at(2026, 8, 10, 12, 30))

    assert (result.candidates, len(later), events()) == (
        1,
        3,
        [("first_response", "breached", at(2026, 8, 10, 12), EscalationLevel.OWNER)],
    )


@pytest.mark.parametrize("not_yet_due", [0, 5])
def test_requests_not_yet_due_cost_no_queries(cast, policy, not_yet_due):
    received(cast)
    for _ in range(not_yet_due):
        received(cast, at(2026, 8, 11, 8))
    scan_for_breaches(at(2026, 8, 10, 12, 30))  # record the event first, so both runs do the same work

    with CaptureQueriesContext(connection) as queries:
        scan_for_breaches(at(2026, 8, 10, 12, 30))

    # PostgreSQL adds the advisory lock that makes concurrent scans write their batches in turn.
    assert len(queries) == 16 + (connection.vendor == "postgresql")


def test_paused_resolution_does_not_breach_while_waiting(cast):
    office_calendar(None, organisation_id=cast.organisation.pk)
    create_policy(
        cast.organisation,
        name="Umum",
        targets=[TargetSpec(ClockKind.RESOLUTION, 4, TimeUnit.HOURS)],
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    received(cast, history=[("waiting_customer", at(2026, 8, 10, 9))])

    first = scan_for_breaches(at(2026, 8, 12, 9))  # due_at was computed before the pause: stale, corrected
    second = scan_for_breaches(at(2026, 8, 12, 9))

    assert ((first.candidates, first.due_dates_fixed), second.candidates, events()) == ((1, 1), 0, [])


def test_scan_without_any_policy_does_nothing(cast):
    make_ticket(cast.unit_a, created_at=MONDAY_8)

    assert str(scan_for_breaches(at(2026, 8, 12, 9))) == str(ScanResult())


def test_scan_runs_as_a_periodic_job_without_arguments(cast, policy):
    received(cast)

    result = scan_for_breaches()

    assert (result.recorded, events()[0][1]) == (1, "breached")


def test_breach_email_in_english(cast, policy):
    cast.agent_a.language = "en"
    cast.agent_a.save()
    ticket = received(cast)

    scan_for_breaches(at(2026, 8, 11, 10))

    email = OutboundEmail.objects.get(to_address=cast.agent_a.email)
    assert (email.language, email.subject) == ("en", f"[{ticket.tracking_code}] “First response” target missed")
    assert email.body_text == (
        f"Dear {cast.agent_a.full_name},\n\n"
        f"Request {ticket.tracking_code} (Perizinan Usaha) missed its “First response” target, due at "
        "2026-08-10 12:00 WIB. Overdue by 5 h 00 min of working time.\n\n"
        "You receive this as the owner of the request.\n\n"
        "Kind regards,\nThe service team\n"
    )


def test_supervisor_email_says_why(cast, policy):
    ticket = received(cast)
    clock = Clock("first_response", "working", "breached", due_at=at(2026, 8, 10, 12), overrun=dt.timedelta(hours=4))

    with translation.override("en"):
        subject, body = compose_breach_email(ticket, clock, BreachKind.BREACHED, EscalationLevel.SUPERVISOR)

    assert (subject, body) == (
        f"[{ticket.tracking_code}] “First response” target missed",
        f"Request {ticket.tracking_code} (Perizinan Usaha) missed its “First response” target, due at 2026-08-10 "
        "12:00 WIB. Overdue by 4 h 00 min of working time.\n\n"
        "You receive this as a supervisor (koordinator) of the unit.",
    )


def test_upcoming_email_text(cast, policy):
    ticket = received(cast)
    clock = Clock(
        "first_response", "working", "running", due_at=at(2026, 8, 10, 12), remaining=dt.timedelta(minutes=95)
    )

    with translation.override("en"):
        subject, body = compose_breach_email(ticket, clock, BreachKind.UPCOMING, EscalationLevel.OWNER)

    assert (subject, body) == (
        f"[{ticket.tracking_code}] “First response” due soon",
        f"Request {ticket.tracking_code} (Perizinan Usaha): the “First response” target is due at 2026-08-10 12:00 "
        "WIB. Working time left: 1 h 35 min.\n\nYou receive this as the owner of the request.",
    )


def test_activity_display_strings(cast, policy):
    received(cast)
    scan_for_breaches(at(2026, 8, 12, 14))

    with translation.override("en"):
        sentences = [
            describe(log.action, log.data)
            for log in ActivityLog.objects.filter(action__startswith="sla.breach.").order_by("id")
        ]

    code = Ticket.objects.get().tracking_code
    assert sentences == [
        f"Request {code} missed its “First response” target",
        f"Request {code}: “First response” reported up to: Leader (pimpinan)",
    ]
