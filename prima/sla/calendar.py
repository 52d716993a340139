"""Working time on a business calendar. Pure functions: no database, no clock, no side effects.

A ``CalendarSpec`` is built once from the database (``prima.sla.queries.calendar_spec_for_unit``) and holds
everything the arithmetic needs: the weekly working intervals in the unit's local time, the dates a unit
closed or opened specially, and which national holidays it observes. Every argument is an aware datetime;
every result is in UTC.

Definitions (the rules staff are told):

* Working intervals are half-open: 08:00-12:00 includes 08:00 and ends at 12:00. An interval ending at
  00:00 ends at midnight (24:00).
* A day's hours are, in order of precedence: the unit's special opening hours for that date; closed if the
  unit closed the date, or it is an observed national holiday or cuti bersama; otherwise the weekday's hours.
* ``add_working_time`` returns the instant at which ``duration`` of working time has passed. When the
  duration ends exactly at the end of an interval, that end is returned (12:00, not 13:00 after the break).
  A zero duration returns the start itself.
* ``add_working_days`` counts whole working days: the same working position ``n`` working days later,
  e.g. Monday 10:00 + 3 → Thursday 10:00, and Monday 08:00 (or any time on Sunday) + 3 → Wednesday at
  closing. A position later in the day than the target day is long (a Thursday afternoon onto a short
  Friday) ends at the target day's closing.
* ``add_calendar_days`` keeps the local wall-clock time: 14 days after 10:00 is 10:00 fourteen days later
  (Indonesian zones have no daylight-saving time, so this is always 14 x 24 hours).

Efficiency: the functions walk whole days, a handful of intervals each, so 60 working days are ~90 steps;
national holidays are computed once per (year, categories) and cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

Interval = tuple[dt.time, dt.time]
# An interval as offsets from the local midnight, so that "until 00:00" can mean 24:00.
_Span = tuple[dt.timedelta, dt.timedelta]
_UtcSpan = tuple[dt.datetime, dt.datetime]

UTC = dt.UTC
MIDNIGHT = dt.time(0)
ONE_DAY = dt.timedelta(days=1)
ZERO = dt.timedelta(0)
# No real calendar needs more than this many days to find the next working hour; a longer walk means a
# calendar without working hours, which is a configuration error rather than a reason to loop forever.
MAX_DAYS_WALKED = 366 * 30

# The ``holidays`` package's categories for Indonesia: PUBLIC holidays (hari libur nasional) and
# GOVERNMENT holidays, which are the cuti bersama of the joint ministerial decree (SKB 3 Menteri).
NATIONAL_HOLIDAYS = holidays.PUBLIC
CUTI_BERSAMA = holidays.GOVERNMENT

# Working hours when a unit has no calendar of its own, none up its tree and no organisation default: the
# usual hours of an Indonesian government office, with the lunch break and the longer Friday-prayer break.
_MON_THU: tuple[Interval, ...] = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16)))
_FRIDAY: tuple[Interval, ...] = ((dt.time(8), dt.time(11, 30)), (dt.time(13, 30), dt.time(16, 30)))
DEFAULT_WEEKLY_HOURS: tuple[tuple[Interval, ...], ...] = (_MON_THU, _MON_THU, _MON_THU, _MON_THU, _FRIDAY, (), ())


@lru_cache(maxsize=256)
def indonesian_holidays(year: int, categories: tuple[str, ...]) -> Mapping[dt.date, str]:
    """{date: English name} of the Indonesian holidays of ``year`` in ``categories``. Cached; no side effects."""
    if not categories:
        return MappingProxyType({})
    found = holidays.country_holidays("ID", years=year, categories=categories)
    return MappingProxyType(dict(found.items()))


def _to_span(interval: Interval) -> _Span:
    start, end = interval
    start_offset = dt.timedelta(hours=start.hour, minutes=start.minute, seconds=start.second)
    end_offset = ONE_DAY if end == MIDNIGHT else dt.timedelta(hours=end.hour, minutes=end.minute, seconds=end.second)
    if start.microsecond or end.microsecond:
        raise ValueError("Working hours are whole seconds.")
    if end_offset <= start_offset:
        raise ValueError(f"A working interval must end after it starts: {start:%H:%M}-{end:%H:%M}.")
    return start_offset, end_offset


def _merged(intervals: Iterable[Interval]) -> tuple[_Span, ...]:
    """Sorted spans, with overlapping or touching intervals joined (08-12 and 12-16 are one 08-16)."""
    spans = sorted(_to_span(interval) for interval in intervals)
    merged: list[_Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def overlapping_intervals(intervals: Sequence[Interval]) -> list[tuple[Interval, Interval]]:
    """Pairs of intervals that overlap (touching is fine: 08-12 and 12-13). For form validation; pure."""
    pairs = []
    for index, first in enumerate(intervals):
        for second in intervals[index + 1 :]:
            (a_start, a_end), (b_start, b_end) = _to_span(first), _to_span(second)
            if a_start < b_end and b_start < a_end:
                pairs.append((first, second))
    return pairs


@dataclass(frozen=True, eq=False)
class CalendarSpec:
    """Everything needed to compute working time for one unit, in that unit's time zone.

    ``weekly`` has seven entries, Monday first; ``closed_dates`` are dates the unit closed (cuti bersama it
    added by hand, local holidays); ``special_hours`` replaces the hours of a date, holiday or not (a unit
    open on a Saturday, or only in the morning before Idul Fitri); ``holiday_categories`` are the categories
    of the ``holidays`` package observed (``NATIONAL_HOLIDAYS``, ``CUTI_BERSAMA``).

    Immutable apart from a private memo of each day's intervals in UTC.
    """

    time_zone: str
    weekly: tuple[tuple[Interval, ...], ...] = DEFAULT_WEEKLY_HOURS
    closed_dates: frozenset[dt.date] = frozenset()
    special_hours: Mapping[dt.date, tuple[Interval, ...]] = field(default_factory=dict)
    holiday_categories: tuple[str, ...] = (NATIONAL_HOLIDAYS, CUTI_BERSAMA)
    zone: ZoneInfo = field(init=False, repr=False)
    _weekly_spans: tuple[tuple[_Span, ...], ...] = field(init=False, repr=False)
    _special_spans: Mapping[dt.date, tuple[_Span, ...]] = field(init=False, repr=False)
    _memo: dict[dt.date, tuple[_UtcSpan, ...]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("Weekly hours need one entry per weekday, Monday first.")
        weekly_spans = tuple(_merged(day) for day in self.weekly)
        if not any(weekly_spans):
            raise ValueError("A business calendar needs working hours on at least one weekday.")
        unknown = set(self.holiday_categories) - {NATIONAL_HOLIDAYS, CUTI_BERSAMA}
        if unknown:
            raise ValueError(f"Unknown holiday categories: {sorted(unknown)}.")
        object.__setattr__(self, "zone", ZoneInfo(self.time_zone))
        object.__setattr__(self, "_weekly_spans", weekly_spans)
        special = {day: _merged(hours) for day, hours in self.special_hours.items()}
        object.__setattr__(self, "_special_spans", MappingProxyType(special))
        object.__setattr__(self, "special_hours", MappingProxyType(dict(self.special_hours)))

    def holiday_name(self, day: dt.date) -> str | None:
        """The English name of the observed national holiday or cuti bersama on ``day``, if any."""
        return indonesian_holidays(day.year, self.holiday_categories).get(day)

    def is_closed(self, day: dt.date) -> bool:
        """Closed all day by the unit or by an observed holiday (special opening hours win)."""
        if day in self._special_spans:
            return not self._special_spans[day]
        return day in self.closed_dates or self.holiday_name(day) is not None

    def spans_on(self, day: dt.date) -> tuple[_Span, ...]:
        if day in self._special_spans:
            return self._special_spans[day]
        if self.is_closed(day):
            return ()
        return self._weekly_spans[day.weekday()]

    def utc_intervals(self, day: dt.date) -> tuple[_UtcSpan, ...]:
        """The working intervals of the local date ``day`` as UTC instants, in order."""
        cached = self._memo.get(day)
        if cached is None:
            midnight = dt.datetime.combine(day, MIDNIGHT, tzinfo=self.zone)
            cached = tuple(
                ((midnight + start).astimezone(UTC), (midnight + end).astimezone(UTC))
                for start, end in self.spans_on(day)
            )
            self._memo[day] = cached
        return cached

    def working_time_on(self, day: dt.date) -> dt.timedelta:
        return sum((end - start for start, end in self.spans_on(day)), ZERO)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.spans_on(day))

    def local_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Working-time arithmetic needs aware datetimes.")
    return moment.astimezone(UTC)


def add_working_time(start: dt.datetime, duration: dt.timedelta, calendar: CalendarSpec) -> dt.datetime:
    """The instant ``duration`` of working time after ``start`` (UTC). Raises ValueError for a negative
    duration or a naive datetime."""
    cursor = _utc(start)
    if duration < ZERO:
        raise ValueError("A working-time duration cannot be negative.")
    if duration == ZERO:
        return cursor
    remaining = duration
    day = calendar.local_date(cursor)
    for _ in range(MAX_DAYS_WALKED):
        intervals = calendar.utc_intervals(day)
        if intervals and cursor <= intervals[0][0] and remaining > calendar.working_time_on(day):
            remaining -= calendar.working_time_on(day)  # the whole day is used: jump over it
        else:
            for interval_start, interval_end in intervals:
                if interval_end <= cursor:
                    continue
                begin = max(interval_start, cursor)
                available = interval_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += ONE_DAY
    raise ValueError("The business calendar has no working hours left to count on.")


def working_time_between(start: dt.datetime, end: dt.datetime, calendar: CalendarSpec) -> dt.timedelta:
    """The working time from ``start`` to ``end``; negative when ``end`` is before ``start``."""
    start, end = _utc(start), _utc(end)
    if end < start:
        return -working_time_between(end, start, calendar)
    total = ZERO
    day, last_day = calendar.local_date(start), calendar.local_date(end)
    while day <= last_day:
        intervals = calendar.utc_intervals(day)
        if intervals and start <= intervals[0][0] and intervals[-1][1] <= end:
            total += calendar.working_time_on(day)
        else:
            for interval_start, interval_end in intervals:
                overlap = min(interval_end, end) - max(interval_start, start)
                if overlap > ZERO:
                    total += overlap
        day += ONE_DAY
    return total


def next_working_instant(moment: dt.datetime, calendar: CalendarSpec) -> dt.datetime:
    """``moment`` itself when the unit is working then, else the next opening (UTC)."""
    cursor = _utc(moment)
    day = calendar.local_date(cursor)
    for _ in range(MAX_DAYS_WALKED):
        for interval_start, interval_end in calendar.utc_intervals(day):
            if interval_end > cursor:
                return max(interval_start, cursor)
        day += ONE_DAY
    raise ValueError("The business calendar has no working hours left to count on.")


def add_working_days(start: dt.datetime, days: int, calendar: CalendarSpec) -> dt.datetime:
    """The same working position ``days`` working days after ``start`` (see the module docstring), UTC."""
    if days < 0:
        raise ValueError("A number of working days cannot be negative.")
    start = _utc(start)
    if days == 0:
        return start
    position = next_working_instant(start, calendar)
    day = calendar.local_date(position)
    opening = calendar.utc_intervals(day)[0][0]
    offset = working_time_between(opening, position, calendar)
    target, counted = day, 0
    for _ in range(MAX_DAYS_WALKED):
        target += ONE_DAY
        counted += calendar.is_working_day(target)
        if counted == days:
            break
    else:
        raise ValueError("The business calendar has no working hours left to count on.")
    intervals = calendar.utc_intervals(target)
    if offset < calendar.working_time_on(target):
        moment = add_working_time(intervals[0][0], offset, calendar)
    else:
        moment = intervals[-1][1]
    # Canonical form: the instant the working time runs out, so "Monday 08:00 + 1 day" is Monday at closing,
    # exactly as add_working_time would say for the same amount of working time.
    return add_working_time(start, working_time_between(start, moment, calendar), calendar)


def add_calendar_days(start: dt.datetime, days: int, calendar: CalendarSpec) -> dt.datetime:
    """The same local wall-clock time ``days`` days after ``start``, in the calendar's zone (UTC)."""
    if days < 0:
        raise ValueError("A number of days cannot be negative.")
    local = _utc(start).astimezone(calendar.zone)
    shifted = (local.replace(tzinfo=None) + dt.timedelta(days=days)).replace(tzinfo=calendar.zone)
    return shifted.astimezone(UTC)


def default_calendar_spec(time_zone: str) -> CalendarSpec:
    """The calendar of a unit with none configured: ``DEFAULT_WEEKLY_HOURS`` with national holidays and
    cuti bersama."""
    return CalendarSpec(time_zone=time_zone)
