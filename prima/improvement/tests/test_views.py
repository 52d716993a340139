import datetime as dt
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.improvement.models import ActionStatus, ChangeEntry, ProposalStatus, SourceKind
from prima.improvement.services import add_target, cascade_target, create_objective, open_action, propose_action
from prima.improvement.tests.factories import ChangeEntryFactory

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(1)


def today() -> dt.date:
    return timezone.localdate()


def objective(cast, **overrides):
    values = {
        "organisation": cast.organisation,
        "unit": cast.head_office,
        "title": {"id": "Kepuasan masyarakat meningkat"},
        "period_start": today().replace(month=1, day=1),
        "period_end": today().replace(month=12, day=31),
        "actor": cast.leader,
    }
    values.update(overrides)
    return create_objective(**values)


def action(cast, **overrides):
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


def test_home_lists_objectives_with_targets_met(cast, satisfaction):
    target_objective = objective(cast)
    add_target(target_objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    satisfaction.add(today(), 90, unit_id=cast.head_office.pk)

    response = client_for(cast.leader).get(reverse("improvement:home"))

    assert response.status_code == 200
    assert "Kepuasan masyarakat meningkat" in response.text
    assert re.search(r"1\s+(of|dari)\s+1", response.text)


def test_home_refused_to_someone_without_a_role(cast):
    from prima.factories import UserFactory

    response = client_for(UserFactory()).get(reverse("improvement:home"))

    assert response.status_code == 403


def test_objective_page_shows_actual_trend_and_cascade(cast, satisfaction):
    target_objective = objective(cast)
    target = add_target(
        target_objective,
        metric_code="test.satisfaction",
        target_value=80,
        actor=cast.leader,
        benchmarks=[("Kompetitor", 83)],
    )
    cascade_target(target, actor=cast.leader)
    satisfaction.add(today(), 77, unit_id=cast.unit_a.pk)
    satisfaction.add(today(), 91, unit_id=cast.head_office.pk)

    response = client_for(cast.leader).get(reverse("improvement:objective", args=[target_objective.pk]))

    assert response.status_code == 200
    assert "<svg" in response.text
    assert "Kompetitor" in response.text
    assert "Perizinan Usaha" in response.text


def test_objective_page_of_another_unit_is_404(cast):
    unit_b_objective = objective(cast, unit=cast.unit_b)

    response = client_for(cast.supervisor).get(reverse("improvement:objective", args=[unit_b_objective.pk]))

    assert response.status_code == 404


def test_objective_create_by_leader(cast):
    response = client_for(cast.leader).post(
        reverse("improvement:objective_create"),
        {
            "scope": f"unit:{cast.unit_a.pk}",
            "title_id": "Waktu tunggu turun",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )

    assert response.status_code == 302


def test_objective_create_refused_to_supervisor(cast):
    response = client_for(cast.supervisor).get(reverse("improvement:objective_create"))

    assert response.status_code == 403


def test_target_add_with_bad_benchmarks_is_400(cast, satisfaction):
    target_objective = objective(cast)

    response = client_for(cast.leader).post(
        reverse("improvement:target_add", args=[target_objective.pk]),
        {"metric_code": "test.satisfaction", "target_value": "80", "benchmarks": "tanpa angka"},
    )

    assert response.status_code == 400
    assert target_objective.targets.count() == 0


def test_target_add_parses_benchmarks(cast, satisfaction):
    target_objective = objective(cast)

    response = client_for(cast.leader).post(
        reverse("improvement:target_add", args=[target_objective.pk]),
        {"metric_code": "test.satisfaction", "target_value": "80", "benchmarks": "Tahun lalu: 78,5\nKompetitor: 82"},
    )

    assert response.status_code == 302
    [target] = target_objective.targets.all()
    assert [(b.label, str(b.value)) for b in target.benchmarks.all()] == [
        ("Tahun lalu", "78.5000"),
        ("Kompetitor", "82.0000"),
    ]


def test_change_list_with_grid_and_filters(cast):
    ChangeEntryFactory(
        unit=cast.unit_a, created_by=cast.supervisor, title="Perda retribusi baru", impact=5, likelihood=4
    )
    ChangeEntryFactory(unit=cast.unit_b, created_by=cast.leader, title="Aplikasi OSS versi baru", kind="technology")

    response = client_for(cast.leader).get(reverse("improvement:changes"), {"kind": "regulation"})

    assert response.status_code == 200
    assert "Perda retribusi baru" in response.text
    assert "Aplikasi OSS versi baru" not in response.text


def test_change_create_by_supervisor(cast):
    response = client_for(cast.supervisor).post(
        reverse("improvement:change_create"),
        {
            "unit": cast.unit_a.pk,
            "kind": "staffing",
            "origin": "internal",
            "title": "Dua petugas loket pensiun",
            "impact": "4",
            "likelihood": "5",
        },
    )

    entry = ChangeEntry.objects.get()
    assert (response.status_code, entry.rating, entry.created_by) == (302, 20, cast.supervisor)


def test_change_create_refused_to_agent(cast):
    response = client_for(cast.agent_a).get(reverse("improvement:change_create"))

    assert response.status_code == 403


def test_action_progress_by_owner(cast):
    opened = action(cast)

    response = client_for(cast.agent_a).post(
        reverse("improvement:action_progress", args=[opened.pk]), {"status": "in_progress", "note": "Mulai."}
    )

    opened.refresh_from_db()
    assert (response.status_code, opened.status) == (302, ActionStatus.IN_PROGRESS)


def test_action_verify_refused_to_owner(cast):
    opened = action(cast)

    response = client_for(cast.agent_a).post(reverse("improvement:action_verify", args=[opened.pk]), {"effective": "1"})

    assert response.status_code == 403


def test_action_of_another_unit_is_404(cast):
    opened = action(cast)

    response = client_for(cast.agent_b).get(reverse("improvement:action", args=[opened.pk]))

    assert response.status_code == 404


def test_action_create_by_supervisor(cast, satisfaction):
    response = client_for(cast.supervisor).post(
        reverse("improvement:action_create"),
        {
            "unit": cast.unit_a.pk,
            "kind": "preventive",
            "title": "Pelatihan ulang petugas loket",
            "source_kind": "sla_breach_trend",
            "owner": cast.agent_a.pk,
            "due_date": (today() + dt.timedelta(days=20)).isoformat(),
            "metric_code": "test.satisfaction",
            "effectiveness_check_on": (today() + dt.timedelta(days=60)).isoformat(),
        },
    )

    assert response.status_code == 302


def test_action_create_in_the_past_is_400(cast):
    response = client_for(cast.supervisor).post(
        reverse("improvement:action_create"),
        {
            "unit": cast.unit_a.pk,
            "kind": "corrective",
            "title": "Pelatihan ulang",
            "source_kind": "other",
            "owner": cast.agent_a.pk,
            "due_date": (today() - dt.timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400


def test_proposal_accept_by_leader_and_refused_to_colleague(cast):
    proposal = propose_action(unit=cast.unit_a, title="Tambah kursi ruang tunggu", actor=cast.agent_a)
    data = {
        "title": proposal.title,
        "kind": "corrective",
        "owner": cast.agent_a.pk,
        "due_date": (today() + dt.timedelta(days=5)).isoformat(),
    }

    refused = client_for(cast.agent_a).post(reverse("improvement:proposal_accept", args=[proposal.pk]), data)
    accepted = client_for(cast.leader).post(reverse("improvement:proposal_accept", args=[proposal.pk]), data)

    proposal.refresh_from_db()
    assert (refused.status_code, accepted.status_code, proposal.status) == (403, 302, ProposalStatus.ACCEPTED)


def test_proposal_dismiss_without_reason_is_400(cast):
    proposal = propose_action(unit=cast.unit_a, title="Tambah kursi", actor=cast.agent_a)

    response = client_for(cast.supervisor).post(
        reverse("improvement:proposal_dismiss", args=[proposal.pk]), {"reason": ""}
    )

    assert response.status_code == 400


def test_proposal_create_by_agent(cast):
    response = client_for(cast.agent_a).post(
        reverse("improvement:proposal_create"),
        {"unit": cast.unit_a.pk, "title": "Nomor antrean lewat WhatsApp", "source_kind": "staff_idea"},
    )

    assert response.status_code == 302


def test_my_actions_and_scorecard_pages(cast):
    action(cast)

    mine = client_for(cast.agent_a).get(reverse("improvement:my_actions"))
    card = client_for(cast.supervisor).get(reverse("improvement:scorecard", args=[cast.agent_a.pk]))
    hidden = client_for(cast.agent_b).get(reverse("improvement:scorecard", args=[cast.agent_a.pk]))

    assert (mine.status_code, card.status_code, hidden.status_code) == (200, 200, 404)
    assert "Perbaiki papan informasi" in mine.text


@pytest.mark.parametrize("count", [1, 3])
def test_action_list_query_count_is_bounded(cast, count, django_assert_max_num_queries):
    for index in range(count):
        action(cast, title=f"Aksi {index}")
    client = client_for(cast.leader)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("improvement:actions"))

    assert response.text.count("Aksi ") == count


@pytest.mark.parametrize("count", [1, 3])
def test_change_list_query_count_is_bounded(cast, count, django_assert_max_num_queries):
    for index in range(count):
        ChangeEntryFactory(unit=cast.unit_a, created_by=cast.supervisor, title=f"Perubahan {index}")
    client = client_for(cast.leader)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("improvement:changes"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_bounded(cast, count, satisfaction, django_assert_max_num_queries):
    for index in range(count):
        add_target(
            objective(cast, title={"id": f"Sasaran {index}"}),
            metric_code="test.satisfaction",
            target_value=80,
            actor=cast.leader,
        )
    client = client_for(cast.leader)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("improvement:home"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_proposal_list_query_count_is_bounded(cast, count, django_assert_max_num_queries):
    for index in range(count):
        propose_action(unit=cast.unit_a, title=f"Usul {index}", actor=cast.agent_a)
    client = client_for(cast.supervisor)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("improvement:proposals"))

    assert response.status_code == 200


def test_every_page_renders_for_the_leader(cast, satisfaction):
    target_objective = objective(cast)
    target = add_target(target_objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    opened = action(cast, metric_code="test.satisfaction", effectiveness_check_on=today() + dt.timedelta(days=30))
    entry = ChangeEntryFactory(unit=cast.unit_a, created_by=cast.supervisor)
    proposal = propose_action(unit=cast.unit_a, title="Usul", actor=cast.agent_a)
    client = client_for(cast.leader)
    pages = [
        reverse("improvement:objective_create"),
        reverse("improvement:objective_edit", args=[target_objective.pk]),
        reverse("improvement:target_edit", args=[target.pk]),
        reverse("improvement:target_cascade", args=[target.pk]),
        reverse("improvement:change_create"),
        reverse("improvement:change", args=[entry.pk]),
        reverse("improvement:change_edit", args=[entry.pk]),
        reverse("improvement:action_create"),
        reverse("improvement:action", args=[opened.pk]),
        reverse("improvement:action_edit", args=[opened.pk]),
        reverse("improvement:proposals"),
        reverse("improvement:proposal", args=[proposal.pk]),
        reverse("improvement:proposal_create"),
        reverse("improvement:my_actions"),
    ]

    assert {page: client.get(page).status_code for page in pages} == {page: 200 for page in pages}


def test_cascade_form_creates_child_targets(cast, satisfaction):
    target = add_target(objective(cast), metric_code="test.satisfaction", target_value=80, actor=cast.leader)

    response = client_for(cast.leader).post(
        reverse("improvement:target_cascade", args=[target.pk]), {"units": [cast.unit_a.pk, cast.unit_b.pk]}
    )

    assert (response.status_code, target.children.count()) == (302, 2)


def test_cascade_form_refused_to_supervisor(cast, satisfaction):
    target = add_target(objective(cast), metric_code="test.satisfaction", target_value=80, actor=cast.leader)

    response = client_for(cast.supervisor).post(
        reverse("improvement:target_cascade", args=[target.pk]), {"units": [cast.unit_a.pk]}
    )

    assert response.status_code == 403
