"""``manage.py bench_seed_requests`` and ``bench_sla_scan``: the benchmark's bulk requests (bench/scenarios/inbox.py,
bench/scenarios/sla.py) are valid requests, topped up idempotently, and the scan's figures add up."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from prima.accounts.models import Membership, Role
from prima.sla.models import SlaPolicy
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status
from prima.tickets.management.commands.bench_seed_requests import PROFILES, bench_tracking_code
from prima.tickets.models import Ticket
from prima.tickets.tracking import normalize_tracking_code
from prima.tickets.workflow import ACTIVE_STATUSES


def seed(tmp_path, *args: str) -> dict:
    state = tmp_path / "state.json"
    call_command("bench_seed_requests", *args, "--state", str(state))
    return json.loads(state.read_text())


def bench_requests(profile: str = "inbox"):
    return Ticket.objects.filter(organisation__name=PROFILES[profile].organisation)


def test_tracking_codes_are_valid_and_distinct_within_and_across_profiles() -> None:
    codes = [bench_tracking_code(tag, ordinal) for tag in (1, 2) for ordinal in range(20_000)]
    assert len(set(codes)) == len(codes)
    assert all(normalize_tracking_code(code) == code for code in codes)


def test_seed_creates_valid_requests_then_tops_up(db, tmp_path) -> None:
    first = seed(tmp_path, "--count", "50", "--batch-size", "7")

    rows = list(bench_requests().order_by("id"))
    assert (len(rows), first["count"], first["inserted"]) == (50, 50, 50)
    assert len({row.tracking_code for row in rows}) == 50
    for row in rows:
        assert normalize_tracking_code(row.tracking_code) == row.tracking_code
        assert row.kind in RequestKind.values and row.channel in Channel.values and row.status in Status.values
        assert row.priority in Priority.values and row.confidentiality in Confidentiality.values
        assert row.unit.organisation_id == row.organisation_id and row.unit.parent is not None
        assert row.owner is None or Membership.objects.filter(user=row.owner, unit=row.unit, role=Role.AGENT).exists()
        assert (row.closed_at is not None) == (row.status == Status.CLOSED)
        assert row.due_at is None  # no SLA policy governs this organisation
    assert first["deep_after_id"] == rows[5].pk
    assert set(first["detail_ids"]) <= {row.pk for row in rows if row.unit_id == first["unit_id"]}
    for login in first["logins"].values():
        assert authenticate(username=login["email"], password=login["password"]) is not None

    second = seed(tmp_path, "--count", "80")
    third = seed(tmp_path, "--count", "30")

    assert (second["inserted"], second["count"], third["inserted"], third["count"]) == (30, 80, 0, 80)
    assert bench_requests().count() == 80
    assert bench_requests().values("tracking_code").distinct().count() == 80
    assert bench_requests().values("unit").distinct().count() == 4  # the same units and staff reused
    assert first["logins"]["supervisor"]["email"] == third["logins"]["supervisor"]["email"]


def test_sla_profile_has_a_known_share_past_due_and_the_scan_loads_only_those(db, tmp_path) -> None:
    state = seed(tmp_path, "--profile", "sla", "--count", "40", "--past-due-every", "10")
    report_path = tmp_path / "scan.json"

    call_command("bench_sla_scan", "--report", str(report_path))

    now = timezone.now()
    rows = list(bench_requests("sla"))
    assert len(rows) == 40 and all(row.status in ACTIVE_STATUSES for row in rows)
    assert all(row.due_at == row.created_at + dt.timedelta(days=30) for row in rows)
    assert sum(row.due_at < now for row in rows) == 4
    assert SlaPolicy.objects.filter(organisation_id=state["organisation_id"]).count() == 1
    assert set(state["past_due_detail_ids"]) <= {row.pk for row in rows if row.due_at < now}
    report = json.loads(report_path.read_text())
    assert (report["open_requests_with_policy"], report["past_due"]) == (40, 4)
    first, again = report["scan"], report["rescan"]
    assert (first["candidates"], first["tickets_loaded"], first["recorded"], first["failed"]) == (4, 4, 4, 0)
    assert (again["tickets_loaded"], again["recorded"], again["escalations"]) == (4, 0, 0)
    assert first["queries"] > again["queries"] > 0


def test_seed_refuses_nonsense(db) -> None:
    with pytest.raises(CommandError, match="--count"):
        call_command("bench_seed_requests", "--count", "-1")
