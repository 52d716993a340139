"""Public SKM results of a service unit (the "Transparan" principle: results must be published). No account
needed; only aggregates are shown (IKM, quality, per element, per service, trend, number of respondents)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prima.accounts.models import ServiceUnit
from prima.core.http import PublicRequest
from prima.surveys.models import Method, Response, Survey, SurveyStatus
from prima.surveys.reports.results import ResultsFilter, SurveyResults, build_results

MAX_ID = 2**31 - 1
MAX_SURVEYS = 5


@dataclass(frozen=True)
class PublishedResult:
    survey: Survey
    results: SurveyResults


def published_skm_surveys(unit: ServiceUnit) -> list[Survey]:
    """The unit's SKM surveys that are open or closed and have answers from the unit, newest first: its own
    surveys and the organisation-wide ones (read for this unit only)."""
    answered_here = Response.objects.filter(survey=OuterRef("pk"), unit__path__startswith=unit.path)
    return list(
        Survey.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True, organisation_id=unit.organisation_id),
            method=Method.SKM,
            status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED],
        )
        .filter(Exists(answered_here))
        .select_related("unit", "organisation")
        .order_by("-created_at", "-id")[:MAX_SURVEYS]
    )


@require_GET
def unit_results_view(request: PublicRequest, unit_id: int) -> HttpResponse:
    if unit_id > MAX_ID:
        raise Http404
    unit = ServiceUnit.objects.filter(pk=unit_id, is_active=True).select_related("organisation").first()
    if unit is None:
        raise Http404
    published = []
    for survey in published_skm_surveys(unit):
        filters = ResultsFilter(unit=unit if survey.unit_id is None else None)
        results = build_results(survey, filters, with_text=False)
        if results.skm is not None and results.skm.respondents:
            published.append(PublishedResult(survey, results))
    return render(request, "surveys/public_results.html", {"unit": unit, "published": published})
