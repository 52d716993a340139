"""SERVQUAL gaps (Parasuraman, Zeithaml & Berry 1988; domain.md §4.1), computed in the database.

Negatively worded items are reverse-scored first (score' = min + max - score, i.e. 8 - score on 7 points). Per
item (``pair_key``): the expectation mean over everyone who answered E, the perception mean over everyone who
answered P, and the gap = the mean of the per-respondent differences P - E over the respondents who answered
both, with its 95 % confidence interval (t distribution, df = n - 1; 1.96 above 30). Per dimension: each
respondent's mean gap over the dimension's items they answered in pairs, then the mean over respondents (with its
CI). Unweighted score = the mean of the dimension gaps; weighted score = sum of w_d x gap_d with the weights
normalised to 1 (equal by default; ``ZEITHAML_WEIGHTS`` is the typical 11/32/22/19/16 preset). Dimensions without
data drop out of both scores (the weights of the others are normalised again).

One SQL statement: the answers are paired per response and attribute (conditional aggregation grouped by
response), then summed (SUM, SUM of squares, COUNT) per attribute and, grouped by the number of pairs, per
respondent and dimension, so the per-respondent means stay exact fractions.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics._scope import answers, number
from prima.surveys.instruments import SERVQUAL_DIMENSION_NAMES, SERVQUAL_DIMENSIONS
from prima.surveys.models import Item, PairRole, Survey

ZEITHAML_WEIGHTS: dict[str, Fraction] = {
    "tangibles": Fraction(11, 100),
    "reliability": Fraction(32, 100),
    "responsiveness": Fraction(22, 100),
    "assurance": Fraction(19, 100),
    "empathy": Fraction(16, 100),
}

# Two-sided 95 % critical values of Student's t for df = 1 … 30; 1.96 (the normal value) above.
T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_critical(df: int) -> float:
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    return T_975[df - 1] if df <= len(T_975) else 1.96


def confidence_interval(total: Fraction, squares: Fraction, n: int) -> tuple[float | None, float | None]:
    """95 % CI of a mean from its sum, sum of squares and n (None below two observations)."""
    if n < 2:
        return None, None
    mean = total / n
    variance = (squares - total * total / n) / (n - 1)
    half = t_critical(n - 1) * math.sqrt(max(float(variance), 0.0)) / math.sqrt(n)
    return float(mean) - half, float(mean) + half


@dataclass(frozen=True)
class GapResult:
    key: str  # pair key (Q1 … Q22) or dimension code
    name: str
    dimension: str
    expectation: Fraction | None
    perception: Fraction | None
    gap: Fraction | None
    n: int  # respondents with at least one E/P pair here
    ci_low: float | None
    ci_high: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "dimension": self.dimension,
            "expectation": number(self.expectation),
            "perception": number(self.perception),
            "gap": number(self.gap),
            "n": self.n,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


@dataclass(frozen=True)
class ServqualResult:
    survey_id: int
    respondents: int
    items: list[GapResult]
    dimensions: list[GapResult]
    unweighted: Fraction | None
    weighted: Fraction | None
    weights: dict[str, Fraction]
    filters: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "survey": self.survey_id,
            "respondents": self.respondents,
            "items": [item.as_json() for item in self.items],
            "dimensions": [dimension.as_json() for dimension in self.dimensions],
            "unweighted": number(self.unweighted),
            "weighted": number(self.weighted),
            "weights": {key: float(value) for key, value in self.weights.items()},
            "filters": dict(self.filters),
        }


def normalised_weights(weights: Mapping[str, Fraction | int | str] | None) -> dict[str, Fraction]:
    """Dimension weights scaled to sum to 1 (equal when ``None``). Raises ``ValidationError`` for unknown
    dimensions, negative weights or a zero total."""
    if weights is None:
        return dict.fromkeys(SERVQUAL_DIMENSIONS, Fraction(1, len(SERVQUAL_DIMENSIONS)))
    unknown = sorted(set(weights) - set(SERVQUAL_DIMENSIONS))
    if unknown:
        raise ValidationError(
            _("Unknown SERVQUAL dimension %(names)s.") % {"names": ", ".join(unknown)}, code="unknown_dimension"
        )
    parsed = {key: Fraction(str(weights.get(key, 0))) for key in SERVQUAL_DIMENSIONS}
    if any(value < 0 for value in parsed.values()) or sum(parsed.values()) <= 0:
        raise ValidationError(_("Weights must be zero or more, and not all zero."), code="invalid_weights")
    total = sum(parsed.values(), Fraction(0))
    return {key: value / total for key, value in parsed.items()}


@dataclass(frozen=True)
class _Pair:
    key: str
    dimension: str
    name: dict[str, str]


def _pairs_of(survey: Survey) -> tuple[list[_Pair], list[dict[str, Any]]]:
    """The attributes of the current version (in order) and every E/P item of the survey (any version) that
    belongs to one of them."""
    rows = list(
        Item.objects.filter(version__survey_id=survey.pk, pair_role__in=[PairRole.EXPECTATION, PairRole.PERCEPTION])
        .exclude(pair_key="")
        .order_by("-version__number", "position", "id")
        .values(
            "id",
            "pair_key",
            "pair_role",
            "dimension",
            "text",
            "version__number",
            "reverse_scored",
            "scale_min",
            "scale_max",
        )
    )
    if not rows:
        return [], []
    latest = rows[0]["version__number"]
    pairs: dict[str, _Pair] = {}
    for row in rows:
        if row["version__number"] != latest:
            continue
        if row["pair_key"] not in pairs or row["pair_role"] == PairRole.PERCEPTION:
            pairs[row["pair_key"]] = _Pair(row["pair_key"], row["dimension"], row["text"] or {})
    keys = set(pairs)
    return list(pairs.values()), [dict(row) for row in rows if row["pair_key"] in keys]


def _fetch(rows: QuerySet[Any], batch: int = 500) -> Iterator[tuple[Any, ...]]:
    """The rows of an aggregate, a batch at a time (an ordinary cursor, so PostgreSQL may still run it in parallel,
    which it does not for the server-side cursor of ``QuerySet.iterator``)."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(batch):
            yield from chunk


def compute_servqual(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    weights: Mapping[str, Fraction | int | str] | None = None,
) -> ServqualResult:
    """The SERVQUAL result of ``survey`` within the filters (``unit`` with its subtree, ``start`` inclusive,
    ``end`` exclusive). ``weights`` per dimension (any scale; normalised), default equal."""
    normalised = normalised_weights(weights)
    pairs, item_ids = _pairs_of(survey)
    filters = {
        "unit": unit.pk if unit else None,
        "service": service.pk if service else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }
    item_stats: dict[str, tuple[int, ...]] = {}
    dimension_groups: dict[str, list[tuple[int, int, int, int]]] = {}
    respondents = 0
    if item_ids:
        by_id = {item["id"]: item for item in item_ids}
        # No filter on the items: a SERVQUAL survey's answers are nearly all E/P pairs, and the plain scan of the
        # survey's answers parallelises better than a long IN list; other items' rows are skipped below.
        # One COUNT(*) grouped by everything the figures need (a few thousand groups at most: item x value x gap x
        # dimension facts); sums and sums of squares are then exact integer arithmetic here. No filter on the items:
        # a SERVQUAL survey's answers are nearly all E/P pairs, and the plain scan of the survey's answers
        # parallelises better than a long IN list; other items' rows are skipped.
        grouped = (
            answers(survey, unit=unit, service=service, start=start, end=end)
            .values_list("item_id", "value", "respondent_tally", "gap", "group_pairs", "group_sum")
            .annotate(n=Count("*"))
            .order_by()
        )
        sums: dict[str, dict[str, int]] = {}
        groups: dict[tuple[str, int], list[int]] = {}
        for item_id, value, tally, gap, group_pairs, group_sum, count in _fetch(grouped):
            item = by_id.get(item_id)
            if item is None or value is None:
                continue
            entry = sums.setdefault(item["pair_key"], dict.fromkeys(("e", "e_n", "p", "p_n", "d", "d2", "d_n"), 0))
            if item["reverse_scored"]:
                value = (item["scale_min"] or 0) + (item["scale_max"] or 0) - value
            prefix = "e" if item["pair_role"] == PairRole.EXPECTATION else "p"
            entry[prefix] += value * count
            entry[f"{prefix}_n"] += count
            if gap is not None:
                entry["d"] += gap * count
                entry["d2"] += gap * gap * count
                entry["d_n"] += count
            if tally:
                respondents += tally * count
            if group_sum is not None and group_pairs:
                group = groups.setdefault((item["dimension"], group_pairs), [0, 0, 0])
                group[0] += group_sum * count
                group[1] += group_sum * group_sum * count
                group[2] += count
        for (dimension, pairs_per_respondent), (total, squares, count) in groups.items():
            dimension_groups.setdefault(dimension, []).append((pairs_per_respondent, total, squares, count))
        item_stats = {
            key: (entry["e"], entry["e_n"], entry["p"], entry["p_n"], entry["d"], entry["d2"], entry["d_n"])
            for key, entry in sums.items()
        }
    items = [_item_result(pair, item_stats.get(pair.key)) for pair in pairs]
    dimensions = [_dimension_result(code, items, dimension_groups.get(code, [])) for code in SERVQUAL_DIMENSIONS]
    with_data = [dimension for dimension in dimensions if dimension.gap is not None]
    unweighted = (
        sum((d.gap for d in with_data if d.gap is not None), Fraction(0)) / len(with_data) if with_data else None
    )
    weighted: Fraction | None = None
    weight_total = sum((normalised[d.key] for d in with_data), Fraction(0))
    if with_data and weight_total:
        weighted = sum((normalised[d.key] * d.gap for d in with_data if d.gap is not None), Fraction(0)) / weight_total
    return ServqualResult(
        survey_id=survey.pk,
        respondents=respondents,
        items=items,
        dimensions=dimensions,
        unweighted=unweighted,
        weighted=weighted,
        weights=normalised,
        filters=filters,
    )


def _item_result(pair: _Pair, stats: tuple[int, ...] | None) -> GapResult:
    e_sum, e_n, p_sum, p_n, d_sum, d_squares, d_n = stats or (0, 0, 0, 0, 0, 0, 0)
    low, high = confidence_interval(Fraction(d_sum), Fraction(d_squares), d_n)
    return GapResult(
        key=pair.key,
        name=localized(pair.name),
        dimension=pair.dimension,
        expectation=Fraction(e_sum, e_n) if e_n else None,
        perception=Fraction(p_sum, p_n) if p_n else None,
        gap=Fraction(d_sum, d_n) if d_n else None,
        n=d_n,
        ci_low=low,
        ci_high=high,
    )


def _dimension_result(code: str, items: list[GapResult], groups: list[tuple[int, int, int, int]]) -> GapResult:
    """Per-respondent means s/c, summed exactly from the groups of respondents with the same number c of pairs."""
    total = sum((Fraction(s, c) for c, s, _squares, _n in groups), Fraction(0))
    squares = sum((Fraction(sq, c * c) for c, _s, sq, _n in groups), Fraction(0))
    n = sum(count for _c, _s, _sq, count in groups)
    low, high = confidence_interval(total, squares, n)
    mine = [item for item in items if item.dimension == code]
    # Dimension E and P means: the mean of its items' means (as published SERVQUAL tables show them).
    e = [(item.expectation, item) for item in mine if item.expectation is not None]
    p = [(item.perception, item) for item in mine if item.perception is not None]
    return GapResult(
        key=code,
        name=localized(SERVQUAL_DIMENSION_NAMES.get(code, {"id": code})),
        dimension=code,
        expectation=sum((value for value, _item in e), Fraction(0)) / len(e) if e else None,
        perception=sum((value for value, _item in p), Fraction(0)) / len(p) if p else None,
        gap=total / n if n else None,
        n=n,
        ci_low=low,
        ci_high=high,
    )
