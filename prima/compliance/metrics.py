"""Compliance and request figures in the metric registry (``prima.core.metrics``).

Every figure is the dashboard's own SQL aggregate (``prima.compliance.queries``, where the module docstring
says exactly which requests count). Periods are local dates [start, end): in the unit's time zone for a unit,
else the project's default time zone.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.compliance.queries import (
    PERCENT_STEP,
    Scope,
    audit_figures,
    audits_in_scope,
    breaches_by_clock,
    open_at,
    received_counts,
    within_standard,
)
from prima.core.metrics import Compute, Direction, Metric, MetricScope, ScopeLevel, register
from prima.sla.choices import ClockKind
from prima.tickets.choices import RequestKind

ALL_LEVELS = frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT, ScopeLevel.PERSON})
UNIT_AND_PERSON = frozenset({ScopeLevel.UNIT, ScopeLevel.PERSON})
ORGANISATION_AND_UNIT = frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT})


def _resolve(scope: MetricScope) -> tuple[Scope, ServiceUnit | None, ZoneInfo]:
    """The query scope, the unit (when given) and the time zone the period's dates are read in. A unit of
    another organisation matches nothing."""
    unit = None
    if scope.unit_id is not None:
        unit = ServiceUnit.objects.filter(pk=scope.unit_id, organisation_id=scope.organisation_id).first()
        if unit is None:
            return Scope(organisation_id=scope.organisation_id, unit_path="/none/"), None, ZoneInfo(settings.TIME_ZONE)
    zone = ZoneInfo(unit.time_zone if unit is not None else settings.TIME_ZONE)
    return (
        Scope(organisation_id=scope.organisation_id, unit_path=unit.path if unit else None, user_id=scope.user_id),
        unit,
        zone,
    )


def _bounds(start: dt.date, end: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(start, dt.time(0), zone), dt.datetime.combine(end, dt.time(0), zone)


def _within(clock: str) -> Compute:
    def compute(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
        query_scope, _unit, zone = _resolve(scope)
        return within_standard(query_scope, clock, *_bounds(start, end, zone)).percent

    return compute


def breaches(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
    query_scope, _unit, zone = _resolve(scope)
    return Decimal(sum(breaches_by_clock(query_scope, *_bounds(start, end, zone)).values()))


def audit_score(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
    _query_scope, unit, _zone = _resolve(scope)
    if scope.unit_id is not None and unit is None:
        return None
    audits = audits_in_scope(unit=unit if scope.user_id is None else None, user_id=scope.user_id)
    return audit_figures(audits.filter(organisation_id=scope.organisation_id), start, end).average


def complaint_rate(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
    query_scope, _unit, zone = _resolve(scope)
    complaints, total = received_counts(query_scope, *_bounds(start, end, zone), kind=RequestKind.COMPLAINT)
    if not total:
        return None
    return (Decimal(complaints) * 1000 / Decimal(total)).quantize(PERCENT_STEP, ROUND_HALF_UP)


def open_load(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
    query_scope, _unit, zone = _resolve(scope)
    return Decimal(open_at(query_scope, _bounds(start, end, zone)[1]))


PERCENT = _("%")
register(
    Metric(
        code="compliance.first_response_within_standard",
        label=_("First responses within standard"),
        compute=_within(ClockKind.FIRST_RESPONSE),
        unit_label=PERCENT,
        levels=ALL_LEVELS,
        description=_("Share of requests whose first-response target was met in the period or fell due unmet in it."),
    )
)
register(
    Metric(
        code="compliance.update_within_standard",
        label=_("Regular updates within standard"),
        compute=_within(ClockKind.PERIODIC_UPDATE),
        unit_label=PERCENT,
        levels=ALL_LEVELS,
        description=_("Share of requests updated in the period without a missed regular update falling due in it."),
    )
)
register(
    Metric(
        code="compliance.resolution_within_standard",
        label=_("Resolutions within standard"),
        compute=_within(ClockKind.RESOLUTION),
        unit_label=PERCENT,
        levels=ALL_LEVELS,
        description=_("Share of requests whose resolution target was met in the period or fell due unmet in it."),
    )
)
register(
    Metric(
        code="compliance.breaches",
        label=_("SLA breaches"),
        compute=breaches,
        direction=Direction.LOWER,
        unit_label=_("breaches"),
        decimals=0,
        levels=ALL_LEVELS,
        description=_("Missed service-level targets whose due time fell in the period."),
    )
)
register(
    Metric(
        code="compliance.audit_score",
        label=_("SOP audit score"),
        compute=audit_score,
        unit_label=PERCENT,
        levels=UNIT_AND_PERSON,
        description=_("Average score of the SOP audits completed and dated in the period."),
    )
)
register(
    Metric(
        code="tickets.complaint_rate",
        label=_("Complaint rate"),
        compute=complaint_rate,
        direction=Direction.LOWER,
        unit_label=_("per 1,000 requests"),
        levels=ORGANISATION_AND_UNIT,
        description=_("Complaints per 1,000 requests of all kinds received in the period."),
    )
)
register(
    Metric(
        code="tickets.open_load",
        label=_("Open requests"),
        compute=open_load,
        direction=Direction.LOWER,
        unit_label=_("requests"),
        decimals=0,
        levels=ALL_LEVELS,
        description=_("Requests still open or waiting at the end of the period (per person: those they own now)."),
    )
)
