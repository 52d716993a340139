"""Staff pages for service levels: the units a person runs with their calendars and policies, a unit's
business calendar (weekly hours, closures, a preview), a policy's targets, and adopting the statutory limits.

Scoped: a unit the user cannot see is a 404; a unit they see but do not run (supervisor, leader,
administrator) is a 403. Every change goes through ``prima.sla.services``, which re-evaluates the due times
of the open requests it affects."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import unit_for
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.sla import pages, services
from prima.sla.choices import ExceptionKind
from prima.sla.forms import (
    AdoptTemplateForm,
    CalendarForm,
    ClosureForm,
    NewPolicyForm,
    PolicyTargetsForm,
    format_intervals,
)
from prima.sla.models import CalendarException, SlaPolicy
from prima.sla.queries import policy_spec
from prima.sla.statutory import statutory_complaint_templates, template_by_code
from prima.tickets.dates import unit_today

MAX_ID = 2**63 - 1
MANAGE = "sla.manage_unit_sla"


def _unit_or_404(request: StaffRequest, unit_id: int) -> ServiceUnit:
    """A unit the user sees (else 404) and runs (else 403)."""
    if unit_id > MAX_ID:
        raise Http404
    try:
        unit = unit_for(request.user, unit_id)
    except ServiceUnit.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(MANAGE, unit):
        raise PermissionDenied
    return unit


def _policy_or_404(request: StaffRequest, pk: int) -> SlaPolicy:
    """A unit's own policy (organisation-wide ones are not edited here) in a unit the user runs."""
    policy = (
        SlaPolicy.objects.select_related("unit").filter(pk=pk, unit__isnull=False).first() if pk <= MAX_ID else None
    )
    if policy is None or policy.unit is None:
        raise Http404
    _unit_or_404(request, policy.unit.pk)
    return policy


@login_required
def home(request: StaffRequest) -> HttpResponse:
    """The units the user runs, each with the calendar and the policies in force for its requests."""
    if not request.user.has_perm("sla.view_sla"):
        raise PermissionDenied
    overview = pages.sla_overview(pages.units_run_by(request.user), now=timezone.now())
    return render(request, "sla/home.html", {"overview": overview})


def _calendar_context(
    unit: ServiceUnit, form: CalendarForm | None = None, closure_form: ClosureForm | None = None
) -> dict[str, Any]:
    today = unit_today(unit)
    calendar, is_own, spec = pages.calendar_page(unit)
    closures = [row for row in calendar.exceptions.all() if row.kind == ExceptionKind.CLOSED] if calendar else []
    if form is None:
        initial: dict[str, Any] = {
            "name": calendar.name if is_own and calendar else _("Working hours of %(unit)s") % {"unit": unit.name},
            "observe_national_holidays": calendar.observe_national_holidays if calendar else True,
            "observe_cuti_bersama": calendar.observe_cuti_bersama if calendar else True,
        }
        initial.update({f"weekday_{weekday}": format_intervals(day) for weekday, day in enumerate(spec.weekly)})
        form = CalendarForm(initial=initial)
    return {
        "unit": unit,
        "calendar": calendar,
        "calendar_is_own": is_own,
        "form": form,
        "closure_form": closure_form or ClosureForm(),
        "closures": closures if is_own else [],
        "inherited_closures": closures if not is_own else [],
        "preview": pages.preview(spec, {row.date: row.name for row in closures}, start=today),
        "year": today.year,
        "holidays": pages.year_of_holidays(calendar, closures, today.year),
    }


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: StaffRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    if request.method == "POST":
        form = CalendarForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_unit_calendar(
                    unit,
                    name=data["name"],
                    weekly=data["weekly"],
                    observe_national_holidays=data["observe_national_holidays"],
                    observe_cuti_bersama=data["observe_cuti_bersama"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The calendar was saved. Due times of open requests were updated."))
                return redirect("sla:calendar", unit_id=unit.pk)
        return render(request, "sla/calendar.html", _calendar_context(unit, form=form), status=400)
    return render(request, "sla/calendar.html", _calendar_context(unit))


@login_required
@require_POST
def closure_add(request: StaffRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            services.add_calendar_closure(
                unit, date=form.cleaned_data["date"], name=form.cleaned_data["name"], actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The closure was added. Due times of open requests were updated."))
            return redirect("sla:calendar", unit_id=unit.pk)
    return render(request, "sla/calendar.html", _calendar_context(unit, closure_form=form), status=400)


@login_required
@require_POST
def closure_remove(request: StaffRequest, unit_id: int, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    closure = (
        CalendarException.objects.select_related("calendar__unit")
        .filter(pk=pk, calendar__unit=unit, kind=ExceptionKind.CLOSED)
        .first()
        if pk <= MAX_ID
        else None
    )
    if closure is None:
        raise Http404
    services.remove_calendar_closure(closure, actor=request.user)
    messages.success(request, _("The unit is open again on that day. Due times of open requests were updated."))
    return redirect("sla:calendar", unit_id=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: StaffRequest, pk: int) -> HttpResponse:
    policy = _policy_or_404(request, pk)
    superseded = SlaPolicy.objects.filter(previous_version=policy).exists()
    form = PolicyTargetsForm(
        request.POST or None, initial=PolicyTargetsForm.initial_for(list(policy_spec(policy).targets))
    )
    if request.method == "POST" and not superseded and form.is_valid():
        targets = form.cleaned_data["targets"]
        try:
            if form.cleaned_data["apply"] == PolicyTargetsForm.APPLY_CORRECT:
                changed = services.correct_policy_targets(policy, targets=targets, actor=request.user)
            else:
                changed = services.revise_policy(policy, targets=targets, actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The policy was saved. Due times of open requests were updated."))
            return redirect("sla:policy", pk=changed.pk)
    status = 400 if request.method == "POST" else 200
    context = {"policy": policy, "unit": policy.unit, "form": form, "superseded": superseded}
    return render(request, "sla/policy.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: StaffRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    form = NewPolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            policy = services.create_policy(
                unit.organisation,
                unit=unit,
                name=data["name"],
                kind=data["kind"],
                priority=data["priority"],
                targets=data["targets"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The policy was created. Due times of open requests were updated."))
            return redirect("sla:policy", pk=policy.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "unit": unit,
        "form": form,
        "adopt_form": AdoptTemplateForm(),
        "templates": statutory_complaint_templates(),
    }
    return render(request, "sla/policy_new.html", context, status=status)


@login_required
@require_POST
def adopt(request: StaffRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    form = AdoptTemplateForm(request.POST)
    if not form.is_valid():
        context = {
            "unit": unit,
            "form": NewPolicyForm(),
            "adopt_form": form,
            "templates": statutory_complaint_templates(),
        }
        return render(request, "sla/policy_new.html", context, status=400)
    policy = services.adopt_template(unit, template_by_code(form.cleaned_data["template"]), actor=request.user)
    messages.success(request, _("The statutory limits were adopted. Change them below if the unit promises more."))
    return redirect("sla:policy", pk=policy.pk)
