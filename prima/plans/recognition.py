"""Proposing whom a review should recognise, from measured data only.

The rule (documented for the people it concerns):

* Service performance: person-level metrics ``compliance.first_response_within_standard`` and
  ``compliance.resolution_within_standard`` (shares of requests answered and resolved within the standard; they
  exclude paused and customer-caused time by construction). Only colleagues who resolved at least
  ``MIN_REQUESTS`` requests in the unit in the period are eligible, so a handful of easy requests cannot top the
  list. Their score is the mean of the metrics that have a value; ties go to more accepted ideas, then more
  requests.
* Contribution: every colleague whose improvement ideas were accepted in the period is proposed for them,
  whatever their number of requests.

At most ``MAX_PROPOSED`` colleagues are proposed for performance. The review's leader decides; the proposal only
informs the decision (``prima.plans.reviews.give_recognition`` records what was given).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count

from prima.accounts.models import ServiceUnit
from prima.core.metrics import Metric, MetricScope, ScopeLevel, get_metric
from prima.plans.queries import accepted_ideas_by_author, local_bounds, staff_of

PERSON_METRICS = (
    "compliance.first_response_within_standard",
    "compliance.resolution_within_standard",
)
MIN_REQUESTS = 10
MAX_PROPOSED = 3


def _person_metrics() -> list[Metric]:
    metrics = []
    for code in PERSON_METRICS:
        try:
            metric = get_metric(code)
        except LookupError:
            continue
        if ScopeLevel.PERSON in metric.levels:
            metrics.append(metric)
    return metrics


def resolved_requests_by_owner(unit: ServiceUnit, start: date, end: date) -> dict[int, int]:
    """How many requests of the unit's subtree each owner resolved in ``[start, end)``: one query."""
    from prima.tickets.models import Ticket

    low, high = local_bounds(start, end)
    rows = (
        Ticket.objects.filter(
            unit__path__startswith=unit.path, owner__isnull=False, resolved_at__gte=low, resolved_at__lt=high
        )
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
    )
    return {row["owner"]: row["n"] for row in rows}


def recognition_candidates(unit: ServiceUnit, start: date, end: date) -> list[dict[str, Any]]:
    """The proposals for the pack: performance candidates first (best first), then idea contributors."""
    metrics = _person_metrics()
    requests = resolved_requests_by_owner(unit, start, end)
    ideas = accepted_ideas_by_author(unit, start, end)
    staff = {user.pk: user for user in staff_of(unit)}
    performers: list[dict[str, Any]] = []
    for user_id, count in requests.items():
        user = staff.get(user_id)
        if user is None or count < MIN_REQUESTS:
            continue
        scope = MetricScope(organisation_id=unit.organisation_id, user_id=user_id)
        values: dict[str, float | None] = {}
        measured: list[Decimal] = []
        for metric in metrics:
            value = metric.value(scope, start, end)
            values[metric.code] = float(round(value, metric.decimals)) if value is not None else None
            if value is not None:
                measured.append(value)
        if not measured:
            continue
        score = sum(measured, Decimal(0)) / len(measured)
        performers.append(
            {
                "kind": "performance",
                "user_id": user_id,
                "name": user.full_name,
                "requests": count,
                "metrics": values,
                "accepted_ideas": ideas.get(user_id, 0),
                "score": float(round(score, 1)),
            }
        )
    performers.sort(key=lambda row: (-row["score"], -row["accepted_ideas"], -row["requests"], row["name"]))
    contributors: list[dict[str, Any]] = [
        {
            "kind": "ideas",
            "user_id": user_id,
            "name": staff[user_id].full_name,
            "requests": requests.get(user_id, 0),
            "metrics": {},
            "accepted_ideas": count,
            "score": None,
        }
        for user_id, count in sorted(ideas.items(), key=lambda pair: (-pair[1], pair[0]))
        if user_id in staff
    ]
    return performers[:MAX_PROPOSED] + contributors
