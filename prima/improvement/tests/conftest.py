"""A metric of the tests' own: the mean of readings the test records per unit or person and day, so that the
objective and effectiveness tests control the data the registry computes from (registered and unregistered
around each test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from prima.core.metrics import Direction, Metric, MetricScope, ScopeLevel, register, unregister

ALL_LEVELS = frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT, ScopeLevel.PERSON})


@dataclass
class Readings:
    """Readings per (unit id or None, user id or None, day); a metric's value is their mean over the period."""

    code: str
    rows: list[tuple[int | None, int | None, dt.date, Decimal]] = field(default_factory=list)
    calls: list[tuple[MetricScope, dt.date, dt.date]] = field(default_factory=list)

    def add(self, day: dt.date, value: str | int, *, unit_id: int | None = None, user_id: int | None = None) -> None:
        self.rows.append((unit_id, user_id, day, Decimal(value)))

    def compute(self, scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
        self.calls.append((scope, start, end))
        values = [
            value
            for unit_id, user_id, day, value in self.rows
            if start <= day < end
            and (scope.user_id is None or user_id == scope.user_id)
            and (scope.unit_id is None or scope.user_id is not None or unit_id == scope.unit_id)
        ]
        if not values:
            return None
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def _registered(code: str, direction: Direction, levels: frozenset[ScopeLevel]) -> Iterator[Readings]:
    readings = Readings(code)
    register(Metric(code=code, label=code, compute=readings.compute, direction=direction, levels=levels))
    try:
        yield readings
    finally:
        unregister(code)


@pytest.fixture
def satisfaction() -> Iterator[Readings]:
    """``test.satisfaction``: higher is better, measurable per organisation, unit and person."""
    yield from _registered("test.satisfaction", Direction.HIGHER, ALL_LEVELS)


@pytest.fixture
def waiting() -> Iterator[Readings]:
    """``test.waiting_minutes``: lower is better, organisation and unit only."""
    yield from _registered(
        "test.waiting_minutes", Direction.LOWER, frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT})
    )
