"""No input makes the request API answer 500; lists cost the same queries however long; the schema documents it."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from prima.accounts.models import User
from prima.tickets.models import Ticket
from prima.tickets.services import add_collaborators, add_reply, assign_ticket, set_tags
from prima.tickets.services.taxonomy import create_tag

from .conftest import submit
from .test_api import URL, detail_url

LONG = "x" * 10_000
HUGE_NUMBER = 10**30
UNICODE = "Budi 🙂 بودي\u200b\u202e \uff22\uff55\uff44\uff49"


def session_for(user: User) -> APIClient:
    user.language = "en"
    user.save(update_fields=["language"])
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a)


# --- junk -------------------------------------------------------------------------------------------------------

CREATE_JUNK = [
    pytest.param({}, id="empty"),
    pytest.param([], id="list-body"),
    pytest.param("Budi", id="string-body"),
    pytest.param(None, id="null-body"),
    pytest.param({"unit": "abc", "kind": "information"}, id="unit-abc"),
    pytest.param({"unit": HUGE_NUMBER, "kind": "information"}, id="unit-huge"),
    pytest.param({"unit": "9" * 5000, "kind": "information"}, id="unit-5000-digits"),
    pytest.param({"unit": -1, "kind": {"a": 1}}, id="unit-negative-kind-dict"),
    pytest.param({"unit": 1, "kind": "complaint", "subject": LONG, "description": LONG}, id="long"),
    pytest.param({"unit": 1, "kind": "information", "subject": "A\x00", "description": "\x00"}, id="nul"),
    pytest.param({"unit": 1, "kind": "information", "subject": UNICODE, "description": UNICODE}, id="unicode"),
    pytest.param({"unit": 1, "kind": "information", "subject": ["a"], "description": {"a": 1}}, id="containers"),
    pytest.param({"unit": 1, "kind": "complaint", "details": "incident"}, id="details-string"),
    pytest.param({"unit": 1, "kind": "complaint", "details": ["x"]}, id="details-list"),
    pytest.param({"unit": 1, "kind": "complaint", "details": {"incident_date": "\x00"}}, id="details-nul"),
    pytest.param({"unit": 1, "kind": "complaint", "details": {"incident_date": "9999-99-99"}}, id="details-date"),
    pytest.param({"unit": 1, "kind": "order", "details": {"lines": "x"}}, id="lines-string"),
    pytest.param({"unit": 1, "kind": "order", "details": {"lines": [1, "a", None]}}, id="lines-junk"),
    pytest.param({"unit": 1, "kind": "order", "details": {"lines": [{"item": "a", "quantity": "1e400"}]}}, id="q-e"),
    pytest.param({"unit": 1, "kind": "order", "details": {"lines": [{"item": "a", "quantity": "NaN"}]}}, id="q-nan"),
    pytest.param({"unit": 1, "kind": "order", "details": {"lines": [{"item": "a", "quantity": 10**20}]}}, id="q-big"),
    pytest.param({"unit": 1, "kind": "appointment", "details": {"starts_at": "x", "ends_at": 5}}, id="appt-junk"),
    pytest.param(
        {"unit": 1, "kind": "appointment", "details": {"place": "L", "starts_at": "9999-12-31T23:59:59-12:00"}},
        id="appt-overflow",
    ),
    pytest.param(
        {
            "unit": 1,
            "kind": "appointment",
            "subject": "Janji temu",
            "description": "Konsultasi",
            "requester_name": "Budi",
            "requester_phone": "0812-3456-7890",
            "details": {"place": "L", "starts_at": "9999-12-31T23:00:00-12:00", "ends_at": "9999-12-31T23:59:59-12:00"},
        },
        id="appt-year-10000",
    ),
    pytest.param(
        {
            "unit": 1,
            "kind": "appointment",
            "subject": "Janji temu",
            "description": "Konsultasi",
            "requester_name": "Budi",
            "requester_phone": "0812-3456-7890",
            "details": {"place": "L", "starts_at": "0001-01-01T00:00:00+14:00", "ends_at": "0001-01-01T01:00"},
        },
        id="appt-year-0",
    ),
    pytest.param({"unit": 1, "kind": "information", "customer": HUGE_NUMBER, "category": "abc"}, id="fks-junk"),
    pytest.param({"unit": 1, "kind": "information", "submission_key": LONG}, id="long-key"),
    pytest.param({"unit": 1, "kind": "information", "language": "xx", "confidentiality": 3}, id="choices-junk"),
    pytest.param({"unit": 1, "kind": "information", "requester_email": "a@" + "b" * 300}, id="long-email"),
    pytest.param({"unit": 1, "kind": "information", "requester_phone": "9" * 400}, id="long-phone"),
]


@pytest.mark.parametrize("body", CREATE_JUNK)
def test_create_junk_is_400_not_500(cast, body):
    text = json.dumps(body).replace('"unit": 1,', f'"unit": {cast.unit_a.pk},')

    response = session_for(cast.agent_a).post(URL, text, content_type="application/json")

    assert (response.status_code, Ticket.objects.count()) == (400, 0)


def test_create_json_number_with_5000_digits_is_400(cast):
    response = session_for(cast.agent_a).post(URL, '{"unit": ' + "9" * 5000 + "}", content_type="application/json")

    assert response.status_code == 400


def test_create_malformed_json_is_400(cast):
    response = session_for(cast.agent_a).post(URL, '{"unit": ', content_type="application/json")

    assert response.status_code == 400


def test_create_long_idempotency_key_header_is_400(cast):
    data = {
        "unit": cast.unit_a.pk,
        "kind": "information",
        "subject": "Izin",
        "description": "Syarat?",
        "requester_name": "Budi",
        "requester_email": "budi@contoh.id",
    }

    response = session_for(cast.agent_a).post(URL, data, format="json", headers={"Idempotency-Key": "k" * 101})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"submission_key": ["The submission key is too long."]},
    )


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("messages", {}),
        ("messages", {"body": None}),
        ("messages", {"body": ["a"], "visibility": {"x": 1}}),
        ("messages", {"body": "a\x00"}),
        ("messages", []),
        ("status", {}),
        ("status", {"to_status": None, "reason": {"a": 1}}),
        ("status", {"to_status": LONG}),
        ("status", "closed"),
        ("assign", {"owner": "\x00"}),
        ("assign", {"owner": HUGE_NUMBER}),
        ("assign", {"owner": -5, "reason": ["a"]}),
        ("transfer", {}),
        ("transfer", {"unit": HUGE_NUMBER, "reason": "x"}),
        ("transfer", {"unit": "abc", "reason": None}),
        ("transfer", {"unit": [1], "reason": LONG}),
    ],
)
def test_action_junk_is_400_not_500(cast, ticket, action, body):
    response = session_for(cast.supervisor).post(
        detail_url(ticket, action), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("pk", [str(HUGE_NUMBER), "-1", "0", "abc", "٣", str(2**63), "9" * 5000])
@pytest.mark.parametrize("action", ["", "messages", "status", "assign", "transfer"])
def test_junk_ids_are_404_with_message(cast, ticket, pk, action):
    client = session_for(cast.supervisor)
    url = f"{URL}{pk}/{action + '/' if action else ''}"

    response = client.post(url, {}, format="json") if action not in ("", "messages") else client.get(url)

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no such request, or it is not one you may see."},
    )


@pytest.mark.parametrize(
    "query",
    [
        {"q": LONG},
        {"q": UNICODE},
        {"q": "%_\\'\""},
        {"unit": str(HUGE_NUMBER)},
        {"unit": "9" * 5000},
        {"unit": "-1"},
        {"unit": "1.5"},
        {"cursor": "abc"},
        {"cursor": LONG},
        {"cursor": "cD0x"},
        {"page_size": "abc"},
        {"page_size": "-1"},
        {"page_size": str(HUGE_NUMBER)},
        {"status_group": "x", "owner": "you", "kind": LONG},
    ],
)
def test_list_junk_query_is_not_500(cast, ticket, query):
    response = session_for(cast.agent_a).get(URL, query)

    assert response.status_code in (200, 400, 404)


def test_list_nul_in_query_is_400(cast, ticket):
    response = session_for(cast.agent_a).get(URL, {"q": "\x00"})

    assert response.status_code == 400


# --- query counts -----------------------------------------------------------------------------------------------


def queries_for(client: APIClient, url: str) -> int:
    client.get(url)  # warm up: session, content types, translations
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_request(cast, number: int) -> Ticket:
    confidentiality = ["normal", "confidential", "anonymous"][number % 3]
    ticket = submit(cast.unit_a, subject=f"Permohonan {number}", confidentiality=confidentiality, kind="complaint")
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    add_collaborators(ticket, users=[cast.agent_b], actor=cast.supervisor)
    set_tags(ticket, tags=[create_tag(cast.organisation, name=f"Tag {number}", actor=cast.admin)], actor=cast.admin)
    return ticket


@pytest.mark.parametrize("who", ["supervisor", "agent_b"])
def test_list_queries_do_not_grow_with_rows(cast, who):
    client = session_for(getattr(cast, who))
    make_request(cast, 1)
    with_one = queries_for(client, URL)
    make_request(cast, 2)
    make_request(cast, 3)

    with_three = queries_for(client, URL)

    assert with_one == with_three


def test_messages_queries_do_not_grow_with_rows(cast, ticket):
    client = session_for(cast.agent_a)
    url = detail_url(ticket, "messages")
    add_reply(ticket, body="Pertanyaan", actor=None, from_public=True)
    with_one = queries_for(client, url)
    add_reply(ticket, body="Jawaban", actor=cast.agent_a)
    add_reply(ticket, body="Catatan", visibility="internal", actor=cast.supervisor)

    with_three = queries_for(client, url)

    assert with_one == with_three


# --- schema -----------------------------------------------------------------------------------------------------


def test_schema_renders_with_the_request_paths(db):
    response = APIClient().get("/api/schema/", {"format": "json"})

    paths = json.loads(response.content)["paths"]
    assert (response.status_code, sorted(path for path in paths if "requests" in path)) == (
        200,
        [
            "/api/v1/public/requests/{tracking_code}/",
            "/api/v1/requests/",
            "/api/v1/requests/{id}/",
            "/api/v1/requests/{id}/assign/",
            "/api/v1/requests/{id}/messages/",
            "/api/v1/requests/{id}/status/",
            "/api/v1/requests/{id}/transfer/",
        ],
    )


def test_schema_documents_methods_and_idempotency_header(db):
    paths = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)["paths"]

    create = paths["/api/v1/requests/"]["post"]
    assert (
        sorted(paths["/api/v1/requests/"]),
        sorted(paths["/api/v1/requests/{id}/messages/"]),
        sorted(paths["/api/v1/public/requests/{tracking_code}/"]),
        [parameter["name"] for parameter in create["parameters"]],
        sorted(create["responses"]),
        paths["/api/v1/public/requests/{tracking_code}/"]["get"].get("security"),
    ) == (
        ["get", "post"],
        ["get", "post"],
        ["get"],
        ["Idempotency-Key"],
        ["200", "201", "400", "403"],
        [{}],
    )
