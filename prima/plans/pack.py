"""The management review pack: a JSON snapshot assembled from live data when a review is opened.

Every section reads another app through its queries or the metric registry (``prima.core.metrics``); a metric that
is not registered, or has no value for the period, is stored as ``None`` and shown as "no data". Figures are stored
as floats rounded to the metric's decimals, so the snapshot renders the same in the page, the PDF and the API.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.core.metrics import Metric, MetricScope, all_metrics, get_metric
from prima.plans.models import Idea, IdeaStatus, Review
from prima.plans.periods import previous_periods
from prima.plans.queries import annotate_ideas, local_bounds
from prima.plans.recognition import recognition_candidates

PACK_VERSION = 1
TREND_METRICS = ("surveys.ikm_unit", "surveys.csat_satisfied_share", "surveys.nps")
SLA_METRICS = (
    "compliance.first_response_within_standard",
    "compliance.resolution_within_standard",
    "compliance.breaches",
)
LOST_CUSTOMER_METRIC = "retention.lost_customers"
TREND_PERIODS = 6
MAX_LISTED = 20


def _metric(code: str) -> Metric | None:
    try:
        return get_metric(code)
    except LookupError:
        return None


def _number(value: Decimal | None, decimals: int) -> float | None:
    if value is None:
        return None
    return float(round(value, decimals))


def _figure(code: str, scope: MetricScope, periods: list[tuple[date, date]]) -> dict[str, Any]:
    """One metric over ``periods`` (oldest first): label, whether registered, and a value per period."""
    metric = _metric(code)
    if metric is None or not metric.supports(scope):
        return {
            "code": code,
            "label": str(metric.label) if metric else code,
            "registered": False,
            "unit_label": "",
            "direction": "",
            "points": [{"start": start.isoformat(), "value": None} for start, _end in periods],
            "value": None,
            "previous": None,
        }
    points = [
        {"start": start.isoformat(), "value": _number(metric.value(scope, start, end), metric.decimals)}
        for start, end in periods
    ]
    return {
        "code": code,
        "label": str(metric.label),
        "registered": True,
        "unit_label": str(metric.unit_label),
        "direction": metric.direction.value,
        "points": points,
        "value": points[-1]["value"] if points else None,
        "previous": points[-2]["value"] if len(points) > 1 else None,
    }


def _objectives(unit: ServiceUnit, start: date, end: date) -> list[dict[str, Any]]:
    from prima.improvement.models import Objective, ObjectiveStatus
    from prima.improvement.queries import objective_status

    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    objectives = (
        Objective.objects.filter(organisation_id=unit.organisation_id, status=ObjectiveStatus.ACTIVE)
        .filter(Q(unit__isnull=True) | Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path))
        .filter(period_start__lt=end, period_end__gte=start)
        .order_by("period_start", "pk")
    )
    on = min(end.toordinal() - 1, timezone.localdate().toordinal())
    rows: list[dict[str, Any]] = []
    for objective in objectives[:MAX_LISTED]:
        statuses = objective_status(objective, on=date.fromordinal(on), include_trend=False)
        rows.append(
            {
                "id": objective.pk,
                "title": objective.display_title,
                "targets": [
                    {
                        "metric": status.metric_code,
                        "label": status.metric_label,
                        "target": _number(status.target_value, status.decimals),
                        "actual": _number(status.actual, status.decimals),
                        "met": status.met,
                    }
                    for status in statuses
                ],
            }
        )
    return rows


def _complaints(unit: ServiceUnit, start: date, end: date) -> dict[str, Any]:
    from prima.tickets.choices import RequestKind
    from prima.tickets.models import Ticket

    low, high = local_bounds(start, end)
    complaints = Ticket.objects.filter(
        unit__path__startswith=unit.path, kind=RequestKind.COMPLAINT, created_at__gte=low, created_at__lt=high
    )
    by_category = (
        complaints.order_by().values("category__name").annotate(count=Count("pk")).order_by("-count", "category__name")
    )
    by_tag = (
        complaints.filter(tags__isnull=False)
        .order_by()
        .values("tags__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "tags__name")
    )
    return {
        "total": complaints.count(),
        "by_category": [
            {"name": row["category__name"] or "", "count": row["count"]} for row in by_category[:MAX_LISTED]
        ],
        "by_tag": [{"name": row["tags__name"], "count": row["count"]} for row in by_tag[:MAX_LISTED]],
    }


def _actions(unit: ServiceUnit, today: date) -> dict[str, Any]:
    from prima.improvement.models import PENDING_STATUSES, Action

    actions = Action.objects.filter(unit__path__startswith=unit.path)
    counts = actions.aggregate(
        open=Count("pk", filter=Q(status__in=PENDING_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=PENDING_STATUSES, due_date__lt=today)),
        checked=Count("pk", filter=~Q(effectiveness_result="")),
    )
    listed = (
        actions.filter(Q(status__in=PENDING_STATUSES) | ~Q(effectiveness_result=""))
        .select_related("owner")
        .order_by("due_date", "pk")[:MAX_LISTED]
    )
    return {
        "open": counts["open"],
        "overdue": counts["overdue"],
        "checked": counts["checked"],
        "items": [
            {
                "id": action.pk,
                "title": action.title,
                "owner": action.owner.full_name,
                "due": action.due_date.isoformat(),
                "status": action.get_status_display(),
                "overdue": action.is_overdue(today),
                "effect": action.get_effectiveness_result_display() if action.effectiveness_result else "",
            }
            for action in listed
        ],
    }


def _lost_customers(scope: MetricScope, periods: list[tuple[date, date]]) -> list[dict[str, Any]]:
    codes = [LOST_CUSTOMER_METRIC] + [
        metric.code
        for metric in all_metrics()
        if metric.code.startswith("retention.") and metric.code != LOST_CUSTOMER_METRIC
    ]
    return [_figure(code, scope, periods) for code in codes]


def _ideas(unit: ServiceUnit, start: date, end: date) -> dict[str, Any]:
    low, high = local_bounds(start, end)
    ideas = Idea.objects.filter(unit__path__startswith=unit.path, created_at__gte=low, created_at__lt=high)
    counts = ideas.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=IdeaStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=IdeaStatus.DECLINED)),
    )
    listed = annotate_ideas(ideas, AnonymousUser())[:MAX_LISTED]
    return {
        **counts,
        "items": [
            {
                "id": idea.pk,
                "title": idea.title,
                "author": idea.author.full_name,
                "votes": idea.vote_count,  # type: ignore[attr-defined]
                "comments": idea.comment_count,  # type: ignore[attr-defined]
                "status": idea.get_status_display(),
            }
            for idea in listed
        ],
    }


def build_pack(review: Review) -> dict[str, Any]:
    """Assemble the pack for ``review`` from live data. Reads only."""
    unit = review.unit
    start, end = review.period_start, review.period_end
    scope = MetricScope(organisation_id=unit.organisation_id, unit_id=unit.pk)
    periods = previous_periods(start, review.frequency, TREND_PERIODS)
    today = timezone.localdate()
    return {
        "version": PACK_VERSION,
        "unit": {"id": unit.pk, "name": unit.name},
        "period": {"start": start.isoformat(), "end": end.isoformat(), "frequency": review.frequency},
        "built_at": timezone.now().isoformat(),
        "objectives": _objectives(unit, start, end),
        "trends": [_figure(code, scope, periods) for code in TREND_METRICS],
        "sla": [_figure(code, scope, periods[-2:]) for code in SLA_METRICS],
        "complaints": _complaints(unit, start, end),
        "actions": _actions(unit, today),
        "lost_customers": _lost_customers(scope, periods),
        "ideas": _ideas(unit, start, end),
        "recognition": recognition_candidates(unit, start, end),
    }
