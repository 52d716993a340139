"""Reporting periods: semesters (I = January-June, II = July-December, as SKM reports use), years and
free date ranges. A period is a pair of dates ``(first, last)``, both inclusive, in the survey's local calendar;
``bounds`` turns it into the UTC datetimes the analytics take (start inclusive, end exclusive)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from prima.surveys.analytics._scope import period_bounds
from prima.surveys.models import Survey

_PRESET = re.compile(r"^(?P<year>\d{4})(?:-S(?P<semester>[12]))?$")


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str

    def as_tuple(self) -> tuple[date, date]:
        return (self.first, self.last)


def semester(year: int, number: int) -> Period:
    if number == 1:
        return Period(date(year, 1, 1), date(year, 6, 30), _("Semester I %(year)s") % {"year": year})
    return Period(date(year, 7, 1), date(year, 12, 31), _("Semester II %(year)s") % {"year": year})


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), _("Year %(year)s") % {"year": year})


def preset(code: str) -> Period | None:
    """ "2026" → the year, "2026-S1" / "2026-S2" → a semester; None for anything else."""
    match = _PRESET.match(code or "")
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    return semester(year, int(match["semester"])) if match["semester"] else year_period(year)


def semester_of(day: date) -> Period:
    return semester(day.year, 1 if day.month <= 6 else 2)


def preset_choices(today: date, years: int = 4) -> list[tuple[str, str]]:
    """Semesters and years from the current one back ``years`` years, newest first."""
    choices: list[tuple[str, str]] = []
    for year in range(today.year, today.year - years, -1):
        for number in (2, 1):
            if date(year, 1 if number == 1 else 7, 1) <= today:
                choices.append((f"{year}-S{number}", semester(year, number).label))
        choices.append((str(year), year_period(year).label))
    return choices


def semesters_before(period_end: date, count: int) -> list[Period]:
    """``count`` consecutive semesters ending with the one that contains ``period_end``, oldest first."""
    periods = [semester_of(period_end)]
    while len(periods) < count:
        periods.insert(0, semester_of(periods[0].first - timedelta(days=1)))
    return periods


def bounds(survey: Survey, first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Inclusive local dates → (start, end) aware datetimes, end exclusive, in the survey's time zone."""
    return period_bounds(survey, first, last)
