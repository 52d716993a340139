"""Detectors that turn signals in the data into proposed actions for a supervisor to accept or dismiss.

- SKM: an unsur (service element) of a unit's SKM survey scored below mutu B last month.
- SLA breach trend: a unit's SLA breaches this month exceed the mean of the previous three months by a factor.
- Complaint cluster: at least N complaints with the same category or tag in a unit within 30 days.

``detect_signals()`` runs them all; each signal is proposed once (its dedupe key names detector, subject and period).
Thresholds are settings with defaults: IMPROVEMENT_SLA_TREND_FACTOR, IMPROVEMENT_SLA_TREND_MINIMUM,
IMPROVEMENT_COMPLAINT_CLUSTER_SIZE, IMPROVEMENT_COMPLAINT_CLUSTER_DAYS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit
from prima.improvement.models import ProposedAction, SourceKind
from prima.improvement.services.proposals import record_signal

logger = logging.getLogger(__name__)

BELOW_B = frozenset({"C", "D"})


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _month_start(day: date, months_back: int = 0) -> date:
    first = day.replace(day=1)
    for _step in range(months_back):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _units(unit_ids: set[int]) -> dict[int, ServiceUnit]:
    return ServiceUnit.objects.in_bulk(unit_ids)


# --- (b) SLA breach trend -------------------------------------------------------------------------


def detect_sla_breach_trend(*, today: date) -> list[ProposedAction]:
    """Units whose SLA breaches this month (so far) exceed ``factor`` times the mean of the three months before,
    and at least a minimum count. One aggregate query over the breach events."""
    from prima.sla.choices import BreachKind
    from prima.sla.models import BreachEvent

    factor = Decimal(str(_setting("IMPROVEMENT_SLA_TREND_FACTOR", 1.5)))
    minimum = int(_setting("IMPROVEMENT_SLA_TREND_MINIMUM", 3))
    this_month = _month_start(today)
    previous = [_month_start(today, back) for back in (3, 2, 1)]
    window = Q(detected_at__gte=_aware(previous[0]))
    rows = (
        BreachEvent.objects.filter(window, kind=BreachKind.BREACHED, unit__is_active=True)
        .values("unit_id")
        .annotate(
            current=Count("pk", filter=Q(detected_at__gte=_aware(this_month))),
            before=Count("pk", filter=Q(detected_at__lt=_aware(this_month))),
        )
        .order_by("unit_id")
    )
    hits = [
        row
        for row in rows
        if row["current"] >= minimum and Decimal(row["current"]) > factor * Decimal(row["before"]) / 3
    ]
    units = _units({row["unit_id"] for row in hits})
    month = this_month.strftime("%Y-%m")
    proposed = []
    for row in hits:
        unit = units[row["unit_id"]]
        mean = (Decimal(row["before"]) / 3).quantize(Decimal("0.1"))
        with translation.override(settings.LANGUAGE_CODE):
            title = _("SLA breaches rising in %(unit)s") % {"unit": unit.name}
            description = _(
                "%(current)s SLA breaches this month against a mean of %(mean)s in the three months before."
            ) % {"current": row["current"], "mean": mean}
        proposal = record_signal(
            unit=unit,
            dedupe_key=f"sla_trend:{unit.pk}:{month}",
            source_kind=SourceKind.SLA_BREACH_TREND,
            title=title,
            description=description,
            source_ref=f"sla:{month}",
            metric_code=_available_metric("compliance.breaches", "compliance.resolution_within_standard"),
            evidence={"month": month, "breaches": row["current"], "previous_mean": str(mean), "factor": str(factor)},
        )
        if proposal is not None:
            proposed.append(proposal)
    return proposed


def _available_metric(*codes: str) -> str:
    """The first of ``codes`` that is registered and measurable per unit, for the proposal's effectiveness check."""
    from prima.core.metrics import ScopeLevel
    from prima.improvement.measure import metric_or_none

    for code in codes:
        metric = metric_or_none(code)
        if metric is not None and ScopeLevel.UNIT in metric.levels:
            return code
    return ""


# --- (c) complaint cluster ------------------------------------------------------------------------


def detect_complaint_clusters(*, today: date) -> list[ProposedAction]:
    """At least N complaints in a unit within the last days that share a category, or a tag. Two aggregate
    queries; each cluster is proposed once per calendar month."""
    from prima.tickets.choices import RequestKind
    from prima.tickets.models import Ticket

    size = int(_setting("IMPROVEMENT_COMPLAINT_CLUSTER_SIZE", 5))
    days = int(_setting("IMPROVEMENT_COMPLAINT_CLUSTER_DAYS", 30))
    since = _aware(today - timedelta(days=days - 1))
    complaints = Ticket.objects.filter(
        kind=RequestKind.COMPLAINT, created_at__gte=since, merged_into__isnull=True, unit__is_active=True
    )
    by_category = (
        complaints.filter(category__isnull=False)
        .values("unit_id", "category_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by("unit_id", "category_id")
    )
    through = Ticket.tags.through
    by_tag = (
        through.objects.filter(ticket__in=complaints)
        .values("ticket__unit_id", "tag_id", "tag__name")
        .annotate(n=Count("ticket_id"))
        .order_by("ticket__unit_id", "tag_id")
    )
    # The groups (unit x category, unit x tag) are few; the threshold is applied to the aggregated rows.
    clusters = [
        ("category", row["unit_id"], row["category_id"], row["category__name"], row["n"])
        for row in by_category
        if row["n"] >= size
    ]
    clusters += [
        ("tag", row["ticket__unit_id"], row["tag_id"], row["tag__name"], row["n"]) for row in by_tag if row["n"] >= size
    ]
    units = _units({cluster[1] for cluster in clusters})
    month = today.strftime("%Y-%m")
    proposed = []
    for subject, unit_id, subject_id, name, count in clusters:
        unit = units[unit_id]
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Complaints cluster around “%(name)s” in %(unit)s") % {"name": name, "unit": unit.name}
            description = _("%(count)s complaints about “%(name)s” in the last %(days)s days.") % {
                "count": count,
                "name": name,
                "days": days,
            }
        proposal = record_signal(
            unit=unit,
            dedupe_key=f"complaint_cluster:{unit_id}:{subject}:{subject_id}:{month}",
            source_kind=SourceKind.COMPLAINT_CLUSTER,
            title=title,
            description=description,
            source_ref=f"{subject}:{subject_id}",
            metric_code=_available_metric("tickets.complaint_rate"),
            evidence={"subject": subject, "name": name, "complaints": count, "days": days},
        )
        if proposal is not None:
            proposed.append(proposal)
    return proposed


# --- (a) SKM unsur below B ------------------------------------------------------------------------


def detect_skm_below_b(*, today: date) -> list[ProposedAction]:
    """For each unit's SKM survey, the unsur whose mutu last month was below B (C or D)."""
    from prima.surveys.analytics._scope import period_bounds
    from prima.surveys.analytics.skm import compute_skm
    from prima.surveys.models import Method, Survey

    end = _month_start(today)
    start = _month_start(today, 1)
    month = start.strftime("%Y-%m")
    surveys = Survey.objects.filter(method=Method.SKM, unit__isnull=False, unit__is_active=True).select_related("unit")
    proposed = []
    for survey in surveys:
        assert survey.unit is not None
        window_start, window_end = period_bounds(survey, start, end - timedelta(days=1))
        result = compute_skm(survey, start=window_start, end=window_end)
        for unsur in result.unsur:
            if str(unsur.mutu) not in BELOW_B:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                name = str(unsur.name)
                title = _("SKM element “%(name)s” below quality B in %(unit)s") % {
                    "name": name,
                    "unit": survey.unit.name,
                }
                description = _(
                    "In %(month)s the element %(code)s (%(name)s) of “%(survey)s” scored mutu %(mutu)s."
                ) % {
                    "month": month,
                    "code": unsur.code,
                    "name": name,
                    "survey": survey.name,
                    "mutu": unsur.mutu,
                }
            proposal = record_signal(
                unit=survey.unit,
                dedupe_key=f"skm:{survey.pk}:{unsur.code}:{month}",
                source_kind=SourceKind.SKM_UNSUR_BELOW_B,
                title=title,
                description=description,
                source_ref=f"survey:{survey.pk}:{unsur.code}",
                metric_code=_available_metric("surveys.ikm_unit"),
                evidence={"survey": survey.pk, "unsur": unsur.code, "mutu": str(unsur.mutu), "month": month},
            )
            if proposal is not None:
                proposed.append(proposal)
    return proposed


DETECTORS: tuple[Callable[..., list[ProposedAction]], ...] = (
    detect_skm_below_b,
    detect_sla_breach_trend,
    detect_complaint_clusters,
)


def detect_signals(*, today: date | None = None) -> list[ProposedAction]:
    """Run every detector; each signal is proposed once (a second run proposes nothing new).

    Periodic (idempotent). Side effects: ProposedAction rows; activity ``improvement.proposal.detected``.
    A detector whose source app is not available is skipped and logged, so the others still run.
    """
    today = today or timezone.localdate()
    proposed: list[ProposedAction] = []
    for detector in DETECTORS:
        try:
            proposed += detector(today=today)
        except ImportError:
            logger.warning("Improvement detector %s skipped: its source is not available.", detector.__name__)
    return proposed
