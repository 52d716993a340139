"""Factories and helpers for the retention tests: customers with a backdated timeline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from prima.accounts.models import ServiceUnit
from prima.activity.models import ActivityLog
from prima.customers.models import Customer
from prima.factories import CustomerFactory
from prima.retention.models import Interview, InterviewChannel, LossReason

NOW = datetime.fromisoformat("2026-06-30T10:00:00+07:00")


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


def visit(customer: Customer, unit: ServiceUnit, at: datetime, action: str = "tickets.ticket.submitted") -> ActivityLog:
    """One timeline entry, as the tickets app would write it, at a moment in the past."""
    return ActivityLog.objects.create(action=action, customer=customer, unit=unit, created_at=at)


def customer_with_visits(unit: ServiceUnit, ages: Iterable[float], *, name: str = "", now: datetime = NOW) -> Customer:
    """A customer of ``unit`` who visited it ``ages`` days before ``now``."""
    customer = CustomerFactory(organisation=unit.organisation, units=[unit], **({"name": name} if name else {}))
    for age in ages:
        visit(customer, unit, days_ago(age, now))
    return customer


def recent_customer(unit: ServiceUnit, ages: Iterable[float], *, name: str = "") -> Customer:
    """Like ``customer_with_visits``, relative to the real now (for pages, which use today's periods)."""
    return customer_with_visits(unit, ages, name=name, now=timezone.now())


class LossReasonFactory(DjangoModelFactory[LossReason]):
    class Meta:
        model = LossReason

    code = factory.Sequence(lambda n: f"reason-{n}")
    name = factory.Sequence(lambda n: {"id": f"Alasan {n}", "en": f"Reason {n}"})


class InterviewFactory(DjangoModelFactory[Interview]):
    class Meta:
        model = Interview

    interviewed_on = factory.LazyFunction(timezone.localdate)
    channel = InterviewChannel.COUNTER
    reason = factory.LazyAttribute(lambda o: LossReasonFactory(organisation=o.customer.organisation))
