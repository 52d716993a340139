"""Retention figures in the metric registry (prima.core.metrics): lost customers, churn, active customers and the
win-back rate, per organisation or unit (with the units below it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.core.metrics import Direction, Metric, MetricScope, register
from prima.retention.models import Granularity
from prima.retention.periods import Period, moment
from prima.retention.queries import (
    active_at,
    churn_by_period,
    interviews_in,
    lost_between,
    statuses_in,
    win_back_summary,
)


def scope_unit_ids(scope: MetricScope) -> list[int]:
    """The organisation's units, or the scope's unit and the units below it."""
    units = ServiceUnit.objects.filter(organisation_id=scope.organisation_id)
    if scope.unit_id is not None:
        unit = units.filter(pk=scope.unit_id).first()
        if unit is None:
            return []
        units = units.filter(path__startswith=unit.path)
    return list(units.values_list("pk", flat=True))


def lost_customers(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Customers who became lost in the period (their lapse began in it)."""
    statuses = statuses_in(scope_unit_ids(scope))
    lost = statuses.filter(lost_between(moment(start), moment(end))).aggregate(n=Count("customer_id", distinct=True))
    return Decimal(lost["n"] or 0)


def churn_rate(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Percent of the customers active at the start who became lost during the period; None without any."""
    period = Period(start, end, Granularity.MONTH)
    row = churn_by_period(statuses_in(scope_unit_ids(scope)), [period])[0]
    return row.churn_rate


def active_customers(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Active customers at the end of the period (or now, for a period not yet over)."""
    when = min(moment(end), timezone.now())
    count = statuses_in(scope_unit_ids(scope)).filter(active_at(when)).aggregate(n=Count("customer_id", distinct=True))
    return Decimal(count["n"] or 0)


def win_back_rate(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Percent of the win-back attempts of the period decided either way that won the customer back."""
    return win_back_summary(interviews_in(scope_unit_ids(scope)), start, end).rate


register(
    Metric(
        code="retention.lost_customers",
        label=_("Customers lost"),
        compute=lost_customers,
        direction=Direction.LOWER,
        unit_label=_("customers"),
        decimals=0,
        description=_("Customers whose time since their last visit passed their lost threshold in the period."),
    )
)
register(
    Metric(
        code="retention.churn_rate",
        label=_("Churn rate"),
        compute=churn_rate,
        direction=Direction.LOWER,
        unit_label="%",
        decimals=1,
        description=_("Customers active at the start of the period who became lost during it, in percent."),
    )
)
register(
    Metric(
        code="retention.active_customers",
        label=_("Active customers"),
        compute=active_customers,
        direction=Direction.HIGHER,
        unit_label=_("customers"),
        decimals=0,
        description=_("Customers not lost at the end of the period."),
    )
)
register(
    Metric(
        code="retention.win_back_rate",
        label=_("Win-back rate"),
        compute=win_back_rate,
        direction=Direction.HIGHER,
        unit_label="%",
        decimals=1,
        description=_("Win-back attempts of the period that brought the customer back, of those decided, in percent."),
    )
)
