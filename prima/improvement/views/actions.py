"""Improvement actions: the list per unit, the owner's queue, one action with its progress, verification and
cancellation, and a person's scorecard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.queries import staff_visible_to, units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.improvement import queries, services
from prima.improvement.forms import ActionForm, ProgressForm, ReasonForm, VerifyForm
from prima.improvement.models import Action, ActionStatus
from prima.improvement.views._common import MAX_ID, PAGE_SIZE, report, require, scoped_or_404


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) <= MAX_ID else None


@login_required
def action_list_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.view_improvement")
    status = request.GET.get("status") if request.GET.get("status") in ActionStatus.values else None
    overdue = request.GET.get("overdue") == "1"
    unit_id = _int_or_none(request.GET.get("unit"))
    actions = queries.action_list(
        request.user, unit_id=unit_id, status=status, overdue_on=timezone.localdate() if overdue else None
    )
    context = {
        "page": Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page")),
        "units": units_visible_to(request.user).filter(is_active=True),
        "statuses": ActionStatus.choices,
        "filters": {"unit": unit_id, "status": status or "", "overdue": overdue},
        "today": timezone.localdate(),
        "can_open": request.user.has_perm("improvement.manage_actions", None),
    }
    return render(request, "improvement/action_list.html", context)


@login_required
def my_actions_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.view_improvement")
    context = {
        "actions": list(queries.my_actions(request.user)[:200]),
        "scorecard": queries.action_scorecard(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "improvement/my_actions.html", context)


@login_required
def scorecard_view(request: StaffRequest, pk: int) -> HttpResponse:
    """A person's improvement scorecard: their actions, open, overdue and done on time."""
    require(request, "improvement.view_improvement")
    if pk > MAX_ID:
        raise Http404
    person = request.user if pk == request.user.pk else staff_visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    context = {
        "person": person,
        "scorecard": queries.action_scorecard(person),
        "actions": list(queries.actions_visible_to(request.user).filter(owner=person).select_related("unit")[:100]),
        "today": timezone.localdate(),
    }
    return render(request, "improvement/scorecard.html", context)


@login_required
def action_create_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.manage_actions")
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        units=queries.units_for_actions(request.user),
        owners=queries.owner_choices(request.user),
        objectives=queries.objective_list(request.user),
        initial={
            "source_kind": request.GET.get("source_kind", ""),
            "source_ref": request.GET.get("source_ref", "")[:200],
        },
    )
    context = {"form": form, "title": _("New improvement action")}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.open_action(
                    unit=data["unit"],
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    root_cause=data["root_cause"],
                    source_kind=data["source_kind"],
                    source_ref=data["source_ref"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    metric_code=data["metric_code"] or None,
                    effectiveness_check_on=data["effectiveness_check_on"],
                    objective=data["objective"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Action opened and assigned to %(owner)s.") % {"owner": action.owner})
                return redirect("improvement:action", pk=action.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


@login_required
def action_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    action = scoped_or_404(request, queries.action_for, pk, "improvement.manage_actions")
    initial = {
        "title": action.title,
        "description": action.description,
        "root_cause": action.root_cause,
        "owner": action.owner,
        "due_date": action.due_date,
        "effectiveness_check_on": action.effectiveness_check_on,
    }
    form = ActionForm(
        request.POST if request.method == "POST" else None, owners=queries.owner_choices(request.user), initial=initial
    )
    context = {"form": form, "title": _("Edit improvement action"), "back_action": action}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_action(
                    action,
                    actor=request.user,
                    title=data["title"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    description=data["description"],
                    root_cause=data["root_cause"],
                    effectiveness_check_on=data["effectiveness_check_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("improvement:action", pk=action.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


def _render_action(
    request: StaffRequest,
    action: Action,
    *,
    progress_form: ProgressForm | None = None,
    verify_form: VerifyForm | None = None,
    cancel_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "action": action,
        "today": timezone.localdate(),
        "can_progress": user.has_perm("improvement.record_progress", action),
        "can_manage": user.has_perm("improvement.manage_actions", action),
        "progress_form": progress_form or ProgressForm(current=action.status),
        "verify_form": verify_form or VerifyForm(),
        "cancel_form": cancel_form or ReasonForm(),
        "proposal": getattr(action, "proposal", None),
    }
    return render(request, "improvement/action_detail.html", context, status=status)


@login_required
def action_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_action(request, scoped_or_404(request, queries.action_for, pk))


@login_required
@require_POST
def action_progress_view(request: StaffRequest, pk: int) -> HttpResponse:
    action = scoped_or_404(request, queries.action_for, pk, "improvement.record_progress")
    form = ProgressForm(request.POST, current=action.status)
    if form.is_valid():
        try:
            services.record_progress(
                action, actor=request.user, status=form.cleaned_data["status"] or None, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("improvement:action", pk=action.pk)
    return _render_action(request, action, progress_form=form, status=400)


@login_required
@require_POST
def action_verify_view(request: StaffRequest, pk: int) -> HttpResponse:
    action = scoped_or_404(request, queries.action_for, pk, "improvement.verify_action")
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify_action(
                action, actor=request.user, effective=form.cleaned_data["effective"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Verification recorded."))
            return redirect("improvement:action", pk=action.pk)
    return _render_action(request, action, verify_form=form, status=400)


@login_required
@require_POST
def action_cancel_view(request: StaffRequest, pk: int) -> HttpResponse:
    action = scoped_or_404(request, queries.action_for, pk, "improvement.manage_actions")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_action(action, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Action cancelled."))
            return redirect("improvement:action", pk=action.pk)
    return _render_action(request, action, cancel_form=form, status=400)
