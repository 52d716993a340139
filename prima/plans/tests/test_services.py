"""Plans, ideas, votes, comments, acknowledgements and the over-promise check, through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.improvement.models import Action, SourceKind
from prima.notify.models import OutboundEmail
from prima.plans import queries, services
from prima.plans.models import Acknowledgement, IdeaStatus, IdeaVote, PlanItem, PlanStatus
from prima.plans.services import ActionInput, ItemInput
from prima.plans.tests.factories import service_with_standard, standard_version
from prima.standards.components import DurationUnit
from prima.standards.models import StandardStatus


def test_create_plan_refused_to_a_colleague(cast):
    with pytest.raises(PermissionDenied):
        services.create_plan(
            cast.unit_a, title="X", period_start=date(2026, 1, 1), period_end=date(2026, 2, 1), actor=cast.agent_a
        )


def test_create_plan_refused_outside_the_supervisors_unit(cast):
    with pytest.raises(PermissionDenied):
        services.create_plan(
            cast.unit_b, title="X", period_start=date(2026, 1, 1), period_end=date(2026, 2, 1), actor=cast.supervisor
        )


def test_propose_idea_by_a_colleague(cast, plan):
    idea = services.propose_idea(plan=plan, title="Antrean daring", body="Nomor antrean lewat WA.", actor=cast.agent_a)

    assert (idea.unit, idea.author, idea.status) == (cast.unit_a, cast.agent_a, IdeaStatus.PROPOSED)
    assert ActivityLog.objects.filter(action="plans.idea.proposed").count() == 1


def test_propose_idea_refused_to_staff_of_another_unit(cast, plan):
    with pytest.raises(PermissionDenied):
        services.propose_idea(plan=plan, title="Ide", body="Isi", actor=cast.agent_b)


def test_propose_idea_requires_text(cast, plan):
    with pytest.raises(ValidationError) as error:
        services.propose_idea(plan=plan, title=" ", body="Isi", actor=cast.agent_a)
    assert list(error.value.message_dict) == ["title"]


def test_accept_idea_refused_to_a_colleague(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)

    with pytest.raises(PermissionDenied):
        services.accept_idea(idea, ItemInput(title="Ide"), actor=cast.agent_a)

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PROPOSED
    assert PlanItem.objects.count() == 0


def test_accept_idea_credits_the_author_and_opens_an_owned_action(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Loket prioritas", body="Untuk lansia.", actor=team.rina)
    due = timezone.localdate() + timedelta(days=30)

    item = services.accept_idea(
        idea,
        ItemInput(title="Loket prioritas lansia", owner=team.rina, due_date=due),
        action=ActionInput(title="Siapkan loket prioritas", owner=team.rina, due_date=due),
        actor=cast.leader,
    )

    idea.refresh_from_db()
    assert (idea.status, idea.decided_by) == (IdeaStatus.ACCEPTED, cast.leader)
    assert (item.plan, item.source_idea, item.owner) == (plan, idea, team.rina)
    action = Action.objects.get()
    assert (action.owner, action.source_kind, action.unit) == (team.rina, SourceKind.STAFF_IDEA, cast.unit_a)
    assert list(item.actions.all()) == [action]


def test_accept_idea_twice_is_refused(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)
    services.accept_idea(idea, ItemInput(title="Ide"), actor=cast.supervisor)

    with pytest.raises(ValidationError):
        services.accept_idea(idea, ItemInput(title="Ide"), actor=cast.supervisor)
    assert PlanItem.objects.count() == 1


def test_decline_idea_needs_a_reason(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)

    with pytest.raises(ValidationError):
        services.decline_idea(idea, reason="", actor=cast.supervisor)
    declined = services.decline_idea(idea, reason="Sudah ada di rencana lain.", actor=cast.supervisor)

    assert (declined.status, declined.decline_reason) == (IdeaStatus.DECLINED, "Sudah ada di rencana lain.")


def test_decline_idea_refused_to_a_colleague(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)
    with pytest.raises(PermissionDenied):
        services.decline_idea(idea, reason="Tidak", actor=team.joko)


def test_set_vote_counts_one_vote_per_person(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)

    services.set_vote(idea, actor=team.joko, vote=True)
    services.set_vote(idea, actor=team.joko, vote=True)
    services.set_vote(idea, actor=team.maya, vote=True)

    counted = queries.ideas_of_plan(plan, team.joko).get()
    assert (counted.vote_count, counted.voted) == (2, True)  # type: ignore[attr-defined]
    assert IdeaVote.objects.filter(voter=team.joko).count() == 1


def test_toggle_vote_withdraws_a_vote(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)

    assert services.toggle_vote(idea, actor=team.joko) is True
    assert services.toggle_vote(idea, actor=team.joko) is False

    assert IdeaVote.objects.count() == 0


def test_vote_refused_once_the_idea_is_decided(cast, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.rina)
    services.decline_idea(idea, reason="Tidak sesuai", actor=cast.supervisor)

    with pytest.raises(ValidationError):
        services.set_vote(idea, actor=team.joko, vote=True)


def test_participation_in_names_proposers_commenters_and_voters(cast, plan, team):
    first = services.propose_idea(plan=plan, title="Ide 1", body="Isi", actor=team.rina)
    services.propose_idea(plan=plan, title="Ide 2", body="Isi", actor=team.joko)
    services.comment_on_idea(first, body="Setuju, tambah papan info.", actor=team.maya)
    services.set_vote(first, actor=team.maya, vote=True)
    services.set_vote(first, actor=team.joko, vote=True)

    participation = queries.participation_in(plan)

    assert [p.full_name for p in participation.proposers] == ["Joko Susilo", "Rina Wulandari"]
    assert [p.full_name for p in participation.commenters] == ["Maya Sari"]
    assert [p.full_name for p in participation.voters] == ["Joko Susilo", "Maya Sari"]
    assert len(participation.people) == 3


def _item(plan, actor, **fields):
    return services.add_plan_item(plan, ItemInput(**({"title": "Perbaikan"} | fields)), actor=actor)


def test_publish_plan_notifies_every_staff_member_of_the_unit(cast, plan, team):
    _item(plan, cast.supervisor)

    notified = services.publish_plan(plan, actor=cast.supervisor)

    plan.refresh_from_db()
    staff = {"koordinator@prima.test", "petugas.a@prima.test", "rina@prima.test", "joko@prima.test", "maya@prima.test"}
    assert (plan.status, notified) == (PlanStatus.PUBLISHED, 5)
    assert set(Acknowledgement.objects.values_list("user__email", flat=True)) == staff
    assert set(OutboundEmail.objects.values_list("to_address", flat=True)) == staff


def test_publish_plan_refused_to_a_colleague(cast, plan):
    _item(plan, cast.supervisor)
    with pytest.raises(PermissionDenied):
        services.publish_plan(plan, actor=cast.agent_a)


def test_publish_plan_refuses_an_empty_plan(cast, plan):
    with pytest.raises(ValidationError) as error:
        services.publish_plan(plan, actor=cast.supervisor)
    assert error.value.error_list[0].code == "empty_plan"


def test_publish_plan_twice_is_refused_and_sends_nothing_more(cast, plan):
    _item(plan, cast.supervisor)
    services.publish_plan(plan, actor=cast.supervisor)
    with pytest.raises(ValidationError):
        services.publish_plan(plan, actor=cast.supervisor)
    assert OutboundEmail.objects.count() == 2  # the supervisor and the agent of unit A


def test_acknowledge_plan_records_once(cast, plan, team):
    _item(plan, cast.supervisor)
    services.publish_plan(plan, actor=cast.supervisor)

    first = services.acknowledge_plan(plan, actor=team.rina)
    second = services.acknowledge_plan(plan, actor=team.rina)

    assert first.acknowledged_at == second.acknowledged_at
    assert ActivityLog.objects.filter(action="plans.plan.acknowledged").count() == 1
    assert list(queries.pending_acknowledgements(team.rina)) == []
    assert [row.plan for row in queries.pending_acknowledgements(team.joko)] == [plan]


def test_acknowledge_plan_refused_for_a_draft(cast, plan, team):
    with pytest.raises(ValidationError):
        services.acknowledge_plan(plan, actor=team.rina)


# --- over-promise check -------------------------------------------------------------------------------


def _promise(plan, actor, service, **fields):
    return _item(
        plan, actor, customer_facing=True, public_wording="Izin selesai lebih cepat", service=service, **fields
    )


def test_publish_plan_refuses_a_promise_for_a_service_without_published_standard(cast, plan):
    service = service_with_standard(cast.unit_a, cast.supervisor, status=None)
    _promise(plan, cast.supervisor, service, title="Izin kilat")

    with pytest.raises(ValidationError) as error:
        services.publish_plan(plan, actor=cast.supervisor)

    assert [e.code for e in error.value.error_list] == ["over_promise"]
    assert "Izin kilat" in error.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_publish_plan_refuses_a_shorter_time_limit_and_a_lower_fee(cast, plan):
    service = service_with_standard(cast.unit_a, cast.supervisor, days=5, fee=50_000)
    _promise(
        plan, cast.supervisor, service, title="Lebih cepat", promised_time_value=3, promised_time_unit="working_days"
    )
    _promise(plan, cast.supervisor, service, title="Lebih murah", promised_fee=25_000)

    with pytest.raises(ValidationError) as error:
        services.publish_plan(plan, actor=cast.supervisor)

    assert len(error.value.messages) == 2
    assert "Lebih cepat" in error.value.messages[0]
    assert "Lebih murah" in error.value.messages[1]


def test_publish_plan_accepts_promises_within_the_standard(cast, plan):
    service = service_with_standard(cast.unit_a, cast.supervisor, days=5, fee=50_000)
    _promise(
        plan, cast.supervisor, service, promised_time_value=5, promised_time_unit="working_days", promised_fee=50_000
    )

    assert services.publish_plan(plan, actor=cast.supervisor) == 2


def test_publish_plan_refuses_a_time_limit_in_another_unit(cast, plan):
    service = service_with_standard(cast.unit_a, cast.supervisor, days=5)
    _promise(plan, cast.supervisor, service, promised_time_value=10, promised_time_unit=DurationUnit.CALENDAR_DAYS)

    with pytest.raises(ValidationError):
        services.publish_plan(plan, actor=cast.supervisor)


def test_publish_plan_accepts_a_shorter_time_limit_tied_to_a_draft_standard_change(cast, plan):
    service = service_with_standard(cast.unit_a, cast.supervisor, days=5)
    draft = standard_version(service, cast.supervisor, version=2, status=StandardStatus.DRAFT, days=3)
    _promise(
        plan,
        cast.supervisor,
        service,
        promised_time_value=3,
        promised_time_unit="working_days",
        standard_change=draft,
    )

    assert services.publish_plan(plan, actor=cast.supervisor) == 2


def test_add_plan_item_refuses_an_owner_from_another_unit(cast, plan):
    with pytest.raises(ValidationError) as error:
        _item(plan, cast.supervisor, owner=cast.agent_b)
    assert list(error.value.message_dict) == ["owner"]


def test_add_plan_item_requires_public_wording_for_a_customer_facing_item(cast, plan):
    with pytest.raises(ValidationError) as error:
        _item(plan, cast.supervisor, customer_facing=True)
    assert list(error.value.message_dict) == ["public_wording"]


def test_raise_call_emails_all_staff_and_takes_ideas(cast, team):
    call = services.raise_call(cast.unit_a, question="Bagaimana menahan pelanggan?", actor=cast.leader)

    idea = services.propose_idea(call=call, title="Telepon balik", body="Hubungi yang berhenti.", actor=team.maya)

    assert OutboundEmail.objects.count() == 5
    assert [i.pk for i in queries.ideas_of_call(call, team.maya)] == [idea.pk]


def test_raise_call_refused_to_a_colleague(cast):
    with pytest.raises(PermissionDenied):
        services.raise_call(cast.unit_a, question="Ada ide?", actor=cast.agent_a)


def test_propose_idea_refused_on_a_closed_call(cast, team):
    call = services.raise_call(cast.unit_a, question="Ada ide?", actor=cast.leader)
    services.close_call(call, actor=cast.leader)
    call.refresh_from_db()

    with pytest.raises(ValidationError):
        services.propose_idea(call=call, title="Ide", body="Isi", actor=team.rina)
