"""The actions on one request, each a POST to its own address: scoped look-up with the permission the action
needs → form → service → back to the request with a message, or its page again with the errors (400)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from prima.core.http import StaffRequest
from prima.tickets import services
from prima.tickets.choices import Status, Visibility
from prima.tickets.forms import (
    AssignForm,
    CategoryForm,
    CollaboratorsForm,
    MergeForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
    TagsForm,
    TransferForm,
)
from prima.tickets.models import TicketMessage
from prima.tickets.views.common import run_action, ticket_or_404


def _sent(message: TicketMessage) -> str:
    return _("Reply sent.") if message.visibility == Visibility.PUBLIC else _("Internal note added.")


@login_required
@require_POST
def reply_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = ReplyForm(request.POST, request.FILES)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.add_reply(
            ticket,
            body=data["body"],
            visibility=data["visibility"],
            attachments=data["attachments"],
            actor=request.user,
        ),
        success=_sent,
    )


@login_required
@require_POST
def take_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.take_ticket")
    form = forms.Form(request.POST, prefix="take")
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.assign_ticket(ticket, owner=request.user, actor=request.user),
        success=_("You now own this request."),
    )


@login_required
@require_POST
def assign_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.assign_ticket")
    form = AssignForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.assign_ticket(
            ticket, owner=data["owner"], reason=data["reason"], actor=request.user
        ),
        success=lambda change: (
            _("Assigned to %(name)s.") % {"name": change.to_owner}
            if change.to_owner
            else _("The request has no owner now.")
        ),
    )


@login_required
@require_POST
def collaborators_view(request: StaffRequest, pk: int) -> HttpResponse:
    # Bringing colleagues in hands over part of the work: the same people who may hand all of it over.
    ticket = ticket_or_404(request, pk, "tickets.transfer_ticket")
    form = CollaboratorsForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.add_collaborators(ticket, users=data["collaborators"], actor=request.user),
        success=lambda added: (
            ngettext("%(count)d collaborator added.", "%(count)d collaborators added.", len(added))
            % {"count": len(added)}
        ),
    )


@login_required
@require_POST
def transfer_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.transfer_ticket")
    form = TransferForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.transfer_ticket(
            ticket, to_unit=data["to_unit"], reason=data["reason"], actor=request.user
        ),
        success=lambda change: _("Transferred to %(unit)s.") % {"unit": change.to_unit.name},
        # Whoever transfers may lose sight of the request in its new unit: then back to the inbox.
        then=lambda change: (
            reverse("tickets:detail", args=[ticket.pk])
            if request.user.has_perm("tickets.view_ticket", ticket)
            else reverse("tickets:inbox")
        ),
    )


@login_required
@require_POST
def status_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = StatusForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.change_status(
            ticket, to_status=data["to_status"], reason=data["reason"], actor=request.user
        ),
        success=lambda change: _("Status changed to “%(status)s”.") % {"status": Status(change.to_status).label},
    )


@login_required
@require_POST
def priority_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = PriorityForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.set_priority(ticket, priority=data["priority"], actor=request.user),
        success=_("Priority changed."),
    )


@login_required
@require_POST
def category_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = CategoryForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.set_category(ticket, category=data["category"], actor=request.user),
        success=_("Category saved."),
    )


@login_required
@require_POST
def tags_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.change_ticket")
    form = TagsForm(request.POST, ticket=ticket)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.set_tags(ticket, tags=data["tags"], actor=request.user),
        success=_("Tags saved."),
    )


@login_required
@require_POST
def merge_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.merge_ticket")
    form = MergeForm(request.POST, user=request.user)
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.merge_tickets(ticket, into=data["into"], actor=request.user),
        success=lambda into: _("Merged into %(code)s.") % {"code": into.tracking_code},
    )


@login_required
@require_POST
def verify_view(request: StaffRequest, pk: int) -> HttpResponse:
    ticket = ticket_or_404(request, pk, "tickets.verify_complaint")
    form = forms.Form(request.POST, prefix="verify")
    return run_action(
        request,
        ticket,
        form,
        perform=lambda data: services.verify_complaint(ticket, actor=request.user),
        success=_("Complaint verified."),
    )
