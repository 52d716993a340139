from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from django.utils import translation

from prima.surveys.analytics.skm import compute_skm, skm_per_service, skm_trend
from prima.surveys.services import add_unsur, set_unsur_weights
from prima.surveys.tests.factories import make_survey, optional_unsur, respond, skm_answers, skm_response

pytestmark = pytest.mark.django_db

FOURS = (4,) * 9


def test_compute_skm_three_respondents_by_hand(skm):
    # Totals per unsur: 11 10 8 7 11 12 11 9 5 (sum 84); IKM = 84 / 3 / 9 = 28/9; unit = 700/9 = 77.78 -> B.
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    skm_response(skm, 3, 3, 2, 2, 3, 4, 4, 3, 1)
    skm_response(skm, 4, 4, 3, 3, 4, 4, 3, 3, 2)
    result = compute_skm(skm)
    assert result.respondents == 3
    assert [u.total for u in result.unsur] == [11, 10, 8, 7, 11, 12, 11, 9, 5]
    assert [u.answered for u in result.unsur] == [3] * 9
    assert [u.nrr for u in result.unsur] == [Fraction(n, 3) for n in (11, 10, 8, 7, 11, 12, 11, 9, 5)]
    assert result.unsur[0].weight == Fraction(1, 9)
    assert result.unsur[0].nrr_weighted == Fraction(11, 27)
    assert [u.mutu for u in result.unsur] == ["A", "B", "C", "D", "A", "A", "A", "C", "D"]
    assert result.ikm == Fraction(28, 9)
    assert result.ikm_unit == Fraction(700, 9)
    assert (result.mutu, result.rule_set) == ("B", "permenpan14_2017")
    with translation.override("id"):
        assert compute_skm(skm).mutu_label == "Baik"


def test_compute_skm_all_fours_and_all_ones(cast, services):
    best = make_survey(organisation=cast.organisation, unit=cast.unit_a)
    skm_response(best, *FOURS)
    result = compute_skm(best)
    assert (result.ikm, result.ikm_unit, result.mutu) == (4, 100, "A")
    worst = make_survey(organisation=cast.organisation, unit=cast.unit_a)
    skm_response(worst, *(1,) * 9)
    result = compute_skm(worst)
    assert (result.ikm, result.ikm_unit, result.mutu) == (1, 25, "D")


def test_compute_skm_no_data(skm):
    result = compute_skm(skm)
    assert (result.respondents, result.ikm, result.ikm_unit, result.mutu, result.mutu_label) == (0, None, None, "", "")
    data = result.as_json()
    assert data["ikm"] is None and data["unsur"][0]["nrr"] is None and data["unsur"][0]["weight"] == 1 / 9


def test_compute_skm_blank_is_not_zero(skm):
    optional_unsur(skm)
    skm_response(skm, 4, 4, 4, 4, 4, 4, 4, 4, 2)
    skm_response(skm, 2)  # answered only U1
    respond(skm, {"JK": 1})  # answered no unsur: not a respondent
    result = compute_skm(skm)
    assert result.respondents == 2
    assert (result.unsur[0].nrr, result.unsur[0].answered) == (3, 2)
    assert (result.unsur[1].nrr, result.unsur[1].answered) == (4, 1)
    # NRR: 3, 4 x 7, 2 -> IKM = 33/9
    assert result.ikm == Fraction(33, 9)


def test_compute_skm_custom_weights(cast, skm):
    set_unsur_weights(skm, {f"U{n}": "0.1" for n in range(1, 9)} | {"U9": "0.2"}, actor=cast.leader)
    skm_response(skm, 4, 4, 4, 4, 4, 4, 4, 4, 1)
    result = compute_skm(skm)
    # 0.1 x 4 x 8 + 0.2 x 1 = 3.4 -> 85.00 B (equal weights would give 33/9 = 3.667 -> A)
    assert result.ikm == Fraction(17, 5)
    assert result.ikm_unit == 85
    assert result.mutu == "B"
    assert result.unsur[8].weight == Fraction(1, 5)


def test_compute_skm_additional_unsur(cast, skm):
    skm_response(skm, *FOURS)  # version 1: nine unsur
    labels = [{"id": str(n)} for n in range(1, 5)]
    add_unsur(skm, code="U10", name={"id": "Layanan Daring"}, text={"id": "Layanan daring?"}, labels=labels, actor=None)
    respond(skm, skm_answers(*FOURS, 1))
    result = compute_skm(skm)
    assert [u.code for u in result.unsur][-1] == "U10"
    assert result.unsur[0].answered == 2
    assert (result.unsur[9].answered, result.unsur[9].nrr, result.unsur[9].weight) == (1, 1, Fraction(1, 10))
    assert result.ikm == Fraction(37, 10)  # (9 x 4 + 1) / 10
    assert result.respondents == 2


def test_compute_skm_legacy_rule_sets_and_rounded_weights(cast, skm):
    skm_response(skm, *(3,) * 9)
    assert compute_skm(skm).mutu == "C"  # 75.00 under 14/2017
    assert compute_skm(skm, rule_set="kep25_2004").mutu == "B"  # 75.00 under KEP/25
    legacy = make_survey(organisation=cast.organisation, unit=cast.unit_a, legacy_rounded_weights=True)
    skm_response(legacy, *FOURS)
    result = compute_skm(legacy)
    assert result.ikm_unit == Fraction("99.9")
    assert result.unsur[0].weight == Fraction("0.111")


def test_compute_skm_kep25_instrument(cast):
    survey = make_survey("kep25", organisation=cast.organisation, unit=cast.unit_a)
    survey.legacy_rounded_weights = True
    survey.save()
    respond(survey, {f"U{n}": 4 for n in range(1, 15)})
    result = compute_skm(survey)
    assert (result.rule_set, len(result.unsur), result.ikm_unit) == ("kep25_2004", 14, Fraction("99.4"))


def test_compute_skm_filters_by_unit_service_and_period(cast, skm, services):
    early = datetime(2026, 1, 10, tzinfo=UTC)
    late = datetime(2026, 8, 10, tzinfo=UTC)
    skm_response(skm, *FOURS, submitted_at=early, service=services[0])
    skm_response(skm, *(2,) * 9, submitted_at=late, service=services[1])
    assert compute_skm(skm, service=services[0]).ikm == 4
    assert compute_skm(skm, start=datetime(2026, 7, 1, tzinfo=UTC)).ikm == 2
    assert compute_skm(skm, end=datetime(2026, 7, 1, tzinfo=UTC)).respondents == 1
    assert compute_skm(skm, unit=cast.head_office).respondents == 2
    assert compute_skm(skm, unit=cast.unit_b).respondents == 0
    per_service = skm_per_service(skm)
    assert [(service, result.ikm) for service, result in per_service] == [(services[0], 4), (services[1], 2)]
    trend = skm_trend(skm, [(date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 12, 31))])
    assert [(period[0].month, result.ikm) for period, result in trend] == [(1, 4), (7, 2)]


def test_compute_skm_service_from_the_profile_question(skm, services):
    respond(skm, {**skm_answers(*FOURS), "LAYANAN": 2})
    assert compute_skm(skm, service=services[1]).respondents == 1


def test_compute_skm_query_count(skm, django_assert_max_num_queries):
    for _ in range(3):
        skm_response(skm, *FOURS)
    with django_assert_max_num_queries(2):
        compute_skm(skm)


def test_as_json_shape(skm):
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    data = compute_skm(skm).as_json()
    assert set(data) == {
        "survey",
        "rule_set",
        "respondents",
        "unsur",
        "ikm",
        "ikm_unit",
        "mutu",
        "mutu_label",
        "filters",
    }
    assert set(data["unsur"][0]) == {
        "code",
        "name",
        "total",
        "answered",
        "nrr",
        "weight",
        "nrr_weighted",
        "mutu",
        "mutu_label",
    }
    assert data["ikm"] == 29 / 9
    assert data["ikm_unit"] == float(Fraction(29 * 25, 9))
