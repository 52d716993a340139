"""The service-level clocks on a request's page: each clock's state, due time in the unit's zone and the time
left or overrun in words; a line when no policy applies; and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from conftest import client_for
from prima.sla.calendar import default_calendar_spec
from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.services import create_policy
from prima.tickets.models import Ticket
from prima.tickets.services import add_reply, change_status
from prima.tickets.views.clocks import duration_in_words, usual_working_day

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(cast):
    return create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Informasi",
        kind="information",
        targets=[
            TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.DAYS, ClockMode.CALENDAR),
            TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS, ClockMode.CALENDAR),
        ],
        # In effect long enough to govern the requests backdated below.
        effective_from=timezone.now() - dt.timedelta(days=60),
        actor=cast.leader,
    )


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def detail_url(ticket: Ticket) -> str:
    return reverse("tickets:detail", args=[ticket.pk])


def panel_of(client: Client, ticket: Ticket) -> str:
    response = client.get(detail_url(ticket))
    assert response.status_code == 200
    match = re.search(r'<section class="card sla-clocks".*?</section>', response.content.decode(), re.S)
    assert match is not None
    return match.group(0)


def clock_item(panel: str, label: str) -> str:
    """The ``<li>`` of the clock labelled ``label``."""
    for item in re.findall(r'<li class="clock clock-[a-z_]+">.*?</li>', panel, re.S):
        if f'<strong class="clock-label">{label}</strong>' in item:
            return item
    raise AssertionError(f"No clock {label!r} in {panel}")


def state_of(item: str) -> tuple[str, str]:
    """(the state's CSS class, the state's text)."""
    match = re.search(r'<span class="clock-state clock-state-([a-z_]+)">([^<]+)</span>', item)
    assert match is not None
    return match.group(1), match.group(2)


def shown_in_wib(moment: dt.datetime) -> str:
    local = timezone.localtime(moment, ZoneInfo("Asia/Jakarta"))
    with translation.override("en"):
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} WIB"


# --- the panel -------------------------------------------------------------------------------------------------


def test_first_response_clock_runs_with_its_due_time_in_the_units_zone(cast, policy):
    ticket = submit(cast.unit_a)

    item = clock_item(panel_of(english_client_for(cast.agent_a), ticket), "First response")

    due = ticket.created_at + dt.timedelta(days=1)
    assert (state_of(item), shown_in_wib(due) in item, "23 hours" in item, "left" in item) == (
        ("running", "Running"),
        True,
        True,
        True,
    )


def test_due_time_is_in_indonesian_for_an_indonesian_reader(cast, policy):
    ticket = submit(cast.unit_a)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    ticket.refresh_from_db()
    local = timezone.localtime(ticket.created_at + dt.timedelta(days=1), ZoneInfo("Asia/Jakarta"))
    with translation.override("id"):
        expected = f"{formats.date_format(local, 'DATETIME_FORMAT')} WIB"

    with translation.override("id"):
        label = str(ClockKind.FIRST_RESPONSE.label)

    item = clock_item(panel_of(client_for(cast.agent_a), ticket), label)

    assert (expected in item, ", " in expected and "." in expected.split(", ")[1]) == (True, True)


def test_public_staff_reply_meets_the_first_response_clock(cast, policy):
    ticket = submit(cast.unit_a)
    reply = add_reply(ticket, body="Syaratnya KTP dan NPWP.", visibility="public", actor=cast.agent_a)

    panel = panel_of(english_client_for(cast.agent_a), ticket)

    first, resolution = clock_item(panel, "First response"), clock_item(panel, "Resolution")
    assert (state_of(first), shown_in_wib(reply.created_at) in first, "Met at" in first, state_of(resolution)) == (
        ("met", "Met"),
        True,
        True,
        ("running", "Running"),
    )


def test_internal_note_leaves_the_first_response_clock_running(cast, policy):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Cek dulu ke bidang perizinan.", visibility="internal", actor=cast.agent_a)

    item = clock_item(panel_of(english_client_for(cast.agent_a), ticket), "First response")

    assert state_of(item) == ("running", "Running")


def test_waiting_for_the_customer_pauses_the_resolution_clock(cast, policy):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Mohon kirim fotokopi KTP.", visibility="public", actor=cast.agent_a)
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)
    change_status(ticket, to_status="waiting_customer", actor=cast.agent_a)

    item = clock_item(panel_of(english_client_for(cast.agent_a), ticket), "Resolution")

    assert (state_of(item), "none while the clock is paused" in item, "4 calendar days" in item, "left" in item) == (
        ("paused", "Paused"),
        True,
        True,
        True,
    )


def test_request_received_long_ago_shows_its_clocks_breached_with_the_overrun(cast, policy):
    ticket = submit(cast.unit_a)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - dt.timedelta(days=10, minutes=1))

    panel = panel_of(english_client_for(cast.agent_a), ticket)

    first, resolution = clock_item(panel, "First response"), clock_item(panel, "Resolution")
    assert (
        state_of(first),
        "9 calendar days overdue" in first,
        state_of(resolution),
        "5 calendar days overdue" in resolution,
    ) == (
        ("breached", "Breached"),
        True,
        ("breached", "Breached"),
        True,
    )


def test_late_reply_shows_the_first_response_clock_breached_and_met_late(cast, policy):
    ticket = submit(cast.unit_a)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - dt.timedelta(days=1, hours=3, minutes=1))
    ticket.refresh_from_db()
    add_reply(ticket, body="Maaf terlambat.", visibility="public", actor=cast.agent_a)

    item = clock_item(panel_of(english_client_for(cast.agent_a), ticket), "First response")

    assert (state_of(item), "met 3 hours 1 minute late" in item) == (("breached", "Breached"), True)


def test_request_without_a_policy_says_none_applies(cast, policy):
    ticket = submit(cast.unit_b)

    panel = panel_of(english_client_for(cast.agent_b), ticket)

    assert ("No service-level policy applies to this request." in panel, "clock-label" in panel) == (True, False)


def test_clock_that_does_not_apply_is_left_out(cast):
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Semua",
        targets=[
            TargetSpec(ClockKind.VERIFICATION, 3, TimeUnit.DAYS, ClockMode.WORKING),
            TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS, ClockMode.WORKING),
        ],
        actor=cast.leader,
    )
    ticket = submit(cast.unit_a)  # an information request: no complaint to verify

    panel = panel_of(english_client_for(cast.agent_a), ticket)

    assert ("Complaint verification" in panel, "First response" in panel) == (False, True)


def test_panel_title_is_translatable(cast, policy):
    ticket = submit(cast.unit_a)

    panel = panel_of(english_client_for(cast.agent_a), ticket)

    assert "<h2>Service-level clocks</h2>" in panel


# --- query count -----------------------------------------------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert (response.status_code, b"sla-clocks" in response.content) == (200, True)
    return len(context.captured_queries)


@pytest.mark.parametrize("mode", [ClockMode.CALENDAR, ClockMode.WORKING])
def test_clock_panel_queries_do_not_grow_with_messages(cast, mode):
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Informasi",
        targets=[
            TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.DAYS, mode),
            TargetSpec(ClockKind.PERIODIC_UPDATE, 2, TimeUnit.DAYS, mode),
            TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS, mode),
        ],
        actor=cast.leader,
    )
    ticket = submit(cast.unit_a)
    client = client_for(cast.agent_a)
    add_reply(ticket, body="Balasan 1", actor=cast.agent_a)
    with_one = queries_for(client, detail_url(ticket))
    add_reply(ticket, body="Catatan 2", visibility="internal", actor=cast.supervisor)
    add_reply(ticket, body="Balasan 3", actor=cast.agent_a)
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    with_three = queries_for(client, detail_url(ticket))

    assert (ticket.messages.count(), with_one) == (3, with_three)


# --- the time in words -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "working", "expected"),
    [
        (dt.timedelta(hours=2, minutes=30), False, "2 hours 30 minutes"),
        (dt.timedelta(hours=1, minutes=1, seconds=59), False, "1 hour 1 minute"),
        (dt.timedelta(minutes=5), False, "5 minutes"),
        (dt.timedelta(seconds=59), False, "less than a minute"),
        (dt.timedelta(days=1, hours=3, minutes=40), False, "1 calendar day 3 hours"),
        (dt.timedelta(days=3), False, "3 calendar days"),
        (dt.timedelta(hours=10), True, "1 working day 3 hours"),
        (dt.timedelta(hours=14), True, "2 working days"),
        (dt.timedelta(hours=6, minutes=59), True, "6 hours 59 minutes"),
    ],
)
def test_duration_in_words(duration, working, expected):
    working_day = dt.timedelta(hours=7) if working else None

    with translation.override("en"):
        assert duration_in_words(duration, working_day=working_day) == expected


def test_usual_working_day_of_the_default_calendar_is_seven_hours():
    assert usual_working_day(default_calendar_spec("Asia/Jakarta")) == dt.timedelta(hours=7)
