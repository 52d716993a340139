"""The improvement demo data: an objective with targets per demo organisation, changes, actions in several states
and proposals; deterministic and added once."""

import pytest
from django.utils import timezone

from prima.core.demo import build_demo
from prima.improvement.demo import load_demo
from prima.improvement.models import Action, ActionStatus, ChangeEntry, Objective, ProposedAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo(customers=0)


def snapshot():
    return (
        list(Objective.objects.order_by("pk").values_list("organisation__name", "targets__metric_code")),
        list(ChangeEntry.objects.order_by("pk").values_list("title", "status", "identified_on")),
        list(Action.objects.order_by("pk").values_list("title", "status", "owner__email", "due_date")),
        ProposedAction.objects.count(),
    )


def test_load_demo_adds_objectives_changes_and_actions(demo):
    load_demo(2026)

    assert Objective.objects.count() == 2
    assert ChangeEntry.objects.count() == 8
    statuses = sorted(Action.objects.values_list("status", flat=True))
    assert statuses == sorted([ActionStatus.VERIFIED_EFFECTIVE, ActionStatus.IN_PROGRESS, "open", "open"] * 2)
    assert Action.objects.filter(status="open", due_date__lt=timezone.localdate()).count() == 2
    assert ProposedAction.objects.filter(proposed_by__isnull=False).count() == 2


def test_load_demo_is_deterministic_and_runs_once(demo):
    load_demo(7)
    first = snapshot()

    load_demo(7)

    assert snapshot() == first
