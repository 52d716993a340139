"""The breach scan works in batches: its SQL statements do not grow with the number of candidates, and it
still records and escalates every event exactly once."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prima.activity.models import ActivityLog
from prima.notify.models import OutboundEmail
from prima.sla.breaches import scan_for_breaches
from prima.sla.choices import ClockKind, EscalationLevel, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.models import BreachEvent
from prima.sla.services import create_policy, refresh_open_ticket_due_dates
from prima.tickets.models import Ticket

from .conftest import at, make_ticket, office_calendar

pytestmark = pytest.mark.django_db

MONDAY_8 = at(2026, 8, 10, 8)  # first response due Monday 12:00
WEDNESDAY_14 = at(2026, 8, 12, 14)  # 15 working hours overdue: owner, supervisor and leader are told


@pytest.fixture
def policy(cast):
    office_calendar(None, organisation_id=cast.organisation.pk)
    return create_policy(
        cast.organisation,
        name="Umum",
        targets=[TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS)],
        effective_from=at(2026, 1, 1),
        actor=None,
    )


def overdue_requests(cast, count: int) -> None:
    for _ in range(count):
        make_ticket(cast.unit_a, created_at=MONDAY_8, owner=cast.agent_a)
    refresh_open_ticket_due_dates(cast.unit_a, now=MONDAY_8)


def statements_of_two_scans() -> tuple[int, int]:
    ContentType.objects.get_for_model(Ticket)  # cached for the process after its first use; not the scan's cost
    with CaptureQueriesContext(connection) as first:
        scan_for_breaches(WEDNESDAY_14)
    with CaptureQueriesContext(connection) as repeat:
        scan_for_breaches(WEDNESDAY_14)
    return len(first), len(repeat)


@pytest.mark.parametrize("count", [2, 12])
def test_scan_records_and_escalates_every_candidate_exactly_once(cast, policy, count):
    overdue_requests(cast, count)

    first = scan_for_breaches(WEDNESDAY_14)
    repeat = scan_for_breaches(WEDNESDAY_14)

    levels = set(BreachEvent.objects.values_list("level", flat=True))
    emails = OutboundEmail.objects.filter(idempotency_key__startswith="sla.breach.").count()
    actions = ActivityLog.objects.filter(action__startswith="sla.breach.").count()
    assert (first.candidates, first.recorded, first.escalations, first.emails, first.failed) == (
        count,
        count,
        count,
        3 * count,
        0,
    )
    assert (repeat.recorded, repeat.escalations, repeat.emails) == (0, 0, 0)
    assert (BreachEvent.objects.count(), levels, emails, actions) == (
        count,
        {EscalationLevel.LEADER},
        3 * count,
        2 * count,
    )


def test_scan_statements_do_not_grow_with_the_number_of_candidates(cast, policy):
    overdue_requests(cast, 2)
    with_two = statements_of_two_scans()
    BreachEvent.objects.all().delete()
    OutboundEmail.objects.all().delete()
    overdue_requests(cast, 10)  # 12 candidates now, none recorded yet

    with_twelve = statements_of_two_scans()

    assert (with_two, BreachEvent.objects.count()) == (with_twelve, 12)


def test_escalation_from_different_levels_in_one_batch_tells_each_person_once(cast, policy):
    overdue_requests(cast, 2)
    scan_for_breaches(at(2026, 8, 10, 12, 30))  # both breached at owner level
    _first, second = BreachEvent.objects.order_by("id")
    BreachEvent.objects.filter(pk=second.pk).update(level=EscalationLevel.SUPERVISOR)

    result = scan_for_breaches(WEDNESDAY_14)

    keys = sorted(OutboundEmail.objects.values_list("idempotency_key", flat=True))
    assert (result.escalations, result.emails, set(BreachEvent.objects.values_list("level", flat=True))) == (
        2,
        3,  # the first event: supervisor and leader; the second: the leader only
        {EscalationLevel.LEADER},
    )
    assert len(keys) == len(set(keys)) == 5  # 2 owner e-mails earlier, 3 now
