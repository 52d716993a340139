"""The official SKM report (Permenpan RB 14/2017 outline, domain.md §1.10) as HTML and PDF (WeasyPrint).

The report is written in Indonesian whatever the reader's language (``language="en"`` gives an English copy).
Charts are the same inline SVG as on the results page. The per-respondent sheet is streamed from the database;
the PDF lists at most ``PDF_RESPONDENT_ROWS`` respondents (the XLSX has them all) to keep the file printable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from prima.surveys.models import ResponseChannel, Survey
from prima.surveys.reports.profile import responses_in_scope
from prima.surveys.reports.respondents import respondent_rows
from prima.surveys.reports.results import ResultsFilter, SurveyResults, build_results
from prima.surveys.rulesets import rule_set_spec

PDF_RESPONDENT_ROWS = 2000
FOLLOW_UP_ROWS = 3  # the lowest unsur pre-filled in the follow-up plan (more when several are C or D)


@dataclass
class RespondentSheet:
    codes: list[str]
    rows: Iterator[tuple[int, list[int | None]]]
    limit: int | None

    def __iter__(self) -> Iterator[tuple[int, list[int | None]]]:
        for number, (_response_id, scores) in enumerate(self.rows, start=1):
            if self.limit is not None and number > self.limit:
                return
            yield number, scores


def follow_up_unsur(results: SurveyResults) -> list[Any]:
    """The unsur to plan for: every unsur rated C or D, at least the ``FOLLOW_UP_ROWS`` lowest."""
    lowest = results.lowest_unsur
    weak = [unsur for unsur in lowest if unsur.mutu in ("C", "D")]
    return weak if len(weak) >= FOLLOW_UP_ROWS else lowest[:FOLLOW_UP_ROWS]


def band_legend(rule_set: str) -> list[tuple[str, str, Fraction, Fraction]]:
    """(letter, label, lowest, highest IKM unit) per band, best first: the legend under the processing sheet."""
    legend = []
    upper = Fraction(100)
    for band in rule_set_spec(rule_set).bands:
        legend.append((band.letter, str(band.label), band.lower, upper))
        upper = band.lower - Fraction(1, 100)
    return legend


def report_period_label(survey: Survey, filters: ResultsFilter) -> str:
    """The filter's period, or the survey's planned period when the report covers all its answers."""
    if filters.first or filters.last or not (survey.period_start or survey.period_end):
        return filters.period_label
    return ResultsFilter(first=survey.period_start, last=survey.period_end).period_label


def report_context(survey: Survey, filters: ResultsFilter, *, respondent_limit: int | None) -> dict[str, Any]:
    results = build_results(survey, filters, with_text=False)
    scope: dict[str, Any] = {
        "unit": filters.unit,
        "service": filters.service,
        "start": results.start,
        "end": results.end,
    }
    channels = dict(ResponseChannel.choices)
    channel_counts = [
        (str(channels.get(row["channel"], row["channel"])), row["n"])
        for row in responses_in_scope(survey, **scope).values("channel").annotate(n=Count("id")).order_by("-n")
    ]
    codes = [unsur.code for unsur in results.skm.unsur] if results.skm is not None else []
    sheet = RespondentSheet(codes, respondent_rows(survey, codes, **scope), respondent_limit)
    unit = filters.unit or survey.unit
    return {
        "survey": survey,
        "results": results,
        "skm": results.skm,
        "unit": unit,
        "unit_name": unit.name if unit else survey.organisation.name,
        "organisation": survey.organisation,
        "channels": channel_counts,
        "sheet": sheet,
        "respondent_limit": respondent_limit,
        "follow_up": follow_up_unsur(results),
        "weakest": results.lowest_unsur[:3],
        "strongest": results.strongest_unsur[:3],
        "generated": timezone.localtime(),
        "bands": band_legend(survey.rule_set),
        "rule_set_title": str(rule_set_spec(survey.rule_set).title),
        "year": str((filters.last or survey.period_end or timezone.localdate()).year),
        "period_label": report_period_label(survey, filters),
    }


def render_report_html(
    survey: Survey, filters: ResultsFilter, *, language: str = "id", respondent_limit: int | None = None
) -> str:
    with translation.override(language):
        return render_to_string(
            "surveys/report/skm.html", report_context(survey, filters, respondent_limit=respondent_limit)
        )


def render_report_pdf(survey: Survey, filters: ResultsFilter, *, language: str = "id") -> bytes:
    from weasyprint import HTML

    html = render_report_html(survey, filters, language=language, respondent_limit=PDF_RESPONDENT_ROWS)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
