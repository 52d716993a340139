"""CSAT, NPS, IPA/CSI, derived dissatisfaction, problem analysis and open-text frequencies, checked by hand."""

from datetime import UTC, datetime
from fractions import Fraction

import pytest

from prima.surveys.analytics.csat import compute_csat
from prima.surveys.analytics.dissatisfaction import compute_dissatisfaction, compute_problems
from prima.surveys.analytics.ipa import CutPoint, Quadrant, compute_ipa, csi_band, quadrant_for
from prima.surveys.analytics.nps import compute_nps
from prima.surveys.analytics.text import compute_text_frequencies, tokens
from prima.surveys.tests.factories import ServiceFactory, make_survey, respond

pytestmark = pytest.mark.django_db

JANUARY = datetime(2026, 1, 15, 3, tzinfo=UTC)
JULY = datetime(2026, 7, 15, 3, tzinfo=UTC)


@pytest.fixture
def csat(cast):
    return make_survey("csat", organisation=cast.organisation, unit=cast.unit_a, name="CSAT loket")


@pytest.fixture
def nps(cast):
    return make_survey("nps", organisation=cast.organisation, unit=cast.unit_a, name="NPS")


@pytest.fixture
def ipa(cast):
    survey = make_survey("ipa", organisation=cast.organisation, unit=cast.unit_a, name="IPA")
    # attribute: (importance, performance) per respondent
    answers = [
        {"I1": 5, "K1": 3, "I2": 4, "K2": 4, "I3": 3, "K3": 5, "I4": 2, "K4": 1, "MASALAH": [1, 5]},
        {"I1": 5, "K1": 2, "I2": 4, "K2": 5, "I3": 2, "K3": 4, "I4": 2, "K4": 2, "MASALAH": [1]},
        {"MASALAH": [10]},
    ]
    for answer in answers:
        respond(survey, answer)
    return survey


def test_compute_csat_distribution_and_share_satisfied(csat):
    for value in (1, 2, 2, 3, 3, 3):
        respond(csat, {"CSAT": value})

    result = compute_csat(csat)

    assert result.answered == 6
    assert [(level.value, level.count, level.share) for level in result.levels] == [
        (1, 1, Fraction(1, 6)),
        (2, 2, Fraction(1, 3)),
        (3, 3, Fraction(1, 2)),
    ]
    assert (result.satisfied, result.satisfied_share) == (5, Fraction(5, 6))


def test_compute_csat_without_answers(csat):
    result = compute_csat(csat)
    assert (result.answered, result.satisfied_share, result.satisfied_percent) == (0, None, None)
    assert [level.share for level in result.levels] == [None, None, None]


def test_compute_csat_is_one_aggregate_query(csat, django_assert_num_queries):
    for value in (1, 3, 3):
        respond(csat, {"CSAT": value})
    with django_assert_num_queries(1):
        compute_csat(csat)


def test_compute_csat_filters_unit_subtree_service_and_period(cast):
    survey = make_survey("csat", organisation=cast.organisation, name="CSAT organisasi")
    service = ServiceFactory(unit=cast.unit_a)
    respond(survey, {"CSAT": 3}, unit=cast.unit_a, service=service, submitted_at=JANUARY)
    respond(survey, {"CSAT": 1}, unit=cast.unit_a, submitted_at=JULY)
    respond(survey, {"CSAT": 2}, unit=cast.unit_b, submitted_at=JULY)

    assert compute_csat(survey, unit=cast.head_office).answered == 3
    assert compute_csat(survey, unit=cast.unit_a).satisfied_share == Fraction(1, 2)
    assert compute_csat(survey, service=service).answered == 1
    assert compute_csat(survey, start=datetime(2026, 7, 1, tzinfo=UTC)).answered == 2
    # the end is exclusive
    assert compute_csat(survey, end=JULY).answered == 1


def test_compute_nps_counts_passives_in_the_denominator(nps):
    for score in (10, 9, 8, 7, 6, 0, 10):
        respond(nps, {"NPS": score})

    result = compute_nps(nps)

    assert (result.answered, result.promoters, result.passives, result.detractors) == (7, 3, 2, 2)
    assert result.nps == Fraction(100, 7)
    assert result.distribution == (1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2)


def test_compute_nps_bounds(cast):
    low = make_survey("nps", organisation=cast.organisation, unit=cast.unit_a, name="rendah")
    high = make_survey("nps", organisation=cast.organisation, unit=cast.unit_a, name="tinggi")
    for _ in range(2):
        respond(low, {"NPS": 6})
        respond(high, {"NPS": 9})
    assert (compute_nps(low).nps, compute_nps(high).nps) == (-100, 100)
    assert compute_nps(make_survey("nps", organisation=cast.organisation, unit=cast.unit_a)).nps is None


def test_compute_ipa_means_conformity_and_quadrants(ipa):
    result = compute_ipa(ipa)

    assert [a.key for a in result.attributes] == ["A1", "A2", "A3", "A4"]
    assert [(a.importance_mean, a.performance_mean) for a in result.attributes] == [
        (5, Fraction(5, 2)),
        (4, Fraction(9, 2)),
        (Fraction(5, 2), Fraction(9, 2)),
        (2, Fraction(3, 2)),
    ]
    assert [a.conformity for a in result.attributes] == [50, Fraction(225, 2), 180, 75]
    assert (result.cut_importance, result.cut_performance) == (Fraction(27, 8), Fraction(13, 4))
    assert [a.quadrant for a in result.attributes] == [
        Quadrant.CONCENTRATE,
        Quadrant.KEEP_UP,
        Quadrant.OVERKILL,
        Quadrant.LOW_PRIORITY,
    ]
    assert result.attributes[0].name == "Clear information on requirements"


def test_compute_ipa_csi(ipa):
    # MIS 5, 4, 5/2, 2 (sum 27/2) -> WF 10/27, 8/27, 5/27, 4/27; WS = WF x MSS; WT = 179/54; CSI = WT / 5.
    csi = compute_ipa(ipa).csi

    assert csi is not None
    assert [a.weighting_factor for a in compute_ipa(ipa).attributes] == [
        Fraction(10, 27),
        Fraction(8, 27),
        Fraction(5, 27),
        Fraction(4, 27),
    ]
    assert (csi.weighted_total, csi.highest_scale, csi.csi) == (Fraction(179, 54), 5, Fraction(179, 270))
    assert csi.band == "Satisfied (puas)"  # 0.66296 rounds to 0.66


def test_compute_ipa_midpoint_cut(ipa):
    result = compute_ipa(ipa, cut_point=CutPoint.MIDPOINT)
    assert (result.cut_importance, result.cut_performance) == (3, 3)
    assert [a.quadrant.value for a in result.attributes] == ["A", "B", "D", "C"]


def test_quadrant_tie_counts_as_high():
    cut = {"cut_importance": Fraction(3), "cut_performance": Fraction(3)}
    assert quadrant_for(Fraction(3), Fraction(3), **cut) == Quadrant.KEEP_UP
    assert quadrant_for(Fraction(3), Fraction(2), **cut) == Quadrant.CONCENTRATE
    assert quadrant_for(Fraction(2), Fraction(3), **cut) == Quadrant.OVERKILL
    assert quadrant_for(Fraction(2), Fraction(2), **cut) == Quadrant.LOW_PRIORITY
    assert Quadrant.CONCENTRATE.label == "Concentrate here"


@pytest.mark.parametrize(
    ("csi", "band"),
    [
        (Fraction(1), "Very satisfied (sangat puas)"),
        (Fraction("0.805"), "Very satisfied (sangat puas)"),
        (Fraction("0.8049"), "Satisfied (puas)"),
        (Fraction("0.66"), "Satisfied (puas)"),
        (Fraction("0.655"), "Satisfied (puas)"),
        (Fraction("0.65"), "Fairly satisfied (cukup puas)"),
        (Fraction("0.51"), "Fairly satisfied (cukup puas)"),
        (Fraction("0.50"), "Less than satisfied (kurang puas)"),
        (Fraction("0.35"), "Less than satisfied (kurang puas)"),
        (Fraction("0.34"), "Not satisfied (tidak puas)"),
        (Fraction(0), "Not satisfied (tidak puas)"),
    ],
)
def test_csi_band(csi, band):
    assert csi_band(csi) == band


def test_compute_ipa_without_answers(cast):
    survey = make_survey("ipa", organisation=cast.organisation, unit=cast.unit_a)
    result = compute_ipa(survey)
    assert (result.attributes, result.csi, result.cut_importance) == ((), None, None)


def test_compute_dissatisfaction_ranks_shortfalls(ipa):
    result = compute_dissatisfaction(ipa)

    assert [(a.key, a.gap) for a in result.attributes] == [
        ("A1", Fraction(-5, 2)),
        ("A2", Fraction(1, 2)),
        ("A3", 2),
        ("A4", Fraction(-1, 2)),
    ]
    assert [(a.key, a.gap) for a in result.shortfalls] == [("A1", Fraction(-5, 2)), ("A4", Fraction(-1, 2))]


def test_compute_dissatisfaction_servqual_pairs(cast):
    survey = make_survey("servqual", organisation=cast.organisation, unit=cast.unit_a)
    items = {item.code: item for item in survey.current_version().items.all()}
    expectation = next(code for code, item in items.items() if item.pair_role == "expectation")
    key = items[expectation].pair_key
    perception = next(c for c, i in items.items() if i.pair_role == "perception" and i.pair_key == key)
    respond(survey, {expectation: 7, perception: 4})
    respond(survey, {expectation: 6, perception: 4})

    result = compute_dissatisfaction(survey)

    assert [(a.key, a.expected_role, a.gap) for a in result.shortfalls] == [(key, "expectation", Fraction(-5, 2))]


def test_compute_problems_counts_and_ranks(ipa):
    result = compute_problems(ipa)

    assert result.responses == 3
    assert [(p.label, p.count, p.share) for p in result.options] == [
        ("Queue too long", 2, Fraction(2, 3)),
        ("No problems", 1, Fraction(1, 3)),
        ("Unfriendly staff", 1, Fraction(1, 3)),
    ]
    assert result.text_mentions == ()


def test_tokens_stem_drop_stop_words_and_keep_negation():
    assert tokens("Antreannya terlalu PANJANG, petugas tdk ramah!!") == [
        "antre",
        "terlalu",
        "panjang",
        "tugas",
        "tidak",
        "ramah",
    ]


def test_compute_text_frequencies(csat):
    for comment in (
        "Antreannya terlalu panjang, petugas tidak ramah.",
        "Antrean panjang sekali",
        "Petugas ramah dan cepat",
        "",
    ):
        respond(csat, {"CSAT": 2, "KOMENTAR": comment} if comment else {"CSAT": 2})

    result = compute_text_frequencies(csat, top=4)

    assert (result.texts, result.truncated) == (3, False)
    assert result.words == (("antre", 2), ("panjang", 2), ("ramah", 2), ("tugas", 2))
    assert result.phrases[:2] == (("antre panjang", 1), ("antre terlalu", 1))


def test_compute_text_frequencies_caps_the_texts_read(csat):
    for comment in ("lambat sekali", "lambat", "cepat"):
        respond(csat, {"CSAT": 2, "KOMENTAR": comment})
    result = compute_text_frequencies(csat, max_texts=2)
    assert (result.texts, result.truncated) == (2, True)
