"""Quality objectives: the overview (the app's home), one objective with live actuals and its cascade tree, and
the leadership's forms to set objectives, targets and cascades."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from prima.accounts.models import ServiceUnit, User
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.core.metrics import ScopeLevel, get_metric
from prima.improvement import queries, services
from prima.improvement.charts import trend_chart
from prima.improvement.forms import CascadeForm, ObjectiveForm, TargetForm
from prima.improvement.models import Objective, Target, TargetLevel
from prima.improvement.views._common import metric_cache, require, scoped_or_404


@login_required
def home_view(request: StaffRequest) -> HttpResponse:
    """The objectives overview: every visible objective with how many of its targets are met right now."""
    require(request, "improvement.view_improvement")
    include_closed = request.GET.get("closed") == "1"
    objectives = list(queries.with_targets(queries.objective_list(request.user, include_closed=include_closed)[:100]))
    cache = metric_cache(request)
    rows = []
    for objective in objectives:
        statuses = queries.objective_status(objective, cache=cache, include_trend=False)
        rows.append(
            {
                "objective": objective,
                "targets": len(statuses),
                "met": sum(1 for status in statuses if status.met),
                "unknown": sum(1 for status in statuses if status.met is None),
            }
        )
    context = {
        "rows": rows,
        "include_closed": include_closed,
        "can_set": request.user.has_perm("improvement.manage_objectives", None),
        "pending_proposals": queries.pending_proposals(request.user).count(),
        "my_open_actions": queries.my_actions(request.user).count(),
    }
    return render(request, "improvement/home.html", context)


def _objective_form(request: StaffRequest, **kwargs: Any) -> ObjectiveForm:
    return ObjectiveForm(
        request.POST if request.method == "POST" else None,
        organisations=queries.organisations_for_objectives(request.user),
        units=queries.units_for_objectives(request.user),
        **kwargs,
    )


@login_required
def objective_create_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.manage_objectives")
    form = _objective_form(request)
    context = {"form": form, "title": _("New quality objective")}
    if request.method == "POST":
        if form.is_valid():
            organisation, unit = form.scope_target()
            try:
                objective = services.create_objective(
                    organisation=organisation,
                    unit=unit,
                    title=form.bilingual("title"),
                    goal=form.bilingual("goal"),
                    guideline=form.bilingual("guideline"),
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Objective set. Now add its targets."))
                return redirect("improvement:objective", pk=objective.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


@login_required
def objective_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    objective = scoped_or_404(request, queries.objective_for, pk, "improvement.manage_objectives")
    initial = {
        f"{name}_{language}": getattr(objective, name).get(language, "")
        for name in ("title", "goal", "guideline")
        for language in ("id", "en")
    }
    initial.update(period_start=objective.period_start, period_end=objective.period_end)
    form = ObjectiveForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"form": form, "title": _("Edit quality objective"), "back": objective}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_objective(
                    objective,
                    actor=request.user,
                    title=form.bilingual("title"),
                    goal=form.bilingual("goal"),
                    guideline=form.bilingual("guideline"),
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("improvement:objective", pk=objective.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


@login_required
@require_POST
def objective_close_view(request: StaffRequest, pk: int) -> HttpResponse:
    objective = scoped_or_404(request, queries.objective_for, pk, "improvement.manage_objectives")
    services.close_objective(objective, actor=request.user)
    messages.success(request, _("Objective closed."))
    return redirect("improvement:objective", pk=objective.pk)


def _render_objective(
    request: StaffRequest, objective: Objective, *, target_form: TargetForm | None = None, status: int = 200
) -> HttpResponse:
    statuses = queries.objective_status(objective, cache=metric_cache(request))
    can_manage = request.user.has_perm("improvement.manage_objectives", objective)
    context = {
        "objective": objective,
        "statuses": [(status, trend_chart(status)) for status in statuses],
        "today": timezone.localdate(),
        "can_manage": can_manage,
        "target_form": target_form or (TargetForm(level=objective.level) if can_manage else None),
        "changes": objective.change_entries.all().order_by("-rating")[:20],
        "actions": queries.action_list(request.user).filter(objective=objective)[:20],
    }
    return render(request, "improvement/objective_detail.html", context, status=status)


@login_required
def objective_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_objective(request, scoped_or_404(request, queries.objective_for, pk))


@login_required
@require_POST
def target_add_view(request: StaffRequest, pk: int) -> HttpResponse:
    objective = scoped_or_404(request, queries.objective_for, pk, "improvement.manage_objectives")
    form = TargetForm(request.POST, level=objective.level)
    if form.is_valid():
        try:
            services.add_target(
                objective,
                metric_code=form.cleaned_data["metric_code"],
                target_value=form.cleaned_data["target_value"],
                note=form.cleaned_data["note"],
                benchmarks=form.cleaned_data["benchmarks"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Target added."))
            return redirect("improvement:objective", pk=objective.pk)
    return _render_objective(request, objective, target_form=form, status=400)


@login_required
def target_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    target = scoped_or_404(request, queries.target_for, pk, "improvement.manage_objectives")
    initial = {
        "target_value": target.target_value,
        "note": target.note,
        "benchmarks": "\n".join(f"{b.label}: {b.value.normalize()}" for b in target.benchmarks.all()),
    }
    form = TargetForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"form": form, "title": _("Edit target"), "back": target.objective, "target": target}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_target(
                    target,
                    target_value=form.cleaned_data["target_value"],
                    note=form.cleaned_data["note"],
                    benchmarks=form.cleaned_data["benchmarks"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("improvement:objective", pk=target.objective_id)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


@login_required
@require_POST
def target_remove_view(request: StaffRequest, pk: int) -> HttpResponse:
    target = scoped_or_404(request, queries.target_for, pk, "improvement.manage_objectives")
    objective_id = target.objective_id
    services.remove_target(target, actor=request.user)
    messages.success(request, _("Target removed."))
    return redirect("improvement:objective", pk=objective_id)


def _cascade_choices(target: Target) -> tuple[Any, Any]:
    if target.unit_id is None:
        units = ServiceUnit.objects.filter(
            organisation_id=target.objective.organisation_id, parent__isnull=True, is_active=True
        )
    else:
        units = ServiceUnit.objects.filter(parent_id=target.unit_id, is_active=True)
    people = None
    metric_levels = get_metric(target.metric_code).levels if _registered(target.metric_code) else frozenset()
    if target.unit is not None and ScopeLevel.PERSON in metric_levels:
        people = (
            User.objects.filter(is_active=True, memberships__unit_id=target.unit_id).distinct().order_by("full_name")
        )
    return units, people


def _registered(code: str) -> bool:
    try:
        get_metric(code)
    except LookupError:
        return False
    return True


@login_required
def target_cascade_view(request: StaffRequest, pk: int) -> HttpResponse:
    target = scoped_or_404(request, queries.target_for, pk, "improvement.manage_objectives")
    if target.level == TargetLevel.PERSON:
        messages.error(request, _("A person's target cannot be cascaded further."))
        return redirect("improvement:objective", pk=target.objective_id)
    units, people = _cascade_choices(target)
    form = CascadeForm(request.POST if request.method == "POST" else None, units=units, people=people)
    context = {"form": form, "title": _("Cascade target"), "back": target.objective, "target": target}
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.cascade_target(
                    target,
                    actor=request.user,
                    units=list(form.cleaned_data["units"]),
                    people=list(form.cleaned_data.get("people") or []),
                    target_value=form.cleaned_data["target_value"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s target cascaded.", "%(count)s targets cascaded.", len(created))
                    % {"count": len(created)},
                )
                return redirect("improvement:objective", pk=target.objective_id)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)
