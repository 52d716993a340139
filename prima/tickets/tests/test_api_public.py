"""The public's read-only view of a request by tracking code: no account, nothing identifying, public messages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from prima.tickets.services import add_reply, change_status

from .conftest import submit
from .test_api import api_for

URL = "/api/v1/public/requests/{}/"


@pytest.fixture
def ticket(cast):
    ticket = submit(cast.unit_a, subject="Syarat izin usaha mikro", confidentiality="confidential")
    add_reply(ticket, body="Apakah perlu NPWP?", actor=None, from_public=True)
    add_reply(ticket, body="Ya, NPWP diperlukan.", actor=cast.agent_a)
    add_reply(ticket, body="Pemohon pernah mengurus izin sebelumnya.", visibility="internal", actor=cast.agent_a)
    change_status(ticket, to_status="waiting_customer", actor=cast.agent_a)
    return ticket


def test_public_view_works_without_account_and_shows_public_messages_only(ticket):
    response = APIClient().get(URL.format(ticket.tracking_code))

    body = response.json()
    assert (response.status_code, body["messages"], response["Cache-Control"]) == (
        200,
        [
            {"from_requester": True, "body": "Apakah perlu NPWP?", "created_at": body["messages"][0]["created_at"]},
            {"from_requester": False, "body": "Ya, NPWP diperlukan.", "created_at": body["messages"][1]["created_at"]},
        ],
        "no-store",
    )


def test_public_view_shows_status_kind_unit_and_nothing_identifying(ticket):
    body = APIClient().get(URL.format(ticket.tracking_code)).json()

    assert {key: value for key, value in body.items() if key not in ("received_at", "messages")} == {
        "tracking_code": ticket.tracking_code,
        "kind": "information",
        "status": "waiting_customer",
        "status_group": "paused",
        "unit_name": "Perizinan Usaha",
        "resolved_at": None,
        "closed_at": None,
        "merged": False,
    }


def test_public_view_never_mentions_requester_or_staff(ticket):
    text = APIClient().get(URL.format(ticket.tracking_code)).content.decode()

    assert [word for word in ("Budi", "budi@contoh.id", "Dewi", "internal", "owner") if word in text] == []


def test_public_view_forgives_how_the_code_is_typed(ticket):
    typed = ticket.tracking_code.lower().replace("-", "")

    response = APIClient().get(URL.format(typed))

    assert (response.status_code, response.json()["tracking_code"]) == (200, ticket.tracking_code)


@pytest.mark.parametrize("code", ["PRM-0000-0000-0000", "abc", "x" * 500, "%00", "PRM-%00", "💥"])
def test_public_view_unknown_code_is_404_with_message(ticket, code):
    response = APIClient().get(URL.format(code), headers={"accept-language": "en"})

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "No request has this tracking code. Check the code and try again."},
    )


def test_public_view_is_read_only(ticket):
    response = APIClient().post(URL.format(ticket.tracking_code), {"body": "Halo"}, format="json")

    assert (response.status_code, ticket.messages.count()) == (405, 3)


def test_public_view_ignores_a_signed_in_session(cast, ticket):
    client = api_for(cast.agent_a)

    body = client.get(URL.format(ticket.tracking_code)).json()

    assert [message["body"] for message in body["messages"]] == ["Apakah perlu NPWP?", "Ya, NPWP diperlukan."]
