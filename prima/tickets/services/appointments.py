"""Booking and cancelling appointments (janji temu) without double booking."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.tickets import notifications
from prima.tickets.choices import RequestKind
from prima.tickets.dates import local_label
from prima.tickets.models import Appointment, Ticket
from prima.tickets.services._common import (
    field_error,
    lock_ticket,
    log_ticket_action,
    parse_moment,
    required_text,
)


def insert_appointment(
    ticket: Ticket, *, unit: ServiceUnit, place: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> Appointment:
    """Check the slot and insert it. Must run inside a transaction; shared with ``submit_request``."""
    if ends_at <= starts_at:
        raise field_error("ends_at", _("The appointment must end after it starts."), "before_start")
    if starts_at <= timezone.now():
        raise field_error("starts_at", _("The appointment must start in the future."), "past")
    if ticket.pk and ticket.appointments.filter(cancelled_at__isnull=True).exists():
        raise field_error(
            "starts_at", _("This request already has an appointment; cancel it before booking another."), "has_active"
        )
    # Serialise bookings per unit so two overlapping (not identical) slots cannot both pass the check below.
    ServiceUnit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True).get()
    overlapping = Appointment.objects.filter(
        unit=unit, place__iexact=place, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise field_error(
            "starts_at", _("%(place)s is already booked at that time. Choose another time."), "taken", place=place
        )
    try:
        with transaction.atomic():
            return Appointment.objects.create(
                ticket=ticket, unit=unit, place=place, starts_at=starts_at, ends_at=ends_at
            )
    except IntegrityError:
        raise field_error(
            "starts_at", _("%(place)s is already booked at that time. Choose another time."), "taken", place=place
        ) from None


def book_appointment(
    ticket: Ticket,
    *,
    place: str,
    starts_at: dt.datetime | str,
    ends_at: dt.datetime | str,
    actor: User | None,
    unit: ServiceUnit | None = None,
) -> Appointment:
    """Book a slot at ``place`` of ``unit`` (default: the request's unit) for an appointment request.

    Refuses a slot that starts in the past, ends before it starts, or overlaps an active appointment at the same
    place (same start time is also refused by the database), and a second active appointment on one request.
    A naive datetime is read in the unit's time zone.

    Side effects: activity ``tickets.appointment.booked``; notification ``notify_appointment_booked``.
    """
    unit = unit or ticket.unit
    if ticket.kind != RequestKind.APPOINTMENT:
        raise field_error("kind", _("Only appointment requests can be booked."), "not_appointment")
    if unit.organisation_id != ticket.organisation_id or not unit.is_active:
        raise field_error("unit", _("Choose an active unit of this organisation."), "invalid_unit")
    place = required_text(place, "place", _("Enter the place of the appointment."), max_length=100)
    start = parse_moment(starts_at, "starts_at", unit)
    end = parse_moment(ends_at, "ends_at", unit)
    if start is None:
        raise field_error("starts_at", _("Enter when the appointment starts."), "required")
    if end is None:
        raise field_error("ends_at", _("Enter when the appointment ends."), "required")
    with transaction.atomic():
        lock_ticket(ticket)
        appointment = insert_appointment(ticket, unit=unit, place=place, starts_at=start, ends_at=end)
        log_ticket_action(
            "tickets.appointment.booked",
            ticket,
            actor=actor,
            obj=appointment,
            data={"place": place, "starts": local_label(start, unit)},
        )
        notifications.notify_appointment_booked(ticket, appointment)
    return appointment


def cancel_appointment(appointment: Appointment, *, reason: str = "", actor: User | None) -> Appointment:
    """Cancel an active appointment; the slot becomes free. The row stays as history.

    Side effects: activity ``tickets.appointment.cancelled``; notification ``notify_appointment_cancelled``.
    """
    with transaction.atomic():
        Appointment.objects.select_for_update().filter(pk=appointment.pk).values_list("pk", flat=True).get()
        appointment.refresh_from_db()
        if appointment.cancelled_at is not None:
            raise field_error("appointment", _("This appointment was already cancelled."), "already_cancelled")
        appointment.cancelled_at = timezone.now()
        appointment.cancellation_reason = (reason or "").strip()
        appointment.save(update_fields=["cancelled_at", "cancellation_reason"])
        ticket = appointment.ticket
        log_ticket_action(
            "tickets.appointment.cancelled",
            ticket,
            actor=actor,
            obj=appointment,
            data={"place": appointment.place, "starts": local_label(appointment.starts_at, appointment.unit)},
        )
        notifications.notify_appointment_cancelled(ticket, appointment)
    return appointment
