"""Filters shared by the SKM and SERVQUAL analytics: a unit (with its subtree), a service, a period."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.models import Answer, Response, Survey


def survey_zone(survey: Survey) -> ZoneInfo:
    """The time zone periods of this survey are read in: its unit's (WIB/WITA/WIT), else the site's."""
    return ZoneInfo(survey.unit.time_zone if survey.unit_id and survey.unit else settings.TIME_ZONE)


def period_bounds(survey: Survey, first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Dates (both inclusive, in the survey's zone) as the [start, end) datetimes the analytics take."""
    zone = survey_zone(survey)
    start = datetime.combine(first, time.min, tzinfo=zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone) if last else None
    return start, end


def scope(
    rows: QuerySet[Any],
    *,
    unit: ServiceUnit | None,
    service: Service | None,
    start: datetime | None,
    end: datetime | None,
) -> QuerySet[Any]:
    """Narrow ``Answer`` or ``Response`` rows (both carry unit, service, submitted_at). ``unit`` includes the units
    below it; ``start`` is inclusive and ``end`` exclusive, so consecutive periods never count a row twice."""
    if unit is not None:
        rows = rows.filter(unit_id__in=ServiceUnit.objects.filter(path__startswith=unit.path).values("pk"))
    if service is not None:
        rows = rows.filter(service_id=service.pk)
    if start is not None:
        rows = rows.filter(submitted_at__gte=start)
    if end is not None:
        rows = rows.filter(submitted_at__lt=end)
    return rows


def answers(survey: Survey, **filters: Any) -> QuerySet[Answer]:
    return scope(Answer.objects.filter(survey_id=survey.pk), **filters)


def responses(survey: Survey, **filters: Any) -> QuerySet[Response]:
    return scope(Response.objects.filter(survey_id=survey.pk), **filters)


def number(value: Any) -> float | None:
    """A Fraction (or None) as a JSON number at full float precision."""
    return None if value is None else float(value)
