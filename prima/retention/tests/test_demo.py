import pytest

from prima.accounts.models import ServiceUnit
from prima.core.demo import build_demo
from prima.retention.demo import load_demo
from prima.retention.models import Granularity, Interview, WinBackAttempt
from prima.retention.periods import recent_periods
from prima.retention.queries import churn_by_period, statuses_in


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        build_demo(seed=2026, customers=200)
        load_demo(2026)
        yield
        from django.core.management import call_command

        call_command("flush", interactive=False)


@pytest.mark.django_db
def test_load_demo_shows_falling_customer_numbers(demo) -> None:  # type: ignore[no-untyped-def]
    unit = ServiceUnit.objects.get(code="perizinan-usaha")
    rows = churn_by_period(statuses_in([unit.pk]), recent_periods(Granularity.MONTH, 12))

    assert rows[-1].active_at_end < rows[-4].active_at_end  # fewer customers than three months ago
    assert sum(row.lost for row in rows[-3:]) > sum(row.lost for row in rows[:3])


@pytest.mark.django_db
def test_load_demo_interviews_lost_customers(demo) -> None:  # type: ignore[no-untyped-def]
    assert Interview.objects.count() >= 5
    assert WinBackAttempt.objects.exists()


@pytest.mark.django_db
def test_load_demo_twice_adds_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    interviews = Interview.objects.count()

    load_demo(2026)

    assert Interview.objects.count() == interviews
