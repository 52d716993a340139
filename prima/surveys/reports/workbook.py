"""The SKM workbook (openpyxl): Ringkasan, Per Unsur, Per Responden, Profil Responden, Per Layanan, Tren.

Numbers are written as numbers (NRR and IKM at full precision with a display format), so offices can check the
arithmetic in the spreadsheet. The per-respondent sheet streams rows from the database (openpyxl write-only).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from prima.surveys.models import Survey
from prima.surveys.reports.respondents import respondent_rows
from prima.surveys.reports.results import ResultsFilter, build_results

# Sheet names are read by other tools, so they are fixed per language rather than looked up in the catalogue.
SHEET_NAMES = {
    "id": ("Ringkasan", "Per Unsur", "Per Responden", "Profil Responden", "Per Layanan", "Tren"),
    "en": ("Summary", "Per Element", "Per Respondent", "Respondent Profile", "Per Service", "Trend"),
}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _bold(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def render_report_xlsx(survey: Survey, filters: ResultsFilter, *, language: str = "id") -> bytes:
    with translation.override(language):
        return _workbook(survey, filters, SHEET_NAMES.get(language, SHEET_NAMES["id"]))


def _workbook(survey: Survey, filters: ResultsFilter, names: tuple[str, ...]) -> bytes:
    results = build_results(survey, filters, with_charts=False, with_text=False)
    skm = results.skm
    book = Workbook(write_only=True)
    unit = filters.unit or survey.unit

    summary = book.create_sheet(names[0])
    summary.append(_bold(summary, [_("COMMUNITY SATISFACTION SURVEY REPORT")]))
    summary.append([_("Survey"), survey.name])
    summary.append([_("Unit"), unit.name if unit else survey.organisation.name])
    summary.append([_("Period"), filters.period_label])
    summary.append([_("Service"), filters.service.display_name if filters.service else _("All services")])
    summary.append([_("Rule set"), survey.get_rule_set_display()])
    if skm is not None:
        summary.append([_("Respondents"), skm.respondents])
        summary.append([_("IKM (1-4)"), _number(skm.ikm)])
        summary.append([_("IKM of the unit (25-100)"), _number(skm.ikm_unit)])
        summary.append([_("Quality"), skm.mutu])
        summary.append([_("Performance"), str(skm.mutu_label)])
    if results.sample is not None:
        summary.append([_("Population"), results.sample.population])
        summary.append([_("Minimum sample (Krejcie and Morgan)"), results.sample.required])

    per_unsur = book.create_sheet(names[1])
    per_unsur.append(
        _bold(
            per_unsur,
            [
                _("Code"),
                _("Service element"),
                _("Σ score"),
                _("Answered"),
                _("NRR"),
                _("Weight"),
                _("Weighted NRR"),
                _("Quality"),
                _("Performance"),
            ],
        )
    )
    codes: list[str] = []
    if skm is not None:
        for unsur in skm.unsur:
            codes.append(unsur.code)
            per_unsur.append(
                [
                    unsur.code,
                    unsur.name,
                    unsur.total,
                    unsur.answered,
                    _number(unsur.nrr),
                    _number(unsur.weight),
                    _number(unsur.nrr_weighted),
                    unsur.mutu,
                    str(unsur.mutu_label),
                ]
            )
        per_unsur.append([_("IKM"), "", "", "", "", "", _number(skm.ikm), skm.mutu, str(skm.mutu_label)])
        per_unsur.append([_("IKM of the unit"), "", "", "", "", "", _number(skm.ikm_unit)])

    sheet = book.create_sheet(names[2])
    sheet.append(_bold(sheet, [_("SURVEY DATA PER RESPONDENT AND PER SERVICE ELEMENT")]))
    sheet.append(_bold(sheet, [_("No."), *codes]))
    scope: dict[str, Any] = {
        "unit": filters.unit,
        "service": filters.service,
        "start": results.start,
        "end": results.end,
    }
    for number, (_response_id, scores) in enumerate(respondent_rows(survey, codes, **scope), start=1):
        sheet.append([number, *scores])
    if skm is not None:
        sheet.append([_("Σ score/element"), *(unsur.total for unsur in skm.unsur)])
        sheet.append([_("NRR/element"), *(_number(unsur.nrr) for unsur in skm.unsur)])
        sheet.append([_("Weighted NRR/element"), *(_number(unsur.nrr_weighted) for unsur in skm.unsur)])
        sheet.append([_("IKM of the unit"), _number(skm.ikm_unit)])

    profile = book.create_sheet(names[3])
    for table in results.profile:
        profile.append(_bold(profile, [table.title, _("Respondents"), "%"]))
        for row in table.rows:
            profile.append([row.label, row.count, _number(row.percent)])
        profile.append([])

    services = book.create_sheet(names[4])
    services.append(_bold(services, [_("Service"), _("Respondents"), _("IKM"), _("Quality"), _("Performance")]))
    for service, result in results.per_service:
        services.append(
            [
                service.display_name if service else _("Not stated"),
                result.respondents,
                _number(result.ikm_unit),
                result.mutu,
                str(result.mutu_label),
            ]
        )

    trend = book.create_sheet(names[5])
    trend.append(_bold(trend, [_("Period"), _("Respondents"), _("IKM"), _("Quality")]))
    for period, result in results.trend:
        trend.append([period.label, result.respondents, _number(result.ikm_unit), result.mutu])

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
