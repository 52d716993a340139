"""Replies, internal notes, messages from the requester, and what the requester does with the tracking code."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.tickets.models import StatusChange, Ticket, TicketAttachment, TicketMessage
from prima.tickets.services import (
    add_reply,
    change_status,
    confirm_resolution,
    merge_tickets,
    reopen_by_requester,
)

from .conftest import error_codes, pdf, submit


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a)


def test_add_reply_stores_public_reply(cast, ticket):
    message = add_reply(ticket, body="  Syaratnya KTP dan NPWP.  ", actor=cast.agent_a)

    assert (message.ticket, message.author, message.from_public, message.visibility, message.body) == (
        ticket,
        cast.agent_a,
        False,
        "public",
        "Syaratnya KTP dan NPWP.",
    )


def test_add_reply_first_public_reply_sets_first_response_at(cast, ticket):
    message = add_reply(ticket, body="Syaratnya KTP.", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert ticket.first_response_at == message.created_at


def test_add_reply_second_public_reply_keeps_first_response_at(cast, ticket):
    first = add_reply(ticket, body="Syaratnya KTP.", actor=cast.agent_a)

    add_reply(ticket, body="Juga NPWP.", actor=cast.supervisor)

    ticket.refresh_from_db()
    assert ticket.first_response_at == first.created_at


def test_add_reply_internal_note_does_not_count_as_response(cast, ticket):
    add_reply(ticket, body="Cek dulu ke bagian arsip", visibility="internal", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_add_reply_message_from_requester_does_not_count_as_response(cast, ticket):
    add_reply(ticket, body="Ada kabar?", actor=None, from_public=True)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_add_reply_logs_each_kind_of_message(cast, ticket):
    add_reply(ticket, body="Balasan", actor=cast.agent_a)
    add_reply(ticket, body="Catatan", visibility="internal", actor=cast.agent_a)
    add_reply(ticket, body="Pertanyaan", actor=None, from_public=True)

    assert list(
        ActivityLog.objects.filter(action__in=["tickets.reply.sent", "tickets.note.added", "tickets.reply.received"])
        .order_by("id")
        .values_list("action", "actor")
    ) == [
        ("tickets.reply.sent", cast.agent_a.pk),
        ("tickets.note.added", cast.agent_a.pk),
        ("tickets.reply.received", None),
    ]


def test_add_reply_from_requester_resumes_waiting_request(cast, ticket):
    change_status(ticket, to_status="waiting_customer", reason="Minta KTP", actor=cast.agent_a)

    add_reply(ticket, body="Ini KTP saya", actor=None, from_public=True)

    last = StatusChange.objects.filter(ticket=ticket).order_by("id").last()
    assert (ticket.status, last.from_status, last.to_status, last.actor) == (
        "in_progress",
        "waiting_customer",
        "in_progress",
        None,
    )


def test_add_reply_from_requester_leaves_third_party_wait(cast, ticket):
    change_status(ticket, to_status="waiting_third_party", actor=cast.agent_a)

    add_reply(ticket, body="Ada kabar?", actor=None, from_public=True)

    assert ticket.status == "waiting_third_party"


def test_add_reply_staff_reply_leaves_waiting_status(cast, ticket):
    change_status(ticket, to_status="waiting_customer", actor=cast.agent_a)

    add_reply(ticket, body="Kami tunggu KTP-nya", actor=cast.agent_a)

    assert ticket.status == "waiting_customer"


def test_add_reply_refuses_empty_body(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body=" \n ", actor=cast.agent_a)

    assert error_codes(caught.value) == {"body": ["required"]}


def test_add_reply_refuses_unknown_visibility(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body="Isi", visibility="secret", actor=cast.agent_a)

    assert error_codes(caught.value) == {"visibility": ["invalid_choice"]}


def test_add_reply_refuses_public_reply_on_closed_request(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body="Tambahan", actor=cast.agent_a)

    assert error_codes(caught.value) == {"body": ["closed"]}


def test_add_reply_refuses_requester_message_on_closed_request(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body="Halo?", actor=None, from_public=True)

    assert error_codes(caught.value) == {"body": ["closed"]}


def test_add_reply_allows_internal_note_on_closed_request(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    note = add_reply(ticket, body="Arsip lengkap", visibility="internal", actor=cast.agent_a)

    assert note.visibility == "internal"


def test_add_reply_refuses_public_reply_on_merged_request(cast, ticket):
    duplicate = submit(cast.unit_a, subject="Kirim ulang")
    merge_tickets(duplicate, into=ticket, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        add_reply(duplicate, body="Halo", actor=cast.agent_a)

    assert error_codes(caught.value) == {"body": ["merged"]}


def test_add_reply_requester_message_cannot_have_staff_author(cast, ticket):
    with pytest.raises(ValueError, match="no staff author"):
        add_reply(ticket, body="Isi", actor=cast.agent_a, from_public=True)


def test_add_reply_requester_message_cannot_be_internal(cast, ticket):
    with pytest.raises(ValueError, match="always public"):
        add_reply(ticket, body="Isi", visibility="internal", actor=None, from_public=True)


def test_add_reply_staff_message_needs_author(cast, ticket):
    with pytest.raises(ValueError, match="needs its author"):
        add_reply(ticket, body="Isi", actor=None)


def test_add_reply_same_email_message_id_is_stored_once(cast, ticket):
    first = add_reply(ticket, body="Isi", actor=None, from_public=True, email_message_id="<abc@mail.contoh.id>")

    again = add_reply(ticket, body="Isi", actor=None, from_public=True, email_message_id="<abc@mail.contoh.id>")

    assert (
        again.pk,
        TicketMessage.objects.count(),
        ActivityLog.objects.filter(action="tickets.reply.received").count(),
    ) == (
        first.pk,
        1,
        1,
    )


def test_add_reply_stores_attachments_on_the_message(cast, ticket):
    message = add_reply(ticket, body="Terlampir", actor=None, from_public=True, attachments=[pdf("ktp.pdf")])

    attachment = TicketAttachment.objects.get()
    assert (attachment.ticket, attachment.message, attachment.original_name) == (ticket, message, "ktp.pdf")


def test_add_reply_refuses_oversized_attachment(cast, ticket):
    big = pdf("besar.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body="Terlampir", actor=cast.agent_a, attachments=[big])

    assert (error_codes(caught.value), TicketMessage.objects.count()) == ({"attachments": ["too_large"]}, 0)


def test_add_reply_refuses_eleven_attachments(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        add_reply(ticket, body="Terlampir", actor=cast.agent_a, attachments=[pdf(f"{n}.pdf") for n in range(11)])

    assert error_codes(caught.value) == {"attachments": ["too_many"]}


def test_confirm_resolution_closes_resolved_request(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    change = confirm_resolution(ticket, via_tracking_code=ticket.tracking_code.lower())

    assert (ticket.status, change.actor, ticket.closed_at == change.created_at) == ("closed", None, True)


def test_confirm_resolution_logs_without_actor(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    confirm_resolution(ticket, via_tracking_code=ticket.tracking_code)

    assert ActivityLog.objects.get(action="tickets.ticket.resolution_confirmed").actor is None


def test_confirm_resolution_refuses_wrong_code(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)
    other = submit(cast.unit_a, subject="Lain")

    with pytest.raises(ValidationError) as caught:
        confirm_resolution(ticket, via_tracking_code=other.tracking_code)

    assert (error_codes(caught.value), ticket.status) == ({"tracking_code": ["mismatch"]}, "resolved")


def test_confirm_resolution_refuses_unresolved_request(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        confirm_resolution(ticket, via_tracking_code=ticket.tracking_code)

    assert error_codes(caught.value) == {"status": ["not_resolved"]}


def test_reopen_by_requester_reopens_resolved_request(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    change = reopen_by_requester(ticket, reason="NIB belum terbit")

    assert (ticket.status, ticket.resolved_at, change.reason, change.actor) == (
        "in_progress",
        None,
        "NIB belum terbit",
        None,
    )


def test_reopen_by_requester_adds_reason_as_their_message(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    reopen_by_requester(ticket, reason="NIB belum terbit")

    assert list(TicketMessage.objects.values_list("from_public", "visibility", "body", "author")) == [
        (True, "public", "NIB belum terbit", None)
    ]


def test_reopen_by_requester_reopens_recently_closed_request(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    reopen_by_requester(ticket, reason="Belum selesai")

    assert (ticket.status, ticket.closed_at) == ("in_progress", None)


def test_reopen_by_requester_refuses_request_closed_long_ago(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.agent_a)
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))

    with pytest.raises(ValidationError) as caught:
        reopen_by_requester(ticket, reason="Belum selesai")

    assert error_codes(caught.value) == {"status": ["not_reopenable"]}


def test_reopen_by_requester_refuses_open_request(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        reopen_by_requester(ticket, reason="Belum selesai")

    assert error_codes(caught.value) == {"status": ["not_reopenable"]}


def test_reopen_by_requester_refuses_merged_request(cast, ticket):
    duplicate = submit(cast.unit_a, subject="Kirim ulang")
    merge_tickets(duplicate, into=ticket, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        reopen_by_requester(duplicate, reason="Belum selesai")

    assert error_codes(caught.value) == {"status": ["not_reopenable"]}


def test_reopen_by_requester_needs_reason(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        reopen_by_requester(ticket, reason="")

    assert (error_codes(caught.value), ticket.status) == ({"reason": ["required"]}, "resolved")
