"""Helpers for the SLA tests: local times in the three Indonesian zones, the standard office week, and
requests with a given history built straight through the ORM (the tests are about clocks, not intake)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from prima.accounts.models import ServiceUnit, User
from prima.sla.calendar import CalendarSpec, Interval
from prima.sla.choices import Weekday
from prima.sla.models import BusinessCalendar, WorkingInterval
from prima.tickets.models import StatusChange, Ticket, TicketMessage

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
UTC = dt.UTC

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)

MON_THU: tuple[Interval, ...] = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16)))
FRIDAY: tuple[Interval, ...] = ((dt.time(8), dt.time(11, 30)), (dt.time(13, 30), dt.time(16, 30)))
OFFICE_WEEK: tuple[tuple[Interval, ...], ...] = (MON_THU, MON_THU, MON_THU, MON_THU, FRIDAY, (), ())


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, zone: ZoneInfo = WIB) -> dt.datetime:
    """A local time, e.g. ``at(2026, 8, 14, 15)`` is Friday 14 August 2026 15:00 WIB."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def office(zone: str = "Asia/Jakarta", **overrides: object) -> CalendarSpec:
    """The office week with national holidays and cuti bersama, in ``zone``."""
    return CalendarSpec(time_zone=zone, weekly=OFFICE_WEEK, **overrides)


def office_calendar(
    unit: ServiceUnit | None, *, organisation_id: int | None = None, name: str = "Jam kerja"
) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.create(
        organisation_id=organisation_id if organisation_id is not None else unit.organisation_id,
        unit=unit,
        name=name,
    )
    for weekday, intervals in enumerate(OFFICE_WEEK):
        for start, end in intervals:
            WorkingInterval.objects.create(calendar=calendar, weekday=Weekday(weekday), start_time=start, end_time=end)
    return calendar


@dataclass(frozen=True)
class FakeTicket:
    created_at: dt.datetime
    kind: str = "information"
    status: str = "new"
    verified_at: dt.datetime | None = None


@dataclass(frozen=True)
class FakeChange:
    to_status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class FakeMessage:
    created_at: dt.datetime
    visibility: str = "public"
    from_public: bool = False


_codes = itertools.count(1)


def make_ticket(
    unit: ServiceUnit,
    *,
    created_at: dt.datetime,
    history: Sequence[tuple[str, dt.datetime]] = (),
    kind: str = "information",
    priority: str = "normal",
    owner: User | None = None,
    verified_at: dt.datetime | None = None,
) -> Ticket:
    """A request received at ``created_at`` (status new), then moved through ``history``."""
    status = history[-1][0] if history else "new"
    ticket = Ticket.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        owner=owner,
        kind=kind,
        channel="web",
        status=status,
        priority=priority,
        tracking_code=f"SLA-{next(_codes):06d}",
        subject="Izin usaha",
        description="Kapan izin saya selesai?",
        created_at=created_at,
        verified_at=verified_at,
    )
    StatusChange.objects.create(ticket=ticket, from_status="", to_status="new", created_at=created_at)
    previous = "new"
    for to_status, moment in history:
        StatusChange.objects.create(ticket=ticket, from_status=previous, to_status=to_status, created_at=moment)
        previous = to_status
    return ticket


def add_message(
    ticket: Ticket,
    *,
    created_at: dt.datetime,
    author: User | None,
    visibility: str = "public",
    from_public: bool = False,
) -> TicketMessage:
    return TicketMessage.objects.create(
        ticket=ticket,
        author=author,
        visibility=visibility,
        from_public=from_public,
        body="Balasan",
        created_at=created_at,
    )
