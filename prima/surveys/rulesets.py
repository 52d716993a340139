"""SKM rule sets as data: the band (interval) table of each regulation and its weight policy.

Every IKM is computed under a rule set that is stored with the survey, because the same score changes
category between regulations (76.475 is B under KEP/25/2004 but C under Permenpan RB 14/2017).

Band lookup (an implementation choice, documented in docs/surveys.md): the published tables have gaps of
0.01 (64.99 | 65.00, 76.60 | 76.61, 88.30 | 88.31), so the IKM unit (25-100) is first rounded to two
decimals, half up, and then compared with the lower bounds of the bands, best band first. The same table is
applied to one unsur's NRR x 25.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.standards.i18n import localized
from prima.surveys.models import RuleSet


@dataclass(frozen=True)
class Band:
    """One row of an interval table: the letter (mutu pelayanan) and its label (kinerja unit pelayanan)."""

    letter: str
    labels: dict[str, str]  # the regulation's own words ("Sangat Baik") with an English translation
    lower: Fraction  # lowest IKM unit (25-100, two decimals) still in this band

    @property
    def label(self) -> str:
        """The label in the active language (Indonesian by default)."""
        return localized(self.labels)

    @property
    def lower_ni(self) -> Fraction:
        """The lower bound on the 1-4 scale (nilai interval)."""
        return self.lower / 25


@dataclass(frozen=True)
class RuleSetSpec:
    code: str
    title: str | Promise
    bands: tuple[Band, ...]  # best band first
    unsur_count: int
    bands_confirmed: bool


# Kinerja unit pelayanan, as the regulation words it; data rather than gettext so that the official Indonesian
# terms never depend on a translation catalogue.
VERY_GOOD = {"id": "Sangat Baik", "en": "Very good"}
GOOD = {"id": "Baik", "en": "Good"}
POOR = {"id": "Kurang Baik", "en": "Poor"}
NOT_GOOD = {"id": "Tidak Baik", "en": "Not good"}

# Permenpan RB 14/2017: NIK 88.31-100 A, 76.61-88.30 B, 65.00-76.60 C, 25.00-64.99 D (domain.md §1.7.1).
BANDS_2017 = (
    Band("A", VERY_GOOD, Fraction("88.31")),
    Band("B", GOOD, Fraction("76.61")),
    Band("C", POOR, Fraction("65.00")),
    Band("D", NOT_GOOD, Fraction(25)),
)
# KEP/25/M.PAN/2/2004: NIK 81.26-100 A, 62.51-81.25 B, 43.76-62.50 C, 25-43.75 D (domain.md §1.7.2).
BANDS_KEP25 = (
    Band("A", VERY_GOOD, Fraction("81.26")),
    Band("B", GOOD, Fraction("62.51")),
    Band("C", POOR, Fraction("43.76")),
    Band("D", NOT_GOOD, Fraction(25)),
)

RULE_SETS: dict[str, RuleSetSpec] = {
    RuleSet.PERMENPAN14_2017: RuleSetSpec(RuleSet.PERMENPAN14_2017, _("Permenpan RB 14/2017"), BANDS_2017, 9, True),
    # Unconfirmed: 16/2014 is believed to keep the KEP/25 boundaries (domain.md §1.7.2, ❓). Verify before release.
    RuleSet.PERMENPAN16_2014: RuleSetSpec(RuleSet.PERMENPAN16_2014, _("Permenpan RB 16/2014"), BANDS_KEP25, 9, False),
    RuleSet.KEP25_2004: RuleSetSpec(RuleSet.KEP25_2004, _("KEP/25/M.PAN/2/2004"), BANDS_KEP25, 14, True),
}

DEFAULT_RULE_SET = RuleSet.PERMENPAN14_2017


def rule_set_spec(rule_set: str | None) -> RuleSetSpec:
    """The spec of ``rule_set`` (default: the current regulation); ValidationError for an unknown code."""
    code = rule_set or DEFAULT_RULE_SET
    try:
        return RULE_SETS[code]
    except KeyError:
        raise ValidationError(
            _("Unknown rule set %(code)s; use one of %(known)s.") % {"code": code, "known": ", ".join(RULE_SETS)},
            code="unknown_rule_set",
        ) from None


def round_half_up(value: Fraction, decimals: int = 2) -> Fraction:
    """Round exactly, half away from zero (the rounding of Indonesian reports): 88.305 → 88.31."""
    scale = 10**decimals
    scaled = abs(value) * scale
    rounded = Fraction(int(scaled + Fraction(1, 2)), scale)
    return rounded if value >= 0 else -rounded


def mutu_for(ikm_unit: Fraction, rule_set: str | None = None) -> Band:
    """The band of an IKM unit (25-100) under ``rule_set``: rounded to 2 decimals half up, then compared."""
    spec = rule_set_spec(rule_set)
    rounded = round_half_up(Fraction(ikm_unit), 2)
    for band in spec.bands:
        if rounded >= band.lower:
            return band
    return spec.bands[-1]


def printed_weight(unsur_count: int) -> Fraction:
    """The weight as old reports print it: 1/k rounded to three decimals (0.111 for 9 unsur, 0.071 for 14)."""
    return round_half_up(Fraction(1, unsur_count), 3)


def unsur_weights(
    codes: Sequence[str], custom: dict[str, Fraction] | None = None, *, legacy_rounded: bool = False
) -> dict[str, Fraction]:
    """The weight of every unsur.

    Equal weights are exactly 1/k (or, with ``legacy_rounded``, the printed 1/k rounded to 3 decimals, which
    reproduces old reports: nine 4s then give 99.90, not 100). Custom weights (allowed by 14/2017 as long as
    they sum to 1) win over both.
    """
    if custom:
        return {code: custom[code] for code in codes}
    if not codes:
        return {}
    share = printed_weight(len(codes)) if legacy_rounded else Fraction(1, len(codes))
    return dict.fromkeys(codes, share)
