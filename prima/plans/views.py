"""Staff pages for plans, ideas and calls for proposals. Lookups go through scoped queries (another unit's plan is
a 404); the services decide who may act (403) and what is valid (400 with the message)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.plans import queries, services
from prima.plans.forms import AcceptForm, CallForm, CommentForm, DeclineForm, IdeaForm, ItemForm, PlanForm
from prima.plans.models import CallForProposals, Idea, IdeaStatus, Plan, PlanStatus
from prima.plans.promises import over_promises
from prima.plans.rules import may_manage_plans

PAGE_SIZE = 30


def _report(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _plan_or_404(request: StaffRequest, pk: int) -> Plan:
    try:
        return queries.plan_for(request.user, pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def _idea_or_404(request: StaffRequest, pk: int) -> Idea:
    try:
        return queries.idea_for(request.user, pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def _call_or_404(request: StaffRequest, pk: int) -> CallForProposals:
    try:
        return queries.call_for(request.user, pk)
    except CallForProposals.DoesNotExist:
        raise Http404 from None


def _managed_units(request: StaffRequest) -> Any:
    units = list(units_visible_to(request.user).filter(is_active=True))
    return ServiceUnit.objects.filter(pk__in=[unit.pk for unit in units if may_manage_plans(request.user, unit)])


@login_required
def home_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("plans.view_plans"):
        raise PermissionDenied
    page = Paginator(queries.plan_list_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "pending": list(queries.pending_acknowledgements(request.user)[:20]),
        "calls": list(queries.open_calls_for(request.user)[:10]),
        "reviews": list(queries.reviews_visible_to(request.user).select_related("unit")[:5]),
        "can_manage": request.user.has_perm("plans.manage_plans"),
    }
    return render(request, "plans/home.html", context)


@login_required
def plan_create_view(request: StaffRequest) -> HttpResponse:
    units = _managed_units(request)
    if not units.exists():
        raise PermissionDenied
    form = PlanForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                data["unit"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                summary=data["summary"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Plan created. Add its items, or collect ideas first."))
            return redirect("plans:plan", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan_form.html", {"form": form}, status=status)


def _render_plan(request: StaffRequest, plan: Plan, *, status: int = 200, **extra: Any) -> HttpResponse:
    can_manage = request.user.has_perm("plans.manage_plans", plan)
    acknowledgements = list(queries.acknowledgements_of(plan))
    context = {
        "plan": plan,
        "items": list(queries.items_of(plan)),
        "ideas": list(queries.ideas_of_plan(plan, request.user)),
        "participation": queries.participation_in(plan),
        "acknowledged": [row for row in acknowledgements if row.acknowledged_at],
        "not_acknowledged": [row for row in acknowledgements if not row.acknowledged_at],
        "my_acknowledgement": next((row for row in acknowledgements if row.user_id == request.user.pk), None),
        "can_manage": can_manage,
        "can_take_part": request.user.has_perm("plans.take_part", plan),
        "problems": over_promises(plan) if can_manage and plan.is_draft else [],
        "idea_form": extra.pop("idea_form", None) or IdeaForm(),
        **extra,
    }
    return render(request, "plans/plan_detail.html", context, status=status)


@login_required
def plan_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_plan(request, _plan_or_404(request, pk))


@login_required
def item_add_view(request: StaffRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    if not request.user.has_perm("plans.manage_plans", plan):
        raise PermissionDenied
    form = ItemForm(request.POST if request.method == "POST" else None, plan=plan, owners=queries.staff_of(plan.unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plan_item(plan, form.item_input(), action=form.action_input(), actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Item added."))
            return redirect("plans:plan", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/item_form.html", {"form": form, "plan": plan}, status=status)


@login_required
@require_POST
def plan_publish_view(request: StaffRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        notified = services.publish_plan(plan, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_plan(request, plan, status=400)
    messages.success(request, _("Plan published; %(count)s staff were notified.") % {"count": notified})
    return redirect("plans:plan", pk=plan.pk)


@login_required
@require_POST
def plan_close_view(request: StaffRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.close_plan(plan, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_plan(request, plan, status=400)
    messages.success(request, _("Plan closed."))
    return redirect("plans:plan", pk=plan.pk)


@login_required
@require_POST
def plan_acknowledge_view(request: StaffRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.acknowledge_plan(plan, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_plan(request, plan, status=400)
    messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect("plans:plan", pk=plan.pk)


@login_required
@require_POST
def plan_idea_create_view(request: StaffRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            services.propose_idea(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your idea is on the plan for colleagues to discuss."))
            return redirect("plans:plan", pk=plan.pk)
    return _render_plan(request, plan, status=400, idea_form=form)


def _render_idea(request: StaffRequest, idea: Idea, *, status: int = 200, **forms: Any) -> HttpResponse:
    plans = queries.plans_visible_to(request.user).filter(unit=idea.unit).exclude(status=PlanStatus.CLOSED)
    can_manage = request.user.has_perm("plans.manage_plans", idea)
    context = {
        "idea": idea,
        "comments": list(queries.comments_of(idea)),
        "can_manage": can_manage and idea.status == IdeaStatus.PROPOSED,
        "can_take_part": request.user.has_perm("plans.take_part", idea),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "needs_plan": idea.plan_id is None and (idea.call is None or idea.call.plan_id is None),
        "plans": plans,
        "item": getattr(idea, "plan_item", None) if idea.status == IdeaStatus.ACCEPTED else None,
    }
    return render(request, "plans/idea_detail.html", context, status=status)


@login_required
def idea_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_idea(request, _idea_or_404(request, pk))


@login_required
@require_POST
def idea_vote_view(request: StaffRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    wanted = request.POST.get("vote")
    try:
        if wanted in ("1", "0"):
            services.set_vote(idea, actor=request.user, vote=wanted == "1")
        else:
            services.toggle_vote(idea, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_idea(request, idea, status=400)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/plans/") and "//" not in next_url:
        return redirect(next_url)
    return redirect("plans:idea", pk=idea.pk)


@login_required
@require_POST
def idea_comment_view(request: StaffRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_idea(idea, body=form.cleaned_data["body"], actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("plans:idea", pk=idea.pk)
    return _render_idea(request, idea, status=400, comment_form=form)


@login_required
def idea_accept_view(request: StaffRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    if not request.user.has_perm("plans.manage_plans", idea):
        raise PermissionDenied
    target = idea.plan or (idea.call.plan if idea.call is not None else None)
    plans = queries.plans_visible_to(request.user).filter(unit=idea.unit).exclude(status=PlanStatus.CLOSED)
    owner_unit = target.unit if target is not None else idea.unit
    initial = {"title": idea.title, "description": idea.body, "owner": idea.author_id}
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        plan=target or Plan(unit=idea.unit),
        owners=queries.staff_of(owner_unit),
        plans=plans,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_idea(
                idea,
                form.item_input(),
                plan=form.cleaned_data.get("plan") or target,
                action=form.action_input(),
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Idea accepted; %(name)s is credited on the plan.") % {"name": idea.author.full_name}
            )
            return redirect("plans:idea", pk=idea.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "idea": idea, "target": target}
    return render(request, "plans/idea_accept.html", context, status=status)


@login_required
@require_POST
def idea_decline_view(request: StaffRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_idea(idea, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Idea declined; the author can read your reason."))
            return redirect("plans:idea", pk=idea.pk)
    return _render_idea(request, idea, status=400, decline_form=form)


# --- calls for proposals -----------------------------------------------------------------------------


@login_required
def call_create_view(request: StaffRequest) -> HttpResponse:
    units = _managed_units(request)
    if not units.exists():
        raise PermissionDenied
    unit_id = request.GET.get("unit") or request.POST.get("unit") or ""
    unit = units.filter(pk=int(unit_id)).first() if unit_id.isdigit() and len(unit_id) < 18 else units.first()
    if unit is None:
        raise Http404
    form = CallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.raise_call(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("All staff of %(unit)s were asked for proposals.") % {"unit": unit.name})
            return redirect("plans:call", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/call_form.html", {"form": form, "unit": unit, "units": units}, status=status)


def _render_call(request: StaffRequest, call: CallForProposals, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "call": call,
        "ideas": list(queries.ideas_of_call(call, request.user)),
        "can_take_part": request.user.has_perm("plans.take_part", call),
        "can_manage": request.user.has_perm("plans.manage_plans", call),
        "idea_form": extra.get("idea_form") or IdeaForm(),
    }
    return render(request, "plans/call_detail.html", context, status=status)


@login_required
def call_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_call(request, _call_or_404(request, pk))


@login_required
@require_POST
def call_idea_create_view(request: StaffRequest, pk: int) -> HttpResponse:
    call = _call_or_404(request, pk)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            services.propose_idea(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your idea is in for colleagues to discuss."))
            return redirect("plans:call", pk=call.pk)
    return _render_call(request, call, status=400, idea_form=form)


@login_required
@require_POST
def call_close_view(request: StaffRequest, pk: int) -> HttpResponse:
    call = _call_or_404(request, pk)
    services.close_call(call, actor=request.user)
    messages.success(request, _("Call for proposals closed."))
    return redirect("plans:call", pk=call.pk)
