"""The staff inbox: tabs, filters, keyset paging ("older"), and bulk actions for managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prima.core.http import StaffRequest
from prima.tickets import services
from prima.tickets.forms import BulkActionForm, InboxFilterForm
from prima.tickets.queries import inbox
from prima.tickets.views.common import INBOX_PERMISSION

PAGE_SIZE = 50


def render_inbox(request: StaffRequest, query: QueryDict, bulk_form: BulkActionForm, status: int = 200) -> HttpResponse:
    can_bulk = request.user.has_perm("tickets.bulk_update_tickets")
    form = InboxFilterForm(query, user=request.user, can_see_all=can_bulk)
    view = form.inbox_view()
    page = inbox(
        request.user,
        view=view,
        filters=form.inbox_filters(),
        after_id=form.value_of("after_id"),
        limit=form.value_of("limit") or PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "view": view,
        "tabs": form.tabs,
        "can_bulk": can_bulk,
        "bulk_form": bulk_form,
    }
    template = "tickets/staff/inbox.html#results" if request.htmx else "tickets/staff/inbox.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def inbox_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm(INBOX_PERMISSION):
        raise PermissionDenied
    bulk_form = BulkActionForm(user=request.user, initial={"return_query": request.GET.urlencode()})
    return render_inbox(request, request.GET, bulk_form)


@login_required
@require_POST
def bulk_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("tickets.bulk_update_tickets"):
        raise PermissionDenied
    form = BulkActionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed. Correct the form below and try again."))
        return render_inbox(request, QueryDict(request.POST.get("return_query", "")[:2000]), form, status=400)
    data = form.cleaned_data
    if data["action"] == BulkActionForm.ASSIGN:
        result = services.bulk_assign(data["tickets"], owner=data["owner"], actor=request.user)
    else:
        result = services.bulk_close(data["tickets"], actor=request.user, reason=data["reason"])
    # Ticked requests the user can no longer see (transferred meanwhile, or a forged id) count as skipped.
    counts = {"changed": result.changed, "skipped": form.requested_count - result.changed}
    messages.success(request, _("%(changed)d changed, %(skipped)d skipped.") % counts)
    return redirect(reverse("tickets:inbox") + "?" + QueryDict(data["return_query"]).urlencode())
