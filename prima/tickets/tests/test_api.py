"""The request API: scoping, confidentiality of the requester, listing and filtering, and creating requests
through ``submit_request`` (idempotent with ``Idempotency-Key``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from prima.accounts.models import Role, User
from prima.activity.models import ActivityLog
from prima.factories import MembershipFactory, UserFactory
from prima.tickets.models import Ticket
from prima.tickets.services import add_reply, assign_ticket, change_status

from .conftest import submit

URL = "/api/v1/requests/"


def api_for(user: User | None, language: str = "en") -> APIClient:
    """An API client acting as ``user`` (None: nobody), who reads ``language``."""
    client = APIClient()
    if user is not None:
        user.language = language
        user.save(update_fields=["language"])
        client.force_authenticate(user)
    return client


def detail_url(ticket: Ticket, action: str = "") -> str:
    return f"{URL}{ticket.pk}/{action + '/' if action else ''}"


def create(client: APIClient, data: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, data, format="json", headers=headers)


def payload(cast: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": cast.unit_a.pk,
        "kind": "information",
        "channel": "phone",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "requester_name": "Budi Santoso",
        "requester_phone": "0812-3456-7890",
    }
    data.update(changes)
    return data


IDENTITY_FIELDS = ("requester_name", "requester_email", "requester_phone", "customer")


def identity_of(row: dict[str, Any]) -> dict[str, Any]:
    return {field: row[field] for field in (*IDENTITY_FIELDS, "requester_display", "identity_hidden")}


HIDDEN_CONFIDENTIAL = {
    "requester_name": None,
    "requester_email": None,
    "requester_phone": None,
    "customer": None,
    "requester_display": "Confidential requester",
    "identity_hidden": True,
}


@pytest.fixture
def ticket_a(cast):
    return submit(cast.unit_a, subject="Syarat izin usaha mikro")


@pytest.fixture
def ticket_b(cast):
    return submit(cast.unit_b, subject="Jadwal survei lokasi bangunan", requester_email="sari@contoh.id")


@pytest.fixture
def colleague(cast):
    """Another agent of unit A, who does not own the confidential request."""
    person = UserFactory(full_name="Rudi Hartono", email="rudi@prima.test")
    MembershipFactory(user=person, unit=cast.unit_a, role=Role.AGENT)
    return person


@pytest.fixture
def confidential(cast):
    ticket = submit(
        cast.unit_a,
        kind="complaint",
        subject="Petugas loket meminta uang tambahan",
        confidentiality="confidential",
        requester_phone="0812-1111-2222",
    )
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    return ticket


@pytest.fixture
def anonymous(cast):
    return submit(cast.unit_a, kind="complaint", subject="Antrian tidak tertib", confidentiality="anonymous")


# --- scope ------------------------------------------------------------------------------------------------------


def test_list_shows_only_requests_of_the_agents_unit(cast, ticket_a, ticket_b):
    response = api_for(cast.agent_b).get(URL)

    assert (response.status_code, [row["id"] for row in response.json()["results"]]) == (200, [ticket_b.pk])


def test_list_of_leader_shows_both_units_newest_first(cast, ticket_a, ticket_b):
    response = api_for(cast.leader).get(URL)

    assert [row["id"] for row in response.json()["results"]] == [ticket_b.pk, ticket_a.pk]


def test_detail_outside_scope_is_404_with_message(cast, ticket_a):
    response = api_for(cast.agent_b).get(detail_url(ticket_a))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no such request, or it is not one you may see."},
    )


def test_collaborator_of_another_unit_sees_the_request(cast, ticket_a):
    from prima.tickets.services import add_collaborators

    add_collaborators(ticket_a, users=[cast.agent_b], actor=cast.supervisor)

    response = api_for(cast.agent_b).get(detail_url(ticket_a))

    assert (response.status_code, response.json()["subject"]) == (200, "Syarat izin usaha mikro")


def test_list_refuses_trainer_with_message(cast, ticket_a):
    response = api_for(cast.trainer).get(URL)

    assert (response.status_code, response.json()) == (403, {"detail": "Only staff who handle requests may use this."})


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Authentication credentials were not provided."), ("id", "Data autentikasi tidak diberikan.")],
)
def test_list_refuses_anonymous_caller_in_accept_language(ticket_a, language, message):
    response = APIClient().get(URL, headers={"accept-language": language})

    assert (response.status_code, response.json()) == (403, {"detail": message})


def test_list_with_basic_auth_answers_in_profile_language(cast, ticket_a):
    import base64

    from conftest import PASSWORD

    cast.trainer.language = "en"
    cast.trainer.save(update_fields=["language"])
    token = base64.b64encode(f"pelatih@prima.test:{PASSWORD}".encode()).decode()

    response = APIClient().get(URL, headers={"authorization": f"Basic {token}", "accept-language": "id"})

    assert (response.status_code, response.json()) == (403, {"detail": "Only staff who handle requests may use this."})


def test_list_row_shows_the_request(cast, ticket_a):
    assign_ticket(ticket_a, owner=cast.agent_a, actor=cast.supervisor)

    row = api_for(cast.agent_a).get(URL).json()["results"][0]

    assert {key: row[key] for key in row if key not in ("created_at", "updated_at")} == {
        "id": ticket_a.pk,
        "tracking_code": ticket_a.tracking_code,
        "kind": "information",
        "channel": "web",
        "status": "new",
        "status_group": "open",
        "priority": "normal",
        "confidentiality": "normal",
        "subject": "Syarat izin usaha mikro",
        "unit": {"id": cast.unit_a.pk, "name": "Perizinan Usaha"},
        "owner": {"id": cast.agent_a.pk, "full_name": "Dewi Lestari"},
        "category": None,
        "tags": [],
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "requester_phone": "",
        "customer": ticket_a.customer_id,
        "requester_display": "Budi Santoso",
        "identity_hidden": False,
        "due_at": None,
    }


# --- filters ----------------------------------------------------------------------------------------------------


@pytest.fixture
def three(cast):
    first = submit(cast.unit_a, subject="Izin reklame", kind="information")
    second = submit(cast.unit_a, subject="Keluhan antrian", kind="complaint", priority="high")
    third = submit(cast.unit_b, subject="Izin bangunan", kind="information")
    assign_ticket(second, owner=cast.agent_a, actor=cast.supervisor)
    change_status(third, to_status="waiting_customer", actor=cast.agent_b)
    return first, second, third


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "complaint"}, [1]),
        ({"priority": "high"}, [1]),
        ({"status": "waiting_customer"}, [2]),
        ({"status_group": "paused"}, [2]),
        ({"status_group": "open"}, [1, 0]),
        ({"owner": "me"}, [1]),
        ({"owner": "none"}, [2, 0]),
        ({"q": "izin"}, [2, 0]),
        ({"channel": "web", "kind": "information"}, [2, 0]),
    ],
)
def test_list_filters(cast, three, query, expected):
    response = api_for(cast.leader if "owner" not in query or query["owner"] != "me" else cast.agent_a).get(URL, query)

    assert [row["id"] for row in response.json()["results"]] == [three[i].pk for i in expected]


def test_list_filters_by_unit(cast, three):
    response = api_for(cast.leader).get(URL, {"unit": cast.unit_b.pk})

    assert [row["id"] for row in response.json()["results"]] == [three[2].pk]


def test_list_searches_by_tracking_code_typed_loosely(cast, three):
    code = three[1].tracking_code.lower().replace("-", " ")

    response = api_for(cast.leader).get(URL, {"q": code})

    assert [row["id"] for row in response.json()["results"]] == [three[1].pk]


def test_list_unknown_filter_value_is_400_with_field_error(cast, three):
    response = api_for(cast.leader).get(URL, {"status": "lost", "unit": "abc"})

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "The data sent is not valid; see the errors for each field.",
            "errors": {
                "status": ["Select a valid choice. lost is not one of the available choices."],
                "unit": ["Enter a whole number."],
            },
        },
    )


def test_list_pages_with_cursor(cast):
    tickets = [submit(cast.unit_a, subject=f"Permohonan {n}") for n in range(5)]
    client = api_for(cast.agent_a)

    first = client.get(URL, {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    assert [row["id"] for row in first["results"] + second["results"]] == [t.pk for t in reversed(tickets)]


# --- confidentiality --------------------------------------------------------------------------------------------


def test_confidential_hidden_from_colleague_in_list(cast, confidential, colleague):
    row = api_for(colleague).get(URL).json()["results"][0]

    assert identity_of(row) == HIDDEN_CONFIDENTIAL


def test_confidential_hidden_from_colleague_in_detail(cast, confidential, colleague):
    body = api_for(colleague).get(detail_url(confidential)).json()

    assert ({**identity_of(body), "requester_language": body["requester_language"]}) == {
        **HIDDEN_CONFIDENTIAL,
        "requester_language": None,
    }


def test_confidential_hidden_from_colleague_in_messages(cast, confidential, colleague):
    add_reply(confidential, body="Saya minta nama saya dirahasiakan.", actor=None, from_public=True)
    add_reply(confidential, body="Sedang kami periksa.", actor=cast.agent_a)

    rows = api_for(colleague).get(detail_url(confidential, "messages")).json()["results"]

    assert [(row["from_public"], row["author"], row["author_display"]) for row in rows] == [
        (True, None, "Confidential requester"),
        (False, {"id": cast.agent_a.pk, "full_name": "Dewi Lestari"}, "Dewi Lestari"),
    ]


@pytest.mark.parametrize("who", ["supervisor", "agent_a", "leader"])
def test_confidential_shown_to_the_accountable(cast, confidential, who):
    user = getattr(cast, who)
    client = api_for(user)
    add_reply(confidential, body="Mohon ditindaklanjuti.", actor=None, from_public=True)

    row = client.get(URL).json()["results"][0]
    detail = client.get(detail_url(confidential)).json()
    message = client.get(detail_url(confidential, "messages")).json()["results"][0]

    expected = {
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "requester_phone": "+6281211112222",
        "customer": confidential.customer_id,
        "requester_display": "Budi Santoso",
        "identity_hidden": False,
    }
    assert (identity_of(row), identity_of(detail), message["author_display"]) == (expected, expected, "Budi Santoso")


def test_confidential_letter_hides_the_sender_from_colleague(cast, colleague):
    ticket = submit(
        cast.unit_a,
        kind="letter",
        channel="letter",
        confidentiality="confidential",
        details={"letter_number": "12/RT-05/2025", "letter_date": "2025-01-06", "sender": "Budi Santoso"},
    )

    hidden = api_for(colleague).get(detail_url(ticket)).json()["letter"]
    shown = api_for(cast.supervisor).get(detail_url(ticket)).json()["letter"]

    assert (hidden["sender"], shown["sender"]) == (None, "Budi Santoso")


@pytest.mark.parametrize("who", ["supervisor", "agent_a", "leader", "admin"])
def test_anonymous_request_has_no_identity_for_anyone(cast, anonymous, who):
    client = api_for(getattr(cast, who))

    row = client.get(URL).json()["results"][0]
    detail = client.get(detail_url(anonymous)).json()

    expected = {**HIDDEN_CONFIDENTIAL, "requester_display": "Anonymous"}
    assert (identity_of(row), identity_of(detail)) == (expected, expected)


def test_anonymous_request_has_no_identity_for_superuser(cast, anonymous):
    boss = UserFactory(is_superuser=True)

    detail = api_for(boss).get(detail_url(anonymous)).json()

    assert identity_of(detail) == {**HIDDEN_CONFIDENTIAL, "requester_display": "Anonymous"}


def test_anonymous_requesters_message_shows_no_name(cast, anonymous):
    add_reply(anonymous, body="Tolong segera ditangani.", actor=None, from_public=True)

    rows = api_for(cast.supervisor).get(detail_url(anonymous, "messages")).json()["results"]

    assert [(row["author"], row["author_display"]) for row in rows] == [(None, "Anonymous")]


def test_placeholder_in_indonesian_by_default(cast, confidential, colleague):
    row = api_for(colleague, language="id").get(URL).json()["results"][0]

    assert row["requester_display"] == "Pemohon dirahasiakan"


# --- detail -----------------------------------------------------------------------------------------------------


def test_detail_shows_complaint_details(cast):
    ticket = submit(
        cast.unit_a,
        kind="complaint",
        details={"incident_date": "2025-01-06", "incident_place": "Loket 3", "remedy_requested": "Permintaan maaf"},
    )

    body = api_for(cast.agent_a).get(detail_url(ticket)).json()

    assert (body["complaint"], body["letter"], body["appointment"], body["order"]) == (
        {"incident_date": "2025-01-06", "incident_place": "Loket 3", "remedy_requested": "Permintaan maaf"},
        None,
        None,
        None,
    )


def test_detail_shows_the_order(cast):
    ticket = submit(
        cast.unit_a,
        kind="order",
        details={"lines": [{"item": "Formulir SIUP", "quantity": "10", "quantity_in_stock": "4"}]},
    )

    order = api_for(cast.agent_a).get(detail_url(ticket)).json()["order"]

    line = ticket.order.lines.get()
    assert order == {
        "promised_date": None,
        "notes": "",
        "lines": [
            {
                "id": line.pk,
                "item": "Formulir SIUP",
                "quantity": "10.000",
                "unit_of_measure": "",
                "quantity_in_stock": "4.000",
                "quantity_delivered": "0.000",
                "shortfall": "6.000",
                "outstanding": "10.000",
            }
        ],
    }


# --- create -----------------------------------------------------------------------------------------------------


def test_create_returns_201_with_the_request(cast):
    response = create(api_for(cast.agent_a), payload(cast))

    ticket = Ticket.objects.get()
    assert (response.status_code, response.json()["id"], response.json()["tracking_code"]) == (
        201,
        ticket.pk,
        ticket.tracking_code,
    )


def test_create_goes_through_submit_request(cast):
    create(api_for(cast.agent_a), payload(cast))

    ticket = Ticket.objects.get()
    assert (
        ticket.unit,
        ticket.channel,
        ticket.requester_phone,
        ticket.customer.name,
        list(ActivityLog.objects.filter(action="tickets.ticket.submitted").values_list("actor_id", "object_id")),
    ) == (cast.unit_a, "phone", "+6281234567890", "Budi Santoso", [(cast.agent_a.pk, str(ticket.pk))])


def test_create_with_the_same_idempotency_key_twice_gives_one_request(cast):
    client = api_for(cast.agent_a)

    first = create(client, payload(cast), **{"Idempotency-Key": "intake-42"})
    second = create(client, payload(cast), **{"Idempotency-Key": "intake-42"})

    assert (first.status_code, second.status_code, Ticket.objects.count(), second.json()) == (
        201,
        200,
        1,
        first.json(),
    )


def test_create_with_the_same_submission_key_field_twice_gives_one_request(cast):
    client = api_for(cast.agent_a)

    first = create(client, payload(cast, submission_key="intake-43"))
    second = create(client, payload(cast, submission_key="intake-43"))

    assert (first.status_code, second.status_code, second.json()["id"], Ticket.objects.count()) == (
        201,
        200,
        first.json()["id"],
        1,
    )


def test_create_reusing_a_key_for_another_request_is_400(cast):
    client = api_for(cast.agent_a)
    create(client, payload(cast), **{"Idempotency-Key": "intake-44"})

    response = create(client, payload(cast, subject="Lain lagi"), **{"Idempotency-Key": "intake-44"})

    assert (response.status_code, response.json()["errors"], Ticket.objects.count()) == (
        400,
        {"submission_key": ["This submission key was already used for another request."]},
        1,
    )


def test_create_with_header_and_field_that_differ_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, submission_key="a"), **{"Idempotency-Key": "b"})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"submission_key": ["The Idempotency-Key header and submission_key differ; send one of them."]},
    )


def test_create_replay_of_a_request_now_out_of_sight_is_refused(cast):
    from prima.tickets.services import transfer_ticket

    client = api_for(cast.agent_a)
    first = create(client, payload(cast), **{"Idempotency-Key": "intake-45"})
    ticket = Ticket.objects.get(pk=first.json()["id"])
    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Urusan bangunan", actor=cast.leader)

    response = create(client, payload(cast), **{"Idempotency-Key": "intake-45"})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"submission_key": ["This submission key was already used for another request."]},
    )


def test_create_missing_fields_is_400_listing_each(cast):
    response = create(api_for(cast.agent_a), {})

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "The data sent is not valid; see the errors for each field.",
            "errors": {
                "unit": ["This field is required."],
                "kind": ["This field is required."],
                "subject": ["This field is required."],
                "description": ["This field is required."],
            },
        },
    )


def test_create_blank_subject_and_no_name_gives_service_messages(cast):
    response = create(api_for(cast.agent_a), payload(cast, subject="  ", requester_name=""))

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {
            "subject": ["Give the request a subject."],
            "requester_name": ["Enter the requester's name, or choose to stay anonymous."],
        },
    )


def test_create_errors_in_indonesian_by_default(cast):
    response = create(api_for(cast.agent_a, language="id"), payload(cast, subject=""))

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Data yang dikirim tidak sah; lihat kesalahan pada setiap isian.",
            "errors": {"subject": ["Isi subjek permohonan."]},
        },
    )


def test_create_invalid_kind_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, kind="gossip"))

    assert (response.status_code, response.json()["errors"]) == (400, {"kind": ['"gossip" is not a valid choice.']})


def test_create_in_a_unit_the_agent_does_not_work_in_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, unit=cast.unit_b.pk))

    assert (response.status_code, response.json()["errors"], Ticket.objects.count()) == (
        400,
        {"unit": ["Choose a service unit you work in."]},
        0,
    )


def test_create_by_trainer_is_403(cast):
    response = create(api_for(cast.trainer), payload(cast))

    assert (response.status_code, Ticket.objects.count()) == (403, 0)


def test_create_letter_without_number_and_date_is_400_under_details(cast):
    response = create(
        api_for(cast.agent_a), payload(cast, kind="letter", channel="letter", details={"sender": "RT 05"})
    )

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"details": {"letter_number": ["Enter the letter's number."], "letter_date": ["Enter the letter's date."]}},
    )


def test_create_letter_sets_the_due_date(cast):
    response = create(
        api_for(cast.agent_a),
        payload(
            cast,
            kind="letter",
            channel="letter",
            details={"letter_number": "7/2025", "letter_date": "2025-01-06", "due_date": "2099-01-20"},
        ),
    )

    body = response.json()
    assert (response.status_code, body["letter"], body["due_at"][:10]) == (
        201,
        {"letter_number": "7/2025", "letter_date": "2025-01-06", "sender": "", "due_date": "2099-01-20"},
        "2099-01-20",
    )


def test_create_details_not_of_this_kind_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, details={"incident_place": "Loket 2"}))

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"details": {"non_field_errors": ["These fields do not belong to this kind of request: incident_place."]}},
    )


def test_create_unknown_details_field_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, kind="complaint", details={"mood": "angry"}))

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"details": {"non_field_errors": ["These fields do not belong to this kind of request: mood."]}},
    )


def test_create_details_with_wrong_types_is_400(cast):
    response = create(
        api_for(cast.agent_a),
        payload(cast, kind="complaint", details={"incident_date": "kemarin", "incident_place": ["Loket"]}),
    )

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {
            "details": {
                "incident_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
                "incident_place": ["Not a valid string."],
            }
        },
    )


def test_create_complaint_in_the_future_is_400(cast):
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()

    response = create(api_for(cast.agent_a), payload(cast, kind="complaint", details={"incident_date": tomorrow}))

    assert response.json()["errors"] == {"details": {"incident_date": ["The incident cannot be in the future."]}}


def test_create_order_with_lines(cast):
    response = create(
        api_for(cast.agent_a),
        payload(
            cast, kind="order", details={"lines": [{"item": "Map arsip", "quantity": 3, "unit_of_measure": "pak"}]}
        ),
    )

    assert (response.status_code, [(line["item"], line["quantity"]) for line in response.json()["order"]["lines"]]) == (
        201,
        [("Map arsip", "3.000")],
    )


def test_create_order_line_with_zero_quantity_is_400(cast):
    response = create(
        api_for(cast.agent_a),
        payload(
            cast,
            kind="order",
            details={"lines": [{"item": "Map arsip", "quantity": 1}, {"item": "Stempel", "quantity": 0}]},
        ),
    )

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"details": {"lines": {"1": {"quantity": ["Enter a number above zero."]}}}},
    )


def test_create_order_with_dates_but_no_lines_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, kind="order", details={"notes": "Segera"}))

    assert response.json()["errors"] == {"details": {"lines": ["Add the ordered items, or leave the order for later."]}}


def test_create_appointment_reads_a_time_without_offset_in_the_units_zone(cast):
    start = (timezone.localdate() + dt.timedelta(days=3)).isoformat()

    response = create(
        api_for(cast.agent_b),
        payload(
            cast,
            unit=cast.unit_b.pk,
            kind="appointment",
            details={"place": "Loket 1", "starts_at": f"{start}T09:00", "ends_at": f"{start}T09:30"},
        ),
    )

    appointment = Ticket.objects.get().appointments.get()
    assert (response.status_code, appointment.starts_at.astimezone(dt.UTC).hour) == (201, 1)  # 09:00 WITA


def test_create_appointment_with_only_a_place_is_400(cast):
    response = create(api_for(cast.agent_a), payload(cast, kind="appointment", details={"place": "Loket 1"}))

    message = "Give the place, start and end of the appointment, or leave all three empty."
    assert response.json()["errors"] == {"details": {"starts_at": [message], "ends_at": [message]}}


def test_create_confidential_request_is_shown_to_its_creator_only_if_accountable(cast, colleague):
    response = create(api_for(colleague), payload(cast, confidentiality="confidential"))

    assert (response.status_code, identity_of(response.json())) == (201, HIDDEN_CONFIDENTIAL)


def test_create_anonymous_drops_the_identity(cast):
    response = create(api_for(cast.supervisor), payload(cast, confidentiality="anonymous", kind="complaint"))

    ticket = Ticket.objects.get()
    assert (response.status_code, ticket.requester_name, ticket.customer_id, response.json()["requester_display"]) == (
        201,
        "",
        None,
        "Anonymous",
    )


def test_create_with_customer_of_another_organisation_is_400(cast):
    from prima.factories import CustomerFactory

    stranger = CustomerFactory(name="Orang Lain")

    response = create(api_for(cast.agent_a), payload(cast, customer=stranger.pk))

    assert response.json()["errors"] == {"customer": ["Choose a customer of your units."]}
