import math
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from prima.surveys.analytics.servqual import ZEITHAML_WEIGHTS, compute_servqual, normalised_weights, t_critical
from prima.surveys.tests.factories import make_survey, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def servqual(cast):
    survey = make_survey("servqual", organisation=cast.organisation, unit=cast.unit_a, name="SERVQUAL 2026")
    respond(survey, {"E1": 6, "P1": 5, "E2": 5, "P2": 7, "E10": 2, "P10": 3})  # Q10 reversed: E 6, P 5
    respond(survey, {"E1": 7, "P1": 4, "E2": 4, "P10": 1})  # Q10 reversed: P 7 (no pair)
    respond(survey, {"E1": 5, "P1": 5})
    return survey


def test_compute_servqual_items_by_hand(servqual):
    result = compute_servqual(servqual)
    by_key = {item.key: item for item in result.items}
    assert [item.key for item in result.items] == [f"Q{n}" for n in range(1, 23)]
    q1 = by_key["Q1"]
    assert (q1.expectation, q1.perception, q1.gap, q1.n) == (6, Fraction(14, 3), Fraction(-4, 3), 3)
    half = 4.303 * math.sqrt(7 / 3) / math.sqrt(3)
    assert q1.ci_low == pytest.approx(-4 / 3 - half) and q1.ci_high == pytest.approx(-4 / 3 + half)
    q2 = by_key["Q2"]
    assert (q2.expectation, q2.perception, q2.gap, q2.n, q2.ci_low) == (Fraction(9, 2), 7, 2, 1, None)
    q10 = by_key["Q10"]
    assert (q10.expectation, q10.perception, q10.gap, q10.n) == (6, 6, -1, 1)
    assert by_key["Q5"].gap is None and by_key["Q5"].n == 0
    assert result.respondents == 3


def test_compute_servqual_dimensions_and_scores_by_hand(servqual):
    result = compute_servqual(servqual)
    dimensions = {dimension.key: dimension for dimension in result.dimensions}
    tangibles = dimensions["tangibles"]
    # Per respondent: R1 (-1 + 2) / 2 = 1/2, R2 -3, R3 0 -> mean -5/6; E = mean of item means (6 + 9/2) / 2.
    assert (tangibles.gap, tangibles.n, tangibles.expectation) == (Fraction(-5, 6), 3, Fraction(21, 4))
    half = 4.303 * math.sqrt(43 / 12) / math.sqrt(3)
    assert tangibles.ci_low == pytest.approx(-5 / 6 - half)
    assert (dimensions["responsiveness"].gap, dimensions["responsiveness"].n) == (-1, 1)
    assert dimensions["empathy"].gap is None
    assert result.unweighted == Fraction(-11, 12)
    assert result.weighted == Fraction(-11, 12)  # equal weights, renormalised over the two dimensions with data
    assert compute_servqual(servqual, weights=ZEITHAML_WEIGHTS).weighted == Fraction(-17, 18)


def test_compute_servqual_without_data_and_json(cast):
    survey = make_survey("servqual", organisation=cast.organisation)
    result = compute_servqual(survey)
    assert (result.respondents, result.unweighted, result.weighted) == (0, None, None)
    data = result.as_json()
    assert data["items"][0]["gap"] is None and data["weights"]["reliability"] == 0.2


def test_compute_servqual_filters(cast, servqual):
    assert compute_servqual(servqual, unit=cast.unit_b).respondents == 0
    assert compute_servqual(servqual, unit=cast.head_office).respondents == 3


def test_normalised_weights_and_t():
    assert normalised_weights({"reliability": 1, "empathy": 1}) == {
        "tangibles": 0,
        "reliability": Fraction(1, 2),
        "responsiveness": 0,
        "assurance": 0,
        "empathy": Fraction(1, 2),
    }
    assert sum(ZEITHAML_WEIGHTS.values()) == 1
    with pytest.raises(ValidationError):
        normalised_weights({"kindness": 1})
    with pytest.raises(ValidationError):
        normalised_weights({"empathy": 0})
    assert (t_critical(1), t_critical(30), t_critical(31)) == (12.706, 2.042, 1.96)


def test_compute_servqual_is_one_aggregate(servqual):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        compute_servqual(servqual)
    statements = [query["sql"] for query in context.captured_queries]
    assert len([sql for sql in statements if "surveys_answer" in sql]) == 1
    assert len(statements) == 2  # the items, the answers
