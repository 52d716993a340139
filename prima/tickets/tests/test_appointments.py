"""Booking appointments without double booking, and cancelling them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.factories import ServiceUnitFactory
from prima.tickets.models import Appointment
from prima.tickets.services import book_appointment, cancel_appointment

from .conftest import error_codes, submit


@pytest.fixture
def start():
    return (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)


def appointment_request(cast, subject="Konsultasi NIB"):
    return submit(cast.unit_a, kind="appointment", subject=subject)


def book(ticket, start, minutes=30, place="Ruang konsultasi", actor=None, **extra):
    return book_appointment(
        ticket, place=place, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes), actor=actor, **extra
    )


def test_book_appointment_stores_slot(cast, start):
    ticket = appointment_request(cast)

    appointment = book(ticket, start, actor=cast.agent_a)

    assert (appointment.unit, appointment.place, appointment.starts_at, appointment.ends_at, appointment.is_active) == (
        cast.unit_a,
        "Ruang konsultasi",
        start,
        start + dt.timedelta(minutes=30),
        True,
    )


def test_book_appointment_logs_local_time(cast):
    ticket = appointment_request(cast)
    start = dt.datetime(2099, 3, 3, 2, 0, tzinfo=dt.UTC)

    book(ticket, start, actor=cast.agent_a)

    assert ActivityLog.objects.get(action="tickets.appointment.booked").data["starts"] == "2099-03-03 09:00 WIB"


def test_book_appointment_reads_naive_time_in_unit_zone(cast):
    ticket = submit(cast.unit_b, kind="appointment")

    appointment = book_appointment(
        ticket, place="Loket 1", starts_at="2099-03-03T09:00", ends_at="2099-03-03T09:30", actor=None
    )

    assert appointment.starts_at == dt.datetime(2099, 3, 3, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA


def test_book_appointment_refuses_same_slot(cast, start):
    book(appointment_request(cast), start)

    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast, "Lain"), start)

    assert (error_codes(caught.value), Appointment.objects.count()) == ({"starts_at": ["taken"]}, 1)


def test_book_appointment_refuses_overlapping_slot(cast, start):
    book(appointment_request(cast), start, minutes=60)

    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast, "Lain"), start + dt.timedelta(minutes=45))

    assert error_codes(caught.value) == {"starts_at": ["taken"]}


def test_book_appointment_refuses_slot_that_contains_another(cast, start):
    book(appointment_request(cast), start + dt.timedelta(minutes=15), minutes=15)

    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast, "Lain"), start, minutes=60)

    assert error_codes(caught.value) == {"starts_at": ["taken"]}


def test_book_appointment_allows_back_to_back_slots(cast, start):
    book(appointment_request(cast), start, minutes=30)

    second = book(appointment_request(cast, "Lain"), start + dt.timedelta(minutes=30))

    assert second.is_active is True


def test_book_appointment_allows_same_time_at_another_place(cast, start):
    book(appointment_request(cast), start, place="Loket 1")

    second = book(appointment_request(cast, "Lain"), start, place="Loket 2")

    assert second.place == "Loket 2"


def test_book_appointment_allows_slot_of_cancelled_appointment(cast, start):
    cancel_appointment(book(appointment_request(cast), start), actor=None)

    again = book(appointment_request(cast, "Lain"), start)

    assert (again.is_active, Appointment.objects.count()) == (True, 2)


def test_database_refuses_double_booking_even_without_the_service(cast, start):
    first = book(appointment_request(cast), start)
    other = appointment_request(cast, "Lain")

    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            ticket=other, unit=first.unit, place=first.place, starts_at=first.starts_at, ends_at=first.ends_at
        )


def test_book_appointment_refuses_second_active_appointment_on_request(cast, start):
    ticket = appointment_request(cast)
    book(ticket, start)

    with pytest.raises(ValidationError) as caught:
        book(ticket, start + dt.timedelta(days=1))

    assert error_codes(caught.value) == {"starts_at": ["has_active"]}


def test_book_appointment_refuses_past_start(cast):
    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast), timezone.now() - dt.timedelta(hours=1))

    assert error_codes(caught.value) == {"starts_at": ["past"]}


def test_book_appointment_refuses_end_before_start(cast, start):
    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast), start, minutes=-30)

    assert error_codes(caught.value) == {"ends_at": ["before_start"]}


def test_book_appointment_refuses_empty_place(cast, start):
    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast), start, place=" ")

    assert error_codes(caught.value) == {"place": ["required"]}


def test_book_appointment_refuses_other_kinds(cast, start):
    with pytest.raises(ValidationError) as caught:
        book(submit(cast.unit_a), start)

    assert error_codes(caught.value) == {"kind": ["not_appointment"]}


def test_book_appointment_refuses_unit_of_other_organisation(cast, start):
    with pytest.raises(ValidationError) as caught:
        book(appointment_request(cast), start, unit=ServiceUnitFactory())

    assert error_codes(caught.value) == {"unit": ["invalid_unit"]}


def test_cancel_appointment_keeps_row_with_reason(cast, start):
    appointment = book(appointment_request(cast), start)

    cancel_appointment(appointment, reason="Pemohon sakit", actor=cast.agent_a)

    appointment.refresh_from_db()
    assert (appointment.is_active, appointment.cancellation_reason) == (False, "Pemohon sakit")


def test_cancel_appointment_logs(cast, start):
    cancel_appointment(book(appointment_request(cast), start), actor=cast.agent_a)

    assert ActivityLog.objects.filter(action="tickets.appointment.cancelled").count() == 1


def test_cancel_appointment_refuses_twice(cast, start):
    appointment = book(appointment_request(cast), start)
    cancel_appointment(appointment, actor=None)

    with pytest.raises(ValidationError) as caught:
        cancel_appointment(appointment, actor=None)

    assert error_codes(caught.value) == {"appointment": ["already_cancelled"]}
