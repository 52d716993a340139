"""Dates and times as a unit lives them (WIB, WITA, WIT)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from prima.accounts.models import ServiceUnit


def unit_zone(unit: ServiceUnit) -> ZoneInfo:
    return ZoneInfo(unit.time_zone)


def unit_today(unit: ServiceUnit) -> dt.date:
    return timezone.localdate(timezone=unit_zone(unit))


def end_of_day(day: dt.date, unit: ServiceUnit) -> dt.datetime:
    """The last second of ``day`` in the unit's time zone: what "due on 5 May" means at a Makassar counter."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=unit_zone(unit))


def local_label(moment: dt.datetime, unit: ServiceUnit) -> str:
    """``2025-05-05 09:30 WITA``: a moment as the unit's customers read it, the same in every language."""
    local = timezone.localtime(moment, timezone=unit_zone(unit))
    zone_abbreviation = str(unit.get_time_zone_display()).split(" ")[0]
    return f"{local:%Y-%m-%d %H:%M} {zone_abbreviation}"
