"""Importance-performance analysis (Martilla & James 1977, Supranto's Indonesian variant) and the Customer
Satisfaction Index computed from the same pairs (domain.md §4.2-4.3).

An attribute is a ``pair_key`` with an "importance" item (Y) and a "performance" item (X). Per attribute:
Ȳ = ΣY / n_Y, X̄ = ΣX / n_X (n = answers given to that item), Tk = ΣX / ΣY x 100 %.

Cut lines: the grand means X̿ = ΣX̄ / K and Ȳ̿ = ΣȲ / K (data-centred, the default) or the scale midpoint
((min + max) / 2 of the items' scale). **Tie rule:** a value exactly on a cut line counts as *high*, so an
attribute with Ȳ = Ȳ̿ and X̄ < X̿ is in quadrant A (Prioritas Utama). Quadrants are named, never numbered,
because theses number them differently.

CSI: MIS_i = Ȳ_i, MSS_i = X̄_i, WF_i = MIS_i / ΣMIS, WS_i = WF_i x MSS_i, CSI = ΣWS / HS with HS the highest
value of the performance scale. Band: CSI rounded to two decimals, then ≥ 0,81 Sangat Puas, ≥ 0,66 Puas,
≥ 0,51 Cukup Puas (0,65 its upper limit), ≥ 0,35 Kurang Puas, else Tidak Puas.

All sums come from one ``GROUP BY pair_key, pair_role`` over ``Answer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, Sum, When
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics.csat import answers_in_scope
from prima.surveys.models import Item, PairRole, Survey


class CutPoint(StrEnum):
    GRAND_MEAN = "mean"
    MIDPOINT = "midpoint"


class Quadrant(StrEnum):
    CONCENTRATE = "A"
    KEEP_UP = "B"
    LOW_PRIORITY = "C"
    OVERKILL = "D"

    @property
    def label(self) -> str:
        return str(QUADRANT_LABELS[self])

    @property
    def advice(self) -> str:
        return str(QUADRANT_ADVICE[self])


QUADRANT_LABELS = {
    Quadrant.CONCENTRATE: _("Concentrate here"),
    Quadrant.KEEP_UP: _("Keep up the good work"),
    Quadrant.LOW_PRIORITY: _("Low priority"),
    Quadrant.OVERKILL: _("Possible overkill"),
}
QUADRANT_ADVICE = {
    Quadrant.CONCENTRATE: _("Important to respondents but performing below the line: improve these first."),
    Quadrant.KEEP_UP: _("Important and performing well: maintain."),
    Quadrant.LOW_PRIORITY: _("Less important and performing below the line: improve when resources allow."),
    Quadrant.OVERKILL: _("Less important but performing above the line: effort may be shifted elsewhere."),
}

CSI_BANDS = (
    (Decimal("0.81"), _("Very satisfied (sangat puas)")),
    (Decimal("0.66"), _("Satisfied (puas)")),
    (Decimal("0.51"), _("Fairly satisfied (cukup puas)")),
    (Decimal("0.35"), _("Less than satisfied (kurang puas)")),
    (Decimal("0.00"), _("Not satisfied (tidak puas)")),
)


def scored_value() -> Case:
    """An answer's score, reverse-scored (min + max - value) for negatively worded items, as SERVQUAL does."""
    return Case(
        When(item__reverse_scored=True, then=F("item__scale_min") + F("item__scale_max") - F("value")),
        default=F("value"),
        output_field=IntegerField(),
    )


def quadrant_for(
    importance: Fraction, performance: Fraction, *, cut_importance: Fraction, cut_performance: Fraction
) -> Quadrant:
    """Quadrant of one attribute; a value on a cut line counts as high (see the module docstring)."""
    high_importance = importance >= cut_importance
    high_performance = performance >= cut_performance
    if high_importance:
        return Quadrant.KEEP_UP if high_performance else Quadrant.CONCENTRATE
    return Quadrant.OVERKILL if high_performance else Quadrant.LOW_PRIORITY


def csi_band(csi: Fraction) -> str:
    """The CSI category, judged on the CSI rounded half-up to two decimals (the bands leave 0,01 gaps)."""
    rounded = (Decimal(csi.numerator) / Decimal(csi.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for lower, label in CSI_BANDS:
        if rounded >= lower:
            return str(label)
    return str(CSI_BANDS[-1][1])


@dataclass(frozen=True)
class IpaAttribute:
    key: str
    name: str
    importance_total: int
    importance_n: int
    performance_total: int
    performance_n: int
    importance_mean: Fraction
    performance_mean: Fraction
    conformity: Fraction | None  # Tk = ΣX / ΣY x 100 (percent)
    quadrant: Quadrant
    weighting_factor: Fraction  # WF_i (0-1)
    weighted_score: Fraction  # WS_i = WF_i x MSS_i

    @property
    def gap(self) -> Fraction:
        return self.performance_mean - self.importance_mean


@dataclass(frozen=True)
class CsiResult:
    weighted_total: Fraction  # WT = ΣWS
    highest_scale: int  # HS
    csi: Fraction  # 0-1
    band: str

    @property
    def percent(self) -> float:
        return float(self.csi * 100)


@dataclass(frozen=True)
class IpaResult:
    attributes: tuple[IpaAttribute, ...]  # in instrument order
    cut_importance: Fraction | None
    cut_performance: Fraction | None
    cut_point: CutPoint
    csi: CsiResult | None
    scale_min: int | None
    scale_max: int | None

    def in_quadrant(self, quadrant: Quadrant) -> list[IpaAttribute]:
        return [attribute for attribute in self.attributes if attribute.quadrant == quadrant]

    @property
    def quadrants(self) -> list[tuple[Quadrant, list[IpaAttribute]]]:
        return [(quadrant, self.in_quadrant(quadrant)) for quadrant in Quadrant]


def _pair_items(survey: Survey, roles: tuple[str, ...]) -> dict[str, Item]:
    """The newest item per pair_key (its name and position describe the attribute), for the given roles."""
    items: dict[str, Item] = {}
    for item in (
        Item.objects.filter(version__survey=survey, pair_role__in=roles)
        .exclude(pair_key="")
        .order_by("version__number", "position", "id")
    ):
        if item.pair_role == roles[-1] or item.pair_key not in items:
            items[item.pair_key] = item
    return items


def attribute_name(item: Item) -> str:
    return localized(item.name) or localized(item.text) or item.pair_key


def compute_ipa(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    cut_point: CutPoint | str = CutPoint.GRAND_MEAN,
) -> IpaResult:
    """IPA per attribute with quadrants, plus the CSI. Attributes lacking either side's answers are left out."""
    cut_point = CutPoint(cut_point)
    roles = (PairRole.IMPORTANCE.value, PairRole.PERFORMANCE.value)
    rows = (
        answers_in_scope(survey, unit=unit, service=service, start=start, end=end)
        .filter(item__pair_role__in=roles, value__isnull=False)
        .exclude(item__pair_key="")
        .values("item__pair_key", "item__pair_role")
        .annotate(total=Sum(scored_value()), n=Count("id"))
        .order_by()
    )
    sums: dict[str, dict[str, tuple[int, int]]] = {}
    for row in rows:
        sums.setdefault(row["item__pair_key"], {})[row["item__pair_role"]] = (row["total"], row["n"])
    items = _pair_items(survey, roles)
    scale = Item.objects.filter(version__survey=survey, pair_role__in=roles).aggregate(
        low=Min("scale_min"),
        high=Max("scale_max"),
        performance_high=Max("scale_max", filter=Q(pair_role=PairRole.PERFORMANCE)),
    )
    keys = [
        key
        for key in sorted(items, key=lambda key: (items[key].position, key))
        if len(sums.get(key, {})) == 2 and all(n for _total, n in sums[key].values())
    ]
    means = {
        key: (
            Fraction(sums[key][PairRole.IMPORTANCE][0], sums[key][PairRole.IMPORTANCE][1]),
            Fraction(sums[key][PairRole.PERFORMANCE][0], sums[key][PairRole.PERFORMANCE][1]),
        )
        for key in keys
    }
    if not keys:
        return IpaResult((), None, None, cut_point, None, scale["low"], scale["high"])
    if cut_point == CutPoint.MIDPOINT and scale["low"] is not None and scale["high"] is not None:
        cut_importance = cut_performance = Fraction(scale["low"] + scale["high"], 2)
    else:
        cut_importance = sum((means[key][0] for key in keys), Fraction(0)) / len(keys)
        cut_performance = sum((means[key][1] for key in keys), Fraction(0)) / len(keys)
    total_importance = sum((means[key][0] for key in keys), Fraction(0))
    attributes = []
    for key in keys:
        importance, performance = means[key]
        importance_total, importance_n = sums[key][PairRole.IMPORTANCE]
        performance_total, performance_n = sums[key][PairRole.PERFORMANCE]
        weighting = importance / total_importance if total_importance else Fraction(0)
        attributes.append(
            IpaAttribute(
                key=key,
                name=attribute_name(items[key]),
                importance_total=importance_total,
                importance_n=importance_n,
                performance_total=performance_total,
                performance_n=performance_n,
                importance_mean=importance,
                performance_mean=performance,
                conformity=Fraction(100 * performance_total, importance_total) if importance_total else None,
                quadrant=quadrant_for(
                    importance, performance, cut_importance=cut_importance, cut_performance=cut_performance
                ),
                weighting_factor=weighting,
                weighted_score=weighting * performance,
            )
        )
    csi = None
    highest = scale["performance_high"]
    if highest:
        weighted_total = sum((attribute.weighted_score for attribute in attributes), Fraction(0))
        value = weighted_total / highest
        csi = CsiResult(weighted_total=weighted_total, highest_scale=highest, csi=value, band=csi_band(value))
    return IpaResult(tuple(attributes), cut_importance, cut_performance, cut_point, csi, scale["low"], scale["high"])
