"""The compliance demo data: a checklist from a published standard and completed audits, deterministic and added
once."""

import pytest

from prima.compliance.demo import AUDIT_MONTHS, load_demo
from prima.compliance.models import Audit, AuditStatus, Checklist
from prima.core.demo import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo(customers=0)


def scores():
    return list(Audit.objects.order_by("unit__organisation__name", "audit_date", "id").values_list("score", flat=True))


def test_load_demo_adds_a_checklist_and_completed_audits_per_organisation(demo):
    load_demo(2026)

    checklists = Checklist.objects.select_related("unit", "standard").order_by("unit__organisation__name")
    assert [checklist.unit.name for checklist in checklists] == ["Layanan Pelanggan", "Perizinan Usaha"]
    assert all(checklist.standard is not None and checklist.items.count() == 8 for checklist in checklists)
    # Each month: one unit audit and one per agent (up to three): the company has two agents, Sleman four.
    assert Audit.objects.count() == AUDIT_MONTHS * (1 + 2) + AUDIT_MONTHS * (1 + 3)
    assert set(Audit.objects.values_list("status", flat=True)) == {AuditStatus.COMPLETED}


def test_load_demo_is_deterministic_and_runs_once(demo):
    load_demo(7)
    first = scores()

    load_demo(7)

    assert scores() == first
