"""Reading lost-customer data, always scoped to the units the reader may see, and the figures built on it.

Figures are SQL aggregates over the scan's ``CustomerStatus`` and ``Lapse`` rows (see ``detection``): a customer
is *active* at a moment when their first visit to the unit lies before it and no lapse covers it. A customer
served by two units counts once in an organisation's figures and once in each unit's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from prima.accounts.models import ServiceUnit, User
from prima.accounts.queries import units_visible_to, visible_unit_ids
from prima.customers.models import Consent, ConsentPurpose, Customer
from prima.retention.models import (
    CustomerStatus,
    Granularity,
    Interview,
    Lapse,
    LossReason,
    RetentionStatus,
    WinBackAttempt,
    WinBackOutcome,
)
from prima.retention.periods import Period, add_months, moment

# Purposes under which a customer agreed to be contacted again (UU No. 27/2022): only then may staff reach out.
CONTACT_PURPOSES = (ConsentPurpose.FOLLOW_UP, ConsentPurpose.SURVEYS)


# --- Scope ---------------------------------------------------------------------------------------------


def scope_unit_ids(user: User | AnonymousUser, unit: ServiceUnit | None = None) -> list[int]:
    """The units the user may see; narrowed to ``unit`` and the units below it when given."""
    if unit is None:
        return visible_unit_ids(user)
    return list(units_visible_to(user).filter(path__startswith=unit.path).values_list("pk", flat=True))


def statuses_in(unit_ids: Sequence[int], segment_id: int | None = None) -> QuerySet[CustomerStatus]:
    statuses = CustomerStatus.objects.filter(unit_id__in=list(unit_ids))
    if segment_id is not None:
        in_segment = Customer.segments.through.objects.filter(
            customer_id=OuterRef("customer_id"), segment_id=segment_id
        )
        statuses = statuses.filter(Exists(in_segment))
    return statuses


def may_be_contacted() -> Exists:
    """Whether the row's customer has an active consent to be contacted about follow-up or surveys."""
    return Exists(
        Consent.objects.filter(
            customer_id=OuterRef("customer_id"), purpose__in=CONTACT_PURPOSES, withdrawn_at__isnull=True
        )
    )


def customer_may_be_contacted(customer: Customer) -> bool:
    return customer.consents.filter(purpose__in=CONTACT_PURPOSES, withdrawn_at__isnull=True).exists()


def watch_list(unit_ids: Sequence[int], status: str, *, segment_id: int | None = None) -> QuerySet[CustomerStatus]:
    """Lost or at-risk customers for the lists, most recent first, with what each row shows."""
    interviewed = Interview.objects.filter(customer_id=OuterRef("customer_id"), unit_id=OuterRef("unit_id"))
    return (
        statuses_in(unit_ids, segment_id)
        .filter(status=status)
        .select_related("customer", "unit")
        .annotate(interviewed=Exists(interviewed), contactable=may_be_contacted())
        .order_by("-status_since", "id")
    )


def customer_statuses(user: User | AnonymousUser, customer: Customer) -> QuerySet[CustomerStatus]:
    return CustomerStatus.objects.filter(customer=customer, unit_id__in=visible_unit_ids(user)).select_related("unit")


def customer_lapses(user: User | AnonymousUser, customer: Customer) -> QuerySet[Lapse]:
    return Lapse.objects.filter(customer=customer, unit_id__in=visible_unit_ids(user)).select_related("unit")


def interviews_visible_to(user: User | AnonymousUser) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(unit_id__in=visible_unit_ids(user))
        .select_related("customer", "unit", "interviewer", "reason")
        .order_by("-interviewed_on", "-id")
    )


def interview_for(user: User | AnonymousUser, pk: int) -> Interview:
    """One interview the user may see, or ``Interview.DoesNotExist``."""
    return interviews_visible_to(user).get(pk=pk)


def attempt_for(user: User | AnonymousUser, pk: int) -> WinBackAttempt:
    return WinBackAttempt.objects.select_related("interview__unit", "interview__customer").get(
        pk=pk, interview__unit_id__in=visible_unit_ids(user)
    )


def reasons_for(organisation_id: int, *, active_only: bool = True) -> QuerySet[LossReason]:
    reasons = LossReason.objects.filter(organisation_id=organisation_id)
    return reasons.filter(is_active=True) if active_only else reasons


# --- Figures ------------------------------------------------------------------------------------------


def active_at(when: datetime) -> Q:
    """Condition on ``CustomerStatus`` rows: the customer was an active customer of the unit at ``when``."""
    in_lapse = Lapse.objects.filter(
        Q(returned_at__isnull=True) | Q(returned_at__gt=when),
        customer_id=OuterRef("customer_id"),
        unit_id=OuterRef("unit_id"),
        lost_at__lte=when,
    )
    return cast(Q, Q(first_activity_at__lte=when) & ~Exists(in_lapse))


def lost_between(start: datetime, end: datetime) -> Exists:
    return Exists(
        Lapse.objects.filter(
            customer_id=OuterRef("customer_id"), unit_id=OuterRef("unit_id"), lost_at__gte=start, lost_at__lt=end
        )
    )


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ChurnRow:
    period: Period
    active_at_start: int
    lost: int
    active_at_end: int

    @property
    def churn_rate(self) -> Decimal | None:
        """Customers active at the start who became lost during the period, as a percentage of those active."""
        return percent(self.lost, self.active_at_start)

    @property
    def change(self) -> int:
        return self.active_at_end - self.active_at_start


def _period_aggregates(periods: Sequence[Period], now: datetime) -> dict[str, Any]:
    aggregates: dict[str, Any] = {}
    for index, period in enumerate(periods):
        start, end = period.starts_at, min(period.ends_at, now)
        was_active = active_at(start)
        aggregates[f"start_{index}"] = Count("customer_id", distinct=True, filter=was_active)
        aggregates[f"lost_{index}"] = Count(
            "customer_id", distinct=True, filter=cast(Q, was_active & lost_between(start, period.ends_at))
        )
        aggregates[f"end_{index}"] = Count("customer_id", distinct=True, filter=active_at(end))
    return aggregates


def _rows(values: dict[str, Any], periods: Sequence[Period]) -> list[ChurnRow]:
    return [
        ChurnRow(period, values[f"start_{i}"] or 0, values[f"lost_{i}"] or 0, values[f"end_{i}"] or 0)
        for i, period in enumerate(periods)
    ]


def churn_by_period(
    statuses: QuerySet[CustomerStatus], periods: Sequence[Period], *, now: datetime | None = None
) -> list[ChurnRow]:
    """Active customers at the start and end of each period, and how many of them became lost: one query."""
    now = now or timezone.now()
    if not periods:
        return []
    return _rows(statuses.aggregate(**_period_aggregates(periods, now)), periods)


@dataclass(frozen=True)
class Breakdown:
    key: int | None
    label: str
    rows: list[ChurnRow]


def churn_breakdown(
    statuses: QuerySet[CustomerStatus],
    periods: Sequence[Period],
    *,
    by: str,
    labels: dict[int, str],
    none_label: str = "",
    now: datetime | None = None,
) -> list[Breakdown]:
    """``churn_by_period`` per unit (``by="unit_id"``) or per segment (``by="customer__segments"``): one query."""
    now = now or timezone.now()
    if not periods:
        return []
    grouped = statuses.values(group=F(by)).annotate(**_period_aggregates(periods, now)).order_by("group")
    result = [
        Breakdown(
            row["group"],
            labels.get(row["group"], none_label) if row["group"] else none_label,
            _rows(dict(row), periods),
        )
        for row in grouped
    ]
    return sorted(result, key=lambda item: (item.key is None, item.label))


@dataclass(frozen=True)
class Cohort:
    period: Period
    size: int
    shares: list[Decimal | None]  # share still active after 1, 2, … periods; None for the future


def cohorts(
    statuses: QuerySet[CustomerStatus], periods: Sequence[Period], *, now: datetime | None = None
) -> list[Cohort]:
    """Customers grouped by the period of their first visit; the share still active after each following period.

    One query with a conditional count per (cohort, periods later) cell.
    """
    now = now or timezone.now()
    if not periods:
        return []
    step = 3 if periods[0].granularity == Granularity.QUARTER else 1
    aggregates: dict[str, Any] = {}
    for c, period in enumerate(periods):
        joined = Q(first_activity_at__gte=period.starts_at, first_activity_at__lt=period.ends_at)
        aggregates[f"size_{c}"] = Count("id", filter=joined)
        for k in range(1, len(periods) - c + 1):
            checkpoint = moment(add_months(period.start, step * k))
            if checkpoint > now:
                break
            aggregates[f"cell_{c}_{k}"] = Count("id", filter=joined & active_at(checkpoint))
    values = statuses.aggregate(**aggregates)
    result = []
    for c, period in enumerate(periods):
        size = values[f"size_{c}"] or 0
        shares = [
            percent(values[f"cell_{c}_{k}"] or 0, size) if f"cell_{c}_{k}" in values else None
            for k in range(1, len(periods))
        ]
        result.append(Cohort(period, size, shares))
    return result


def status_counts(statuses: QuerySet[CustomerStatus]) -> dict[str, int]:
    counts = dict(statuses.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in RetentionStatus.values}


@dataclass(frozen=True)
class ReasonRow:
    reason: LossReason
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def interviews_in(unit_ids: Sequence[int], segment_id: int | None = None) -> QuerySet[Interview]:
    interviews = Interview.objects.filter(unit_id__in=list(unit_ids))
    if segment_id is not None:
        interviews = interviews.filter(customer__segments__id=segment_id)
    return interviews


def reasons_by_period(interviews: QuerySet[Interview], periods: Sequence[Period]) -> list[ReasonRow]:
    """How often each reason was given in interviews of each period (two queries)."""
    if not periods:
        return []
    trunc = TruncQuarter if periods[0].granularity == Granularity.QUARTER else TruncMonth
    rows = (
        interviews.filter(interviewed_on__gte=periods[0].start, interviewed_on__lt=periods[-1].end)
        .annotate(period=trunc("interviewed_on"))
        .values("reason_id", "period")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        start = row["period"].date() if isinstance(row["period"], datetime) else row["period"]
        counts[row["reason_id"], start.isoformat()] = row["n"]
    reasons = LossReason.objects.filter(pk__in={reason_id for reason_id, _key in counts}).order_by("position", "id")
    return [ReasonRow(reason, [counts.get((reason.pk, p.key), 0) for p in periods]) for reason in reasons]


@dataclass(frozen=True)
class WinBackSummary:
    pending: int
    won_back: int
    not_won_back: int

    @property
    def rate(self) -> Decimal | None:
        """Won back as a share of the attempts decided either way."""
        return percent(self.won_back, self.won_back + self.not_won_back)


def win_back_summary(
    interviews: QuerySet[Interview], start: date | None = None, end: date | None = None
) -> WinBackSummary:
    """Win-back attempts by outcome, those made between ``start`` (inclusive) and ``end`` (exclusive) if given."""
    attempts = WinBackAttempt.objects.filter(interview__in=interviews.values("pk"))
    if start is not None:
        attempts = attempts.filter(attempted_on__gte=start)
    if end is not None:
        attempts = attempts.filter(attempted_on__lt=end)
    counts = dict(attempts.values_list("outcome").annotate(n=Count("id")).order_by())
    return WinBackSummary(
        pending=counts.get(WinBackOutcome.PENDING, 0),
        won_back=counts.get(WinBackOutcome.WON_BACK, 0),
        not_won_back=counts.get(WinBackOutcome.NOT_WON_BACK, 0),
    )
