from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.surveys.rulesets import mutu_for, printed_weight, round_half_up, unsur_weights


@pytest.mark.parametrize(
    ("ikm_unit", "letter"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.305", "A"),  # rounds half up to 88.31
        ("88.3049", "B"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.605", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.995", "C"),
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_mutu_for_2017_band_edges(ikm_unit, letter):
    assert mutu_for(Fraction(ikm_unit), "permenpan14_2017").letter == letter


@pytest.mark.parametrize(
    ("ikm_unit", "letter"),
    [("81.26", "A"), ("81.25", "B"), ("62.51", "B"), ("62.50", "C"), ("43.76", "C"), ("43.75", "D")],
)
def test_mutu_for_kep25_band_edges(ikm_unit, letter):
    assert mutu_for(Fraction(ikm_unit), "kep25_2004").letter == letter
    assert mutu_for(Fraction(ikm_unit), "permenpan16_2014").letter == letter


def test_the_same_score_changes_band_between_rule_sets():
    assert mutu_for(Fraction("76.475"), "kep25_2004").letter == "B"
    assert mutu_for(Fraction("76.475"), "permenpan14_2017").letter == "C"


def test_mutu_labels_are_the_regulation_words_in_indonesian():
    with translation.override("id"):
        labels = [mutu_for(Fraction(value)).label for value in ("90", "80", "70", "50")]
    assert labels == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]
    with translation.override("en"):
        assert mutu_for(Fraction(90)).label == "Very good"


def test_mutu_for_unknown_rule_set():
    with pytest.raises(ValidationError):
        mutu_for(Fraction(90), "permenpan_1999")


def test_round_half_up_is_exact():
    assert round_half_up(Fraction("88.305")) == Fraction("88.31")
    assert round_half_up(Fraction(700, 9)) == Fraction("77.78")
    assert round_half_up(Fraction("-1.005")) == Fraction("-1.01")


def test_weights_equal_legacy_and_custom():
    codes = [f"U{n}" for n in range(1, 10)]
    assert set(unsur_weights(codes).values()) == {Fraction(1, 9)}
    assert set(unsur_weights(codes, legacy_rounded=True).values()) == {Fraction("0.111")}
    assert printed_weight(14) == Fraction("0.071")
    custom = dict.fromkeys(codes, Fraction(1, 10)) | {"U9": Fraction(1, 5)}
    assert unsur_weights(codes, custom)["U9"] == Fraction(1, 5)
