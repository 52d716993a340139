"""Bulk actions touch only the requests the actor manages."""

from prima.activity.models import ActivityLog
from prima.tickets.models import Ticket
from prima.tickets.services import BulkResult, assign_ticket, bulk_assign, bulk_close, change_status

from .conftest import submit


def test_bulk_assign_assigns_managed_requests(cast):
    tickets = [submit(cast.unit_a, subject=f"Permintaan {n}") for n in range(3)]

    result = bulk_assign(tickets, owner=cast.agent_a, actor=cast.supervisor)

    assert (result, set(Ticket.objects.values_list("owner", flat=True))) == (
        BulkResult(changed=3, skipped=0),
        {cast.agent_a.pk},
    )


def test_bulk_assign_leaves_requests_outside_actors_units(cast):
    mine = submit(cast.unit_a)
    other = submit(cast.unit_b, subject="IMB")

    result = bulk_assign([mine, other], owner=cast.agent_a, actor=cast.supervisor)

    other.refresh_from_db()
    assert (result, other.owner, ActivityLog.objects.filter(action="tickets.ticket.assigned").count()) == (
        BulkResult(changed=1, skipped=1),
        None,
        1,
    )


def test_bulk_assign_by_agent_touches_nothing(cast):
    ticket = submit(cast.unit_a)

    result = bulk_assign([ticket], owner=cast.agent_a, actor=cast.agent_a)

    ticket.refresh_from_db()
    assert (result, ticket.owner) == (BulkResult(changed=0, skipped=1), None)


def test_bulk_assign_skips_requests_the_owner_cannot_hold(cast):
    in_a = submit(cast.unit_a)
    in_b = submit(cast.unit_b, subject="IMB")

    result = bulk_assign(Ticket.objects.filter(pk__in=[in_a.pk, in_b.pk]), owner=cast.agent_b, actor=cast.leader)

    assert (result, Ticket.objects.get(pk=in_b.pk).owner, Ticket.objects.get(pk=in_a.pk).owner) == (
        BulkResult(changed=1, skipped=1),
        cast.agent_b,
        None,
    )


def test_bulk_assign_skips_requests_already_owned_by_owner(cast):
    ticket = submit(cast.unit_a)
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    assert bulk_assign([ticket], owner=cast.agent_a, actor=cast.supervisor) == BulkResult(changed=0, skipped=1)


def test_bulk_close_closes_managed_requests(cast):
    tickets = [submit(cast.unit_a, subject=f"Spam {n}") for n in range(2)]

    result = bulk_close(tickets, actor=cast.supervisor, reason="Spam")

    assert (result, set(Ticket.objects.values_list("status", flat=True))) == (
        BulkResult(changed=2, skipped=0),
        {"closed"},
    )


def test_bulk_close_leaves_requests_outside_actors_units(cast):
    mine = submit(cast.unit_a)
    other = submit(cast.unit_b, subject="IMB")

    result = bulk_close([mine, other], actor=cast.supervisor)

    other.refresh_from_db()
    assert (result, other.status, other.closed_at) == (BulkResult(changed=1, skipped=1), "new", None)


def test_bulk_close_by_leader_reaches_both_units(cast):
    tickets = [submit(cast.unit_a), submit(cast.unit_b, subject="IMB")]

    assert bulk_close(tickets, actor=cast.leader) == BulkResult(changed=2, skipped=0)


def test_bulk_close_by_agent_touches_nothing(cast):
    ticket = submit(cast.unit_a)

    result = bulk_close([ticket], actor=cast.agent_a)

    ticket.refresh_from_db()
    assert (result, ticket.status) == (BulkResult(changed=0, skipped=1), "new")


def test_bulk_close_skips_already_closed(cast):
    closed = submit(cast.unit_a)
    change_status(closed, to_status="closed", actor=cast.supervisor)
    open_one = submit(cast.unit_a, subject="Buka")

    assert bulk_close([closed, open_one], actor=cast.supervisor) == BulkResult(changed=1, skipped=1)


def test_bulk_close_logs_each_change(cast):
    tickets = [submit(cast.unit_a, subject=f"Spam {n}") for n in range(2)]

    bulk_close(tickets, actor=cast.supervisor)

    assert ActivityLog.objects.filter(action="tickets.ticket.status_changed", actor=cast.supervisor).count() == 2
