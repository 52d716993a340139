"""Working-time arithmetic on business calendars (pure functions, no database).

The office week used throughout: Monday-Thursday 08:00-12:00 and 13:00-16:00 (7 h), Friday 08:00-11:30 and
13:30-16:30 (6 h 30 min, the longer Friday-prayer break), closed at weekends, national holidays and cuti bersama
from the ``holidays`` package. Dates: 2026, where 17 August (Independence Day) is a Monday, Idul Fitri is
21-22 March with cuti bersama on 18, 20, 23 and 24 March and Nyepi on 19 March.
"""

import datetime as dt
import time

import pytest

from prima.sla.calendar import (
    CUTI_BERSAMA,
    NATIONAL_HOLIDAYS,
    CalendarSpec,
    add_calendar_days,
    add_working_days,
    add_working_time,
    default_calendar_spec,
    indonesian_holidays,
    next_working_instant,
    overlapping_intervals,
    working_time_between,
)

from .conftest import FRIDAY, MIN, MON_THU, OFFICE_WEEK, UTC, WIB, WIT, WITA, H, at, office

SPEC = office()


def test_holidays_package_knows_independence_day_idul_fitri_and_cuti_bersama():
    public = indonesian_holidays(2026, (NATIONAL_HOLIDAYS,))
    cuti = indonesian_holidays(2026, (CUTI_BERSAMA,))

    assert (public[dt.date(2026, 8, 17)], public[dt.date(2026, 3, 21)], public[dt.date(2026, 3, 22)]) == (
        "Independence Day",
        "Eid al-Fitr",
        "Eid al-Fitr Second Day",
    )
    assert sorted(day for day in cuti if day.month == 3) == [
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 20),
        dt.date(2026, 3, 23),
        dt.date(2026, 3, 24),
    ]


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        pytest.param(at(2026, 8, 10, 9), 2 * H, at(2026, 8, 10, 11), id="inside-the-morning"),
        pytest.param(at(2026, 8, 10, 11), 1 * H, at(2026, 8, 10, 12), id="ends-exactly-at-the-break"),
        pytest.param(at(2026, 8, 10, 11), 2 * H, at(2026, 8, 10, 14), id="across-the-lunch-break"),
        pytest.param(at(2026, 8, 10, 12, 30), 1 * H, at(2026, 8, 10, 14), id="starting-during-the-break"),
        pytest.param(at(2026, 8, 10, 6, 45), 1 * H, at(2026, 8, 10, 9), id="starting-before-opening"),
        pytest.param(at(2026, 8, 10, 17), 1 * H, at(2026, 8, 11, 9), id="starting-after-closing"),
        pytest.param(at(2026, 8, 10, 15), 3 * H, at(2026, 8, 11, 10), id="across-the-night"),
        pytest.param(at(2026, 8, 9, 10), 1 * H, at(2026, 8, 10, 9), id="starting-on-a-sunday"),
        pytest.param(at(2026, 8, 8, 23, 59), 1 * MIN, at(2026, 8, 10, 8, 1), id="starting-on-a-saturday-night"),
        pytest.param(at(2026, 8, 7, 11), 1 * H, at(2026, 8, 7, 14), id="across-the-friday-prayer-break"),
        pytest.param(at(2026, 8, 7, 12), 30 * MIN, at(2026, 8, 7, 14), id="starting-during-the-friday-break"),
        pytest.param(at(2026, 8, 7, 16), 1 * H, at(2026, 8, 10, 8, 30), id="friday-closes-at-16-30"),
        pytest.param(at(2026, 8, 6, 15), 3 * H, at(2026, 8, 7, 10), id="thursday-into-friday"),
        pytest.param(at(2026, 8, 14, 15), 3 * H, at(2026, 8, 18, 9, 30), id="over-independence-day-monday"),
        pytest.param(at(2026, 3, 17, 15), 2 * H, at(2026, 3, 25, 9), id="over-idul-fitri-and-cuti-bersama"),
        pytest.param(at(2026, 8, 10, 8), 34 * H + 30 * MIN, at(2026, 8, 14, 16, 30), id="one-full-week"),
        pytest.param(
            at(2026, 8, 10, 8), 35 * H + 30 * MIN, at(2026, 8, 18, 9), id="a-week-and-an-hour-over-the-holiday"
        ),
        pytest.param(at(2026, 8, 10, 9, 15), 0 * H, at(2026, 8, 10, 9, 15), id="zero-during-hours"),
        pytest.param(at(2026, 8, 9, 10), 0 * H, at(2026, 8, 9, 10), id="zero-on-a-sunday-is-the-start-itself"),
    ],
)
def test_add_working_time(start, duration, expected):
    assert add_working_time(start, duration, SPEC) == expected.astimezone(UTC)


def test_add_working_time_returns_utc():
    due = add_working_time(at(2026, 8, 10, 9), H, SPEC)

    assert (due.tzinfo, due) == (UTC, dt.datetime(2026, 8, 10, 3, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 8, 10, 11), at(2026, 8, 10, 14), 2 * H, id="lunch-break-does-not-count"),
        pytest.param(at(2026, 8, 7, 11), at(2026, 8, 7, 14), 1 * H, id="friday-break-does-not-count"),
        pytest.param(at(2026, 8, 7, 15), at(2026, 8, 10, 10), 3 * H + 30 * MIN, id="friday-afternoon-to-monday"),
        pytest.param(at(2026, 8, 11, 15), at(2026, 8, 12, 9), 2 * H, id="across-one-night"),
        pytest.param(at(2026, 8, 14, 15), at(2026, 8, 18, 9, 30), 3 * H, id="over-independence-day"),
        pytest.param(at(2026, 8, 10, 8), at(2026, 8, 17, 8), 34 * H + 30 * MIN, id="a-whole-week"),
        pytest.param(at(2026, 8, 8, 9), at(2026, 8, 9, 17), 0 * H, id="a-weekend-is-nothing"),
        pytest.param(at(2026, 8, 10, 12, 10), at(2026, 8, 10, 12, 50), 0 * H, id="inside-a-break-is-nothing"),
        pytest.param(at(2026, 8, 10, 10), at(2026, 8, 10, 10), 0 * H, id="same-instant"),
        pytest.param(at(2026, 8, 10, 14), at(2026, 8, 10, 11), -2 * H, id="end-before-start-is-negative"),
        pytest.param(at(2026, 3, 17, 8), at(2026, 3, 26, 8), 14 * H, id="idul-fitri-week-has-two-working-days"),
    ],
)
def test_working_time_between(start, end, expected):
    assert working_time_between(start, end, SPEC) == expected


@pytest.mark.parametrize("hour", [0, 7, 8, 10, 12, 13, 15, 16, 17, 23])
@pytest.mark.parametrize("day", [6, 7, 8, 9, 14, 16])  # Thu, Fri, Sat, Sun, Fri before 17 Aug, Sun before it
@pytest.mark.parametrize("minutes", [1, 45, 240, 421, 2000])
def test_add_working_time_and_working_time_between_agree(day, hour, minutes):
    start = at(2026, 8, day, hour, 20)

    due = add_working_time(start, minutes * MIN, SPEC)

    assert working_time_between(start, due, SPEC) == minutes * MIN


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(at(2026, 8, 10, 10), 3, at(2026, 8, 13, 10), id="same-time-three-days-later"),
        pytest.param(at(2026, 8, 10, 8), 3, at(2026, 8, 12, 16), id="at-opening-ends-at-a-closing"),
        pytest.param(at(2026, 8, 9, 11), 3, at(2026, 8, 12, 16), id="sunday-counts-from-monday"),
        pytest.param(at(2026, 8, 10, 18), 1, at(2026, 8, 11, 16), id="after-closing-counts-from-next-day"),
        pytest.param(at(2026, 8, 10, 12, 30), 1, at(2026, 8, 11, 12), id="during-the-break"),
        pytest.param(at(2026, 8, 13, 14), 1, at(2026, 8, 14, 15), id="thursday-afternoon-onto-friday"),
        pytest.param(at(2026, 8, 13, 15, 45), 1, at(2026, 8, 14, 16, 30), id="later-than-friday-is-long"),
        pytest.param(at(2026, 8, 14, 10), 1, at(2026, 8, 18, 10), id="skips-independence-day"),
        pytest.param(at(2026, 3, 17, 10), 3, at(2026, 3, 27, 10), id="skips-idul-fitri-and-cuti-bersama"),
        pytest.param(at(2026, 8, 10, 10), 0, at(2026, 8, 10, 10), id="zero-days"),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days, SPEC) == expected.astimezone(UTC)


def test_add_working_days_sixty_days_is_fast_and_exact():
    started = time.perf_counter()

    due = add_working_days(at(2026, 1, 5, 10), 60, SPEC)

    elapsed = time.perf_counter() - started
    # Counted independently: 60 weekdays after 5 January 2026 that are neither holidays nor cuti bersama.
    assert due == at(2026, 4, 10, 10).astimezone(UTC)
    assert elapsed < 0.05


def test_add_working_time_420_hours_is_fast():
    started = time.perf_counter()

    due = add_working_time(at(2026, 1, 5, 10), 420 * H, SPEC)

    assert (working_time_between(at(2026, 1, 5, 10), due, SPEC), time.perf_counter() - started < 0.05) == (
        420 * H,
        True,
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (14, at(2026, 3, 31, 10)),  # straight through Nyepi, Idul Fitri and cuti bersama
        (60, at(2026, 5, 16, 10)),  # a Saturday: calendar days do not care
        (1, at(2026, 3, 18, 10)),
    ],
)
def test_add_calendar_days_keeps_local_time_and_ignores_holidays(days, expected):
    assert add_calendar_days(at(2026, 3, 17, 10), days, SPEC) == expected.astimezone(UTC)


def test_add_calendar_days_is_whole_days_in_every_indonesian_zone():
    start = dt.datetime(2026, 3, 17, 3, tzinfo=UTC)

    dues = {
        zone: add_calendar_days(start, 14, office(zone)) for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
    }

    assert set(dues.values()) == {start + dt.timedelta(days=14)}


def test_same_utc_instant_is_different_local_hours_in_wib_wita_wit():
    start = dt.datetime(2026, 8, 10, 8, 0, tzinfo=UTC)  # 15:00 WIB, 16:00 WITA (closing), 17:00 WIT

    dues = [add_working_time(start, 2 * H, office(zone)) for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")]

    assert dues == [
        at(2026, 8, 11, 9, zone=WIB).astimezone(UTC),  # 1 h on Monday, 1 h on Tuesday
        at(2026, 8, 11, 10, zone=WITA).astimezone(UTC),  # nothing left on Monday
        at(2026, 8, 11, 10, zone=WIT).astimezone(UTC),
    ]
    assert [due.hour for due in dues] == [2, 2, 1]


def test_working_time_between_in_wit_counts_local_hours():
    # 08:00-16:00 WIT on a Monday is 23:00-07:00 UTC (Sunday night to Monday morning).
    start, end = dt.datetime(2026, 8, 9, 23, tzinfo=UTC), dt.datetime(2026, 8, 10, 7, tzinfo=UTC)

    assert working_time_between(start, end, office("Asia/Jayapura")) == 7 * H


def test_cuti_bersama_can_be_left_out():
    spec = office(holiday_categories=(NATIONAL_HOLIDAYS,))

    assert add_working_time(at(2026, 3, 17, 15), 2 * H, spec) == at(2026, 3, 18, 9).astimezone(UTC)


def test_cuti_bersama_added_as_closed_dates_matches_the_package():
    by_hand = office(
        holiday_categories=(NATIONAL_HOLIDAYS,),
        closed_dates=frozenset(
            {dt.date(2026, 3, 18), dt.date(2026, 3, 20), dt.date(2026, 3, 23), dt.date(2026, 3, 24)}
        ),
    )

    assert add_working_time(at(2026, 3, 17, 15), 2 * H, by_hand) == add_working_time(at(2026, 3, 17, 15), 2 * H, SPEC)


def test_local_holiday_closes_a_day():
    spec = office(closed_dates=frozenset({dt.date(2026, 8, 11)}))  # e.g. the regency's anniversary

    assert add_working_time(at(2026, 8, 10, 15), 2 * H, spec) == at(2026, 8, 12, 9).astimezone(UTC)


def test_special_opening_on_a_saturday():
    spec = office(special_hours={dt.date(2026, 8, 8): ((dt.time(8), dt.time(12)),)})

    assert add_working_time(at(2026, 8, 7, 16), 1 * H, spec) == at(2026, 8, 8, 8, 30).astimezone(UTC)


def test_special_opening_on_a_national_holiday_wins():
    spec = office(special_hours={dt.date(2026, 8, 17): ((dt.time(8), dt.time(10)),)})

    assert add_working_time(at(2026, 8, 14, 15), 3 * H, spec) == at(2026, 8, 17, 9, 30).astimezone(UTC)


def test_special_hours_shorten_a_day():
    spec = office(special_hours={dt.date(2026, 8, 12): ((dt.time(8), dt.time(10)),)})

    assert working_time_between(at(2026, 8, 12, 0), at(2026, 8, 13, 0), spec) == 2 * H


def test_midnight_ends_a_round_the_clock_calendar():
    all_day = ((dt.time(0), dt.time(0)),)
    spec = CalendarSpec(time_zone="Asia/Jakarta", weekly=(all_day,) * 7, holiday_categories=())

    assert (
        add_working_time(at(2026, 8, 14, 22), 5 * H, spec),
        working_time_between(at(2026, 8, 14, 22), at(2026, 8, 17, 1), spec),
    ) == (at(2026, 8, 15, 3).astimezone(UTC), 51 * H)


def test_touching_intervals_are_one():
    spec = CalendarSpec(
        time_zone="Asia/Jakarta", weekly=(((dt.time(8), dt.time(12)), (dt.time(12), dt.time(16))),) * 5 + ((), ())
    )

    assert spec.working_time_on(dt.date(2026, 8, 10)) == 8 * H


def test_next_working_instant():
    assert [
        next_working_instant(moment, SPEC)
        for moment in (at(2026, 8, 10, 9), at(2026, 8, 10, 12), at(2026, 8, 7, 17), at(2026, 8, 14, 17))
    ] == [
        at(2026, 8, 10, 9).astimezone(UTC),
        at(2026, 8, 10, 13).astimezone(UTC),
        at(2026, 8, 10, 8).astimezone(UTC),
        at(2026, 8, 18, 8).astimezone(UTC),
    ]


def test_default_calendar_is_the_office_week():
    spec = default_calendar_spec("Asia/Makassar")

    assert (spec.weekly, spec.time_zone, spec.holiday_categories) == (
        OFFICE_WEEK,
        "Asia/Makassar",
        (NATIONAL_HOLIDAYS, CUTI_BERSAMA),
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_working_time(dt.datetime(2026, 8, 10, 9), H, SPEC), "aware datetimes"),
        (lambda: add_working_time(at(2026, 8, 10, 9), -H, SPEC), "cannot be negative"),
        (lambda: add_working_days(at(2026, 8, 10, 9), -1, SPEC), "cannot be negative"),
        (lambda: add_calendar_days(at(2026, 8, 10, 9), -1, SPEC), "cannot be negative"),
        (lambda: CalendarSpec(time_zone="Asia/Jakarta", weekly=((),) * 7), "at least one weekday"),
        (lambda: CalendarSpec(time_zone="Asia/Jakarta", weekly=(MON_THU,) * 6), "one entry per weekday"),
        (
            lambda: CalendarSpec(time_zone="Asia/Jakarta", weekly=(((dt.time(12), dt.time(8)),),) * 7),
            "must end after it starts",
        ),
        (lambda: CalendarSpec(time_zone="Asia/Jakarta", holiday_categories=("bank",)), "Unknown holiday categories"),
    ],
)
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_overlapping_intervals():
    assert overlapping_intervals([*MON_THU, (dt.time(11), dt.time(14)), *FRIDAY[:1]]) == [
        (MON_THU[0], (dt.time(11), dt.time(14))),
        (MON_THU[0], FRIDAY[0]),
        (MON_THU[1], (dt.time(11), dt.time(14))),
        ((dt.time(11), dt.time(14)), FRIDAY[0]),
    ]
    assert overlapping_intervals(list(MON_THU)) == []
