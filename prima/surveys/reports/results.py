"""Everything the results page, the public results page and the reports show, computed once per request.

Which analyses appear depends on what the instrument asks (not on the survey's declared method): unsur →
SKM/IKM; a "csat" item → CSAT; an "nps" item → NPS; expectation/perception pairs → SERVQUAL and derived
dissatisfaction; importance/performance pairs → IPA, CSI and derived dissatisfaction; problem items →
problem analysis; free-text items → word and phrase frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys import charts
from prima.surveys.analytics._scope import survey_zone
from prima.surveys.analytics.csat import CsatResult, compute_csat
from prima.surveys.analytics.dissatisfaction import (
    DissatisfactionResult,
    ProblemAnalysis,
    compute_dissatisfaction,
    compute_problems,
    problem_items_filter,
)
from prima.surveys.analytics.ipa import CutPoint, IpaResult, compute_ipa
from prima.surveys.analytics.nps import NpsResult, compute_nps
from prima.surveys.analytics.servqual import ServqualResult, compute_servqual
from prima.surveys.analytics.skm import SkmResult, compute_skm, skm_per_service, skm_trend
from prima.surveys.analytics.text import TextFrequencies, compute_text_frequencies
from prima.surveys.models import Item, ItemKind, PairRole, Survey
from prima.surveys.reports.periods import Period, bounds, semester_of, semesters_before
from prima.surveys.reports.profile import ProfileTable, respondent_profile, responses_in_scope
from prima.surveys.sampling import krejcie_morgan

TREND_SEMESTERS = 4


@dataclass(frozen=True)
class ResultsFilter:
    unit: ServiceUnit | None = None
    service: Service | None = None
    first: date | None = None  # inclusive, local calendar
    last: date | None = None  # inclusive
    cut_point: str = CutPoint.GRAND_MEAN

    def query_string(self) -> str:
        """The filter as GET parameters, so that downloads use the same filter as the page."""
        params = {
            "unit": self.unit.pk if self.unit else "",
            "service": self.service.pk if self.service else "",
            "start": self.first.isoformat() if self.first else "",
            "end": self.last.isoformat() if self.last else "",
            "cut": self.cut_point if self.cut_point != CutPoint.GRAND_MEAN else "",
        }
        return urlencode({key: value for key, value in params.items() if value})

    @property
    def period_label(self) -> str:
        if self.first and self.last:
            return f"{self.first:%d-%m-%Y} - {self.last:%d-%m-%Y}"
        if self.first:
            return _("from %(date)s") % {"date": f"{self.first:%d-%m-%Y}"}
        if self.last:
            return _("until %(date)s") % {"date": f"{self.last:%d-%m-%Y}"}
        return _("All time")


@dataclass(frozen=True)
class Features:
    skm: bool = False
    csat: bool = False
    nps: bool = False
    servqual: bool = False
    ipa: bool = False
    problems: bool = False
    text: bool = False


def survey_features(survey: Survey) -> Features:
    """What the survey's items (any version) measure: one query."""
    rows = set(
        Item.objects.filter(version__survey=survey).values_list("kind", "pair_role", "is_unsur").distinct().order_by()
    )
    kinds = {kind for kind, _role, _unsur in rows}
    roles = {role for _kind, role, _unsur in rows}
    return Features(
        skm=any(unsur for _kind, _role, unsur in rows),
        csat=ItemKind.CSAT in kinds,
        nps=ItemKind.NPS in kinds,
        servqual={PairRole.EXPECTATION, PairRole.PERCEPTION} <= roles,
        ipa={PairRole.IMPORTANCE, PairRole.PERFORMANCE} <= roles,
        problems=Item.objects.filter(problem_items_filter(), version__survey=survey).exists(),
        text=ItemKind.TEXT in kinds,
    )


@dataclass(frozen=True)
class SampleAdequacy:
    population: int
    required: int
    respondents: int

    @property
    def adequate(self) -> bool:
        return self.respondents >= self.required

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.respondents)


@dataclass
class SurveyResults:
    survey: Survey
    filters: ResultsFilter
    start: datetime | None
    end: datetime | None
    features: Features
    respondents: int = 0  # SKM respondents (answered at least one unsur), else responses with a profile
    responses: int = 0  # every response in the filter
    skm: SkmResult | None = None
    sample: SampleAdequacy | None = None
    per_service: list[tuple[Service | None, SkmResult]] = field(default_factory=list)
    trend: list[tuple[Period, SkmResult]] = field(default_factory=list)
    profile: list[ProfileTable] = field(default_factory=list)
    csat: CsatResult | None = None
    nps: NpsResult | None = None
    servqual: ServqualResult | None = None
    ipa: IpaResult | None = None
    dissatisfaction: DissatisfactionResult | None = None
    problems: ProblemAnalysis | None = None
    text: TextFrequencies | None = None
    charts: dict[str, SafeString] = field(default_factory=dict)

    @property
    def lowest_unsur(self) -> list[Any]:
        """The unsur with data, lowest NRR first (for the analysis and the follow-up plan)."""
        if self.skm is None:
            return []
        return sorted((u for u in self.skm.unsur if u.nrr is not None), key=lambda unsur: (unsur.nrr, unsur.code))

    @property
    def strongest_unsur(self) -> list[Any]:
        return list(reversed(self.lowest_unsur))


def trend_periods(filters: ResultsFilter, today: date) -> list[Period]:
    """The chosen semester and the ones before it (or the current semester and before, without a period)."""
    anchor = filters.last or today
    return semesters_before(semester_of(anchor).last, TREND_SEMESTERS)


def build_results(
    survey: Survey,
    filters: ResultsFilter,
    *,
    with_charts: bool = True,
    with_text: bool = True,
    with_trend: bool = True,
) -> SurveyResults:
    zone = survey_zone(survey)
    start, end = bounds(survey, filters.first, filters.last)
    scope: dict[str, Any] = {"unit": filters.unit, "service": filters.service, "start": start, "end": end}
    features = survey_features(survey)
    results = SurveyResults(
        survey=survey,
        filters=filters,
        start=start,
        end=end,
        features=features,
        responses=responses_in_scope(survey, **scope).count(),
    )
    if features.skm:
        results.skm = compute_skm(survey, **scope)
        results.respondents = results.skm.respondents
        if survey.population_size:
            results.sample = SampleAdequacy(
                survey.population_size, krejcie_morgan(survey.population_size), results.skm.respondents
            )
        if filters.service is None:
            results.per_service = list(skm_per_service(survey, unit=filters.unit, start=start, end=end))
        if with_trend:
            periods = trend_periods(filters, timezone.localdate(timezone=zone))
            results.trend = [
                (period, result)
                for period, (_dates, result) in zip(
                    periods,
                    skm_trend(
                        survey, [period.as_tuple() for period in periods], unit=filters.unit, service=filters.service
                    ),
                    strict=True,
                )
            ]
    profile_respondents = results.respondents or None
    results.profile = respondent_profile(survey, **scope, respondents=profile_respondents)
    if results.profile and not results.respondents:
        results.respondents = results.profile[0].respondents
    if features.csat:
        results.csat = compute_csat(survey, **scope)
    if features.nps:
        results.nps = compute_nps(survey, **scope)
    if features.servqual:
        results.servqual = compute_servqual(survey, **scope)
    if features.ipa:
        results.ipa = compute_ipa(survey, **scope, cut_point=filters.cut_point)
    if features.servqual or features.ipa:
        results.dissatisfaction = compute_dissatisfaction(survey, **scope)
    if features.problems:
        results.problems = compute_problems(survey, **scope)
    if features.text and with_text:
        results.text = compute_text_frequencies(survey, **scope)
    if with_charts:
        results.charts = results_charts(results)
    return results


def results_charts(results: SurveyResults) -> dict[str, SafeString]:
    made: dict[str, SafeString] = {}
    if results.skm is not None and results.skm.unsur:
        made["unsur"] = charts.ikm_unsur_chart(results.skm)
    if results.trend:
        made["trend"] = charts.ikm_trend_chart([(period.label, result.ikm_unit) for period, result in results.trend])
    if results.per_service:
        made["services"] = charts.service_ikm_chart(
            [
                (service.display_name if service else _("Not stated"), result.ikm_unit, result.mutu)
                for service, result in results.per_service
            ]
        )
    if results.csat is not None and results.csat.answered:
        made["csat"] = charts.csat_chart(results.csat)
    if results.nps is not None and results.nps.answered:
        made["nps"] = charts.nps_chart(results.nps)
    if results.ipa is not None and results.ipa.attributes:
        made["ipa"] = charts.ipa_chart(results.ipa)
    if results.servqual is not None and results.servqual.respondents:
        made["servqual"] = charts.gap_chart(
            [(dimension.name, dimension.gap) for dimension in results.servqual.dimensions],
            title=_("SERVQUAL gap per dimension (perception - expectation)"),
        )
        made["servqual_items"] = charts.gap_chart(
            [(item.key, item.gap) for item in results.servqual.items if item.gap is not None],
            title=_("SERVQUAL gap per item (perception - expectation)"),
        )
    if results.text is not None and results.text.words:
        made["words"] = charts.frequency_chart(results.text.words[:10], title=_("Most frequent words"))
    return made
