from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prima.accounts.queries import staff_visible_to, units_visible_to
from prima.activity.forms import AuditFilterForm
from prima.activity.queries import audit_trail_visible_to, filter_audit_trail


@login_required
def audit_trail_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.view_audit_trail"):
        raise PermissionDenied
    form = AuditFilterForm(
        request.GET or None, staff=staff_visible_to(request.user), units=units_visible_to(request.user)
    )
    entries = audit_trail_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        entries = filter_audit_trail(
            entries,
            actor=data["actor"],
            unit_id=data["unit"].pk if data["unit"] else None,
            action_prefix=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "activity/audit_trail.html", {"form": form, "page": page})
