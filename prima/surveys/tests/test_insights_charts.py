"""The survey charts render as inline SVG with their data (same markup for pages and the PDF)."""

from fractions import Fraction

import pytest

from prima.surveys import charts
from prima.surveys.analytics.csat import compute_csat
from prima.surveys.analytics.ipa import compute_ipa
from prima.surveys.analytics.nps import compute_nps
from prima.surveys.analytics.skm import compute_skm
from prima.surveys.tests.factories import make_survey, respond, skm_response

pytestmark = pytest.mark.django_db


def test_ikm_unsur_chart_has_the_bars_and_the_band_guides(skm):
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    svg = charts.ikm_unsur_chart(compute_skm(skm))
    assert svg.startswith("<svg")
    assert "U9" in svg and "#be123c" in svg  # U9 (2.0) is D, drawn red
    assert "3.5324" in svg or "3,5324" in svg  # the A band's lower limit is a guide line


def test_ipa_chart_draws_points_and_cut_lines(cast):
    survey = make_survey("ipa", organisation=cast.organisation, unit=cast.unit_a)
    respond(survey, {"I1": 5, "K1": 2, "I2": 2, "K2": 5})
    svg = charts.ipa_chart(compute_ipa(survey))
    assert svg.startswith("<svg")
    assert "A1" in svg and "A2" in svg
    assert "Performance cut line" in svg and "Importance cut line" in svg


def test_distribution_and_trend_charts(cast):
    csat = make_survey("csat", organisation=cast.organisation, unit=cast.unit_a)
    respond(csat, {"CSAT": 3})
    nps = make_survey("nps", organisation=cast.organisation, unit=cast.unit_a)
    respond(nps, {"NPS": 10})
    for svg in (
        charts.csat_chart(compute_csat(csat)),
        charts.nps_chart(compute_nps(nps)),
        charts.ikm_trend_chart([("Semester I 2026", Fraction(700, 9)), ("Semester II 2026", None)]),
        charts.gap_chart([("Tangibles", Fraction(-1, 2)), ("Empathy", Fraction(1, 4))], title="Gap"),
        charts.frequency_chart([("antre", 3)], title="Words"),
        charts.service_ikm_chart([("Izin usaha", Fraction(80), "B")]),
    ):
        assert svg.startswith("<svg") and 'xlink:href="http' not in svg  # no external scripts
