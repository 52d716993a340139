"""Everything one request's page shows, assembled once for the page itself and for an action that failed
(which shows the page again with its form's errors)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from prima.activity.queries import timeline_for
from prima.core.http import StaffRequest
from prima.tickets.choices import Channel, OrderChangeKind, RequestKind, StatusGroup, Visibility
from prima.tickets.confidentiality import requester_display, requester_identity
from prima.tickets.forms import (
    AssignForm,
    BookAppointmentForm,
    CancelAppointmentForm,
    CategoryForm,
    CollaboratorsForm,
    MergeForm,
    OrderLineForm,
    PriorityForm,
    PromisedDateForm,
    ReplyForm,
    StatusForm,
    TagsForm,
    TransferForm,
    UpdateLineForm,
)
from prima.tickets.models import ComplaintDetails, LetterDetails, Ticket
from prima.tickets.staff_queries import (
    canned_replies_of,
    conversation,
    loose_attachments,
    order_of,
    ownership_history,
    status_history,
)
from prima.tickets.views.clocks import sla_panel

TIMELINE_ENTRIES = 20


def _plain(quantity: Decimal) -> str:
    return format(quantity.normalize(), "f")


def _permissions(request: StaffRequest, ticket: Ticket) -> dict[str, bool]:
    # The template's ``perms`` cannot pass the request, and these permissions depend on it.
    user = request.user
    return {
        "assign": user.has_perm("tickets.assign_ticket", ticket),
        "take": user.has_perm("tickets.take_ticket", ticket),
        "transfer": user.has_perm("tickets.transfer_ticket", ticket),
        "merge": user.has_perm("tickets.merge_ticket", ticket),
        "verify": user.has_perm("tickets.verify_complaint", ticket),
    }


def _forms(request: StaffRequest, ticket: Ticket, tags: list[Any]) -> dict[str, forms.Form]:
    made = [
        ReplyForm(),
        AssignForm(ticket=ticket),
        CollaboratorsForm(ticket=ticket),
        TransferForm(ticket=ticket),
        StatusForm(ticket=ticket),
        PriorityForm(ticket=ticket),
        CategoryForm(ticket=ticket),
        TagsForm(ticket=ticket, tags=tags),
        MergeForm(user=request.user),
        CancelAppointmentForm(),
        BookAppointmentForm(),
        OrderLineForm(),
        PromisedDateForm(),
        forms.Form(prefix="verify"),
        forms.Form(prefix="take"),
    ]
    return {str(form.prefix): form for form in made}


def detail_context(request: StaffRequest, ticket: Ticket, failed: forms.Form | None = None) -> dict[str, Any]:
    user = request.user
    identity = requester_identity(user, ticket)
    tags = list(ticket.tags.all())
    page_forms = _forms(request, ticket, tags)
    order = order_of(ticket) if ticket.kind == RequestKind.ORDER else None
    lines = list(order.lines.all()) if order is not None else []
    for line in lines:
        # "1" rather than "1.000", which an Indonesian reader takes for a thousand.
        initial = {name: _plain(getattr(line, name)) for name in ("quantity_in_stock", "quantity_delivered")}
        page_forms[f"line-{line.pk}"] = UpdateLineForm(prefix=f"line-{line.pk}", initial=initial)
    if failed is not None:
        page_forms[str(failed.prefix)] = failed
    customer = ticket.customer if identity is not None else None
    show_timeline = customer is not None and user.has_perm("customers.view_customer", customer)
    has_letter = ticket.kind == RequestKind.LETTER or ticket.channel == Channel.LETTER
    # Loaded once: shown on the page and counted by the service-level clocks.
    messages = list(conversation(ticket))
    history = list(status_history(ticket))
    return {
        "ticket": ticket,
        "identity": identity,
        "requester": requester_display(user, ticket),
        "collaborators": list(ticket.collaborators.all()),
        "tags": tags,
        "letter": LetterDetails.objects.filter(ticket=ticket).first() if has_letter else None,
        "complaint": ComplaintDetails.objects.filter(ticket=ticket).first()
        if ticket.kind == RequestKind.COMPLAINT
        else None,
        "appointments": list(ticket.appointments.all()) if ticket.kind == RequestKind.APPOINTMENT else [],
        "order": order,
        "order_lines": [(line, page_forms[f"line-{line.pk}"]) for line in lines],
        "conversation": messages,
        "loose_attachments": loose_attachments(ticket),
        "status_history": history,
        "ownership_history": ownership_history(ticket),
        "timeline": list(timeline_for(customer)[:TIMELINE_ENTRIES]) if show_timeline and customer else None,
        "canned_replies": canned_replies_of(ticket.unit),
        "sla": sla_panel(ticket, status_changes=history, messages=messages),
        "can": _permissions(request, ticket),
        "forms": page_forms,
        "status_group_label": StatusGroup(ticket.status_group).label,
        # The enums, so the templates compare with them rather than with bare strings.
        "RequestKind": RequestKind,
        "Visibility": Visibility,
        "OrderChangeKind": OrderChangeKind,
    }


def render_detail(
    request: StaffRequest, ticket: Ticket, *, status: int = 200, failed: forms.Form | None = None
) -> HttpResponse:
    return render(request, "tickets/staff/detail.html", detail_context(request, ticket, failed), status=status)
