"""Finding lost customers on the customer timeline: the periodic scan.

**What counts as using a service.** A customer *visits* a unit when the timeline (``ActivityLog`` rows with a
customer and a unit) records one of ``SERVICE_USE_ACTIONS``: being registered at the unit's desk, submitting a
request of any kind through any channel (information, appointment, letter, complaint, suggestion, order,
compliment) or booking an appointment. Replies, notes, status changes and edits continue a visit and are not new
visits; entries less than ``SAME_VISIT`` apart (a registration and the request typed in with it) are one visit.
Confidential requests are never linked to their customer on the timeline (see ``prima.tickets.confidentiality``),
so they are invisible here too: a customer who only complains confidentially looks inactive rather than exposed.

**When a customer is lost.** Per unit, a customer with at least ``repeat_after`` visits has a *usual interval*:
the median of the gaps between their latest visits (at most ``MEDIAN_WINDOW`` gaps). They are lost when the time
since their last visit exceeds ``max(interval_factor x usual interval, minimum_days)``; customers with fewer
visits are lost after the unit's ``one_off_days``. *At risk* starts at ``at_risk_percent`` of that threshold.
A lost customer who visits again is *won back* (for one threshold's length after returning).

Every gap longer than the threshold is a ``Lapse`` (lost at last visit + threshold, returned at the next visit),
so churn for past periods comes from the same data. The threshold in force today is applied to the whole history:
figures for past periods can move a little when a customer's usual interval changes.

**Queries.** The gaps are computed in the database with a window function (``LAG`` over each customer's
timeline per unit, on SQLite and PostgreSQL alike); one row per visit comes back, never one query per customer.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import Lag
from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.activity.models import ActivityLog
from prima.activity.services import log_action
from prima.retention.models import (
    CustomerStatus,
    Lapse,
    RetentionSettings,
    RetentionStatus,
    WinBackAttempt,
    WinBackOutcome,
)

SERVICE_USE_ACTIONS = (
    "customers.customer.created",
    "tickets.ticket.submitted",
    "tickets.appointment.booked",
)
SAME_VISIT = timedelta(hours=12)
MEDIAN_WINDOW = 12

Pair = tuple[int, int]  # (customer id, unit id)


@dataclass(frozen=True)
class Visit:
    customer_id: int
    unit_id: int
    at: datetime
    previous_activity_at: datetime | None  # the end of the previous visit


@dataclass
class Timeline:
    """One customer's visits to one unit, oldest first, and their latest activity of any counted kind."""

    visits: list[Visit] = field(default_factory=list)
    last_activity_at: datetime | None = None

    @property
    def gaps(self) -> list[tuple[datetime, datetime]]:
        """(end of a visit, start of the next) for every pair of consecutive visits."""
        return [(v.previous_activity_at, v.at) for v in self.visits if v.previous_activity_at is not None]


@dataclass(frozen=True)
class Assessment:
    status: str
    status_since: datetime
    first_activity_at: datetime
    last_activity_at: datetime
    visits: int
    usual_interval: timedelta | None
    lost_after: timedelta
    lapses: tuple[tuple[datetime, datetime, datetime | None], ...]  # (last visit, lost at, returned at)


@dataclass
class ScanResult:
    customers: int = 0
    created: int = 0
    changed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lapses_created: int = 0
    lapses_updated: int = 0
    lapses_removed: int = 0
    attempts_won_back: int = 0

    def __str__(self) -> str:
        changes = ", ".join(f"{status}: {count}" for status, count in sorted(self.changed.items()))
        return f"{self.customers} customer-unit pairs, {self.created} new, changes [{changes}]"


def service_use(unit_ids: Iterable[int] | None = None) -> QuerySet[ActivityLog]:
    """Timeline entries that mean a customer used a unit's service."""
    entries = ActivityLog.objects.filter(action__in=SERVICE_USE_ACTIONS, customer__isnull=False, unit__isnull=False)
    if unit_ids is not None:
        entries = entries.filter(unit_id__in=list(unit_ids))
    return entries


def visit_starts(unit_ids: Iterable[int] | None = None) -> QuerySet[ActivityLog]:
    """The entries that start a visit, each with the time of the entry before it (``previous_at``).

    ``LAG`` runs in the database over each (customer, unit) timeline; the filter on it keeps only the first
    entry and the entries at least ``SAME_VISIT`` after the one before.
    """
    previous = Window(
        Lag("created_at"),
        partition_by=[F("customer_id"), F("unit_id")],
        order_by=[F("created_at").asc(), F("id").asc()],
    )
    return (
        service_use(unit_ids)
        .annotate(previous_at=previous)
        .filter(Q(previous_at__isnull=True) | Q(previous_at__lte=F("created_at") - SAME_VISIT))
        .order_by()
    )


def timelines(unit_ids: Iterable[int] | None = None) -> dict[Pair, Timeline]:
    """Every (customer, unit) timeline in two queries: the visit starts, and the latest entry per pair."""
    unit_list = list(unit_ids) if unit_ids is not None else None
    found: dict[Pair, Timeline] = defaultdict(Timeline)
    rows = visit_starts(unit_list).values_list("customer_id", "unit_id", "created_at", "previous_at")  # type: ignore[misc]
    for customer_id, unit_id, at, previous_at in rows:
        found[customer_id, unit_id].visits.append(Visit(customer_id, unit_id, at, previous_at))
    latest = service_use(unit_list).values("customer_id", "unit_id").annotate(last=Max("created_at")).order_by()
    for row in latest:
        timeline = found.get((row["customer_id"], row["unit_id"]))
        if timeline is not None:
            timeline.last_activity_at = row["last"]
    for timeline in found.values():
        timeline.visits.sort(key=lambda visit: visit.at)
    return dict(found)


def usual_interval(timeline: Timeline) -> timedelta | None:
    """The median gap between the customer's latest visits (start to start), None without a gap."""
    starts = [visit.at for visit in timeline.visits[-(MEDIAN_WINDOW + 1) :]]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    if not gaps:
        return None
    return timedelta(seconds=statistics.median(gap.total_seconds() for gap in gaps))


def assess(timeline: Timeline, thresholds: RetentionSettings, now: datetime) -> Assessment:
    """The status of one timeline at ``now`` under ``thresholds``; pure, no database."""
    visits = timeline.visits
    last = timeline.last_activity_at or visits[-1].at
    interval = usual_interval(timeline)
    lost_after = thresholds.lost_after(len(visits), interval)
    lapses: list[tuple[datetime, datetime, datetime | None]] = [
        (end, end + lost_after, start) for end, start in timeline.gaps if start - end > lost_after
    ]
    if now - last > lost_after:
        lapses.append((last, last + lost_after, None))
    at_risk_after = thresholds.at_risk_after(lost_after)
    returned = [lapse[2] for lapse in lapses if lapse[2] is not None]
    if lapses and lapses[-1][2] is None:
        status, since = RetentionStatus.LOST, lapses[-1][1]
    elif now - last > at_risk_after:
        status, since = RetentionStatus.AT_RISK, last + at_risk_after
    elif returned and now - returned[-1] <= lost_after:
        status, since = RetentionStatus.WON_BACK, returned[-1]
    else:
        status, since = RetentionStatus.ACTIVE, (returned[-1] + lost_after) if returned else visits[0].at
    return Assessment(
        status=status,
        status_since=since,
        first_activity_at=visits[0].at,
        last_activity_at=last,
        visits=len(visits),
        usual_interval=interval,
        lost_after=lost_after,
        lapses=tuple(lapses),
    )


def thresholds_by_unit(unit_ids: Iterable[int]) -> dict[int, RetentionSettings]:
    """Each unit's thresholds; units without saved settings get unsaved defaults."""
    saved = {row.unit_id: row for row in RetentionSettings.objects.filter(unit_id__in=list(unit_ids))}
    return {unit_id: saved.get(unit_id) or RetentionSettings(unit_id=unit_id) for unit_id in unit_ids}


_STATUS_FIELDS = (
    "status",
    "status_since",
    "first_activity_at",
    "last_activity_at",
    "visits",
    "usual_interval",
    "lost_after",
)


def scan_lost_customers(*, now: datetime | None = None) -> ScanResult:
    """Bring every ``CustomerStatus`` and ``Lapse`` in line with the timeline; safe to run any number of times.

    Side effects: creates/updates ``CustomerStatus`` rows (``detected_at`` set when the status changes), creates,
    updates or removes ``Lapse`` rows, marks pending win-back attempts *won back* when the customer returned
    after the attempt, and logs ``retention.scan.changed`` once per unit whose customers changed status.
    The number of queries does not depend on the number of customers (bulk writes).
    """
    now = now or timezone.now()
    result = ScanResult()
    found = timelines()
    settings_by_unit = thresholds_by_unit({unit_id for _customer, unit_id in found})
    assessments = {pair: assess(timeline, settings_by_unit[pair[1]], now) for pair, timeline in found.items()}
    result.customers = len(assessments)
    changes_by_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with transaction.atomic():
        existing = {(row.customer_id, row.unit_id): row for row in CustomerStatus.objects.select_for_update()}
        to_create: list[CustomerStatus] = []
        to_update: list[CustomerStatus] = []
        for pair, assessment in assessments.items():
            row = existing.get(pair)
            values = {name: getattr(assessment, name) for name in _STATUS_FIELDS}
            if row is None:
                to_create.append(CustomerStatus(customer_id=pair[0], unit_id=pair[1], detected_at=now, **values))
                result.created += 1
                if assessment.status != RetentionStatus.ACTIVE:
                    changes_by_unit[pair[1]][assessment.status] += 1
                continue
            if all(getattr(row, name) == value for name, value in values.items()):
                continue
            if row.status != assessment.status:
                row.detected_at = now
                result.changed[assessment.status] += 1
                changes_by_unit[pair[1]][assessment.status] += 1
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
        CustomerStatus.objects.bulk_create(to_create)
        if to_update:
            CustomerStatus.objects.bulk_update(to_update, [*_STATUS_FIELDS, "detected_at"])
        gone = [row.pk for pair, row in existing.items() if pair not in assessments]
        if gone:  # the timeline entries behind it were erased (e.g. a data-protection request)
            CustomerStatus.objects.filter(pk__in=gone).delete()
        _sync_lapses(assessments, now, result)
        result.attempts_won_back = _close_won_back_attempts(now)
        _log_changes(changes_by_unit)
    return result


def _sync_lapses(assessments: dict[Pair, Assessment], now: datetime, result: ScanResult) -> None:
    wanted = {
        (pair[0], pair[1], last): (lost_at, returned_at)
        for pair, assessment in assessments.items()
        for last, lost_at, returned_at in assessment.lapses
    }
    existing = {(row.customer_id, row.unit_id, row.last_activity_at): row for row in Lapse.objects.all()}
    to_create = [
        Lapse(customer_id=c, unit_id=u, last_activity_at=last, lost_at=lost_at, returned_at=back, detected_at=now)
        for (c, u, last), (lost_at, back) in wanted.items()
        if (c, u, last) not in existing
    ]
    to_update: list[Lapse] = []
    for key, row in existing.items():
        if key in wanted and (row.lost_at, row.returned_at) != wanted[key]:
            row.lost_at, row.returned_at = wanted[key]
            to_update.append(row)
    gone = [row.pk for key, row in existing.items() if key not in wanted]
    Lapse.objects.bulk_create(to_create)
    if to_update:
        Lapse.objects.bulk_update(to_update, ["lost_at", "returned_at"])
    if gone:
        Lapse.objects.filter(pk__in=gone).delete()
    result.lapses_created, result.lapses_updated, result.lapses_removed = len(to_create), len(to_update), len(gone)


def _close_won_back_attempts(now: datetime) -> int:
    """Pending attempts whose customer came back to the unit on or after the attempt's day: won back."""
    from django.db.models import Exists, OuterRef

    returned = Lapse.objects.filter(
        customer_id=OuterRef("interview__customer_id"),
        unit_id=OuterRef("interview__unit_id"),
        returned_at__date__gte=OuterRef("attempted_on"),
    )
    return WinBackAttempt.objects.filter(Exists(returned), outcome=WinBackOutcome.PENDING).update(
        outcome=WinBackOutcome.WON_BACK, outcome_at=now
    )


def _log_changes(changes_by_unit: dict[int, dict[str, int]]) -> None:
    units = ServiceUnit.objects.in_bulk(list(changes_by_unit)) if changes_by_unit else {}
    for unit_id, changes in sorted(changes_by_unit.items()):
        log_action(
            "retention.scan.changed",
            actor=None,
            unit=units.get(unit_id),
            data={status: changes.get(status, 0) for status in RetentionStatus.values if status != "active"},
        )
