"""Reading figures from the metric registry for targets and actions: scopes, periods and a per-request cache.

Nothing here stores a figure: actuals are computed on demand by the registry (``prima.core.metrics``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prima.core.metrics import Direction, Metric, MetricScope, ScopeLevel, get_metric

_LEVEL_LABELS = {
    ScopeLevel.ORGANISATION: _("Organisation"),
    ScopeLevel.UNIT: _("Unit"),
    ScopeLevel.PERSON: _("Person"),
}

# How many days of data a before/after comparison of an action looks at, at most.
DEFAULT_EFFECTIVENESS_WINDOW_DAYS = 90


def effectiveness_window_days() -> int:
    return int(getattr(settings, "IMPROVEMENT_EFFECTIVENESS_WINDOW_DAYS", DEFAULT_EFFECTIVENESS_WINDOW_DAYS))


def metric_or_none(code: str) -> Metric | None:
    try:
        return get_metric(code)
    except LookupError:
        return None


def checked_metric(code: str, level: ScopeLevel, *, field_name: str = "metric_code") -> Metric:
    """The registered metric ``code`` if it can be computed per ``level``; a ValidationError otherwise."""
    metric = metric_or_none(code)
    if metric is None:
        raise ValidationError(
            {
                field_name: ValidationError(
                    _("No metric %(code)s is available."), code="unknown_metric", params={"code": code}
                )
            }
        )
    if level not in metric.levels:
        raise ValidationError(
            {
                field_name: ValidationError(
                    _("The metric %(metric)s cannot be measured per %(level)s."),
                    code="unsupported_level",
                    params={"metric": str(metric.label), "level": str(_LEVEL_LABELS[level]).lower()},
                )
            }
        )
    return metric


@dataclass
class MetricCache:
    """Memoises registry computations for one request (or one periodic run): a page that shows the same figure
    twice, or a cascade tree that shares periods, computes each (metric, scope, period) once."""

    values: dict[tuple[str, MetricScope, date, date], Decimal | None] = field(default_factory=dict)

    def value(self, metric: Metric, scope: MetricScope, start: date, end: date) -> Decimal | None:
        key = (metric.code, scope, start, end)
        if key not in self.values:
            self.values[key] = metric.value(scope, start, end) if start < end else None
        return self.values[key]


def month_windows(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar months from ``start`` (inclusive) to ``end`` (exclusive), clipped to that range."""
    windows: list[tuple[date, date]] = []
    cursor = start
    while cursor < end:
        next_month = (cursor.replace(day=1) + timedelta(days=32)).replace(day=1)
        windows.append((cursor, min(next_month, end)))
        cursor = next_month
    return windows


def improvement_of(direction: Direction, baseline: Decimal | None, measured: Decimal | None) -> bool | None:
    """Whether ``measured`` is better than ``baseline`` in the metric's direction; None without both figures."""
    if baseline is None or measured is None:
        return None
    return measured > baseline if direction == Direction.HIGHER else measured < baseline
