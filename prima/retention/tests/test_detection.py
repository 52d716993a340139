from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prima.activity.models import ActivityLog
from prima.retention.detection import scan_lost_customers
from prima.retention.models import CustomerStatus, Lapse, RetentionSettings, RetentionStatus
from prima.retention.tests.factories import NOW, customer_with_visits, days_ago, visit


def status_of(customer, unit):  # type: ignore[no-untyped-def]
    return CustomerStatus.objects.get(customer=customer, unit=unit)


@pytest.mark.parametrize(
    ("ages", "expected", "since_days_ago"),
    [
        ((150, 120, 90, 60, 30, 5), RetentionStatus.ACTIVE, 150),  # monthly and recent
        ((200, 170, 140, 110), RetentionStatus.LOST, 50),  # monthly, silent for 110 days: lost at 110 - 2 x 30
        ((130, 100, 70, 40), RetentionStatus.AT_RISK, 10),  # monthly, silent for 40 days: at risk from 30
        ((200,), RetentionStatus.LOST, 20),  # one visit: the unit's 180 days
        ((100, 95), RetentionStatus.AT_RISK, 5),  # two visits are too few for an interval: at risk from 90
        ((300, 290, 280, 270, 10), RetentionStatus.WON_BACK, 10),  # 10-day rhythm, gone 260 days, back
    ],
)
def test_scan_lost_customers_classifies_by_own_interval(cast, ages, expected, since_days_ago) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, ages)

    scan_lost_customers(now=NOW)

    status = status_of(customer, cast.unit_a)
    assert (status.status, status.status_since) == (expected, days_ago(since_days_ago))


def test_scan_lost_customers_records_interval_threshold_and_lapse(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (200, 170, 140, 110))

    scan_lost_customers(now=NOW)

    status = status_of(customer, cast.unit_a)
    assert (status.visits, status.usual_interval, status.lost_after) == (4, timedelta(days=30), timedelta(days=60))
    assert (status.first_activity_at, status.last_activity_at, status.detected_at) == (
        days_ago(200),
        days_ago(110),
        NOW,
    )
    lapse = Lapse.objects.get(customer=customer)
    assert (lapse.unit, lapse.last_activity_at, lapse.lost_at, lapse.returned_at) == (
        cast.unit_a,
        days_ago(110),
        days_ago(50),
        None,
    )


def test_scan_lost_customers_keeps_past_lapses_of_returned_customer(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (300, 290, 280, 270, 10))

    scan_lost_customers(now=NOW)

    assert list(Lapse.objects.filter(customer=customer).values_list("lost_at", "returned_at")) == [
        (days_ago(240), days_ago(10))
    ]


def test_scan_lost_customers_counts_registration_and_request_as_one_visit(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, ())
    visit(customer, cast.unit_a, days_ago(100), action="customers.customer.created")
    visit(customer, cast.unit_a, days_ago(100) + timedelta(minutes=3))

    scan_lost_customers(now=NOW)

    status = status_of(customer, cast.unit_a)
    assert (status.visits, status.last_activity_at, status.status) == (
        1,
        days_ago(100) + timedelta(minutes=3),
        RetentionStatus.AT_RISK,
    )


def test_scan_lost_customers_ignores_entries_that_are_not_service_use(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (200,))
    visit(customer, cast.unit_a, days_ago(1), action="customers.contact.added")

    scan_lost_customers(now=NOW)

    assert status_of(customer, cast.unit_a).status == RetentionStatus.LOST


def test_scan_lost_customers_judges_each_unit_separately(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (60, 40, 20, 1))
    visit(customer, cast.unit_b, days_ago(400))

    scan_lost_customers(now=NOW)

    assert status_of(customer, cast.unit_a).status == RetentionStatus.ACTIVE
    assert status_of(customer, cast.unit_b).status == RetentionStatus.LOST


def test_scan_lost_customers_uses_the_units_thresholds(cast) -> None:  # type: ignore[no-untyped-def]
    RetentionSettings.objects.create(unit=cast.unit_a, one_off_days=365)
    customer = customer_with_visits(cast.unit_a, (200,))

    scan_lost_customers(now=NOW)

    status = status_of(customer, cast.unit_a)
    assert (status.status, status.lost_after) == (RetentionStatus.AT_RISK, timedelta(days=365))


def test_scan_lost_customers_applies_the_minimum(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (25, 20, 15, 10))  # every 5 days: 2 x 5 is below 30

    scan_lost_customers(now=NOW)

    assert status_of(customer, cast.unit_a).lost_after == timedelta(days=30)


def test_scan_lost_customers_twice_changes_nothing(cast) -> None:  # type: ignore[no-untyped-def]
    customer_with_visits(cast.unit_a, (200, 170, 140, 110))
    customer_with_visits(cast.unit_a, (300, 290, 280, 270, 10))
    customer_with_visits(cast.unit_b, (130, 100, 70, 40))
    first = scan_lost_customers(now=NOW)
    statuses = list(CustomerStatus.objects.values())
    lapses = list(Lapse.objects.values())
    log_entries = ActivityLog.objects.count()

    second = scan_lost_customers(now=NOW + timedelta(minutes=5))

    assert (first.created, second.created, dict(second.changed)) == (3, 0, {})
    assert (second.lapses_created, second.lapses_updated, second.lapses_removed) == (0, 0, 0)
    assert list(CustomerStatus.objects.values()) == statuses
    assert list(Lapse.objects.values()) == lapses
    assert ActivityLog.objects.count() == log_entries


def test_scan_lost_customers_logs_changes_per_unit(cast) -> None:  # type: ignore[no-untyped-def]
    customer_with_visits(cast.unit_a, (200,))
    customer_with_visits(cast.unit_a, (100, 95))

    scan_lost_customers(now=NOW)

    entry = ActivityLog.objects.get(action="retention.scan.changed")
    assert (entry.unit, entry.data) == (cast.unit_a, {"at_risk": 1, "lost": 1, "won_back": 0})


def test_scan_lost_customers_marks_returning_customer_won_back(cast) -> None:  # type: ignore[no-untyped-def]
    customer = customer_with_visits(cast.unit_a, (200, 170, 140, 110))
    scan_lost_customers(now=NOW)
    visit(customer, cast.unit_a, NOW + timedelta(days=1))

    result = scan_lost_customers(now=NOW + timedelta(days=2))

    status = status_of(customer, cast.unit_a)
    assert (status.status, status.status_since, status.detected_at) == (
        RetentionStatus.WON_BACK,
        NOW + timedelta(days=1),
        NOW + timedelta(days=2),
    )
    assert dict(result.changed) == {RetentionStatus.WON_BACK: 1}
    assert Lapse.objects.get(customer=customer).returned_at == NOW + timedelta(days=1)


def _scan_queries(cast, customers: int) -> int:  # type: ignore[no-untyped-def]
    for number in range(customers):
        unit = cast.unit_a if number % 2 else cast.unit_b
        customer_with_visits(unit, [400 - number, 370 - number, 340 - number, 310 - number])  # all lost
    with CaptureQueriesContext(connection) as queries:
        scan_lost_customers(now=NOW)
    return len(queries)


def test_scan_lost_customers_query_count_does_not_grow_with_customers(cast) -> None:  # type: ignore[no-untyped-def]
    few = _scan_queries(cast, 4)
    CustomerStatus.objects.all().delete()
    Lapse.objects.all().delete()
    ActivityLog.objects.all().delete()

    many = _scan_queries(cast, 60)

    assert CustomerStatus.objects.count() == 60
    assert many == few
