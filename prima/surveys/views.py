"""Staff survey pages: list, create from a template, detail (instrument, versions, public links, open/close),
instrument editing, paper import and results with their downloads. Lookups go through ``surveys_visible_to``:
a survey outside the user's units is a 404; visible but not manageable is a 403."""

from __future__ import annotations

import csv
import uuid
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import memberships_of, units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics._scope import survey_zone
from prima.surveys.analytics.ipa import CutPoint
from prima.surveys.forms import ImportForm, InstrumentForm, ResultsFilterForm, SurveyCreateForm, SurveySettingsForm
from prima.surveys.imports import ImportRefused, import_responses
from prima.surveys.instruments import TEMPLATES
from prima.surveys.models import InstrumentVersion, Item, Method, Survey, SurveyStatus
from prima.surveys.queries import surveys_visible_to
from prima.surveys.reports.results import ResultsFilter, build_results
from prima.surveys.revisions import revise_instrument, update_survey_settings
from prima.surveys.rules import may_manage_surveys
from prima.surveys.rulesets import unsur_weights
from prima.surveys.services import create_survey_from_template, set_survey_status

PAGE_SIZE = 50
MAX_ID = 2**31 - 1
CREATE_KEYS = "surveys_create_keys"


def _survey_or_404(request: StaffRequest, pk: int, permission: str = "surveys.view_survey") -> Survey:
    if pk > MAX_ID:
        raise Http404
    try:
        survey = surveys_visible_to(request.user).select_related("unit", "service", "organisation").get(pk=pk)
    except Survey.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, survey):
        raise PermissionDenied
    return survey


def manageable_units(request: StaffRequest) -> list[ServiceUnit]:
    """The visible units in which the user may create and manage surveys."""
    return [
        unit
        for unit in units_visible_to(request.user).filter(is_active=True).select_related("organisation")
        if may_manage_surveys(request.user, unit.organisation, unit)
    ]


def _organisation_wide_allowed(request: StaffRequest) -> Any:
    """The user's organisation when they may run an organisation-wide survey in it, else None."""
    memberships = memberships_of(request.user)
    if not memberships:
        return None
    organisation = memberships[0].unit.organisation
    if may_manage_surveys(request.user, organisation, None):
        return organisation
    return None


@login_required
def survey_list_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("surveys.view_surveys"):
        raise PermissionDenied
    surveys: QuerySet[Survey] = (
        surveys_visible_to(request.user).select_related("unit", "service").annotate(respondent_count=Count("responses"))
    )
    status, method = request.GET.get("status", ""), request.GET.get("method", "")
    if status in SurveyStatus.values:
        surveys = surveys.filter(status=status)
    if method in Method.values:
        surveys = surveys.filter(method=method)
    page = Paginator(surveys.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": SurveyStatus.choices,
        "methods": Method.choices,
        "status": status,
        "method": method,
        "can_create": bool(manageable_units(request)) or _organisation_wide_allowed(request) is not None,
    }
    return render(request, "surveys/list.html", context)


def _create_form(request: StaffRequest, units: list[ServiceUnit], organisation_wide: bool) -> SurveyCreateForm:
    unit_ids = [unit.pk for unit in units]
    form = SurveyCreateForm(
        request.POST if request.method == "POST" else None,
        templates=[(code, str(template.title)) for code, template in TEMPLATES.items()],
        units=ServiceUnit.objects.filter(pk__in=unit_ids),
        services=Service.objects.filter(unit_id__in=unit_ids, is_active=True).select_related("unit"),
    )
    form.fields["unit"].required = not organisation_wide
    return form


@login_required
def survey_create_view(request: StaffRequest) -> HttpResponse:
    units = manageable_units(request)
    organisation = _organisation_wide_allowed(request)
    if not units and organisation is None:
        raise PermissionDenied
    form = _create_form(request, units, organisation is not None)
    used: dict[str, int] = request.session.get(CREATE_KEYS, {})
    key = request.POST.get("submit_key", "") if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST" and key in used:  # a double submit: show the survey the first one created
        return redirect("surveys:detail", pk=used[key])
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            survey = create_survey_from_template(
                form.cleaned_data["template"],
                name=form.cleaned_data["name"],
                organisation=unit.organisation if unit else organisation,
                unit=unit,
                service=form.cleaned_data["service"],
                created_by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if key:
                request.session[CREATE_KEYS] = {**used, key: survey.pk}
            messages.success(request, _("Survey %(name)s created.") % {"name": survey.name})
            return redirect("surveys:detail", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/create.html", {"form": form, "submit_key": key}, status=status)


def public_links(survey: Survey) -> dict[str, str]:
    """The public answering link, kiosk and QR poster (surveys-collection's pages), where they exist."""
    links = {}
    for name in ("answer", "kiosk", "poster"):
        try:
            links[name] = reverse(f"surveys_public:{name}", args=[survey.public_token])
        except NoReverseMatch:
            continue
    return links


@login_required
def survey_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk)
    versions = list(survey.versions.annotate(response_count=Count("responses")).order_by("-number"))
    current: InstrumentVersion | None = versions[0] if versions else None
    items = list(current.items.prefetch_related("options").order_by("position", "id")) if current else []
    context = {
        "survey": survey,
        "current": current,
        "versions": versions,
        "rows": instrument_rows(survey, items),
        "links": public_links(survey),
        "can_manage": request.user.has_perm("surveys.manage_survey", survey),
        "can_view_results": request.user.has_perm("surveys.view_results", survey),
    }
    return render(request, "surveys/detail.html", context)


def instrument_rows(survey: Survey, items: list[Item]) -> list[dict[str, Any]]:
    """Each item with its localized texts, options and effective weight (equal weights are exactly 1/k)."""
    unsur = [item for item in items if item.is_unsur]
    custom = {item.code: Fraction(item.weight) for item in unsur if item.weight is not None}
    weights = unsur_weights(
        [item.code for item in unsur],
        custom if len(custom) == len(unsur) else None,
        legacy_rounded=survey.legacy_rounded_weights,
    )
    return [
        {
            "item": item,
            "name": localized(item.name),
            "text": localized(item.text),
            "weight": weights.get(item.code),
            "options": [(option.value, localized(option.label)) for option in item.options.all()],
        }
        for item in items
    ]


@login_required
@require_POST
def survey_status_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.manage_survey")
    status = request.POST.get("status", "")
    if status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
        return HttpResponse(_("Choose open or closed."), status=400)
    set_survey_status(survey, status, actor=request.user)
    if status == SurveyStatus.OPEN:
        messages.success(request, _("The survey is open for answers."))
    else:
        messages.success(request, _("The survey is closed; no more answers are accepted."))
    return redirect("surveys:detail", pk=survey.pk)


@login_required
def instrument_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.manage_survey")
    current = survey.current_version()
    items = list(current.items.order_by("position", "id")) if current else []
    form = InstrumentForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            version = revise_instrument(
                survey, texts=form.texts(), weights=form.weights(), extra=form.extra(), actor=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if version is None:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(
                    request, _("Saved as version %(number)s of the instrument.") % {"number": version.number}
                )
            return redirect("surveys:detail", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/instrument_edit.html", {"survey": survey, "form": form}, status=status)


@login_required
def settings_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.manage_survey")
    initial = {
        "population_size": survey.population_size,
        "period_start": survey.period_start,
        "period_end": survey.period_end,
    }
    form = SurveySettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_survey_settings(survey, **form.cleaned_data, actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("surveys:detail", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/settings.html", {"survey": survey, "form": form}, status=status)


@login_required
def import_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.manage_survey")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_responses(survey, upload.read(), file_name=upload.name or "", actor=request.user)
        except ImportRefused as refused:
            problems = [str(error) for error in refused.errors]
        else:
            messages.success(request, _("%(count)s paper forms imported.") % {"count": result.imported})
            return redirect("surveys:detail", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/import.html", {"survey": survey, "form": form, "problems": problems}, status=status)


@login_required
def import_template_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.manage_survey")
    current = survey.current_version()
    codes = list(current.items.order_by("position", "id").values_list("code", flat=True)) if current else []
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-template.csv"'
    csv.writer(response).writerow(codes)
    return response


def results_filter(request: StaffRequest, survey: Survey) -> tuple[ResultsFilterForm, ResultsFilter]:
    """The filter form bound to GET and the filter it describes (an invalid filter falls back to the default).

    Units are limited to the user's scope. Someone who sees an organisation-wide survey only through their own
    units (not a leader or administrator of the head office) sees it for one of their units, never the total.
    """
    units = units_visible_to(request.user).filter(organisation=survey.organisation)
    if survey.unit is not None:
        units = units.filter(path__startswith=survey.unit.path)
    services = Service.objects.filter(unit__in=units).select_related("unit")
    if survey.service_id is not None:
        services = services.filter(pk=survey.service_id)
    whole_survey = survey.unit is not None or request.user.has_perm("surveys.manage_survey", survey)
    form = ResultsFilterForm(
        request.GET or None, units=units, services=services, today=timezone.localdate(timezone=survey_zone(survey))
    )
    if not whole_survey:
        form.fields["unit"].required = True
        form.fields["unit"].empty_label = None  # type: ignore[attr-defined]
    cut = CutPoint.MIDPOINT if request.GET.get("cut") == CutPoint.MIDPOINT else CutPoint.GRAND_MEAN
    if request.GET and form.is_valid():
        first, last = form.dates()
        return form, ResultsFilter(form.cleaned_data["unit"], form.cleaned_data["service"], first, last, cut)
    default_unit = None if whole_survey else units.order_by("path").first()
    if not whole_survey and default_unit is None:
        raise PermissionDenied
    return form, ResultsFilter(unit=default_unit, cut_point=cut)


@login_required
def results_view(request: StaffRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk, "surveys.view_results")
    form, filters = results_filter(request, survey)
    results = build_results(survey, filters)
    status = 400 if request.GET and form.errors else 200
    context = {"survey": survey, "form": form, "results": results, "query": filters.query_string()}
    return render(request, "surveys/results.html", context, status=status)


@login_required
def report_pdf_view(request: StaffRequest, pk: int) -> HttpResponse:
    from prima.surveys.reports.skm_report import render_report_pdf

    survey = _survey_or_404(request, pk, "surveys.view_results")
    _form, filters = results_filter(request, survey)
    language = "en" if request.GET.get("lang") == "en" else "id"
    response = HttpResponse(render_report_pdf(survey, filters, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-skm-{survey.pk}.pdf"'
    return response


@login_required
def report_xlsx_view(request: StaffRequest, pk: int) -> HttpResponse:
    from prima.surveys.reports.workbook import render_report_xlsx

    survey = _survey_or_404(request, pk, "surveys.view_results")
    _form, filters = results_filter(request, survey)
    language = "en" if request.GET.get("lang") == "en" else "id"
    response = HttpResponse(
        render_report_xlsx(survey, filters, language=language),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="skm-{survey.pk}.xlsx"'
    return response


@login_required
def report_preview_view(request: StaffRequest, pk: int) -> HttpResponse:
    """The report as HTML (the PDF's source), to read on screen or print from the browser."""
    from prima.surveys.reports.skm_report import render_report_html

    survey = _survey_or_404(request, pk, "surveys.view_results")
    _form, filters = results_filter(request, survey)
    language = "en" if request.GET.get("lang") == "en" else "id"
    return HttpResponse(render_report_html(survey, filters, language=language))
