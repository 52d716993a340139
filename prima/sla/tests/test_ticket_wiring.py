"""The request services keep ``Ticket.due_at`` in step with the service-level clocks: on intake, on a public
reply, on a pause and on reopening. (The clock arithmetic itself is tested in the other modules.)"""

import datetime as dt

import pytest

from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.services import create_policy
from prima.tickets.services import add_reply, change_status
from prima.tickets.tests.conftest import submit

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
        actor=cast.leader,
    )


def test_submit_request_sets_due_at_to_the_first_response_target(cast, policy):
    ticket = submit(cast.unit_a)

    assert ticket.due_at == ticket.created_at + dt.timedelta(days=1)


def test_public_reply_moves_due_at_to_the_resolution_target(cast, policy):
    ticket = submit(cast.unit_a)

    add_reply(ticket, body="Syaratnya KTP dan NPWP.", visibility="public", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert ticket.due_at == ticket.created_at + dt.timedelta(days=5)


def test_internal_note_leaves_due_at_on_the_first_response_target(cast, policy):
    ticket = submit(cast.unit_a)

    add_reply(ticket, body="Cek dulu ke bidang perizinan.", visibility="internal", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert ticket.due_at == ticket.created_at + dt.timedelta(days=1)


def test_waiting_on_customer_clears_due_at_and_resuming_restores_it(cast, policy):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Mohon kirim fotokopi KTP.", visibility="public", actor=cast.agent_a)
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    change_status(ticket, to_status="waiting_customer", actor=cast.agent_a)
    paused = ticket.due_at
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert paused is None
    assert ticket.due_at is not None
    assert ticket.due_at >= ticket.created_at + dt.timedelta(days=5)


def test_request_without_a_policy_has_no_due_at(cast):
    ticket = submit(cast.unit_b)

    assert ticket.due_at is None
