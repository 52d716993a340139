"""The metric registry: figures computed from live data that quality objectives, reviews and dashboards read.

Each app registers the metrics it can compute in its own ``metrics.py`` (imported from its ``AppConfig.ready``),
e.g. the surveys app registers ``surveys.ikm_unit``. A consumer never types an actual value: it asks the registry
to compute a metric for a scope and a period. Computations run in the database (aggregates), never loop rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise


class ScopeLevel(StrEnum):
    ORGANISATION = "organisation"
    UNIT = "unit"
    PERSON = "person"


class Direction(StrEnum):
    """Which way is better: a target is met when the actual is >= it (higher) or <= it (lower)."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class MetricScope:
    """Whose figure: an organisation, one unit (with its subtree) or one person (within an organisation)."""

    organisation_id: int
    unit_id: int | None = None
    user_id: int | None = None

    @property
    def level(self) -> ScopeLevel:
        if self.user_id is not None:
            return ScopeLevel.PERSON
        if self.unit_id is not None:
            return ScopeLevel.UNIT
        return ScopeLevel.ORGANISATION


# compute(scope, start, end) -> value, or None when there is no data for the period (not zero).
# ``start`` is inclusive and ``end`` exclusive (dates in the scope's local calendar).
Compute = Callable[[MetricScope, date, date], Decimal | None]


@dataclass(frozen=True)
class Metric:
    code: str
    label: Promise | str
    compute: Compute
    direction: Direction = Direction.HIGHER
    unit_label: Promise | str = ""
    decimals: int = 2
    levels: frozenset[ScopeLevel] = field(default_factory=lambda: frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT}))
    description: Promise | str = ""

    def supports(self, scope: MetricScope) -> bool:
        return scope.level in self.levels

    def value(self, scope: MetricScope, start: date, end: date) -> Decimal | None:
        if not self.supports(scope):
            raise ValueError(f"Metric {self.code} cannot be computed per {scope.level}.")
        return self.compute(scope, start, end)

    def meets(self, actual: Decimal | None, target: Decimal) -> bool | None:
        """Whether ``actual`` meets ``target`` in this metric's direction; None when there is no actual."""
        if actual is None:
            return None
        return actual >= target if self.direction == Direction.HIGHER else actual <= target


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.code in _REGISTRY:
        raise ValueError(f"Metric {metric.code!r} is registered twice.")
    _REGISTRY[metric.code] = metric
    return metric


def unregister(code: str) -> None:
    """For tests that register a metric of their own."""
    _REGISTRY.pop(code, None)


def get_metric(code: str) -> Metric:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"No metric {code!r} is registered.") from None


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda metric: metric.code)


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.code, str(metric.label)) for metric in all_metrics()]
