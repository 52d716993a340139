"""``GET /api/v1/requests/{id}/`` reports the request's service-level clocks (read-only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.services import create_policy
from prima.tickets.models import Ticket
from prima.tickets.services import add_reply, change_status

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


def api_for(user, language: str = "en") -> APIClient:
    user.language = language
    user.save(update_fields=["language"])
    client = APIClient()
    client.force_authenticate(user)
    return client


def clocks_of(client: APIClient, ticket: Ticket) -> list[dict]:
    response = client.get(f"/api/v1/requests/{ticket.pk}/")
    assert response.status_code == 200
    return response.json()["clocks"]


def test_detail_reports_each_clock_with_its_state_and_times(cast, policy):
    ticket = submit(cast.unit_a)

    first, resolution = clocks_of(api_for(cast.agent_a), ticket)

    assert (
        set(first),
        (first["kind"], first["label"], first["state"], first["met_at"], first["overrun_seconds"]),
        parse_datetime(first["due_at"]) == ticket.created_at + dt.timedelta(days=1),
        0 < first["remaining_seconds"] <= 24 * 3600,
        (resolution["kind"], resolution["state"]),
        parse_datetime(resolution["due_at"]) == ticket.created_at + dt.timedelta(days=5),
    ) == (
        {"kind", "label", "state", "due_at", "met_at", "remaining_seconds", "overrun_seconds"},
        ("first_response", "First response", "running", None, None),
        True,
        True,
        ("resolution", "running"),
        True,
    )


def test_public_reply_meets_the_first_response_clock(cast, policy):
    ticket = submit(cast.unit_a)
    reply = add_reply(ticket, body="Syaratnya KTP dan NPWP.", visibility="public", actor=cast.agent_a)

    first = clocks_of(api_for(cast.agent_a), ticket)[0]

    assert (first["state"], parse_datetime(first["met_at"]) == reply.created_at, first["remaining_seconds"]) == (
        "met",
        True,
        None,
    )


def test_paused_clock_has_no_due_time_and_keeps_what_is_left(cast, policy):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Mohon kirim fotokopi KTP.", visibility="public", actor=cast.agent_a)
    change_status(ticket, to_status="waiting_customer", actor=cast.agent_a)

    resolution = clocks_of(api_for(cast.agent_a), ticket)[1]

    assert (resolution["state"], resolution["due_at"], 4 * 86400 < resolution["remaining_seconds"] <= 5 * 86400) == (
        "paused",
        None,
        True,
    )


def test_breached_clock_reports_the_overrun(cast, policy):
    ticket = submit(cast.unit_a)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - dt.timedelta(days=3))

    first = clocks_of(api_for(cast.agent_a), ticket)[0]

    assert (first["state"], first["remaining_seconds"], 2 * 86400 <= first["overrun_seconds"] < 2 * 86400 + 60) == (
        "breached",
        None,
        True,
    )


def test_request_without_a_policy_has_no_clocks(cast, policy):
    ticket = submit(cast.unit_b)

    assert clocks_of(api_for(cast.agent_b), ticket) == []


def test_clocks_are_read_only(cast, policy):
    ticket = submit(cast.unit_a)
    client = api_for(cast.agent_a)

    response = client.patch(f"/api/v1/requests/{ticket.pk}/", {"clocks": []}, format="json")

    assert (response.status_code, clocks_of(client, ticket)[0]["state"]) == (405, "running")
