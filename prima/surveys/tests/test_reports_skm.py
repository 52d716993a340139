"""The official SKM report: HTML/PDF (WeasyPrint) and the XLSX workbook, with the page's filters."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from prima.surveys.reports.results import ResultsFilter
from prima.surveys.reports.skm_report import render_report_html
from prima.surveys.tests.factories import respond, skm_answers, skm_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(skm):
    # Totals 11 10 8 7 11 12 11 9 5 -> IKM 28/9 = 3.111, IKM unit 700/9 = 77.78 (B); lowest U9, U4, U3.
    respond(skm, {**skm_answers(4, 3, 3, 2, 4, 4, 4, 3, 2), "JK": 1})
    respond(skm, {**skm_answers(3, 3, 2, 2, 3, 4, 4, 3, 1), "JK": 2})
    respond(skm, {**skm_answers(4, 4, 3, 3, 4, 4, 3, 3, 2), "JK": 2})
    return skm


def test_report_html_has_the_outline_and_numbers(answered):
    html = render_report_html(answered, ResultsFilter(), language="en")

    for anchor in ("bab-1", "bab-2", "bab-3", "bab-4", "bab-5", "infographic", "lampiran"):
        assert f'id="{anchor}"' in html
    assert "77.78" in html  # IKM unit
    assert "3.111" in html  # IKM (1-4)
    assert "Permenpan RB" in html
    # the follow-up plan pre-fills the lowest unsur (U9 5/3, U4 7/3, U3 8/3)
    plan = html[html.index('id="bab-4"') : html.index('id="bab-5"')]
    assert plan.index("U9") < plan.index("U4") < plan.index("U3")


def test_report_html_per_respondent_sheet(answered):
    html = render_report_html(answered, ResultsFilter(), language="en")
    sheet = html[html.index('id="lampiran"') :]
    assert "<td>4</td><td>3</td><td>3</td><td>2</td>" in sheet
    assert "<td>11</td><td>10</td><td>8</td><td>7</td>" in sheet  # the Σ row


def test_report_in_indonesian_by_default(answered):
    html = render_report_html(answered, ResultsFilter())
    assert '<html lang="id">' in html
    assert "77,78" in html


def test_pdf_download(cast, answered):
    response = client_for(cast.agent_a).get(reverse("surveys:report_pdf", args=[answered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_xlsx_download_has_the_sheets_and_numbers(cast, answered):
    response = client_for(cast.agent_a).get(reverse("surveys:report_xlsx", args=[answered.pk]))

    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Per Unsur", "Per Responden", "Profil Responden", "Per Layanan", "Tren"]
    per_unsur = list(book["Per Unsur"].iter_rows(values_only=True))
    assert per_unsur[1][:5] == ("U1", per_unsur[1][1], 11, 3, pytest.approx(11 / 3))
    assert per_unsur[-1][6] == pytest.approx(700 / 9)
    respondents = list(book["Per Responden"].iter_rows(values_only=True))
    assert respondents[2] == (1, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    assert len([row for row in respondents if isinstance(row[0], int)]) == 3
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    assert [row[1] for row in summary[6:10]] == [3, pytest.approx(28 / 9), pytest.approx(700 / 9), "B"]


def test_xlsx_uses_the_filters(cast, skm):
    skm_response(skm, *(4,) * 9, submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    skm_response(skm, *(1,) * 9, submitted_at=datetime(2026, 2, 1, tzinfo=UTC))
    url = reverse("surveys:report_xlsx", args=[skm.pk])

    response = client_for(cast.agent_a).get(url, {"start": "2025-07-01", "end": "2025-12-31"})

    book = load_workbook(BytesIO(response.content))
    per_unsur = list(book["Per Unsur"].iter_rows(values_only=True))
    assert per_unsur[-1][6] == 100


def test_report_of_another_units_survey_is_404(cast, answered):
    assert client_for(cast.agent_b).get(reverse("surveys:report_pdf", args=[answered.pk])).status_code == 404
