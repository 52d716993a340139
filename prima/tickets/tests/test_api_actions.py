"""The request API's actions: the conversation, status changes, assigning and transferring. Each checks scope
(404), permission (403, ``prima.tickets.rules``) and the service's own refusals (400 with field errors)."""

from __future__ import annotations

import pytest

from prima.accounts.models import Role
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory
from prima.tickets.models import OwnershipChange, Ticket, TicketMessage
from prima.tickets.services import add_reply, assign_ticket, change_status

from .conftest import submit
from .test_api import api_for, detail_url


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a, subject="Syarat izin usaha mikro")


def post(client, ticket: Ticket, action: str, data):
    return client.post(detail_url(ticket, action), data, format="json")


# --- scope ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action", "data"),
    [
        ("get", "messages", None),
        ("post", "messages", {"body": "Halo"}),
        ("post", "status", {"to_status": "in_progress"}),
        ("post", "assign", {"owner": None}),
        ("post", "transfer", {"unit": 1, "reason": "x"}),
    ],
)
def test_actions_outside_scope_are_404(cast, ticket, method, action, data):
    client = api_for(cast.agent_b)

    response = getattr(client, method)(detail_url(ticket, action), data, format="json")

    assert (response.status_code, response.json(), ticket.messages.count()) == (
        404,
        {"detail": "There is no such request, or it is not one you may see."},
        0,
    )


# --- messages ---------------------------------------------------------------------------------------------------


def test_messages_list_public_and_internal_oldest_first(cast, ticket):
    add_reply(ticket, body="Bisa dijelaskan lagi?", actor=None, from_public=True)
    reply = add_reply(ticket, body="Syaratnya KTP dan NPWP.", actor=cast.agent_a)
    note = add_reply(ticket, body="Cek data OSS dulu.", visibility="internal", actor=cast.supervisor)

    response = api_for(cast.agent_a).get(detail_url(ticket, "messages"))

    rows = response.json()["results"]
    assert (
        response.status_code,
        [(r["visibility"], r["from_public"], r["author_display"], r["body"]) for r in rows],
    ) == (
        200,
        [
            ("public", True, "Budi Santoso", "Bisa dijelaskan lagi?"),
            ("public", False, "Dewi Lestari", "Syaratnya KTP dan NPWP."),
            ("internal", False, "Bambang Wijaya", "Cek data OSS dulu."),
        ],
    )
    assert [r["id"] for r in rows[1:]] == [reply.pk, note.pk]


def test_message_post_public_reply(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "messages", {"body": "Syaratnya KTP dan NPWP."})

    message = TicketMessage.objects.get()
    ticket.refresh_from_db()
    assert (
        response.status_code,
        response.json()["id"],
        message.visibility,
        message.author,
        ticket.first_response_at,
    ) == (
        201,
        message.pk,
        "public",
        cast.agent_a,
        message.created_at,
    )


def test_message_post_internal_note(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "messages", {"body": "Tanya bagian OSS.", "visibility": "internal"})

    ticket.refresh_from_db()
    assert (response.status_code, response.json()["visibility"], ticket.first_response_at) == (201, "internal", None)


def test_message_post_blank_body_is_400(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "messages", {"body": "   "})

    assert (response.status_code, response.json()["errors"]) == (400, {"body": ["Write a message."]})


def test_message_post_invalid_visibility_is_400(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "messages", {"body": "Halo", "visibility": "secret"})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"visibility": ['"secret" is not a valid choice.']},
    )


def test_message_post_on_closed_request_is_400(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    response = post(api_for(cast.agent_a), ticket, "messages", {"body": "Halo"})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"body": ["This request is closed; reopen it before replying."]},
    )


# --- status -----------------------------------------------------------------------------------------------------


def test_status_change(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "status", {"to_status": "in_progress"})

    ticket.refresh_from_db()
    body = response.json()
    assert (response.status_code, body["from_status"], body["to_status"], body["actor"]["id"], ticket.status) == (
        200,
        "new",
        "in_progress",
        cast.agent_a.pk,
        "in_progress",
    )


def test_status_transition_refused_is_400_with_message(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    response = post(api_for(cast.agent_a), ticket, "status", {"to_status": "resolved"})

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "The data sent is not valid; see the errors for each field.",
            "errors": {"to_status": ["A request cannot go from “Closed” to “Resolved”."]},
        },
    )


def test_status_reopening_needs_a_reason(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    response = post(api_for(cast.agent_a), ticket, "status", {"to_status": "in_progress"})

    assert response.json()["errors"] == {"reason": ["Say why the request is reopened."]}


def test_status_unknown_value_is_400(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "status", {"to_status": "lost"})

    assert response.json()["errors"] == {"to_status": ['"lost" is not a valid choice.']}


def test_status_message_in_indonesian_by_default(cast, ticket):
    response = post(api_for(cast.agent_a, language="id"), ticket, "status", {"to_status": "new"})

    assert response.json()["errors"] == {"to_status": ["Status permohonan ini sudah “Baru”."]}


# --- assign -----------------------------------------------------------------------------------------------------


def test_supervisor_assigns_an_agent_of_the_unit(cast, ticket):
    response = post(api_for(cast.supervisor), ticket, "assign", {"owner": cast.agent_a.pk, "reason": "Giliran"})

    ticket.refresh_from_db()
    body = response.json()
    assert (response.status_code, body["to_owner"], body["from_owner"], body["reason"], ticket.owner) == (
        200,
        {"id": cast.agent_a.pk, "full_name": "Dewi Lestari"},
        None,
        "Giliran",
        cast.agent_a,
    )


def test_assign_to_a_user_of_another_unit_is_400(cast, ticket):
    response = post(api_for(cast.supervisor), ticket, "assign", {"owner": cast.agent_b.pk})

    assert (response.status_code, response.json()["errors"], OwnershipChange.objects.count()) == (
        400,
        {"owner": ["Agus Setiawan does not work in Perizinan Usaha."]},
        0,
    )


def test_assign_to_a_user_of_another_organisation_is_400_without_naming_them(cast, ticket):
    stranger = UserFactory(full_name="Orang Luar")
    MembershipFactory(user=stranger, unit=ServiceUnitFactory(organisation=OrganisationFactory()), role=Role.AGENT)

    response = post(api_for(cast.supervisor), ticket, "assign", {"owner": stranger.pk})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"owner": ["Choose a staff member of this organisation."]},
    )


@pytest.mark.parametrize("owner", [999_999, 2**70, "abc", [1], {"id": 1}, 1.5, True])
def test_assign_junk_owner_is_400(cast, ticket, owner):
    response = post(api_for(cast.supervisor), ticket, "assign", {"owner": owner})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["owner"])


def test_agent_may_not_assign_someone_else(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "assign", {"owner": cast.supervisor.pk})

    assert (response.status_code, response.json(), Ticket.objects.get().owner) == (
        403,
        {"detail": "Only a supervisor of the request's unit may assign it; you may take it while it has no owner."},
        None,
    )


def test_agent_takes_an_unassigned_request(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "assign", {"owner": cast.agent_a.pk})

    assert (response.status_code, Ticket.objects.get().owner) == (200, cast.agent_a)


def test_agent_may_not_take_an_owned_request(cast, ticket):
    assign_ticket(ticket, owner=cast.supervisor, actor=cast.supervisor)

    response = post(api_for(cast.agent_a), ticket, "assign", {"owner": cast.agent_a.pk})

    assert (response.status_code, Ticket.objects.get().owner) == (403, cast.supervisor)


def test_supervisor_unassigns(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    response = post(api_for(cast.supervisor), ticket, "assign", {"owner": None})

    assert (response.status_code, response.json()["to_owner"], Ticket.objects.get().owner) == (200, None, None)


def test_assign_without_owner_field_is_400(cast, ticket):
    response = post(api_for(cast.supervisor), ticket, "assign", {})

    assert response.json()["errors"] == {"owner": ["This field is required."]}


# --- transfer ---------------------------------------------------------------------------------------------------


def test_owner_transfers_to_another_unit(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    response = post(
        api_for(cast.agent_a), ticket, "transfer", {"unit": cast.unit_b.pk, "reason": "Urusan izin bangunan"}
    )

    body = response.json()
    assert (response.status_code, body["from_unit"]["id"], body["to_unit"]["id"], Ticket.objects.get().unit) == (
        200,
        cast.unit_a.pk,
        cast.unit_b.pk,
        cast.unit_b,
    )


def test_agent_who_does_not_own_may_not_transfer(cast, ticket):
    response = post(api_for(cast.agent_a), ticket, "transfer", {"unit": cast.unit_b.pk, "reason": "Salah unit"})

    assert (response.status_code, response.json(), Ticket.objects.get().unit) == (
        403,
        {"detail": "Only the request's owner or a supervisor of its unit may transfer it."},
        cast.unit_a,
    )


def test_transfer_without_reason_is_400(cast, ticket):
    response = post(api_for(cast.supervisor), ticket, "transfer", {"unit": cast.unit_b.pk, "reason": " "})

    assert response.json()["errors"] == {"reason": ["Say why the request goes to another unit."]}


def test_transfer_to_the_same_unit_is_400_under_unit(cast, ticket):
    response = post(api_for(cast.supervisor), ticket, "transfer", {"unit": cast.unit_a.pk, "reason": "Tetap"})

    assert response.json()["errors"] == {"unit": ["The request is already with Perizinan Usaha."]}


def test_transfer_to_a_unit_of_another_organisation_is_400(cast, ticket):
    elsewhere = ServiceUnitFactory(organisation=OrganisationFactory())

    response = post(api_for(cast.supervisor), ticket, "transfer", {"unit": elsewhere.pk, "reason": "Salah alamat"})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"unit": ["Choose an active unit of this organisation."]},
    )
