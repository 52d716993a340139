import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from prima.activity.registry import describe
from prima.core.metrics import MetricScope, get_metric
from prima.improvement.models import ActionStatus
from prima.improvement.services import open_action, record_progress, verify_action

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NUMBERS = itertools.count(1)


def action(cast, owner=None, unit=None, title=None, **overrides):
    opened = open_action(
        unit=unit or cast.unit_a,
        title=title or f"Aksi {next(NUMBERS)}",
        source_kind="complaint",
        owner=owner or cast.agent_a,
        due_date=TODAY + dt.timedelta(days=1),
        actor=cast.leader,
    )
    if overrides:
        type(opened).objects.filter(pk=opened.pk).update(**overrides)
        opened.refresh_from_db()
    return opened


def period() -> tuple[dt.date, dt.date]:
    return TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30)


def test_actions_overdue_counts_late_and_unfinished_per_scope(cast):
    action(cast, due_date=TODAY - dt.timedelta(days=3))  # overdue, still open
    action(cast, due_date=TODAY - dt.timedelta(days=5), status=ActionStatus.DONE, completed_on=TODAY)  # finished late
    action(
        cast, due_date=TODAY - dt.timedelta(days=5), status=ActionStatus.DONE, completed_on=TODAY - dt.timedelta(days=6)
    )
    action(cast, due_date=TODAY - dt.timedelta(days=3), status=ActionStatus.CANCELLED)
    action(cast, unit=cast.unit_b, owner=cast.agent_b, due_date=TODAY - dt.timedelta(days=3))
    metric = get_metric("improvement.actions_overdue")
    start, end = period()

    values = (
        metric.value(MetricScope(cast.organisation.pk), start, end),
        metric.value(MetricScope(cast.organisation.pk, unit_id=cast.unit_a.pk), start, end),
        metric.value(MetricScope(cast.organisation.pk, unit_id=cast.head_office.pk), start, end),
        metric.value(MetricScope(cast.organisation.pk, user_id=cast.agent_b.pk), start, end),
    )

    assert values == (Decimal(3), Decimal(2), Decimal(3), Decimal(1))


def test_actions_overdue_without_actions_due_is_no_data(cast):
    start, end = period()

    assert get_metric("improvement.actions_overdue").value(MetricScope(cast.organisation.pk), start, end) is None


def test_actions_effective_share(cast):
    for index, effective in enumerate((True, True, False)):
        opened = action(cast, title=f"Aksi {index}")
        record_progress(opened, actor=cast.agent_a, status=ActionStatus.DONE)
        verify_action(opened, actor=cast.supervisor, effective=effective)
    action(cast, title="Belum selesai")
    start, end = period()

    share = get_metric("improvement.actions_effective_share").value(
        MetricScope(cast.organisation.pk, unit_id=cast.unit_a.pk), start, end
    )

    assert share == Decimal("66.67")


def test_activity_display_uses_the_status_label(cast):
    with translation.override("en"):
        sentence = describe("improvement.action.progressed", {"title": "Aksi", "status": "in_progress"})

    assert sentence == "Progress recorded on improvement action “Aksi” (In progress)"
