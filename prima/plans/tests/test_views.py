"""Pages: permissions (404 outside scope, 403 when not allowed), the flows, the public page, query counts, API."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from conftest import client_for
from prima.core.metrics import MetricScope, get_metric
from prima.plans import services
from prima.plans.models import Idea, IdeaStatus, IdeaVote, PlanStatus
from prima.plans.services import ItemInput


def _publishable(plan, actor, **fields):
    services.add_plan_item(plan, ItemInput(**({"title": "Papan info antrean"} | fields)), actor=actor)


def test_home_lists_plans_for_a_colleague(cast, plan):
    response = client_for(cast.agent_a).get(reverse("plans:home"))
    assert response.status_code == 200
    assert plan.title in response.content.decode()


def test_plan_of_another_unit_is_not_found(cast, plan):
    assert client_for(cast.agent_b).get(reverse("plans:plan", args=[plan.pk])).status_code == 404


def test_colleague_proposes_through_the_page(cast, plan):
    response = client_for(cast.agent_a).post(
        reverse("plans:plan_idea_create", args=[plan.pk]), {"title": "Kursi tunggu", "body": "Tambah 10 kursi."}
    )
    assert response.status_code == 302
    assert Idea.objects.get().author == cast.agent_a


def test_colleague_cannot_accept_or_publish_through_the_page(cast, plan):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=cast.agent_a)
    _publishable(plan, cast.supervisor)
    client = client_for(cast.agent_a)

    accept = client.post(reverse("plans:idea_accept", args=[idea.pk]), {"title": "Ide"})
    publish = client.post(reverse("plans:plan_publish", args=[plan.pk]))

    assert (accept.status_code, publish.status_code) == (403, 403)
    plan.refresh_from_db()
    idea.refresh_from_db()
    assert (plan.status, idea.status) == (PlanStatus.DRAFT, IdeaStatus.PROPOSED)


def test_leader_accepts_and_publishes_through_the_pages(cast, plan):
    idea = services.propose_idea(plan=plan, title="Kursi tunggu", body="Tambah kursi.", actor=cast.agent_a)
    client = client_for(cast.leader)

    accept = client.post(
        reverse("plans:idea_accept", args=[idea.pk]), {"title": "Kursi tunggu", "owner": cast.agent_a.pk}
    )
    publish = client.post(reverse("plans:plan_publish", args=[plan.pk]))

    assert (accept.status_code, publish.status_code) == (302, 302)
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Dewi Lestari" in page  # credited author and acknowledgement list


def test_publish_page_shows_each_over_promise(cast, plan):
    from prima.plans.tests.factories import service_with_standard

    service = service_with_standard(cast.unit_a, cast.supervisor, days=5)
    _publishable(
        plan,
        cast.supervisor,
        title="Izin 2 hari",
        customer_facing=True,
        public_wording="Izin selesai 2 hari kerja",
        service=service,
        promised_time_value=2,
        promised_time_unit="working_days",
    )

    response = client_for(cast.supervisor).post(reverse("plans:plan_publish", args=[plan.pk]))

    assert response.status_code == 400
    assert "Izin 2 hari" in response.content.decode()


def test_vote_form_double_submit_counts_once(cast, plan):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=cast.supervisor)
    client = client_for(cast.agent_a)
    for _ in range(2):
        client.post(reverse("plans:idea_vote", args=[idea.pk]), {"vote": "1"})
    assert IdeaVote.objects.count() == 1


def test_acknowledge_through_the_page(cast, plan):
    _publishable(plan, cast.supervisor)
    services.publish_plan(plan, actor=cast.supervisor)

    response = client_for(cast.agent_a).post(reverse("plans:plan_acknowledge", args=[plan.pk]))

    assert response.status_code == 302
    assert plan.acknowledgements.get(user=cast.agent_a).acknowledged_at is not None


def test_public_page_shows_only_customer_facing_items_of_published_plans(cast, plan, public_client):
    _publishable(plan, cast.supervisor, title="Internal: jadwal piket")
    _publishable(plan, cast.supervisor, title="Antrean", customer_facing=True, public_wording="Antrean lewat WhatsApp")
    url = reverse("plans_public:unit", args=[cast.unit_a.pk])

    before = public_client.get(url).content.decode()
    services.publish_plan(plan, actor=cast.supervisor)
    after = public_client.get(url).content.decode()

    assert "Antrean lewat WhatsApp" not in before
    assert "Antrean lewat WhatsApp" in after
    assert "jadwal piket" not in after


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_bounded(cast, django_assert_max_num_queries, count):
    for index in range(count):
        plan = services.create_plan(
            cast.unit_a,
            title=f"Rencana {index}",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            actor=cast.supervisor,
        )
        services.propose_idea(plan=plan, title="Ide", body="Isi", actor=cast.agent_a)
    client = client_for(cast.agent_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("plans:home")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_plan_page_query_count_is_bounded(cast, plan, django_assert_max_num_queries, count):
    for index in range(count):
        idea = services.propose_idea(plan=plan, title=f"Ide {index}", body="Isi", actor=cast.agent_a)
        services.set_vote(idea, actor=cast.supervisor, vote=True)
        services.comment_on_idea(idea, body="Setuju", actor=cast.supervisor)
        services.add_plan_item(plan, ItemInput(title=f"Butir {index}", owner=cast.agent_a), actor=cast.supervisor)
    client = client_for(cast.agent_a)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 200


def test_staff_participation_metric(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)
    services.set_vote(idea, actor=team.joko, vote=True)
    today = date.today()

    value = get_metric("plans.staff_participation").value(
        MetricScope(organisation_id=cast.organisation.pk, unit_id=cast.unit_a.pk),
        date(today.year, today.month, 1),
        date(today.year + 1, 1, 1),
    )

    assert str(value) == "40.00"  # 2 of unit A's 5 staff


def test_acknowledgement_rate_metric(cast, plan, team):
    _publishable(plan, cast.supervisor)
    services.publish_plan(plan, actor=cast.supervisor)
    services.acknowledge_plan(plan, actor=team.rina)
    today = date.today()

    value = get_metric("plans.acknowledgement_rate").value(
        MetricScope(organisation_id=cast.organisation.pk, unit_id=cast.unit_a.pk),
        date(today.year, today.month, 1),
        date(today.year + 1, 1, 1),
    )

    assert str(value) == "20.00"  # 1 of 5


# --- API ------------------------------------------------------------------------------------------------


def test_api_colleague_proposes_and_votes_once(cast, plan):
    client = client_for(cast.agent_a)
    created = client.post(
        "/api/v1/plan-ideas/", {"plan": plan.pk, "title": "Ide", "body": "Isi"}, content_type="application/json"
    )
    idea_id = created.json()["id"]
    for _ in range(2):
        voted = client.post(f"/api/v1/plan-ideas/{idea_id}/vote/", {"vote": True}, content_type="application/json")

    assert created.status_code == 201
    assert voted.json() == {"voted": True, "vote_count": 1}


def test_api_colleague_cannot_publish(cast, plan):
    _publishable(plan, cast.supervisor)
    response = client_for(cast.agent_a).post(f"/api/v1/plans/{plan.pk}/publish/")
    assert response.status_code == 403


def test_api_plan_of_another_unit_is_not_found(cast, plan):
    assert client_for(cast.agent_b).get(f"/api/v1/plans/{plan.pk}/").status_code == 404


def test_api_leader_creates_and_publishes(cast):
    client = client_for(cast.leader)
    created = client.post(
        "/api/v1/plans/",
        json.dumps(
            {"unit": cast.unit_a.pk, "title": "Rencana", "period_start": "2026-01-01", "period_end": "2026-06-30"}
        ),
        content_type="application/json",
    )
    plan_id = created.json()["id"]
    from prima.plans.models import Plan

    _publishable(Plan.objects.get(pk=plan_id), cast.leader)
    published = client.post(f"/api/v1/plans/{plan_id}/publish/")

    assert (created.status_code, published.status_code, published.json()["status"]) == (201, 200, "published")


def test_api_bad_input_is_a_400(cast, plan):
    response = client_for(cast.agent_a).post("/api/v1/plan-ideas/", {"plan": plan.pk}, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_api_idea_list_query_count_is_bounded(cast, plan, django_assert_max_num_queries, count):
    for index in range(count):
        services.propose_idea(plan=plan, title=f"Ide {index}", body="Isi", actor=cast.agent_a)
    client = client_for(cast.agent_a)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/plan-ideas/")
    assert len(response.json()["results"]) == count
