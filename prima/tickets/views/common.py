"""What the staff views share: the scoped look-up of a request, and running one action form through a
service (redirect with a message on success, the request's page with the form's errors and status 400 if not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.tickets.models import Ticket
from prima.tickets.queries import ticket_for
from prima.tickets.views.page import render_detail

# Who may open the inbox and log requests: the serving roles (agent, supervisor, leader, admin), which is what
# ``customers.view_customer_list`` grants. prima.tickets.rules has no list-level permission yet.
INBOX_PERMISSION = "tickets.view_inbox"
# Ids in URLs beyond what a database integer holds (SQLite raises OverflowError) simply match nothing.
LARGEST_ID = 2**63 - 1


def ticket_or_404(request: StaffRequest, pk: int, permission: str = "tickets.view_ticket") -> Ticket:
    """The request if the user may see it (else 404, so other units' requests stay unknown) and holds
    ``permission`` on it (else 403)."""
    if pk > LARGEST_ID:
        raise Http404
    try:
        ticket = ticket_for(request.user, pk)
    except Ticket.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, ticket):
        raise PermissionDenied
    return ticket


def run_action(
    request: StaffRequest,
    ticket: Ticket,
    form: forms.Form,
    *,
    perform: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Validate ``form``, call ``perform(cleaned_data)`` (a service), and answer: back to the request (or to
    ``then(result)``) with ``success`` as a message, or the request's page again with the errors on ``form``,
    status 400."""
    if form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then(result) if then else reverse("tickets:detail", args=[ticket.pk]))
    messages.error(request, _("Nothing was changed. Correct the form below and try again."))
    return render_detail(request, ticket, status=400, failed=form)
