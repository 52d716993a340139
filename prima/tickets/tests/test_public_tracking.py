"""The public status page: what the holder of a tracking code sees and may do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prima.tickets.choices import Status, Visibility
from prima.tickets.models import Ticket, TicketMessage
from prima.tickets.services import add_reply, change_status

from .conftest import submit


def status_url(ticket: Ticket) -> str:
    return f"/public/track/{ticket.tracking_code}/"


def resolve(ticket: Ticket, actor) -> None:
    change_status(ticket, to_status=Status.RESOLVED, actor=actor)


def test_status_page_shows_kind_status_unit_and_received_time_in_the_units_zone(cast, public_client):
    ticket = submit(cast.unit_b)  # WITA
    Ticket.objects.filter(pk=ticket.pk).update(created_at=dt.datetime(2025, 5, 5, 1, 30, tzinfo=dt.UTC))

    response = public_client.get(status_url(ticket))

    content = response.content.decode()
    assert (
        response.status_code,
        "Permintaan informasi" in content,
        "Baru" in content,
        cast.unit_b.name in content,
        "2025-05-05 09:30 WITA" in content,
    ) == (200, True, True, True, True)


def test_status_page_is_in_english_when_chosen(cast, public_client):
    ticket = submit(cast.unit_a)
    public_client.cookies["prima_language"] = "en"

    content = public_client.get(status_url(ticket)).content.decode()

    assert ("Information request" in content, ">New<" in content) == (True, True)


def test_status_page_shows_public_replies_but_never_internal_notes(cast, public_client):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Syaratnya KTP dan NPWP.", actor=cast.agent_a)
    add_reply(ticket, body="Pemohon ini pernah bermasalah.", visibility=Visibility.INTERNAL, actor=cast.agent_a)

    content = public_client.get(status_url(ticket)).content.decode()

    assert ("Syaratnya KTP dan NPWP." in content, "Pemohon ini pernah bermasalah." in content) == (True, False)


def test_status_page_names_staff_by_first_name_only(cast, public_client):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Syaratnya KTP dan NPWP.", actor=cast.agent_a)  # Dewi Lestari

    content = public_client.get(status_url(ticket)).content.decode()

    assert ("Dewi" in content, "Lestari" in content, cast.agent_a.email in content) == (True, False, False)


@pytest.mark.parametrize("confidentiality", ["confidential", "normal"])
def test_status_page_never_shows_the_requesters_identity(cast, public_client, confidentiality):
    ticket = submit(
        cast.unit_a,
        confidentiality=confidentiality,
        requester_name="Budi Santoso",
        requester_email="budi@contoh.id",
        requester_phone="0812-3456-7890",
    )

    content = public_client.get(status_url(ticket)).content.decode()

    assert [value in content for value in ("Budi", "budi@contoh.id", "0812", "+62812")] == [False] * 4


def test_status_page_costs_the_same_queries_with_one_or_three_replies(cast, public_client):
    ticket = submit(cast.unit_a)
    add_reply(ticket, body="Balasan 1", actor=cast.agent_a)
    with CaptureQueriesContext(connection) as one:
        public_client.get(status_url(ticket))
    add_reply(ticket, body="Balasan 2", actor=cast.agent_a)
    add_reply(ticket, body="Balasan 3", actor=cast.supervisor)
    with CaptureQueriesContext(connection) as three:
        response = public_client.get(status_url(ticket))

    assert (len(one), len(three), response.content.decode().count('class="message from-staff"')) == (
        len(one),
        len(one),
        3,
    )


def test_status_page_has_no_cache_and_no_index(cast, public_client):
    response = public_client.get(status_url(submit(cast.unit_a)))

    assert (
        "no-store" in response["Cache-Control"],
        '<meta name="robots" content="noindex">' in response.content.decode(),
    ) == (
        True,
        True,
    )


@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", "{bare}", "{bare_lower}", "{spaced}"],
    ids=["exact", "lower", "no-dashes", "bare", "spaced"],
)
def test_track_form_forgives_case_spaces_and_dashes(cast, public_client, typed):
    ticket = submit(cast.unit_a)
    code = ticket.tracking_code
    value = typed.format(
        code=code,
        lower=code.lower(),
        bare=code.replace("-", ""),
        bare_lower=code.replace("-", "").replace("PRM", "").lower(),
        spaced=code.replace("-", " "),
    )

    response = public_client.get("/public/track/", {"code": value}, follow=True)

    assert (response.redirect_chain[-1][0], response.status_code) == (status_url(ticket), 200)


def test_status_address_in_another_spelling_redirects_to_the_canonical_one(cast, public_client):
    ticket = submit(cast.unit_a)

    response = public_client.get(f"/public/track/{ticket.tracking_code.replace('-', '').lower()}/")

    assert (response.status_code, response["Location"]) == (302, status_url(ticket))


def test_status_page_of_an_unknown_code_is_a_clear_404(cast, public_client):
    submit(cast.unit_a)

    response = public_client.get("/public/track/PRM-0000-0000-0000/")

    assert (response.status_code, response.templates[0].name) == (404, "tickets/public/not_found.html")


def test_track_form_refuses_what_cannot_be_a_code(public_client, db):
    response = public_client.get("/public/track/", {"code": "halo"})

    assert (response.status_code, response.context["form"].has_error("code", "invalid")) == (400, True)


def test_track_form_page_renders(public_client, db):
    assert public_client.get("/public/track/").status_code == 200


def test_requester_reply_adds_a_public_message_from_them(cast, public_client):
    ticket = submit(cast.unit_a)

    response = public_client.post(f"{status_url(ticket)}reply/", {"body": "Terima kasih, saya tunggu."})

    message = TicketMessage.objects.get(ticket=ticket)
    assert (response.status_code, response["Location"], message.from_public, message.visibility, message.author_id) == (
        302,
        status_url(ticket),
        True,
        Visibility.PUBLIC,
        None,
    )


def test_requester_reply_resumes_a_request_waiting_for_them(cast, public_client):
    ticket = submit(cast.unit_a)
    change_status(ticket, to_status=Status.WAITING_CUSTOMER, actor=cast.agent_a)

    public_client.post(f"{status_url(ticket)}reply/", {"body": "Ini nomor berkas saya: 123."})

    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


def test_requester_reply_must_say_something(cast, public_client):
    ticket = submit(cast.unit_a)

    response = public_client.post(f"{status_url(ticket)}reply/", {"body": "   "})

    assert (response.status_code, TicketMessage.objects.count()) == (400, 0)


def test_requester_reply_on_a_closed_request_is_refused(cast, public_client):
    ticket = submit(cast.unit_a)
    change_status(ticket, to_status=Status.CLOSED, actor=cast.agent_a)

    response = public_client.post(f"{status_url(ticket)}reply/", {"body": "Halo?"})

    assert (response.status_code, TicketMessage.objects.count()) == (400, 0)


def test_status_page_offers_confirm_and_reopen_only_when_resolved(cast, public_client):
    ticket = submit(cast.unit_a)
    before = public_client.get(status_url(ticket)).content.decode()
    resolve(ticket, cast.agent_a)

    after = public_client.get(status_url(ticket)).content.decode()

    assert [("/confirm/" in page, "/reopen/" in page) for page in (before, after)] == [(False, False), (True, True)]


def test_confirm_closes_a_resolved_request(cast, public_client):
    ticket = submit(cast.unit_a)
    resolve(ticket, cast.agent_a)

    response = public_client.post(f"{status_url(ticket)}confirm/")

    ticket.refresh_from_db()
    assert (response.status_code, ticket.status) == (302, Status.CLOSED)


def test_confirm_is_refused_before_the_request_is_resolved(cast, public_client):
    ticket = submit(cast.unit_a)

    response = public_client.post(f"{status_url(ticket)}confirm/")

    ticket.refresh_from_db()
    assert (response.status_code, ticket.status) == (400, Status.NEW)


def test_reopen_puts_a_resolved_request_back_in_progress_with_the_reason(cast, public_client):
    ticket = submit(cast.unit_a)
    resolve(ticket, cast.agent_a)

    response = public_client.post(f"{status_url(ticket)}reopen/", {"reason": "Izin saya belum terbit."})

    ticket.refresh_from_db()
    message = TicketMessage.objects.get(ticket=ticket)
    assert (response.status_code, ticket.status, message.body, message.from_public) == (
        302,
        Status.IN_PROGRESS,
        "Izin saya belum terbit.",
        True,
    )


def test_reopen_needs_a_reason(cast, public_client):
    ticket = submit(cast.unit_a)
    resolve(ticket, cast.agent_a)

    response = public_client.post(f"{status_url(ticket)}reopen/", {"reason": ""})

    ticket.refresh_from_db()
    assert (response.status_code, ticket.status) == (400, Status.RESOLVED)


def test_reopen_is_refused_for_an_open_request(cast, public_client):
    ticket = submit(cast.unit_a)

    response = public_client.post(f"{status_url(ticket)}reopen/", {"reason": "Belum selesai."})

    ticket.refresh_from_db()
    assert (response.status_code, ticket.status, TicketMessage.objects.count()) == (400, Status.NEW, 0)


def test_reopen_is_offered_for_a_recently_closed_request_but_not_an_old_one(cast, public_client):
    ticket = submit(cast.unit_a)
    change_status(ticket, to_status=Status.CLOSED, actor=cast.agent_a)
    recent = public_client.get(status_url(ticket)).content.decode()
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))

    old = public_client.get(status_url(ticket)).content.decode()
    refused = public_client.post(f"{status_url(ticket)}reopen/", {"reason": "Belum selesai."})

    assert ("/reopen/" in recent, "/reopen/" in old, refused.status_code) == (True, False, 400)


@pytest.mark.parametrize("action", ["reply/", "confirm/", "reopen/", ""])
def test_actions_on_an_unknown_code_are_not_found(public_client, db, action):
    method = public_client.get if not action else public_client.post
    response = method(f"/public/track/PRM-0000-0000-0000/{action}", {"body": "x", "reason": "x"} if action else None)

    assert response.status_code == 404


JUNK = ["\x00", "x" * 20_000, "<script>", "😀", "' OR 1=1 --", "%00", "../../etc/passwd", "PRM-IIII-OOOO-LLLL"]


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_tracking_pages_never_fail_on_junk(cast, public_client, junk):
    ticket = submit(cast.unit_a)
    resolve(ticket, cast.agent_a)
    statuses = {
        public_client.get("/public/track/", {"code": junk}).status_code,
        public_client.get(f"/public/track/{junk.replace('/', '')}/").status_code,
        public_client.get(f"/public/receipt/{junk.replace('/', '')}/").status_code,
        public_client.post(f"{status_url(ticket)}reply/", {"body": junk}).status_code,
        public_client.post(f"{status_url(ticket)}reopen/", {"reason": junk}).status_code,
        public_client.post(f"{status_url(ticket)}reply/", {"body": [junk, junk]}).status_code,
        public_client.post(f"{status_url(ticket)}confirm/", {"junk": junk}).status_code,
    }

    assert max(statuses) < 500
