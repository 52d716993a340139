"""Review periods: calendar months and quarters as ``[start, end)`` date ranges."""

from __future__ import annotations

from datetime import date

from prima.plans.models import ReviewFrequency


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date, frequency: str) -> tuple[date, date]:
    """The month or quarter that contains ``day``: ``(first day, first day of the next period)``."""
    if frequency == ReviewFrequency.QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, _add_months(start, 3)
    start = date(day.year, day.month, 1)
    return start, _add_months(start, 1)


def previous_periods(start: date, frequency: str, count: int) -> list[tuple[date, date]]:
    """``count`` consecutive periods ending with the one that starts at ``start``, oldest first."""
    months = 3 if frequency == ReviewFrequency.QUARTERLY else 1
    return [
        (_add_months(start, -months * back), _add_months(start, -months * (back - 1)))
        for back in range(count - 1, -1, -1)
    ]
