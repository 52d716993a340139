"""Assigning owners, collaborators, and transferring requests between units."""

import pytest
from django.core.exceptions import ValidationError

from prima.accounts.models import Role
from prima.activity.models import ActivityLog
from prima.factories import MembershipFactory, ServiceUnitFactory, UserFactory
from prima.tickets.models import OwnershipChange
from prima.tickets.services import (
    add_collaborators,
    assign_ticket,
    change_status,
    create_category,
    remove_collaborators,
    transfer_ticket,
)

from .conftest import error_codes, submit


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a)


def test_assign_ticket_sets_owner(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    ticket.refresh_from_db()
    assert ticket.owner == cast.agent_a


def test_assign_ticket_records_ownership_change(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor, reason="Spesialis NIB")

    change = OwnershipChange.objects.get(ticket=ticket)
    assert (change.from_owner, change.to_owner, change.from_unit, change.to_unit, change.reason, change.actor) == (
        None,
        cast.agent_a,
        cast.unit_a,
        cast.unit_a,
        "Spesialis NIB",
        cast.supervisor,
    )


def test_assign_ticket_logs_owner_name(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    entry = ActivityLog.objects.get(action="tickets.ticket.assigned")
    assert entry.data == {"code": ticket.tracking_code, "subject": ticket.subject, "owner": "Dewi Lestari"}


def test_assign_ticket_to_supervisor_of_unit(cast, ticket):
    assign_ticket(ticket, owner=cast.supervisor, actor=cast.supervisor)

    assert ticket.owner == cast.supervisor


def test_assign_ticket_refuses_staff_of_other_unit(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=cast.agent_b, actor=cast.supervisor)

    assert error_codes(caught.value) == {"owner": ["not_in_unit"]}


def test_assign_ticket_refuses_leader_above_who_is_not_a_member(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=cast.leader, actor=cast.leader)

    assert error_codes(caught.value) == {"owner": ["not_in_unit"]}


def test_assign_ticket_refuses_trainer_of_the_unit(cast, ticket):
    trainer = UserFactory()
    MembershipFactory(user=trainer, unit=cast.unit_a, role=Role.TRAINER)

    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=trainer, actor=cast.supervisor)

    assert error_codes(caught.value) == {"owner": ["not_in_unit"]}


def test_assign_ticket_refuses_inactive_staff(cast, ticket):
    cast.agent_a.is_active = False
    cast.agent_a.save()

    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    assert error_codes(caught.value) == {"owner": ["not_in_unit"]}


def test_assign_ticket_refuses_same_owner(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    assert error_codes(caught.value) == {"owner": ["unchanged"]}


def test_assign_ticket_none_unassigns(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    assign_ticket(ticket, owner=None, actor=cast.supervisor)

    assert (ticket.owner, ActivityLog.objects.filter(action="tickets.ticket.unassigned").count()) == (None, 1)


def test_assign_ticket_refuses_unassigning_unowned(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        assign_ticket(ticket, owner=None, actor=cast.supervisor)

    assert error_codes(caught.value) == {"owner": ["unchanged"]}


def test_add_collaborators_adds_staff_of_any_unit(cast, ticket):
    added = add_collaborators(ticket, users=[cast.agent_a, cast.agent_b], actor=cast.leader)

    assert (set(added), set(ticket.collaborators.all())) == ({cast.agent_a, cast.agent_b}, {cast.agent_a, cast.agent_b})


def test_add_collaborators_skips_owner_and_existing(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    add_collaborators(ticket, users=[cast.supervisor], actor=cast.leader)

    added = add_collaborators(ticket, users=[cast.agent_a, cast.supervisor, cast.agent_b], actor=cast.leader)

    assert added == [cast.agent_b]


def test_add_collaborators_logs_names(cast, ticket):
    add_collaborators(ticket, users=[cast.agent_b, cast.agent_a], actor=cast.leader)

    entry = ActivityLog.objects.get(action="tickets.ticket.collaborators_added")
    assert entry.data["names"] == "Agus Setiawan, Dewi Lestari"


def test_add_collaborators_refuses_trainer(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        add_collaborators(ticket, users=[cast.trainer], actor=cast.leader)

    assert error_codes(caught.value) == {"collaborators": ["not_staff"]}


def test_add_collaborators_refuses_staff_of_other_organisation(cast, ticket):
    outsider = UserFactory()
    MembershipFactory(user=outsider, unit=ServiceUnitFactory(), role=Role.AGENT)

    with pytest.raises(ValidationError) as caught:
        add_collaborators(ticket, users=[outsider], actor=cast.leader)

    assert error_codes(caught.value) == {"collaborators": ["not_staff"]}


def test_add_collaborators_refuses_nobody(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        add_collaborators(ticket, users=[], actor=cast.leader)

    assert error_codes(caught.value) == {"collaborators": ["required"]}


def test_remove_collaborators_removes_only_collaborators(cast, ticket):
    add_collaborators(ticket, users=[cast.agent_a, cast.agent_b], actor=cast.leader)

    removed = remove_collaborators(ticket, users=[cast.agent_b, cast.supervisor], actor=cast.leader)

    assert (removed, list(ticket.collaborators.all())) == ([cast.agent_b], [cast.agent_a])


def test_transfer_ticket_moves_unit_and_records_reason(cast, ticket):
    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Urusan IMB, bukan usaha", actor=cast.supervisor)

    change = OwnershipChange.objects.get(ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.unit, change.from_unit, change.to_unit, change.reason) == (
        cast.unit_b,
        cast.unit_a,
        cast.unit_b,
        "Urusan IMB, bukan usaha",
    )


def test_transfer_ticket_requires_reason(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        transfer_ticket(ticket, to_unit=cast.unit_b, reason="  ", actor=cast.supervisor)

    assert (error_codes(caught.value), ticket.unit) == ({"reason": ["required"]}, cast.unit_a)


def test_transfer_ticket_clears_owner_outside_new_unit(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert (ticket.owner, OwnershipChange.objects.filter(ticket=ticket).last().to_owner) == (None, None)


def test_transfer_ticket_keeps_owner_who_works_in_new_unit(cast, ticket):
    MembershipFactory(user=cast.agent_a, unit=cast.unit_b, role=Role.AGENT)
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert ticket.owner == cast.agent_a


def test_transfer_ticket_drops_collaborators_outside_new_unit(cast, ticket):
    add_collaborators(ticket, users=[cast.agent_a, cast.agent_b], actor=cast.leader)

    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert list(ticket.collaborators.all()) == [cast.agent_b]


def test_transfer_ticket_clears_category_of_old_unit(cast):
    category = create_category(cast.unit_a, name="Izin usaha", actor=cast.supervisor)
    ticket = submit(cast.unit_a, category=category)

    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert ticket.category is None


def test_transfer_ticket_logs_units(cast, ticket):
    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    entry = ActivityLog.objects.get(action="tickets.ticket.transferred")
    assert (entry.unit, entry.data) == (
        cast.unit_b,
        {
            "code": ticket.tracking_code,
            "subject": ticket.subject,
            "from_unit": "Perizinan Usaha",
            "to_unit": "Perizinan Bangunan",
        },
    )


def test_transfer_ticket_refuses_same_unit(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        transfer_ticket(ticket, to_unit=cast.unit_a, reason="Tetap", actor=cast.supervisor)

    assert error_codes(caught.value) == {"to_unit": ["unchanged"]}


def test_transfer_ticket_refuses_unit_of_other_organisation(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        transfer_ticket(ticket, to_unit=ServiceUnitFactory(), reason="Salah alamat", actor=cast.supervisor)

    assert error_codes(caught.value) == {"to_unit": ["invalid_unit"]}


def test_transfer_ticket_refuses_inactive_unit(cast, ticket):
    cast.unit_b.is_active = False
    cast.unit_b.save()

    with pytest.raises(ValidationError) as caught:
        transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert error_codes(caught.value) == {"to_unit": ["invalid_unit"]}


def test_transfer_ticket_refuses_closed_request(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        transfer_ticket(ticket, to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor)

    assert error_codes(caught.value) == {"to_unit": ["closed"]}
