"""A request's page: who may open it, what it shows of the requester, its panels, files and query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.tickets.models import Ticket
from prima.tickets.services import (
    OrderLineInput,
    add_collaborators,
    add_reply,
    assign_ticket,
    create_canned_reply,
    merge_tickets,
    record_order,
    transfer_ticket,
)

from .conftest import pdf, submit


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def detail_url(ticket: Ticket) -> str:
    return reverse("tickets:detail", args=[ticket.pk])


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a, subject="Syarat izin usaha mikro")


@pytest.fixture
def confidential(cast):
    return submit(
        cast.unit_a,
        subject="Pungutan liar",
        kind="complaint",
        confidentiality="confidential",
        requester_name="Rahasia Sekali",
        requester_email="pelapor@contoh.id",
    )


# --- who may open it -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["agent_a", "supervisor", "leader", "admin"])
def test_detail_view_opens_for_staff_of_the_unit(cast, ticket, user):
    assert client_for(getattr(cast, user)).get(detail_url(ticket)).status_code == 200


@pytest.mark.parametrize("user", ["agent_b", "trainer"])
def test_detail_view_is_404_outside_the_unit(cast, ticket, user):
    response = client_for(getattr(cast, user)).get(detail_url(ticket))

    assert (response.status_code, "Syarat izin" in response.content.decode()) == (404, False)


def test_detail_view_opens_for_a_collaborator_of_another_unit(cast, ticket):
    add_collaborators(ticket, users=[cast.agent_b], actor=cast.supervisor)

    assert client_for(cast.agent_b).get(detail_url(ticket)).status_code == 200


def test_detail_view_unknown_and_huge_ids_are_404(cast):
    client = client_for(cast.agent_a)

    assert (client.get("/requests/999999/").status_code, client.get("/requests/" + "9" * 30 + "/").status_code) == (
        404,
        404,
    )


def test_detail_view_anonymous_redirects_to_login(ticket):
    response = Client().get(detail_url(ticket))

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={detail_url(ticket)}")


# --- the requester -------------------------------------------------------------------------------------------------


def test_detail_view_hides_confidential_requester_from_a_non_owner_agent(cast, confidential):
    response = english_client_for(cast.agent_a).get(detail_url(confidential))

    content = response.content.decode()
    assert (
        response.context["identity"],
        '<p class="requester-hidden">Confidential requester</p>' in content,
        "Rahasia Sekali" in content,
        "pelapor@contoh.id" in content,
        response.context["timeline"],
    ) == (None, True, False, False, None)


def test_detail_view_shows_confidential_requester_to_the_supervisor(cast, confidential):
    response = english_client_for(cast.supervisor).get(detail_url(confidential))

    content = response.content.decode()
    assert ("<dd>Rahasia Sekali</dd>" in content, "<dd>pelapor@contoh.id</dd>" in content) == (True, True)


def test_detail_view_shows_confidential_requester_to_the_owner(cast, confidential):
    assign_ticket(confidential, owner=cast.agent_a, actor=cast.supervisor)

    response = english_client_for(cast.agent_a).get(detail_url(confidential))

    assert response.context["identity"].name == "Rahasia Sekali"


def test_detail_view_confidential_requester_of_a_public_message_stays_hidden(cast, confidential):
    add_reply(confidential, body="Ada kabar?", from_public=True, actor=None)

    content = english_client_for(cast.agent_a).get(detail_url(confidential)).content.decode()

    assert ("<strong>Confidential requester</strong>" in content, "Rahasia" in content) == (True, False)


def test_detail_view_anonymous_request_shows_placeholder(cast):
    anonymous = submit(cast.unit_a, confidentiality="anonymous", requester_name="", requester_email="")

    content = english_client_for(cast.supervisor).get(detail_url(anonymous)).content.decode()

    assert '<p class="requester-hidden">Anonymous</p>' in content


def test_detail_view_shows_the_customer_timeline_when_identity_is_visible(cast, ticket):
    response = english_client_for(cast.agent_a).get(detail_url(ticket))

    assert [entry.action for entry in response.context["timeline"]] == [
        "tickets.ticket.submitted",
        "customers.contact.added",
        "customers.customer.created",
    ]


# --- what the page shows -------------------------------------------------------------------------------------------


def test_detail_view_distinguishes_public_replies_internal_notes_and_requester_messages(cast, ticket):
    add_reply(ticket, body="Syaratnya KTP dan NPWP.", actor=cast.agent_a)
    add_reply(ticket, body="Cek dulu ke bidang lain.", visibility="internal", actor=cast.agent_a)
    add_reply(ticket, body="Terima kasih!", from_public=True, actor=None)

    content = english_client_for(cast.agent_a).get(detail_url(ticket)).content.decode()

    assert (
        content.count('class="thread-message is-public"'),
        content.count('class="thread-message is-internal"'),
        content.count('class="thread-message is-from-requester"'),
        content.count('<span class="thread-kind">Internal note</span>'),
        content.count('<span class="thread-kind">Reply to the requester</span>'),
    ) == (1, 1, 1, 1, 1)


def test_detail_view_shows_times_in_the_units_zone_in_indonesian(cast):
    ticket = submit(cast.unit_b, subject="IMB")
    Ticket.objects.filter(pk=ticket.pk).update(created_at=dt.datetime(2025, 5, 5, 1, 30, tzinfo=dt.UTC))

    content = client_for(cast.agent_b).get(detail_url(ticket)).content.decode()

    assert '<time datetime="2025-05-05T01:30:00+00:00">5 Mei 2025, 09.30 WITA</time>' in content


def test_detail_view_lists_status_and_ownership_history(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    transfer_ticket(ticket, to_unit=cast.unit_b, reason="Wewenang unit B", actor=cast.supervisor)

    content = english_client_for(cast.leader).get(detail_url(ticket)).content.decode()

    assert (
        "Received as “New”" in content,
        "Assigned to Dewi Lestari" in content,
        "Transferred from Perizinan Usaha to Perizinan Bangunan: Wewenang unit B" in content,
    ) == (True, True, True)


def test_detail_view_lists_files_and_canned_replies(cast):
    ticket = submit(cast.unit_a, attachments=[pdf("surat.pdf")])
    create_canned_reply(cast.unit_a, title="Salam", body="Terima kasih atas pertanyaan Anda.", actor=cast.supervisor)
    create_canned_reply(cast.unit_b, title="Lain unit", body="Tidak boleh muncul.", actor=cast.leader)

    response = client_for(cast.agent_a).get(detail_url(ticket))

    assert (
        [a.original_name for a in response.context["loose_attachments"]],
        [c.title for c in response.context["canned_replies"]],
        'data-body="Terima kasih atas pertanyaan Anda."' in response.content.decode(),
    ) == (["surat.pdf"], ["Salam"], True)


def test_detail_view_order_panel_shows_shortfall(cast):
    order_ticket = submit(cast.unit_a, kind="order")
    record_order(
        order_ticket,
        lines=[OrderLineInput(item="Kertas A4", quantity="10", unit_of_measure="rim", quantity_in_stock="4")],
        actor=cast.agent_a,
    )

    content = client_for(cast.agent_a).get(detail_url(order_ticket)).content.decode()

    assert (
        '<dd class="quantity">10 rim</dd>' in content,
        '<dd class="stock">4</dd>' in content,
        '<dd class="shortfall">6</dd>' in content,
        '<dd class="delivered">0</dd>' in content,
    ) == (True, True, True, True)


def test_detail_view_verify_button_for_managers_only(cast, confidential):
    verify = reverse("tickets:verify", args=[confidential.pk])

    agent = client_for(cast.agent_a).get(detail_url(confidential)).content.decode()
    supervisor = client_for(cast.supervisor).get(detail_url(confidential)).content.decode()

    assert (verify in agent, verify in supervisor) == (False, True)


def test_detail_view_agent_sees_no_assign_merge_or_transfer(cast, ticket):
    content = client_for(cast.agent_a).get(detail_url(ticket)).content.decode()

    assert [name for name in ("assign", "merge", "transfer", "take") if f'/{name}/"' in content] == ["take"]


# --- files ---------------------------------------------------------------------------------------------------------


def test_attachment_view_serves_the_file_to_staff_of_the_unit(cast):
    ticket = submit(cast.unit_a, attachments=[pdf("surat.pdf")])
    attachment = ticket.attachments.get()

    response = client_for(cast.agent_a).get(reverse("tickets:attachment", args=[ticket.pk, attachment.pk]))

    assert (response.status_code, b"".join(response.streaming_content)[:5], response["Content-Type"]) == (
        200,
        b"%PDF-",
        "application/pdf",
    )


def test_attachment_view_is_404_for_other_units_and_other_requests(cast):
    ticket = submit(cast.unit_a, attachments=[pdf()])
    other = submit(cast.unit_a)
    attachment = ticket.attachments.get()

    assert (
        client_for(cast.agent_b).get(reverse("tickets:attachment", args=[ticket.pk, attachment.pk])).status_code,
        client_for(cast.agent_a).get(reverse("tickets:attachment", args=[other.pk, attachment.pk])).status_code,
    ) == (404, 404)


# --- query count ---------------------------------------------------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("user", ["agent_a", "supervisor"])
def test_detail_view_queries_do_not_grow_with_messages(cast, ticket, user):
    client = client_for(getattr(cast, user))
    add_reply(ticket, body="Balasan 1", actor=cast.agent_a, attachments=[pdf("a.pdf")])
    with_one = queries_for(client, detail_url(ticket))
    add_reply(ticket, body="Catatan 2", visibility="internal", actor=cast.supervisor, attachments=[pdf("b.pdf")])
    add_reply(ticket, body="Pesan 3", from_public=True, actor=None)

    with_three = queries_for(client, detail_url(ticket))

    assert (ticket.messages.count(), with_one) == (3, with_three)


def test_detail_view_of_a_merged_request_points_to_the_one_kept(cast, ticket):
    keep = submit(cast.unit_a, subject="Yang dipertahankan")
    merge_tickets(ticket, into=keep, actor=cast.supervisor)

    content = english_client_for(cast.agent_a).get(detail_url(ticket)).content.decode()

    assert (f"This request was merged into {keep.tracking_code}." in content, detail_url(keep) in content) == (
        True,
        True,
    )
