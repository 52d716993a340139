"""Calendar periods (months, quarters) as half-open ranges of aware datetimes in the current time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prima.retention.models import Granularity


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    granularity: str

    @property
    def starts_at(self) -> datetime:
        return moment(self.start)

    @property
    def ends_at(self) -> datetime:
        return moment(self.end)

    @property
    def label(self) -> str:
        if self.granularity == Granularity.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        return date_format(self.start, "M Y")

    @property
    def key(self) -> str:
        return self.start.isoformat()


def moment(day: date) -> datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _months(granularity: str) -> int:
    return 3 if granularity == Granularity.QUARTER else 1


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date, granularity: str) -> Period:
    step = _months(granularity)
    start = date(day.year, (day.month - 1) // step * step + 1, 1)
    return Period(start, add_months(start, step), granularity)


def recent_periods(granularity: str, count: int, today: date | None = None) -> list[Period]:
    """The ``count`` periods up to and including the one containing ``today``, oldest first."""
    today = today or timezone.localdate()
    current = period_containing(today, granularity)
    step = _months(granularity)
    return [
        Period(add_months(current.start, -step * back), add_months(current.start, -step * (back - 1)), granularity)
        for back in range(count - 1, -1, -1)
    ]
