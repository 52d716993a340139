"""Sample size: the Krejcie & Morgan formula used by Permenpan RB 14/2017, and Slovin as an option.

Krejcie & Morgan (1970): S = χ²·N·P·(1-P) / (d²·(N-1) + χ²·P·(1-P)), with χ² = 3.841 (df 1, alpha 5 %), P = 0.5,
d = 0.05, rounded half up. This reproduces every row of their published table (N = 10 → 10, 100 → 80,
1 000 → 278, 1 000 000 → 384). Slovin: n = N / (1 + N·e²), rounded up; not the 14/2017 method but common in
local surveys. Computed with exact fractions.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

CHI_SQUARE = Fraction("3.841")
PROPORTION = Fraction(1, 2)
MARGIN = Fraction("0.05")


def _check_population(population: int) -> None:
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise ValueError("The population must be a whole number of at least 1.")


def krejcie_morgan(population: int) -> int:
    """The sample size for ``population`` service users (Krejcie & Morgan, 95 % confidence, ±5 %)."""
    _check_population(population)
    variance = PROPORTION * (1 - PROPORTION)
    size = CHI_SQUARE * population * variance / (MARGIN**2 * (population - 1) + CHI_SQUARE * variance)
    return min(population, int(size + Fraction(1, 2)))


def slovin(population: int, margin: float | Decimal | Fraction | str = "0.05") -> int:
    """The Slovin sample size n = N / (1 + N·e²), rounded up, for a margin of error ``e`` (e.g. 0.05 or 0.1)."""
    _check_population(population)
    error = Fraction(str(margin)) if not isinstance(margin, Fraction) else margin
    if not 0 < error < 1:
        raise ValueError("The margin of error must be between 0 and 1.")
    return min(population, math.ceil(Fraction(population) / (1 + population * error**2)))
