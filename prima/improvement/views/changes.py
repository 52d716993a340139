"""The register of internal and external changes (KUK 1.2): list with filters and the impact-by-likelihood grid,
one entry, and the forms to record and update entries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.queries import units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.improvement import queries, services
from prima.improvement.forms import ChangeForm, ChangeStatusForm
from prima.improvement.models import ChangeEntry, ChangeKind, ChangeOrigin, ChangeStatus
from prima.improvement.views._common import PAGE_SIZE, report, require, scoped_or_404
from prima.standards.queries import services_visible_to


def _risk_level(rating: int) -> str:
    return "high" if rating >= 15 else "medium" if rating >= 8 else "low"


def _choice(value: str | None, allowed: list[str]) -> str | None:
    return value if value in allowed else None


@login_required
def change_list_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.view_improvement")
    unit = request.GET.get("unit", "")
    filters: dict[str, Any] = {
        "unit_id": int(unit) if unit.isdigit() and len(unit) < 18 else None,
        "kind": _choice(request.GET.get("kind"), ChangeKind.values),
        "origin": _choice(request.GET.get("origin"), ChangeOrigin.values),
        "status": _choice(request.GET.get("status"), ChangeStatus.values),
    }
    changes = queries.change_list(request.user, **filters)
    grid = queries.risk_grid(changes)
    context = {
        "page": Paginator(changes.order_by("-rating", "-identified_on", "pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "grid": [
            (5 - index, [(count, _risk_level((5 - index) * likelihood)) for likelihood, count in enumerate(row, 1)])
            for index, row in enumerate(grid)
        ],
        "likelihoods": range(1, 6),
        "filters": filters,
        "units": units_visible_to(request.user).filter(is_active=True),
        "kinds": ChangeKind.choices,
        "origins": ChangeOrigin.choices,
        "statuses": ChangeStatus.choices,
        "can_record": request.user.has_perm("improvement.manage_changes", None),
    }
    return render(request, "improvement/change_list.html", context)


def _change_form(request: StaffRequest, **kwargs: Any) -> ChangeForm:
    return ChangeForm(
        request.POST if request.method == "POST" else None,
        units=queries.units_for_actions(request.user),
        services=services_visible_to(request.user).filter(is_active=True).select_related("unit"),
        objectives=queries.objective_list(request.user),
        **kwargs,
    )


def _change_arguments(form: ChangeForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "origin": data["origin"],
        "title": data["title"],
        "description": data["description"],
        "impact": data["impact"],
        "likelihood": data["likelihood"],
        "services": list(data["services"]),
        "objectives": list(data["objectives"]),
        "identified_on": data["identified_on"],
        "expected_on": data["expected_on"],
    }


@login_required
def change_create_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.manage_changes")
    form = _change_form(request)
    context = {"form": form, "title": _("Record a change")}
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.record_change(
                    unit=form.cleaned_data["unit"], actor=request.user, **_change_arguments(form)
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Change recorded."))
                return redirect("improvement:change", pk=entry.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


@login_required
def change_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    entry = scoped_or_404(request, queries.change_for, pk, "improvement.manage_changes")
    initial = {
        "unit": entry.unit,
        "kind": entry.kind,
        "origin": entry.origin,
        "title": entry.title,
        "description": entry.description,
        "impact": entry.impact,
        "likelihood": entry.likelihood,
        "services": list(entry.services.all()),
        "objectives": list(entry.objectives.all()),
        "identified_on": entry.identified_on,
        "expected_on": entry.expected_on,
    }
    form = _change_form(request, initial=initial)
    form.fields["unit"].disabled = True
    context = {"form": form, "title": _("Edit change"), "back_change": entry}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_change(entry, actor=request.user, **_change_arguments(form))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("improvement:change", pk=entry.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


def _render_change(request: StaffRequest, entry: ChangeEntry, status: int = 200) -> HttpResponse:
    context = {
        "entry": entry,
        "services": list(entry.services.select_related("unit")),
        "objectives": list(entry.objectives.all()),
        "status_form": ChangeStatusForm(initial={"status": entry.status}),
        "can_manage": request.user.has_perm("improvement.manage_changes", entry),
    }
    return render(request, "improvement/change_detail.html", context, status=status)


@login_required
def change_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_change(request, scoped_or_404(request, queries.change_for, pk))


@login_required
@require_POST
def change_status_view(request: StaffRequest, pk: int) -> HttpResponse:
    entry = scoped_or_404(request, queries.change_for, pk, "improvement.manage_changes")
    form = ChangeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return _render_change(request, entry, status=400)
    try:
        services.set_change_status(entry, status=form.cleaned_data["status"], actor=request.user)
    except ValidationError as error:
        report(request, error)
        return _render_change(request, entry, status=400)
    messages.success(request, _("Status changed."))
    return redirect("improvement:change", pk=entry.pk)
