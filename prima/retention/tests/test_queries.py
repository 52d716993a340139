from datetime import date, datetime
from decimal import Decimal

import pytest

from prima.core.metrics import MetricScope, get_metric
from prima.factories import CustomerFactory, SegmentFactory
from prima.retention.detection import scan_lost_customers
from prima.retention.models import Granularity, WinBackAttempt, WinBackOutcome
from prima.retention.periods import recent_periods
from prima.retention.queries import churn_breakdown, churn_by_period, cohorts, statuses_in
from prima.retention.tests.factories import NOW, InterviewFactory, visit


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}T10:00:00+07:00")


@pytest.fixture
def history(cast):  # type: ignore[no-untyped-def]
    """A: one visit in December (lost 30 May). B: monthly January-April (lost 6 June). C: May. D: June."""
    segment = SegmentFactory(organisation=cast.organisation, name="UMKM")
    customers = {}
    for name, days in {
        "A": ["2025-12-01"],
        "B": ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05"],
        "C": ["2026-05-10"],
        "D": ["2026-06-20"],
    }.items():
        customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_a], name=name)
        customers[name] = customer
        for day in days:
            visit(customer, cast.unit_a, at(day))
    customers["A"].segments.add(segment)
    customers["B"].segments.add(segment)
    scan_lost_customers(now=NOW)
    return customers


def test_churn_by_period_counts_active_and_lost(cast, history) -> None:  # type: ignore[no-untyped-def]
    periods = recent_periods(Granularity.MONTH, 3, today=date(2026, 6, 30))

    rows = churn_by_period(statuses_in([cast.unit_a.pk]), periods, now=NOW)

    assert [(r.period.start, r.active_at_start, r.lost, r.active_at_end, r.churn_rate) for r in rows] == [
        (date(2026, 4, 1), 2, 0, 2, Decimal("0.0")),
        (date(2026, 5, 1), 2, 1, 2, Decimal("50.0")),
        (date(2026, 6, 1), 2, 1, 2, Decimal("50.0")),
    ]


def test_churn_by_period_per_quarter(cast, history) -> None:  # type: ignore[no-untyped-def]
    periods = recent_periods(Granularity.QUARTER, 1, today=date(2026, 6, 30))

    [row] = churn_by_period(statuses_in([cast.unit_a.pk]), periods, now=NOW)

    assert (row.period.start, row.active_at_start, row.lost, row.active_at_end) == (date(2026, 4, 1), 2, 2, 2)


def test_churn_breakdown_by_segment(cast, history) -> None:  # type: ignore[no-untyped-def]
    periods = recent_periods(Granularity.MONTH, 1, today=date(2026, 6, 30))
    segment = history["A"].segments.get()

    groups = churn_breakdown(
        statuses_in([cast.unit_a.pk]),
        periods,
        by="customer__segments",
        labels={segment.pk: "UMKM"},
        none_label="-",
        now=NOW,
    )

    assert [(g.label, g.rows[0].active_at_start, g.rows[0].lost) for g in groups] == [("UMKM", 1, 1), ("-", 1, 0)]


def test_statuses_in_segment(cast, history) -> None:  # type: ignore[no-untyped-def]
    segment = history["A"].segments.get()

    assert sorted(s.customer.name for s in statuses_in([cast.unit_a.pk], segment.pk)) == ["A", "B"]


def test_cohorts_share_still_active(cast, history) -> None:  # type: ignore[no-untyped-def]
    periods = recent_periods(Granularity.MONTH, 7, today=date(2026, 6, 30))

    table = cohorts(statuses_in([cast.unit_a.pk]), periods, now=NOW)

    assert [(c.period.start, c.size) for c in table] == [
        (date(2025, 12, 1), 1),
        (date(2026, 1, 1), 1),
        (date(2026, 2, 1), 0),
        (date(2026, 3, 1), 0),
        (date(2026, 4, 1), 0),
        (date(2026, 5, 1), 1),
        (date(2026, 6, 1), 1),
    ]
    hundred = Decimal("100.0")
    assert table[0].shares == [hundred, hundred, hundred, hundred, hundred, Decimal("0.0")]
    assert table[1].shares == [hundred, hundred, hundred, hundred, hundred, None]
    assert table[5].shares == [hundred, None, None, None, None, None]


def test_metrics_lost_customers_and_churn_rate(cast, history) -> None:  # type: ignore[no-untyped-def]
    scope = MetricScope(organisation_id=cast.organisation.pk, unit_id=cast.head_office.pk)
    may = (date(2026, 5, 1), date(2026, 6, 1))

    assert get_metric("retention.lost_customers").value(scope, *may) == Decimal(1)
    assert get_metric("retention.churn_rate").value(scope, *may) == Decimal("50.0")
    assert get_metric("retention.active_customers").value(scope, date(2026, 6, 1), date(2026, 7, 1)) == Decimal(2)


def test_metrics_are_scoped_to_the_unit(cast, history) -> None:  # type: ignore[no-untyped-def]
    scope = MetricScope(organisation_id=cast.organisation.pk, unit_id=cast.unit_b.pk)

    assert get_metric("retention.lost_customers").value(scope, date(2026, 5, 1), date(2026, 6, 1)) == Decimal(0)
    assert get_metric("retention.churn_rate").value(scope, date(2026, 5, 1), date(2026, 6, 1)) is None


def test_metric_win_back_rate_counts_decided_attempts(cast, history) -> None:  # type: ignore[no-untyped-def]
    interview = InterviewFactory(customer=history["A"], unit=cast.unit_a, interviewed_on=date(2026, 6, 2))
    for outcome in (WinBackOutcome.WON_BACK, WinBackOutcome.NOT_WON_BACK, WinBackOutcome.NOT_WON_BACK, "pending"):
        WinBackAttempt.objects.create(interview=interview, attempted_on=date(2026, 6, 3), action="x", outcome=outcome)
    scope = MetricScope(organisation_id=cast.organisation.pk)

    rate = get_metric("retention.win_back_rate").value(scope, date(2026, 6, 1), date(2026, 7, 1))

    assert rate == Decimal("33.3")
