"""Staff pages for management reviews: the list and schedule, the review with its pack, the meeting's record,
decisions, recognition and the pack as PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.plans import queries, reviews
from prima.plans.forms import DecisionForm, MeetingForm, RecognitionForm, ScheduleForm
from prima.plans.models import PlanStatus, Review, ReviewSchedule
from prima.plans.presentation import pack_context
from prima.plans.rules import may_run_reviews

PAGE_SIZE = 30


def _review_or_404(request: StaffRequest, pk: int) -> Review:
    try:
        return queries.review_for(request.user, pk)
    except Review.DoesNotExist:
        raise Http404 from None


def _led_units(request: StaffRequest) -> list[ServiceUnit]:
    return [
        unit for unit in units_visible_to(request.user).filter(is_active=True) if may_run_reviews(request.user, unit)
    ]


def _report(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def review_list_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("plans.view_plans"):
        raise PermissionDenied
    page = Paginator(queries.reviews_visible_to(request.user).select_related("unit"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    units = _led_units(request)
    schedules = {s.unit_id: s for s in ReviewSchedule.objects.filter(unit__in=units)}
    context = {
        "page": page,
        "led_units": [(unit, schedules.get(unit.pk)) for unit in units],
        "schedule_form": ScheduleForm(),
    }
    return render(request, "plans/review_list.html", context)


@login_required
@require_POST
def schedule_view(request: StaffRequest) -> HttpResponse:
    units = {unit.pk: unit for unit in _led_units(request)}
    unit_id = request.POST.get("unit", "")
    unit = units.get(int(unit_id)) if unit_id.isdigit() and len(unit_id) < 18 else None
    if unit is None:
        raise Http404
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose monthly or quarterly."))
        return redirect("plans:reviews")
    reviews.set_review_schedule(unit, frequency=form.cleaned_data["frequency"], actor=request.user)
    messages.success(request, _("Reviews of %(unit)s scheduled.") % {"unit": unit.name})
    return redirect("plans:reviews")


def _render_review(request: StaffRequest, review: Review, *, status: int = 200, **forms: Any) -> HttpResponse:
    staff = queries.staff_of(review.unit)
    plans = queries.plans_visible_to(request.user).filter(unit__path__startswith=review.unit.path)
    can_run = request.user.has_perm("plans.run_reviews", review)
    context = {
        "review": review,
        **pack_context(review.pack),
        "decisions": list(queries.decisions_of(review)),
        "recognitions": list(queries.recognitions_of(review)),
        "attendees": list(review.attendees.order_by("full_name")),
        "can_run": can_run,
        "calls": list(review.calls.all()),
    }
    if can_run and review.status == "open":
        context |= {
            "meeting_form": forms.get("meeting_form")
            or MeetingForm(
                initial={"attendees": [user.pk for user in context["attendees"]], "minutes": review.minutes},
                staff=staff,
            ),
            "decision_form": forms.get("decision_form")
            or DecisionForm(staff=staff, plans=plans.exclude(status=PlanStatus.CLOSED)),
            "recognition_form": forms.get("recognition_form") or RecognitionForm(staff=staff),
        }
    return render(request, "plans/review_detail.html", context, status=status)


@login_required
def review_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_review(request, _review_or_404(request, pk))


def _act(request: StaffRequest, pk: int, operation: Any, success: str) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        operation(review, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_review(request, review, status=400)
    messages.success(request, success)
    return redirect("plans:review", pk=review.pk)


@login_required
@require_POST
def review_open_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reviews.open_review, _("Review opened; the pack is assembled from today's data."))


@login_required
@require_POST
def review_refresh_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reviews.refresh_pack, _("Review pack refreshed."))


@login_required
@require_POST
def review_close_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(request, pk, reviews.close_review, _("Review closed."))


@login_required
@require_POST
def review_meeting_view(request: StaffRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = MeetingForm(request.POST, staff=queries.staff_of(review.unit))
    if form.is_valid():
        try:
            reviews.record_meeting(
                review,
                attendees=form.cleaned_data["attendees"],
                minutes=form.cleaned_data["minutes"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("plans:review", pk=review.pk)
    return _render_review(request, review, status=400, meeting_form=form)


@login_required
@require_POST
def review_decision_view(request: StaffRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    plans = queries.plans_visible_to(request.user).filter(unit__path__startswith=review.unit.path)
    form = DecisionForm(
        request.POST, staff=queries.staff_of(review.unit), plans=plans.exclude(status=PlanStatus.CLOSED)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = reviews.add_decision(
                review,
                text=data["text"],
                action=form.action_input(),
                plan=data.get("plan"),
                item=form.item_input(),
                call_question=data.get("call_question") or "",
                call_background=data["text"],
                call_closes_on=data.get("call_closes_on"),
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            if decision.call_id:
                messages.success(request, _("All staff were asked for proposals."))
            return redirect("plans:review", pk=review.pk)
    return _render_review(request, review, status=400, decision_form=form)


@login_required
@require_POST
def review_recognition_view(request: StaffRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = RecognitionForm(request.POST, staff=queries.staff_of(review.unit))
    if form.is_valid():
        try:
            reviews.give_recognition(
                review, recipient=form.cleaned_data["recipient"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Recognition recorded."))
            return redirect("plans:review", pk=review.pk)
    return _render_review(request, review, status=400, recognition_form=form)


def render_review_pdf(review: Review) -> bytes:
    """The review pack, minutes, decisions and recognition as a PDF (WeasyPrint)."""
    from weasyprint import HTML

    html = review_pdf_html(review)
    return bytes(HTML(string=html).write_pdf())


def review_pdf_html(review: Review) -> str:
    context = {
        "review": review,
        **pack_context(review.pack, for_pdf=True),
        "decisions": list(queries.decisions_of(review)),
        "recognitions": list(queries.recognitions_of(review)),
        "attendees": list(review.attendees.order_by("full_name")),
    }
    return render_to_string("plans/review_pdf.html", context)


@login_required
def review_pdf_view(request: StaffRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    if not review.pack:
        messages.error(request, _("Open the review first: the pack is assembled when the review is opened."))
        return redirect("plans:review", pk=review.pk)
    response = HttpResponse(render_review_pdf(review), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="review-{review.unit.code}-{review.period_start:%Y-%m}.pdf"'
    return response
