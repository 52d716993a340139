"""Inbound e-mail end to end against the real database and the real ticket services: stored first, then a new
request, a reply on the right request, or ignored / failed with the reason, and never lost."""

from __future__ import annotations

import os
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone, translation

from conftest import Cast
from prima.activity.models import ActivityLog
from prima.activity.registry import describe
from prima.notify.inbound.services import (
    MAX_ATTEMPTS,
    erase_inbound_emails,
    process_again,
    process_inbound_email,
    process_pending_inbound,
    receive_email,
    store_inbound_email,
)
from prima.notify.inbound.threading import email_submission_key
from prima.notify.models import InboundEmail, InboundSource, InboundStatus, OutboundEmail
from prima.tickets.attachments import MAX_ATTACHMENT_BYTES
from prima.tickets.models import Ticket, TicketAttachment
from prima.tickets.services import assign_ticket, change_status, merge_tickets, submit_request

from .inbound_helpers import (
    PDF_BYTES,
    PNG_BYTES,
    PRIMA_ADDRESS,
    UNIT_A_ADDRESS,
    UNIT_B_ADDRESS,
    fixture_bytes,
    mail,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = f"Prima <{PRIMA_ADDRESS}>"


@pytest.fixture
def units(cast: Cast) -> Cast:
    """Unit A and unit B receive mail at their own addresses."""
    cast.unit_a.email = UNIT_A_ADDRESS
    cast.unit_a.save()
    cast.unit_b.email = UNIT_B_ADDRESS
    cast.unit_b.save()
    return cast


def receive(message: EmailMessage | bytes) -> InboundEmail:
    return receive_email(message if isinstance(message, bytes) else message.as_bytes(), source=InboundSource.PIPE)


def outcome(inbound: InboundEmail) -> tuple[str, str, str]:
    return inbound.status, inbound.reason, inbound.detail


def web_request(cast: Cast, **overrides: object) -> Ticket:
    values: dict = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syaratnya?",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "actor": None,
    }
    return submit_request(cast.unit_a, **(values | overrides))


def acknowledgement(ticket: Ticket) -> OutboundEmail:
    return OutboundEmail.objects.get(idempotency_key=f"tickets.submitted.{ticket.pk}")


def test_receive_email_plain_mail_creates_request_for_the_addressed_unit(units: Cast) -> None:
    message = mail(to=f"Bangunan <{UNIT_B_ADDRESS.upper()}>", message_id="<baru-1@contoh.id>")

    inbound = receive(message)

    ticket = Ticket.objects.get()
    assert (
        ticket.unit,
        ticket.kind,
        ticket.channel,
        ticket.subject,
        ticket.description,
        ticket.requester_name,
        ticket.requester_email,
        ticket.requester_language,
        ticket.submission_key,
    ) == (
        units.unit_b,
        "information",
        "email",
        "Syarat izin usaha mikro",
        "Selamat pagi,\n\nApa saja syarat untuk mengurus NIB usaha mikro?\n\nTerima kasih.",
        "Budi Santoso",
        "budi@contoh.id",
        "id",
        email_submission_key("<baru-1@contoh.id>"),
    )
    assert (*outcome(inbound), inbound.ticket, inbound.attempts, inbound.raw) == (
        "processed",
        "new_request",
        "",
        ticket,
        1,
        message.as_bytes(),
    )


def test_receive_email_new_request_is_acknowledged_to_the_sender_in_their_language(units: Cast) -> None:
    receive(mail(headers={"Content-Language": "en-GB"}))

    ticket = Ticket.objects.get()
    assert list(OutboundEmail.objects.values_list("to_address", "language", "subject")) == [
        ("budi@contoh.id", "en", f"Request {ticket.tracking_code} received")
    ]


def test_receive_email_same_message_twice_creates_one_request(units: Cast) -> None:
    message = mail(message_id="<dua-kali@contoh.id>")

    first = receive(message)
    second = receive(message)

    assert Ticket.objects.count() == 1
    assert (outcome(first)[:2], outcome(second)) == (
        ("processed", "new_request"),
        ("ignored", "duplicate", f"#{first.pk}"),
    )


def test_receive_email_latin1_complaint_routes_by_delivered_to(units: Cast) -> None:
    receive(fixture_bytes("latin1_complaint.eml"))

    ticket = Ticket.objects.get()
    assert (ticket.unit, ticket.kind, ticket.requester_name, ticket.requester_email, ticket.subject) == (
        units.unit_a,
        "complaint",
        "André Wijaya",
        "andre@contoh.id",
        "Pengaduan: antrean loket 3 terlalu lama — mohon ditindaklanjuti",
    )


def test_receive_email_html_only_english_mail_becomes_english_request(units: Cast) -> None:
    receive(fixture_bytes("html_only.eml"))

    ticket = Ticket.objects.get()
    assert (ticket.requester_language, ticket.description) == (
        "en",
        "Good morning,\n\nIs the office open on Saturday?\nOpening hours & address, please.\n\nThanks — Siti",
    )


@pytest.mark.parametrize("subject", ["Keluhan: pelayanan lambat", "Re: Complaint about the counter", "PENGADUAN"])
def test_receive_email_complaint_subject_makes_a_complaint(units: Cast, subject: str) -> None:
    receive(mail(subject=subject))

    assert Ticket.objects.get().kind == "complaint"


def test_receive_email_reply_to_acknowledgement_adds_message_to_the_request(units: Cast) -> None:
    ticket = web_request(units)
    ack = acknowledgement(ticket)
    reply = mail(
        subject="Re: pertanyaan saya",
        body="Berkas sudah saya kirim.\n\nPada Sen, 2 Nov 2026 09.00, Prima <prima@x.id> menulis:\n> Diterima.",
        to=PRIMA_ADDRESS,
        message_id="<balasan-1@contoh.id>",
        headers={"In-Reply-To": ack.message_id, "References": ack.message_id},
    )

    inbound = receive(reply)

    assert Ticket.objects.count() == 1
    assert list(ticket.messages.values_list("body", "from_public", "visibility", "email_message_id")) == [
        ("Berkas sudah saya kirim.", True, "public", "<balasan-1@contoh.id>")
    ]
    assert (*outcome(inbound), inbound.ticket, inbound.ticket_message) == (
        "processed",
        "reply_by_thread",
        ack.message_id,
        ticket,
        ticket.messages.get(),
    )


def test_receive_email_reply_to_confidential_request_threads_by_idempotency_key(units: Cast) -> None:
    ticket = web_request(units, kind="complaint", confidentiality="confidential", language="en")
    ack = acknowledgement(ticket)
    assert (ack.subject, ack.content_type) == ("Your request", None)

    inbound = receive(mail(subject="Re: Your request", to=PRIMA_ADDRESS, headers={"In-Reply-To": ack.message_id}))

    assert (inbound.reason, inbound.ticket, ticket.messages.count(), Ticket.objects.count()) == (
        "reply_by_thread",
        ticket,
        1,
        1,
    )


def test_receive_email_reply_to_the_requesters_own_first_mail_threads_to_its_request(units: Cast) -> None:
    receive(mail(message_id="<awal@contoh.id>"))

    inbound = receive(
        mail(
            subject="Re: Syarat izin usaha mikro",
            body="Tambahan: usaha saya kuliner.",
            headers={"References": "<awal@contoh.id>"},
        )
    )

    ticket = Ticket.objects.get()
    assert (inbound.reason, list(ticket.messages.values_list("body", flat=True))) == (
        "reply_by_thread",
        ["Tambahan: usaha saya kuliner."],
    )


def test_receive_email_reply_to_a_merged_request_lands_on_the_request_it_was_merged_into(units: Cast) -> None:
    duplicate = web_request(units)
    kept = web_request(units, subject="Izin usaha", description="NIB?")
    ack = acknowledgement(duplicate)
    merge_tickets(duplicate, into=kept, actor=units.supervisor)

    inbound = receive(mail(subject="Re: x", headers={"In-Reply-To": ack.message_id}))

    assert (inbound.reason, inbound.ticket, inbound.ticket_message.ticket) == ("reply_by_thread", kept, kept)


def test_receive_email_reply_to_a_closed_request_starts_a_follow_up_request(units: Cast, settings) -> None:
    settings.LANGUAGE_CODE = "en"
    closed = web_request(units)
    change_status(closed, to_status="closed", actor=units.agent_a)

    inbound = receive(
        mail(
            subject=f"Re: Request {closed.tracking_code} received",
            body="Masih belum selesai.\n\n> Diterima.",
            to=PRIMA_ADDRESS,
            headers={"In-Reply-To": acknowledgement(closed).message_id},
        )
    )

    follow_up = Ticket.objects.exclude(pk=closed.pk).get()
    assert (follow_up.unit, follow_up.description, closed.messages.count()) == (
        units.unit_a,
        f"Masih belum selesai.\n\nThis e-mail replied to request {closed.tracking_code}, which is closed.",
        0,
    )
    assert (*outcome(inbound), inbound.ticket) == ("processed", "follow_up", closed.tracking_code, follow_up)


def test_receive_email_reply_to_a_staff_notification_is_kept_for_an_admin(units: Cast) -> None:
    ticket = web_request(units)
    assign_ticket(ticket, owner=units.agent_a, actor=units.supervisor)
    notification = OutboundEmail.objects.get(to_address="petugas.a@prima.test")

    inbound = receive(
        mail(from_address="petugas.a@prima.test", to=PRIMA_ADDRESS, headers={"In-Reply-To": notification.message_id})
    )

    assert (outcome(inbound), ticket.messages.count(), Ticket.objects.count()) == (
        ("failed", "staff_notification_reply", ticket.tracking_code),
        0,
        1,
    )


def test_receive_email_tracking_code_in_subject_from_the_requester_adds_a_reply(units: Cast) -> None:
    ticket = web_request(units)
    code = ticket.tracking_code.lower().replace("-", " ")

    inbound = receive(mail(subject=f"Re: Request {code}", from_address="BUDI@contoh.id", body="Ada kabar?"))

    assert (Ticket.objects.count(), list(ticket.messages.values_list("body", flat=True))) == (1, ["Ada kabar?"])
    assert (*outcome(inbound), inbound.ticket) == ("processed", "reply_by_code", ticket.tracking_code, ticket)


def test_receive_email_tracking_code_from_a_stranger_starts_a_new_request(units: Cast) -> None:
    ticket = web_request(units)

    inbound = receive(
        mail(subject=f"Re: Request {ticket.tracking_code}", from_name="Orang Lain", from_address="lain@contoh.id")
    )

    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert (new.requester_email, new.unit, ticket.messages.count()) == ("lain@contoh.id", units.unit_a, 0)
    assert (*outcome(inbound), inbound.ticket) == ("processed", "code_from_stranger", ticket.tracking_code, new)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"headers": {"Auto-Submitted": "auto-replied"}}, ("auto_submitted", "Auto-Submitted: auto-replied")),
        ({"headers": {"X-Autoreply": "yes"}}, ("auto_reply", "X-Autoreply: yes")),
        ({"headers": {"X-Autorespond": "Sedang cuti"}}, ("auto_reply", "X-Autorespond: Sedang cuti")),
        ({"headers": {"Precedence": "bulk"}}, ("bulk", "Precedence: bulk")),
        ({"headers": {"Precedence": "junk"}}, ("bulk", "Precedence: junk")),
        ({"headers": {"List-Id": "<warga.contoh.id>"}}, ("mailing_list", "List-Id: <warga.contoh.id>")),
        (
            {"headers": {"List-Unsubscribe": "<mailto:x@contoh.id>"}},
            ("mailing_list", "List-Unsubscribe: <mailto:x@contoh.id>"),
        ),
        ({"headers": {"Return-Path": "<>"}}, ("bounce", "Return-Path: <>")),
        ({"from_address": "MAILER-DAEMON@mx.contoh.id"}, ("mail_system", "From: mailer-daemon@mx.contoh.id")),
        ({"from_address": "postmaster@contoh.id"}, ("mail_system", "From: postmaster@contoh.id")),
        ({"from_address": PRIMA_ADDRESS}, ("own_address", PRIMA_ADDRESS)),
        ({"from_address": UNIT_B_ADDRESS.upper()}, ("own_address", UNIT_B_ADDRESS)),
    ],
)
def test_receive_email_machine_and_own_mail_is_ignored(units: Cast, overrides: dict, expected: tuple[str, str]) -> None:
    inbound = receive(mail(**overrides))

    assert (outcome(inbound), Ticket.objects.count()) == (("ignored", *expected), 0)


def test_receive_email_auto_submitted_no_is_a_person_writing(units: Cast) -> None:
    inbound = receive(mail(headers={"Auto-Submitted": "no"}))

    assert (inbound.reason, Ticket.objects.count()) == ("new_request", 1)


def test_receive_email_bounce_report_is_ignored(units: Cast) -> None:
    inbound = receive(fixture_bytes("bounce.eml"))

    assert (outcome(inbound), Ticket.objects.count()) == (("ignored", "bounce", "Return-Path: <>"), 0)


def test_receive_email_stores_valid_attachments_on_the_request(units: Cast) -> None:
    message = mail(attachments=(("ktp.pdf", "application/pdf", PDF_BYTES), ("foto toko.png", "image/png", PNG_BYTES)))

    receive(message)

    ticket = Ticket.objects.get()
    stored = TicketAttachment.objects.order_by("id")
    assert list(stored.values_list("ticket", "message", "original_name", "content_type", "size")) == [
        (ticket.pk, None, "ktp.pdf", "application/pdf", len(PDF_BYTES)),
        (ticket.pk, None, "foto toko.png", "image/png", len(PNG_BYTES)),
    ]
    assert [attachment.file.read() for attachment in stored] == [PDF_BYTES, PNG_BYTES]
    assert ticket.description == "Selamat pagi,\n\nApa saja syarat untuk mengurus NIB usaha mikro?\n\nTerima kasih."


def test_receive_email_reply_attachments_belong_to_the_message(units: Cast) -> None:
    ticket = web_request(units)

    receive(
        mail(
            subject=f"Re: {ticket.tracking_code}",
            body="Terlampir.",
            attachments=(("nib.pdf", "application/pdf", PDF_BYTES),),
        )
    )

    message = ticket.messages.get()
    assert list(TicketAttachment.objects.values_list("ticket", "message", "original_name")) == [
        (ticket.pk, message.pk, "nib.pdf")
    ]


def test_receive_email_skips_oversized_and_forbidden_attachments_with_a_note(units: Cast, settings) -> None:
    settings.LANGUAGE_CODE = "en"
    oversized = b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES
    message = mail(
        body="Berkas terlampir.",
        attachments=(
            ("besar.pdf", "application/pdf", oversized),
            ("program.exe", "application/octet-stream", b"MZ\x90\x00"),
            ("ktp.pdf", "application/pdf", PDF_BYTES),
        ),
    )

    inbound = receive(message)

    ticket = Ticket.objects.get()
    assert list(TicketAttachment.objects.values_list("original_name", flat=True)) == ["ktp.pdf"]
    assert ticket.description == (
        "Berkas terlampir.\n\n"
        "Not kept from this e-mail:\n"
        "- “besar.pdf” is 10.0\xa0MB; files may be at most 10.0\xa0MB.\n"
        "- “program.exe” is not an accepted kind of file. Send PDF, images, text or office documents."
    )
    assert outcome(inbound) == ("processed", "new_request", "")


def test_receive_email_unknown_unit_address_fails_and_is_kept(units: Cast) -> None:
    message = mail(to="tidak.ada@dpmptsp.bandung.go.id", headers={"Cc": "arsip@contoh.id"})

    inbound = receive(message)

    assert (outcome(inbound), bytes(inbound.raw), Ticket.objects.count()) == (
        ("failed", "no_unit", "tidak.ada@dpmptsp.bandung.go.id, arsip@contoh.id"),
        message.as_bytes(),
        0,
    )


def test_receive_email_failure_is_logged_once_for_the_admin(units: Cast) -> None:
    inbound = receive(mail(to="tidak.ada@dpmptsp.bandung.go.id"))
    InboundEmail.objects.filter(pk=inbound.pk).update(next_attempt_at=timezone.now())
    process_pending_inbound()

    assert list(ActivityLog.objects.filter(action__startswith="notify.inbound").values_list("action", "data")) == [
        (
            "notify.inbound.failed",
            {"sender": "budi@contoh.id", "subject": "Syarat izin usaha mikro", "reason": "no_unit"},
        )
    ]


def test_receive_email_random_bytes_fail_and_are_kept(units: Cast) -> None:
    raw = bytes(range(256)) * 4 + os.urandom(1000)

    inbound = receive(raw)

    assert (inbound.status, inbound.reason, bytes(inbound.raw), Ticket.objects.count()) == (
        "failed",
        "malformed",
        raw,
        0,
    )


def test_receive_email_drops_control_characters_from_headers_and_body(units: Cast) -> None:
    raw = (
        f"From: Budi\x00 Santoso <budi@contoh.id>\r\nTo: {UNIT_A_ADDRESS}\r\nSubject: Izin\x00 usaha\x07\r\n"
        "Message-ID: <a\x00b@contoh.id>\r\n\r\nIsi\x00 pesan\x1b.\r\n"
    ).encode()

    inbound = receive(raw)

    ticket = Ticket.objects.get()
    assert (inbound.subject, inbound.message_id.endswith("@inbound.prima.invalid>"), inbound.status) == (
        "Izin usaha",
        True,
        "processed",
    )
    assert (ticket.requester_name, ticket.subject, ticket.description) == ("Budi Santoso", "Izin usaha", "Isi pesan.")


def test_receive_email_invalid_sender_address_fails_with_the_services_reason(units: Cast, settings) -> None:
    settings.LANGUAGE_CODE = "en"

    raw = f"From: Budi <budi..santoso@contoh.id>\r\nTo: {UNIT_A_ADDRESS}\r\nSubject: Izin\r\n\r\nIsi\r\n".encode()

    inbound = receive(raw)

    assert (outcome(inbound), Ticket.objects.count()) == (
        ("failed", "invalid", "requester_email: “budi..santoso@contoh.id” is not a valid e-mail address."),
        0,
    )


def test_process_again_after_fixing_the_unit_address_creates_the_request(units: Cast) -> None:
    inbound = receive(mail(to="layanan.baru@dpmptsp.bandung.go.id"))
    units.unit_b.email = "layanan.baru@dpmptsp.bandung.go.id"
    units.unit_b.save()

    assert process_again(inbound, actor=units.admin) is True

    inbound.refresh_from_db()
    ticket = Ticket.objects.get()
    assert (ticket.unit, *outcome(inbound), inbound.ticket, inbound.attempts) == (
        units.unit_b,
        "processed",
        "new_request",
        "",
        ticket,
        2,
    )


def test_process_again_leaves_a_processed_message_alone(units: Cast) -> None:
    inbound = receive(mail())

    assert (process_again(inbound, actor=units.admin), Ticket.objects.count()) == (False, 1)


def test_process_pending_inbound_retries_failed_messages_when_due(units: Cast) -> None:
    inbound = receive(mail(to="layanan.baru@dpmptsp.bandung.go.id"))
    units.unit_b.email = "layanan.baru@dpmptsp.bandung.go.id"
    units.unit_b.save()

    not_yet = process_pending_inbound()
    due = process_pending_inbound(now=inbound.next_attempt_at)

    inbound.refresh_from_db()
    assert (not_yet, due, inbound.status, inbound.next_attempt_at, Ticket.objects.get().unit) == (
        0,
        1,
        "processed",
        None,
        units.unit_b,
    )


def test_process_pending_inbound_gives_up_after_max_attempts(units: Cast) -> None:
    inbound = receive(mail(to="tidak.ada@dpmptsp.bandung.go.id"))

    runs = []
    for _attempt in range(MAX_ATTEMPTS + 2):
        runs.append(process_pending_inbound(now=timezone.now() + timedelta(days=2)))

    inbound.refresh_from_db()
    assert (runs, inbound.attempts, inbound.status, inbound.next_attempt_at) == (
        [1] * (MAX_ATTEMPTS - 1) + [0, 0, 0],
        MAX_ATTEMPTS,
        "failed",
        None,
    )


def test_process_pending_inbound_processes_messages_left_received(units: Cast) -> None:
    inbound = store_inbound_email(mail().as_bytes(), source=InboundSource.IMAP)

    too_soon = process_pending_inbound()
    later = process_pending_inbound(now=timezone.now() + timedelta(minutes=6))

    inbound.refresh_from_db()
    assert (too_soon, later, inbound.status, inbound.ticket) == (0, 1, "processed", Ticket.objects.get())


def test_process_inbound_email_twice_changes_nothing_the_second_time(units: Cast) -> None:
    inbound = receive(mail())

    again = process_inbound_email(inbound.pk)

    assert (again.status, again.attempts, Ticket.objects.count()) == (InboundStatus.PROCESSED, 1, 1)


def test_inbound_activity_reads_in_the_readers_language() -> None:
    data = {"sender": "budi@contoh.id", "subject": "Izin", "reason": "no_unit", "status": "processed"}

    with translation.override("en"):
        sentences = (describe("notify.inbound.failed", data), describe("notify.inbound.processed_again", data))

    assert sentences == (
        "Inbound e-mail “Izin” from budi@contoh.id could not be processed: No unit for address",
        "Inbound e-mail “Izin” from budi@contoh.id processed again: Processed",
    )


def test_erase_inbound_emails_forgets_what_the_requester_sent(units: Cast) -> None:
    receive(mail(message_id="<pertama@contoh.id>"))
    ticket = Ticket.objects.get()
    receive(mail(subject=f"Re: {ticket.tracking_code}", body="Tambahan."))
    other = receive(mail(from_address="lain@contoh.id", from_name="Lain"))

    erased = erase_inbound_emails(ticket)

    rows = InboundEmail.objects.order_by("id").values_list("raw", "from_address", "subject", "status")
    assert (erased, [(bytes(raw), sender, subject, status) for raw, sender, subject, status in rows]) == (
        2,
        [
            (b"", "", "", "processed"),
            (b"", "", "", "processed"),
            (bytes(other.raw), "lain@contoh.id", "Syarat izin usaha mikro", "processed"),
        ],
    )
