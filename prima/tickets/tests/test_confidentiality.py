"""Who sees a requester's identity: everyone on normal requests, the accountable few on confidential ones,
nobody on anonymous ones."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from prima.accounts.models import Role
from prima.activity.models import ActivityLog
from prima.activity.registry import describe
from prima.factories import MembershipFactory, UserFactory
from prima.tickets.confidentiality import (
    RequesterIdentity,
    can_see_identity,
    requester_display,
    requester_identity,
)
from prima.tickets.services import add_collaborators, assign_ticket, change_status

from .conftest import submit


@pytest.fixture
def confidential(cast):
    ticket = submit(cast.unit_a, kind="complaint", confidentiality="confidential", requester_phone="0812-1111-2222")
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    return ticket


@pytest.fixture
def colleague(cast):
    """Another agent of unit A who does not own the request."""
    person = UserFactory(full_name="Rudi Hartono")
    MembershipFactory(user=person, unit=cast.unit_a, role=Role.AGENT)
    return person


def display(user, ticket):
    with translation.override("en"):
        return requester_display(user, ticket)


def test_confidential_identity_shown_to_owner(cast, confidential):
    assert display(cast.agent_a, confidential) == "Budi Santoso"


def test_confidential_identity_shown_to_supervisor_of_unit(cast, confidential):
    assert display(cast.supervisor, confidential) == "Budi Santoso"


def test_confidential_identity_shown_to_leader_above(cast, confidential):
    assert display(cast.leader, confidential) == "Budi Santoso"


def test_confidential_identity_shown_to_admin_above(cast, confidential):
    assert display(cast.admin, confidential) == "Budi Santoso"


def test_confidential_identity_shown_to_superuser(cast, confidential):
    assert display(UserFactory(is_superuser=True), confidential) == "Budi Santoso"


def test_confidential_identity_hidden_from_agent_of_unit_who_is_not_owner(cast, confidential, colleague):
    assert (can_see_identity(colleague, confidential), display(colleague, confidential)) == (
        False,
        "Confidential requester",
    )


def test_confidential_identity_hidden_from_agent_of_other_unit(cast, confidential):
    assert (can_see_identity(cast.agent_b, confidential), display(cast.agent_b, confidential)) == (
        False,
        "Confidential requester",
    )


def test_confidential_identity_hidden_from_collaborator(cast, confidential):
    add_collaborators(confidential, users=[cast.agent_b], actor=cast.leader)

    assert display(cast.agent_b, confidential) == "Confidential requester"


def test_confidential_identity_hidden_from_trainer(cast, confidential):
    assert display(cast.trainer, confidential) == "Confidential requester"


def test_confidential_identity_hidden_from_supervisor_of_other_unit(cast, confidential):
    supervisor_b = UserFactory()
    MembershipFactory(user=supervisor_b, unit=cast.unit_b, role=Role.SUPERVISOR)

    assert display(supervisor_b, confidential) == "Confidential requester"


def test_confidential_identity_hidden_from_the_public(cast, confidential):
    assert display(AnonymousUser(), confidential) == "Confidential requester"


def test_confidential_identity_hidden_from_previous_owner_after_reassignment(cast, confidential, colleague):
    assign_ticket(confidential, owner=colleague, actor=cast.supervisor)

    assert (display(cast.agent_a, confidential), display(colleague, confidential)) == (
        "Confidential requester",
        "Budi Santoso",
    )


def test_requester_identity_gives_every_field_to_the_entitled(cast, confidential):
    assert requester_identity(cast.supervisor, confidential) == RequesterIdentity(
        name="Budi Santoso", email="budi@contoh.id", phone="+6281211112222", customer_id=confidential.customer_id
    )


def test_requester_identity_gives_nothing_to_others(cast, confidential, colleague):
    assert requester_identity(colleague, confidential) is None


def test_normal_identity_shown_to_every_agent_of_unit(cast, colleague):
    ticket = submit(cast.unit_a)

    assert display(colleague, ticket) == "Budi Santoso"


def test_normal_identity_hidden_from_staff_who_cannot_see_the_request(cast):
    ticket = submit(cast.unit_a)

    assert display(cast.agent_b, ticket) == "Confidential requester"


def test_anonymous_shows_placeholder_to_everyone(cast):
    ticket = submit(cast.unit_a, confidentiality="anonymous")

    assert [display(user, ticket) for user in (cast.agent_a, cast.supervisor, cast.leader, cast.admin)] == [
        "Anonymous"
    ] * 4


def test_anonymous_identity_is_none_even_for_superuser(cast):
    ticket = submit(cast.unit_a, confidentiality="anonymous")

    assert requester_identity(UserFactory(is_superuser=True), ticket) is None


def test_requester_display_falls_back_to_email_without_name(cast):
    ticket = submit(cast.unit_a, channel="walk_in", actor=cast.agent_a)
    ticket.requester_name = ""

    assert display(cast.agent_a, ticket) == "budi@contoh.id"


def test_confidential_activity_never_names_the_requester(cast, confidential):
    change_status(confidential, to_status="resolved", actor=cast.agent_a)

    ticket_entries = ActivityLog.objects.filter(action__startswith="tickets.")
    texts = [describe(e.action, e.data, e.object_repr) for e in ticket_entries]
    stored = [str(e.data) + e.object_repr for e in ticket_entries]
    assert (
        any("Budi" in text for text in texts + stored),
        any("budi@contoh.id" in text for text in texts + stored),
        set(ticket_entries.values_list("customer", flat=True)),
    ) == (False, False, {None})
