from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import Organisation, ServiceUnit
from prima.accounts.queries import staff_visible_to, unit_for, units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.customers.models import Customer, Segment
from prima.customers.queries import customer_for, segments_visible_to
from prima.retention import charts, services
from prima.retention.forms import (
    AttemptForm,
    FilterForm,
    InterviewForm,
    ListFilterForm,
    OutcomeForm,
    ReasonForm,
    ThresholdsForm,
)
from prima.retention.models import (
    Granularity,
    Interview,
    LossReason,
    RetentionSettings,
    RetentionStatus,
    WinBackAttempt,
)
from prima.retention.periods import Period, recent_periods
from prima.retention.queries import (
    attempt_for,
    churn_breakdown,
    churn_by_period,
    cohorts,
    customer_lapses,
    customer_may_be_contacted,
    customer_statuses,
    interview_for,
    interviews_in,
    reasons_by_period,
    reasons_for,
    scope_unit_ids,
    status_counts,
    statuses_in,
    watch_list,
    win_back_summary,
)
from prima.standards.i18n import i18n_text

PERIODS = {Granularity.MONTH: 12, Granularity.QUARTER: 8}
BREAKDOWN_PERIODS = 6
LIST_PREVIEW = 10
TREND_PERIODS = 3
PAGE_SIZE = 25


@dataclass
class Analysis:
    form: FilterForm
    unit_ids: list[int]
    segment: Segment | None
    periods: list[Period]


def _analysis(request: StaffRequest, form_class: type[FilterForm] = FilterForm) -> Analysis:
    form = form_class(
        request.GET or None, units=units_visible_to(request.user), segments=segments_visible_to(request.user)
    )
    unit, segment, granularity = None, None, Granularity.MONTH
    if form.is_valid():
        unit, segment = form.cleaned_data["unit"], form.cleaned_data["segment"]
        granularity = Granularity(form.cleaned_data["granularity"] or Granularity.MONTH)
    return Analysis(
        form, scope_unit_ids(request.user, unit), segment, recent_periods(granularity, PERIODS[granularity])
    )


def _require(request: StaffRequest, permission: str, obj: Model | None = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@login_required
def home_view(request: StaffRequest) -> HttpResponse:
    _require(request, "retention.view_retention")
    analysis = _analysis(request)
    segment_id = analysis.segment.pk if analysis.segment else None
    statuses = statuses_in(analysis.unit_ids, segment_id)
    rows = churn_by_period(statuses, analysis.periods)
    recent = analysis.periods[-BREAKDOWN_PERIODS:]
    units = {unit.pk: unit.name for unit in units_visible_to(request.user).filter(pk__in=analysis.unit_ids)}
    segments = {segment.pk: segment.name for segment in segments_visible_to(request.user)}
    interviews = interviews_in(analysis.unit_ids, segment_id)
    may_see_names = request.user.has_perm("retention.view_lost_customers")
    # Falling or rising over the last three periods: what an evaluation meeting would look at (Skenario 1).
    trend = rows[-1].active_at_end - rows[-TREND_PERIODS - 1].active_at_end
    context = {
        "section": "home",
        "form": analysis.form,
        "rows": rows,
        "trend": trend,
        "trend_size": abs(trend),
        "active_chart": charts.active_customers_chart(rows),
        "churn_chart": charts.churn_rate_chart(rows),
        "recent_periods": recent,
        "by_unit": churn_breakdown(statuses, recent, by="unit_id", labels=units),
        "by_segment": churn_breakdown(
            statuses, recent, by="customer__segments", labels=segments, none_label=_("No segment")
        ),
        "counts": status_counts(statuses),
        "reasons": reasons_by_period(interviews, recent),
        "win_back": win_back_summary(interviews, analysis.periods[0].start),
        "may_see_names": may_see_names,
        "lost": watch_list(analysis.unit_ids, RetentionStatus.LOST, segment_id=segment_id)[:LIST_PREVIEW]
        if may_see_names
        else [],
        "at_risk": watch_list(analysis.unit_ids, RetentionStatus.AT_RISK, segment_id=segment_id)[:LIST_PREVIEW]
        if may_see_names
        else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "retention/home.html", context)


@login_required
def customer_list_view(request: StaffRequest) -> HttpResponse:
    _require(request, "retention.view_lost_customers")
    analysis = _analysis(request, ListFilterForm)
    status = RetentionStatus.LOST
    if analysis.form.is_valid() and analysis.form.cleaned_data.get("status"):
        status = RetentionStatus(analysis.form.cleaned_data["status"])
    entries = watch_list(analysis.unit_ids, status, segment_id=analysis.segment.pk if analysis.segment else None)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "retention/list.html", {"section": "list", "form": analysis.form, "page": page, "status": status}
    )


@login_required
def cohorts_view(request: StaffRequest) -> HttpResponse:
    _require(request, "retention.view_retention")
    analysis = _analysis(request)
    statuses = statuses_in(analysis.unit_ids, analysis.segment.pk if analysis.segment else None)
    table = cohorts(statuses, analysis.periods)
    offsets = list(range(1, len(analysis.periods)))
    return render(
        request,
        "retention/cohorts.html",
        {"section": "cohorts", "form": analysis.form, "cohorts": table, "offsets": offsets},
    )


def _customer_or_404(request: StaffRequest, pk: int) -> Customer:
    try:
        customer = customer_for(request.user, pk)
    except Customer.DoesNotExist:
        raise Http404 from None
    _require(request, "retention.view_lost_customers")
    return customer


def _interview_units(request: StaffRequest, customer: Customer) -> list[ServiceUnit]:
    """Units of the customer (served by, or seen on the timeline) where the user may record an interview."""
    seen = {status.unit_id for status in customer_statuses(request.user, customer)}
    candidates = units_visible_to(request.user).filter(organisation_id=customer.organisation_id)
    return [
        unit
        for unit in candidates
        if (unit.pk in seen or unit in customer.units.all())
        and request.user.has_perm("retention.record_interview", unit)
    ]


@login_required
def customer_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk)
    contactable = customer_may_be_contacted(customer)
    interviews = (
        Interview.objects.filter(customer=customer, unit_id__in=scope_unit_ids(request.user))
        .select_related("unit", "interviewer", "reason")
        .prefetch_related(Prefetch("attempts", queryset=WinBackAttempt.objects.order_by("attempted_on", "id")))
    )
    context = {
        "customer": customer,
        "statuses": customer_statuses(request.user, customer),
        "lapses": customer_lapses(request.user, customer),
        "interviews": interviews,
        "contactable": contactable,
        # Contact details serve outreach, so they show only where the customer agreed to be contacted.
        "contacts": customer.contacts.all() if contactable else [],
        "can_interview": bool(_interview_units(request, customer)),
        "attempt_form": AttemptForm(),
        "outcome_form": OutcomeForm(),
    }
    return render(request, "retention/customer.html", context)


@login_required
def interview_create_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk)
    units = _interview_units(request, customer)
    if not units:
        raise PermissionDenied
    services.ensure_default_reasons(customer.organisation)
    initial = {"interviewer": request.user.pk}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = InterviewForm(
        request.POST or None,
        initial=initial,
        units=units_visible_to(request.user).filter(pk__in=[unit.pk for unit in units]),
        interviewers=staff_visible_to(request.user),
        reasons=reasons_for(customer.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = None
        if data["attempt_action"]:
            attempt = services.AttemptInput(data["interviewed_on"], data["attempt_action"], data["attempt_outcome"])
        try:
            services.record_interview(
                customer,
                unit=data["unit"],
                interviewed_on=data["interviewed_on"],
                channel=data["channel"],
                reason=data["reason"],
                notes=data["notes"],
                interviewer=data["interviewer"],
                attempt=attempt,
                submission_key=data["submission_key"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Interview recorded."))
            return redirect("retention:customer", pk=customer.pk)
    context = {"customer": customer, "form": form, "contactable": customer_may_be_contacted(customer)}
    return render(request, "retention/interview_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def attempt_add_view(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        interview = interview_for(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    _require(request, "retention.record_interview", interview.unit)
    form = AttemptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_win_back_attempt(
                interview,
                services.AttemptInput(data["attempted_on"], data["action"], data["outcome"]),
                submission_key=data["submission_key"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Win-back attempt recorded."))
    else:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
    return redirect("retention:customer", pk=interview.customer_id)


@login_required
@require_POST
def attempt_outcome_view(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        attempt = attempt_for(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    _require(request, "retention.record_interview", attempt.interview.unit)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.set_attempt_outcome(attempt, outcome=form.cleaned_data["outcome"], actor=request.user)
        messages.success(request, _("Outcome saved."))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("retention:customer", pk=attempt.interview.customer_id)


def _managed_organisations(request: StaffRequest) -> list[Organisation]:
    units = [unit for unit in units_visible_to(request.user).select_related("organisation")]
    organisations = {unit.organisation_id: unit.organisation for unit in units}
    return [
        organisation
        for organisation in organisations.values()
        if any(
            unit.organisation_id == organisation.pk and request.user.has_perm("retention.manage_retention", unit)
            for unit in units
        )
    ]


def _loaded_thresholds(unit: ServiceUnit) -> RetentionSettings:
    try:
        return unit.retention_settings
    except RetentionSettings.DoesNotExist:
        return RetentionSettings(unit=unit)


@login_required
def settings_view(request: StaffRequest) -> HttpResponse:
    _require(request, "retention.manage_retention")
    units = [
        unit
        for unit in units_visible_to(request.user).select_related("retention_settings")
        if request.user.has_perm("retention.manage_retention", unit)
    ]
    organisations = _managed_organisations(request)
    for organisation in organisations:
        services.ensure_default_reasons(organisation)
    reasons = LossReason.objects.filter(organisation__in=organisations).select_related("organisation")
    context = {
        "units": [(unit, _loaded_thresholds(unit)) for unit in units],
        "reasons": reasons,
        "organisations": organisations,
        "reason_form": ReasonForm(),
        "section": "settings",
    }
    return render(request, "retention/settings.html", context)


@login_required
def thresholds_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        unit = unit_for(request.user, pk)
    except ServiceUnit.DoesNotExist:
        raise Http404 from None
    _require(request, "retention.manage_retention", unit)
    form = ThresholdsForm(request.POST or None, instance=services.thresholds_for(unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_thresholds(unit, actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)  # type: ignore[arg-type]  # a ModelForm is a form too
        else:
            messages.success(request, _("Thresholds saved; the lists are up to date."))
            return redirect("retention:settings")
    context = {"section": "settings", "unit": unit, "form": form}
    return render(request, "retention/thresholds_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reason_add_view(request: StaffRequest, organisation_pk: int) -> HttpResponse:
    organisation = next((o for o in _managed_organisations(request) if o.pk == organisation_pk), None)
    if organisation is None:
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        name = i18n_text(id=form.cleaned_data["name_id"], en=form.cleaned_data["name_en"])
        try:
            services.create_loss_reason(organisation, name=name, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Reason added."))
    else:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
    return redirect("retention:settings")


@login_required
@require_POST
def reason_toggle_view(request: StaffRequest, pk: int) -> HttpResponse:
    organisations = _managed_organisations(request)
    reason = LossReason.objects.filter(pk=pk, organisation__in=organisations).first()
    if reason is None:
        raise Http404
    services.set_loss_reason_active(reason, is_active=not reason.is_active, actor=request.user)
    messages.success(request, _("Reason updated."))
    return redirect("retention:settings")
