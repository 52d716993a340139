"""The request page with its service-level clocks costs a bounded number of queries: the clocks are counted
on the history and messages the page loads anyway, and a unit's compiled calendar is reused while its
``updated_at`` stamp stays the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.sla import queries as sla_queries
from prima.sla.choices import ClockKind, ClockMode, TimeUnit, Weekday
from prima.sla.clocks import TargetSpec
from prima.sla.models import BusinessCalendar, WorkingInterval
from prima.sla.services import create_policy, save_unit_calendar
from prima.tickets.models import Ticket
from prima.tickets.services import add_reply, change_status

from .conftest import submit

pytestmark = pytest.mark.django_db

OFFICE_DAY = [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))]
# Session, user, memberships, visible units, the request, tags, the customer's units (2), messages and their
# files, status history, collaborators, the customer timeline, the policy and its targets, the calendar's
# stamp, permissions (2), loose files, canned replies, ownership history, the action forms' choices (5).
MAX_DETAIL_QUERIES = 26


@pytest.fixture
def governed(cast):
    save_unit_calendar(
        cast.unit_a,
        name="Jam layanan",
        weekly=[OFFICE_DAY] * 5 + [[], []],
        observe_national_holidays=True,
        observe_cuti_bersama=True,
        actor=cast.supervisor,
    )
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Informasi",
        targets=[
            TargetSpec(ClockKind.FIRST_RESPONSE, 8, TimeUnit.HOURS, ClockMode.WORKING),
            TargetSpec(ClockKind.PERIODIC_UPDATE, 2, TimeUnit.DAYS, ClockMode.WORKING),
            TargetSpec(ClockKind.RESOLUTION, 14, TimeUnit.DAYS, ClockMode.CALENDAR),
        ],
        effective_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        actor=cast.leader,
    )
    ticket = submit(cast.unit_a)
    for number in range(3):
        add_reply(ticket, body=f"Balasan {number}", actor=cast.agent_a)
    add_reply(ticket, body="Terima kasih", actor=None, from_public=True)
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)
    return ticket


def queries_of_page(client, ticket: Ticket) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("tickets:detail", args=[ticket.pk]))
    assert response.status_code == 200
    return len(context.captured_queries), response.content


def test_detail_page_with_clocks_stays_within_its_query_budget(cast, governed, django_assert_max_num_queries):
    client = client_for(cast.supervisor)
    client.get(reverse("tickets:detail", args=[governed.pk]))  # compiles the calendar for this process

    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        response = client.get(reverse("tickets:detail", args=[governed.pk]))

    assert (response.status_code, response.content.count(b'<li class="clock ')) == (200, 3)


def test_clocks_add_three_queries_to_the_page(cast, governed):
    ungoverned = submit(cast.unit_b)
    client = client_for(cast.leader)
    queries_of_page(client, governed)

    with_clocks, _page = queries_of_page(client, governed)
    without_clocks, _other = queries_of_page(client, ungoverned)

    # unit_b has no policy (policy look-up: one query, no targets, no calendar); unit_a: policy, targets, stamp
    assert with_clocks - without_clocks == 2


def test_compiled_calendar_is_reused_until_the_calendar_changes(cast, governed):
    first = sla_queries.calendar_spec_for_unit(cast.unit_a)
    again = sla_queries.calendar_spec_for_unit(cast.unit_a)
    calendar = BusinessCalendar.objects.get(unit=cast.unit_a)
    save_unit_calendar(
        cast.unit_a,
        name="Jam layanan",
        weekly=[OFFICE_DAY] * 4 + [[(dt.time(8), dt.time(11, 30)), (dt.time(13, 30), dt.time(16, 30))], [], []],
        observe_national_holidays=True,
        observe_cuti_bersama=True,
        actor=cast.supervisor,
    )
    edited = sla_queries.calendar_spec_for_unit(cast.unit_a)

    assert (again is first, edited is first, edited.weekly[Weekday.FRIDAY][0][1]) == (True, False, dt.time(11, 30))
    assert WorkingInterval.objects.filter(calendar=calendar, weekday=Weekday.FRIDAY).count() == 2


def test_reused_calendar_costs_one_query(cast, governed, django_assert_num_queries):
    sla_queries.calendar_spec_for_unit(cast.unit_a)

    with django_assert_num_queries(1):
        sla_queries.calendar_spec_for_unit(cast.unit_a)
