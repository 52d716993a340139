import datetime as dt
import itertools

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from prima.improvement.models import ActionStatus, ChangeEntry, ProposalStatus, SourceKind
from prima.improvement.services import add_target, create_objective, open_action, propose_action
from prima.improvement.tests.factories import ChangeEntryFactory

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(1)

BASE = "/api/v1/improvement"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def today() -> dt.date:
    return timezone.localdate()


def an_action(cast, **overrides):
    values = {
        "unit": cast.unit_a,
        "title": f"Perbaiki papan informasi {next(NUMBERS)}",
        "source_kind": SourceKind.COMPLAINT,
        "owner": cast.agent_a,
        "due_date": today() + dt.timedelta(days=10),
        "actor": cast.supervisor,
    }
    values.update(overrides)
    return open_action(**values)


def test_objective_detail_has_live_actuals(cast, satisfaction):
    objective = create_objective(
        organisation=cast.organisation,
        unit=cast.head_office,
        title="Kepuasan naik",
        period_start=today().replace(day=1),
        period_end=today().replace(day=1) + dt.timedelta(days=300),
        actor=cast.leader,
    )
    add_target(
        objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader, benchmarks=[("Lalu", 75)]
    )
    satisfaction.add(today(), 84, unit_id=cast.head_office.pk)

    response = api(cast.leader).get(f"{BASE}/objectives/{objective.pk}/")

    [target] = response.json()["targets"]
    assert (response.status_code, target["actual"], target["met"], target["benchmarks"]) == (
        200,
        "84.0000",
        True,
        [{"label": "Lalu", "value": "75.0000"}],
    )


def test_objective_outside_scope_is_404(cast):
    objective = create_objective(
        organisation=cast.organisation,
        unit=cast.unit_b,
        title="Sasaran unit B",
        period_start=today(),
        period_end=today(),
        actor=cast.leader,
    )

    assert api(cast.supervisor).get(f"{BASE}/objectives/{objective.pk}/").status_code == 404


def test_change_create_update_and_delete(cast):
    client = api(cast.supervisor)
    payload = {
        "unit": cast.unit_a.pk,
        "kind": "regulation",
        "origin": "external",
        "title": "Perwal baru",
        "impact": 4,
        "likelihood": 3,
    }

    created = client.post(f"{BASE}/changes/", payload, format="json")
    pk = created.json()["id"]
    updated = client.put(f"{BASE}/changes/{pk}/", {**payload, "impact": 5}, format="json")
    deleted = client.delete(f"{BASE}/changes/{pk}/")

    assert (created.status_code, created.json()["rating"], updated.json()["rating"], deleted.status_code) == (
        201,
        12,
        15,
        204,
    )
    assert ChangeEntry.objects.count() == 0


def test_change_create_refused_to_agent(cast):
    response = api(cast.agent_a).post(
        f"{BASE}/changes/",
        {"unit": cast.unit_a.pk, "kind": "other", "origin": "internal", "title": "X", "impact": 1, "likelihood": 1},
        format="json",
    )

    assert response.status_code == 403


def test_change_create_with_bad_impact_is_400(cast):
    response = api(cast.supervisor).post(
        f"{BASE}/changes/",
        {"unit": cast.unit_a.pk, "kind": "other", "origin": "internal", "title": "X", "impact": 9, "likelihood": 1},
        format="json",
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["impact"])


def test_action_create_and_progress_and_verify(cast):
    supervisor, owner = api(cast.supervisor), api(cast.agent_a)
    created = supervisor.post(
        f"{BASE}/actions/",
        {
            "unit": cast.unit_a.pk,
            "title": "Tambah loket",
            "source_kind": "sla_breach_trend",
            "owner": cast.agent_a.pk,
            "due_date": (today() + dt.timedelta(days=7)).isoformat(),
        },
        format="json",
    )
    pk = created.json()["id"]

    done = owner.post(f"{BASE}/actions/{pk}/progress/", {"status": "done"}, format="json")
    owner_verify = owner.post(f"{BASE}/actions/{pk}/verify/", {"effective": True}, format="json")
    verified = supervisor.post(f"{BASE}/actions/{pk}/verify/", {"effective": True}, format="json")

    assert (created.status_code, done.json()["status"], owner_verify.status_code, verified.json()["status"]) == (
        201,
        ActionStatus.DONE,
        403,
        ActionStatus.VERIFIED_EFFECTIVE,
    )


def test_action_list_filters_overdue(cast):
    late = an_action(cast, title="Terlambat")
    type(late).objects.filter(pk=late.pk).update(due_date=today() - dt.timedelta(days=1))
    an_action(cast, title="Tepat waktu")

    response = api(cast.supervisor).get(f"{BASE}/actions/", {"overdue": "true"})

    assert [row["title"] for row in response.json()["results"]] == ["Terlambat"]


def test_action_huge_id_is_404(cast):
    assert api(cast.supervisor).get(f"{BASE}/actions/99999999999999999999/").status_code == 404


def test_proposal_accept_and_dismiss(cast):
    first = propose_action(unit=cast.unit_a, title="Usul satu", actor=cast.agent_a)
    second = propose_action(unit=cast.unit_a, title="Usul dua", actor=cast.agent_a)
    leader = api(cast.leader)

    refused = api(cast.agent_a).post(
        f"{BASE}/proposed-actions/{first.pk}/accept/",
        {"owner": cast.agent_a.pk, "due_date": (today() + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    accepted = leader.post(
        f"{BASE}/proposed-actions/{first.pk}/accept/",
        {"owner": cast.agent_a.pk, "due_date": (today() + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    no_reason = leader.post(f"{BASE}/proposed-actions/{second.pk}/dismiss/", {"reason": ""}, format="json")
    dismissed = leader.post(f"{BASE}/proposed-actions/{second.pk}/dismiss/", {"reason": "Sudah ada."}, format="json")

    assert (refused.status_code, accepted.status_code, no_reason.status_code, dismissed.json()["status"]) == (
        403,
        201,
        400,
        ProposalStatus.DISMISSED,
    )


def test_proposal_create_by_agent_for_a_unit_they_do_not_see_is_400(cast):
    response = api(cast.agent_a).post(
        f"{BASE}/proposed-actions/", {"unit": cast.unit_b.pk, "title": "Ide"}, format="json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_action_list_query_count(cast, count, django_assert_max_num_queries):
    for index in range(count):
        an_action(cast, title=f"Aksi {index}")
    client = api(cast.leader)

    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}/actions/")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_change_list_query_count(cast, count, django_assert_max_num_queries):
    for index in range(count):
        ChangeEntryFactory(unit=cast.unit_a, created_by=cast.supervisor, title=f"Perubahan {index}")
    client = api(cast.leader)

    with django_assert_max_num_queries(8):
        response = client.get(f"{BASE}/changes/")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_proposal_list_query_count(cast, count, django_assert_max_num_queries):
    for index in range(count):
        propose_action(unit=cast.unit_a, title=f"Usul {index}", actor=cast.agent_a)
    client = api(cast.supervisor)

    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}/proposed-actions/")

    assert len(response.json()["results"]) == count
