"""Actions on what only some kinds of request carry: appointments and orders."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.core.http import StaffRequest
from prima.tickets import services
from prima.tickets.forms import (
    BookAppointmentForm,
    CancelAppointmentForm,
    OrderLineForm,
    PromisedDateForm,
    UpdateLineForm,
)
from prima.tickets.models import Order, OrderLine
from prima.tickets.staff_queries import order_of
from prima.tickets.views.common import LARGEST_ID, run_action, ticket_or_404


def _order_or_404(order: Order | None) -> Order:
    if order is None:
        raise Http404
    return order


@login_required
@require_POST
def book_appointment_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = BookAppointmentForm(request.POST)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.book_appointment(
            ticket, place=data["place"], starts_at=data["starts_at"], ends_at=data["ends_at"], actor=request.user
        ),
        success=_("Appointment booked."),
    )


@login_required
@require_POST
def cancel_appointment_view(request: StaffRequest, pk: int, appointment_pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    appointment = ticket.appointments.filter(pk=min(appointment_pk, LARGEST_ID)).first()
    if appointment is None:
        raise Http404
    form = CancelAppointmentForm(request.POST)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.cancel_appointment(appointment, reason=data["reason"], actor=request.user),
        success=_("Appointment cancelled."),
    )


@login_required
@require_POST
def add_line_view(request: StaffRequest, pk: int) -> HttpResponse:
    """Adds an item to the order; the first item of an order request without one records the order."""
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    order = order_of(ticket)
    form = OrderLineForm(request.POST)

    def perform(data: dict[str, Any]) -> Order | OrderLine:
        line = services.OrderLineInput(
            item=data["item"],
            quantity=data["quantity"],
            unit_of_measure=data["unit_of_measure"],
            quantity_in_stock=data["quantity_in_stock"] or 0,
        )
        if order is None:
            return services.record_order(ticket, lines=[line], actor=request.user)
        return services.add_order_line(order, **vars(line), actor=request.user)

    return run_action(request, ticket, form, perform=perform, success=_("Item added to the order."))


@login_required
@require_POST
def update_line_view(request: StaffRequest, pk: int, line_pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    line = OrderLine.objects.filter(order__ticket=ticket, pk=min(line_pk, LARGEST_ID)).select_related("order").first()
    if line is None:
        raise Http404
    form = UpdateLineForm(request.POST, prefix=f"line-{line.pk}")
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.update_order_line(line, **data, actor=request.user),
        success=_("Order line updated."),
    )


@login_required
@require_POST
def promised_date_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    order = _order_or_404(order_of(ticket))
    form = PromisedDateForm(request.POST)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.change_promised_date(
            order, promised_date=data["promised_date"], reason=data["reason"], actor=request.user
        ),
        success=_("Promised date changed; the customer is told."),
    )
