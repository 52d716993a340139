"""Permissions on requests, denials as carefully as grants."""

import pytest
from django.contrib.auth.models import AnonymousUser

from prima.accounts.models import Role
from prima.factories import MembershipFactory, UserFactory
from prima.tickets.services import add_collaborators, assign_ticket

from .conftest import submit


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a)


@pytest.fixture
def complaint(cast):
    return submit(cast.unit_a, kind="complaint")


def allowed(permission, ticket, cast):
    people = {
        "agent_a": cast.agent_a,
        "supervisor": cast.supervisor,
        "leader": cast.leader,
        "admin": cast.admin,
        "agent_b": cast.agent_b,
        "trainer": cast.trainer,
        "public": AnonymousUser(),
    }
    return sorted(name for name, user in people.items() if user.has_perm(permission, ticket))


def test_view_ticket(cast, ticket):
    assert allowed("tickets.view_ticket", ticket, cast) == ["admin", "agent_a", "leader", "supervisor"]


def test_change_ticket(cast, ticket):
    assert allowed("tickets.change_ticket", ticket, cast) == ["admin", "agent_a", "leader", "supervisor"]


def test_view_ticket_granted_to_collaborator_of_other_unit(cast, ticket):
    add_collaborators(ticket, users=[cast.agent_b], actor=cast.leader)

    assert cast.agent_b.has_perm("tickets.view_ticket", ticket) is True


def test_assign_ticket_for_managers_only(cast, ticket):
    assert allowed("tickets.assign_ticket", ticket, cast) == ["admin", "leader", "supervisor"]


def test_take_ticket_for_unit_staff_while_unassigned(cast, ticket):
    assert allowed("tickets.take_ticket", ticket, cast) == ["agent_a", "supervisor"]


def test_take_ticket_refused_once_owned(cast, ticket):
    assign_ticket(ticket, owner=cast.supervisor, actor=cast.supervisor)

    assert allowed("tickets.take_ticket", ticket, cast) == []


def test_transfer_ticket_for_managers(cast, ticket):
    assert allowed("tickets.transfer_ticket", ticket, cast) == ["admin", "leader", "supervisor"]


def test_transfer_ticket_for_owner(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    assert allowed("tickets.transfer_ticket", ticket, cast) == ["admin", "agent_a", "leader", "supervisor"]


def test_verify_complaint_for_managers(cast, complaint):
    assert allowed("tickets.verify_complaint", complaint, cast) == ["admin", "leader", "supervisor"]


def test_verify_complaint_refused_on_other_kinds(cast, ticket):
    assert allowed("tickets.verify_complaint", ticket, cast) == []


def test_merge_ticket_for_managers(cast, ticket):
    assert allowed("tickets.merge_ticket", ticket, cast) == ["admin", "leader", "supervisor"]


def test_view_requester_identity_of_confidential_request(cast):
    secret = submit(cast.unit_a, kind="complaint", confidentiality="confidential")

    assert allowed("tickets.view_requester_identity", secret, cast) == ["admin", "leader", "supervisor"]


def test_bulk_update_for_managers_anywhere(cast):
    people = [cast.agent_a, cast.supervisor, cast.leader, cast.admin, cast.agent_b, cast.trainer, AnonymousUser()]

    assert [user.has_perm("tickets.bulk_update_tickets") for user in people] == [
        False,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_manage_unit_settings(cast):
    people = [cast.agent_a, cast.supervisor, cast.leader, cast.agent_b]

    assert [user.has_perm("tickets.manage_unit_settings", cast.unit_a) for user in people] == [False, True, True, False]


def test_supervisor_of_other_unit_manages_nothing_here(cast, ticket):
    supervisor_b = UserFactory()
    MembershipFactory(user=supervisor_b, unit=cast.unit_b, role=Role.SUPERVISOR)

    assert [
        supervisor_b.has_perm(p, ticket)
        for p in ("tickets.view_ticket", "tickets.assign_ticket", "tickets.merge_ticket", "tickets.transfer_ticket")
    ] == [False, False, False, False]
