"""submit_request with kind-specific details (complaint, letter, order, appointment) and attachments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prima.tickets.models import ComplaintDetails, LetterDetails, Ticket, TicketAttachment

from .conftest import error_codes, pdf, submit


def test_submit_request_complaint_stores_pasal_42_details(cast):
    ticket = submit(
        cast.unit_a,
        kind="complaint",
        details={"incident_date": "2025-01-06", "incident_place": "Loket 3", "remedy_requested": "Pelayanan ulang"},
    )

    details = ComplaintDetails.objects.get(ticket=ticket)
    assert (details.incident_date, details.incident_place, details.remedy_requested) == (
        dt.date(2025, 1, 6),
        "Loket 3",
        "Pelayanan ulang",
    )


def test_submit_request_refuses_incident_in_future(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="complaint", details={"incident_date": timezone.localdate() + dt.timedelta(days=3)})

    assert error_codes(caught.value) == {"incident_date": ["future"]}


def test_submit_request_refuses_details_of_another_kind(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="suggestion", details={"incident_place": "Loket 3"})

    assert error_codes(caught.value) == {"details": ["unexpected"]}


def test_submit_request_letter_sets_due_at_to_end_of_due_date_in_unit_time(cast):
    ticket = submit(
        cast.unit_b,
        kind="letter",
        channel="letter",
        details={
            "letter_number": "12/X/2025",
            "letter_date": "2025-01-06",
            "sender": "Camat",
            "due_date": "2099-01-20",
        },
    )

    letter = LetterDetails.objects.get(ticket=ticket)
    assert (letter.letter_number, letter.sender, ticket.due_at) == (
        "12/X/2025",
        "Camat",
        dt.datetime(2099, 1, 20, 15, 59, 59, tzinfo=dt.UTC),  # 23:59:59 WITA
    )


def test_submit_request_letter_needs_number_and_date(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="letter", channel="letter", details={})

    assert error_codes(caught.value) == {"letter_number": ["required"], "letter_date": ["required"]}


def test_submit_request_refuses_due_date_before_letter(cast):
    with pytest.raises(ValidationError) as caught:
        submit(
            cast.unit_a,
            kind="letter",
            channel="letter",
            details={"letter_number": "1", "letter_date": "2025-01-06", "due_date": "2025-01-01"},
        )

    assert error_codes(caught.value) == {"due_date": ["before_letter"]}


def test_submit_request_refuses_malformed_date(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="letter", channel="letter", details={"letter_number": "1", "letter_date": "6/1/25"})

    assert error_codes(caught.value) == {"letter_date": ["invalid"]}


def test_submit_request_order_by_letter_keeps_letter_and_order(cast):
    ticket = submit(
        cast.unit_a,
        kind="order",
        channel="letter",
        details={
            "letter_number": "PO-77",
            "letter_date": "2025-01-06",
            "lines": [{"item": "Map arsip", "quantity": 100, "quantity_in_stock": 40, "unit_of_measure": "buah"}],
            "promised_date": "2099-02-01",
        },
    )

    assert (
        ticket.letter_details.letter_number,
        [(line.item, line.shortfall) for line in ticket.order.lines.all()],
        ticket.order.promised_date,
    ) == ("PO-77", [("Map arsip", 60)], dt.date(2099, 2, 1))


def test_submit_request_order_due_at_is_promised_date(cast):
    ticket = submit(
        cast.unit_a,
        kind="order",
        details={"lines": [{"item": "Map", "quantity": 1}], "promised_date": "2099-02-01"},
    )

    assert ticket.due_at == dt.datetime(2099, 2, 1, 16, 59, 59, tzinfo=dt.UTC)  # 23:59:59 WIB


def test_submit_request_order_refuses_bad_line(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="order", details={"lines": [{"item": "Map", "quantity": 0}]})

    assert error_codes(caught.value) == {"lines": ["min_value"]}


def test_submit_request_order_refuses_promised_date_without_lines(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="order", details={"promised_date": "2099-02-01"})

    assert error_codes(caught.value) == {"lines": ["required"]}


def test_submit_request_appointment_books_the_slot(cast):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)

    ticket = submit(
        cast.unit_a,
        kind="appointment",
        details={"place": "Ruang konsultasi", "starts_at": starts, "ends_at": starts + dt.timedelta(minutes=30)},
    )

    assert list(ticket.appointments.values_list("place", "starts_at")) == [("Ruang konsultasi", starts)]


def test_submit_request_appointment_needs_all_three_fields(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="appointment", details={"place": "Ruang konsultasi"})

    assert error_codes(caught.value) == {"starts_at": ["required"], "ends_at": ["required"]}


def test_submit_request_appointment_in_taken_slot_creates_nothing(cast):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    slot = {"place": "Loket 1", "starts_at": starts, "ends_at": starts + dt.timedelta(minutes=30)}
    submit(cast.unit_a, kind="appointment", details=slot)

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, kind="appointment", subject="Lain", details=slot)

    assert (error_codes(caught.value), Ticket.objects.count()) == ({"starts_at": ["taken"]}, 1)


def test_submit_request_stores_attachments(cast):
    ticket = submit(cast.unit_a, attachments=[pdf("Bukti Bayar.pdf")])

    attachment = TicketAttachment.objects.get(ticket=ticket)
    assert (
        attachment.message,
        attachment.original_name,
        attachment.content_type,
        attachment.size,
        attachment.file.name.startswith(timezone.now().strftime("tickets/%Y/%m/")),
        attachment.file.name.endswith(".pdf"),
        "Bukti" in attachment.file.name,
    ) == (None, "Bukti Bayar.pdf", "application/pdf", 17, True, True, False)


def test_submit_request_refuses_bad_attachment_and_creates_nothing(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, attachments=[pdf("halaman.html", b"<html>", "text/html")])

    assert (error_codes(caught.value), Ticket.objects.count()) == ({"attachments": ["type_not_allowed"]}, 0)
