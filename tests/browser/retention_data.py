"""Real lost-customer data for the browser stories: regular customers of a unit, most of whom stopped coming.

Each customer visited the unit every fortnight (a timeline entry ``tickets.ticket.submitted`` with the customer
and the unit, backdated the way ``prima.retention.tests.factories`` does), so under the default thresholds
(twice the usual interval, at least 30 days) a customer is lost exactly 30 days after their last visit. The last
visits are placed so that a known number of customers become lost in each of the last six calendar months (the
current one included, always before now); the regulars are still coming. Then the real scan
(``prima.retention.detection.scan_lost_customers``) turns the timelines into statuses and lapses, and the
registered ``retention.*`` metrics and the retention pages read those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import cast

from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.activity.models import ActivityLog
from prima.customers.models import Customer
from prima.factories import CustomerFactory
from prima.retention.detection import scan_lost_customers
from prima.retention.models import Granularity
from prima.retention.periods import Period, recent_periods

VISIT = "tickets.ticket.submitted"
RHYTHM = timedelta(days=15)  # usual interval; lost after 2 x 15 = 30 days (the default factor and minimum)
LOST_AFTER = 2 * RHYTHM
HISTORY = timedelta(days=75)  # the first visits come this long before the oldest month shown
LOST_PER_MONTH = (1, 1, 2, 2, 3, 4)  # oldest month first, the current month last
REGULARS = 8
NAMES = (
    "Agus Prasetyo",
    "Bayu Saputra",
    "Cahya Permana",
    "Dian Kusuma",
    "Eka Rahayu",
    "Fajar Nugroho",
    "Gita Anggraini",
    "Hendra Gunawan",
    "Indah Puspita",
    "Jaka Pratama",
    "Kartika Dewi",
    "Lukman Hakim",
    "Mega Lestari",
    "Nanda Putri",
    "Oki Setiawan",
    "Putu Wirawan",
    "Ratna Sari",
    "Surya Hidayat",
    "Tari Handayani",
    "Umar Fauzi",
    "Vina Oktaviani",
)


@dataclass(frozen=True)
class FallingCustomers:
    """What the scan must find: per month of ``periods`` (oldest first), customers lost and active at its end."""

    periods: list[Period]
    lost: list[int]
    active: list[int]  # at the end of each month; for the current month, now
    lost_names: list[list[str]]  # names of the customers lost in each month


def _lost_moments(period: Period, count: int, now: datetime) -> list[datetime]:
    """``count`` distinct moments in ``period``, all before ``now``."""
    if period.ends_at <= now:
        return [period.starts_at + timedelta(days=10, hours=2 * number) for number in range(count)]
    elapsed = now - period.starts_at
    return [period.starts_at + elapsed * (number + 1) / (count + 1) for number in range(count)]


def _customer(unit: ServiceUnit, name: str) -> Customer:
    return cast(Customer, CustomerFactory(organisation=unit.organisation, units=[unit], name=name))


def _visits(customer: Customer, unit: ServiceUnit, last: datetime, first_allowed: datetime) -> list[ActivityLog]:
    """Visits every ``RHYTHM``, backwards from ``last`` to ``first_allowed``."""
    entries = []
    moment = last
    while moment >= first_allowed:
        entries.append(ActivityLog(action=VISIT, customer=customer, unit=unit, created_at=moment))
        moment -= RHYTHM
    return entries


def falling_customers(unit: ServiceUnit, *, now: datetime | None = None) -> FallingCustomers:
    """Create the customers and their timelines at ``unit``, run the scan, and say what it must have found."""
    now = (now or timezone.now()).replace(microsecond=0)
    periods = recent_periods(Granularity.MONTH, len(LOST_PER_MONTH), timezone.localdate(now))
    first_allowed = periods[0].starts_at - HISTORY
    names = iter(NAMES)
    entries: list[ActivityLog] = []
    lost_names: list[list[str]] = []
    for period, count in zip(periods, LOST_PER_MONTH, strict=True):
        lost_names.append([])
        for lost_at in _lost_moments(period, count, now):
            customer = _customer(unit, next(names))
            entries += _visits(customer, unit, lost_at - LOST_AFTER, first_allowed)
            lost_names[-1].append(customer.name)
    for _number in range(REGULARS):
        customer = _customer(unit, next(names))
        entries += _visits(customer, unit, now - timedelta(days=2), first_allowed)
    ActivityLog.objects.bulk_create(entries)
    scan_lost_customers(now=now)
    total = sum(LOST_PER_MONTH) + REGULARS
    return FallingCustomers(
        periods=periods,
        lost=list(LOST_PER_MONTH),
        active=[total - lost for lost in accumulate(LOST_PER_MONTH)],
        lost_names=lost_names,
    )
