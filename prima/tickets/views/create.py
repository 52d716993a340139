"""Staff logging a request received by phone, at the counter, by letter, suggestion box or comment card."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.tickets import services
from prima.tickets.forms import IntakeForm
from prima.tickets.staff_queries import serving_units
from prima.tickets.views.common import INBOX_PERMISSION


@login_required
def create_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm(INBOX_PERMISSION):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, units=serving_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.submit_request(form.cleaned_data["unit"], **form.submission(), actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
            form.renew_submission_key()
        else:
            messages.success(request, _("Request %(code)s recorded.") % {"code": ticket.tracking_code})
            return redirect("tickets:detail", pk=ticket.pk)
    status = 400 if form.is_bound else 200
    return render(request, "tickets/staff/create.html", {"form": form}, status=status)
