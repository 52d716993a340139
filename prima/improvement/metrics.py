"""Improvement figures in the metric registry: overdue actions and the share of actions found effective."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.core.metrics import Direction, Metric, MetricScope, ScopeLevel, register
from prima.improvement.models import PENDING_STATUSES, Action, ActionStatus

OVERDUE = "improvement.actions_overdue"
EFFECTIVE_SHARE = "improvement.actions_effective_share"


def _actions_in(scope: MetricScope) -> QuerySet[Action]:
    actions = Action.objects.filter(organisation_id=scope.organisation_id)
    if scope.user_id is not None:
        return actions.filter(owner_id=scope.user_id)
    if scope.unit_id is not None:
        path = ServiceUnit.objects.filter(pk=scope.unit_id).values_list("path", flat=True).first()
        if path is None:
            return Action.objects.none()
        return actions.filter(unit__path__startswith=path)
    return actions


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def actions_overdue(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Actions due in the period that missed their due date: finished late, or still not done after it (as of
    today). Cancelled actions do not count. None when no action was due in the period."""
    today = timezone.localdate()
    due = _actions_in(scope).filter(due_date__gte=start, due_date__lt=end).exclude(status=ActionStatus.CANCELLED)
    row = due.aggregate(
        total=Count("pk"),
        late=Count(
            "pk",
            filter=Q(completed_on__gt=F("due_date")) | Q(status__in=PENDING_STATUSES, due_date__lt=today),
        ),
    )
    return Decimal(row["late"]) if row["total"] else None


def actions_effective_share(scope: MetricScope, start: date, end: date) -> Decimal | None:
    """Of the actions whose effectiveness was judged in the period, the percentage judged effective."""
    judged = _actions_in(scope).filter(
        status__in=[ActionStatus.VERIFIED_EFFECTIVE, ActionStatus.NOT_EFFECTIVE],
        verified_at__gte=_aware(start),
        verified_at__lt=_aware(end),
    )
    row = judged.aggregate(total=Count("pk"), effective=Count("pk", filter=Q(status=ActionStatus.VERIFIED_EFFECTIVE)))
    if not row["total"]:
        return None
    return (Decimal(row["effective"]) * 100 / Decimal(row["total"])).quantize(Decimal("0.01"))


register(
    Metric(
        code=OVERDUE,
        label=_("Overdue improvement actions"),
        compute=actions_overdue,
        direction=Direction.LOWER,
        unit_label=_("actions"),
        decimals=0,
        levels=frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT, ScopeLevel.PERSON}),
        description=_("Improvement actions due in the period that were finished late or are still not done."),
    )
)
register(
    Metric(
        code=EFFECTIVE_SHARE,
        label=_("Improvement actions found effective"),
        compute=actions_effective_share,
        direction=Direction.HIGHER,
        unit_label="%",
        decimals=1,
        levels=frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT}),
        description=_("Share of the actions judged in the period that were verified effective."),
    )
)
