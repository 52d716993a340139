import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prima.improvement.detectors import (
    detect_complaint_clusters,
    detect_signals,
    detect_skm_below_b,
    detect_sla_breach_trend,
)
from prima.improvement.models import ActionStatus, ProposalStatus, ProposedAction, SourceKind
from prima.improvement.services import accept_proposal, dismiss_proposal, propose_action
from prima.sla.choices import BreachKind, ClockKind
from prima.sla.models import BreachEvent
from prima.tickets.models import Category, Tag, Ticket
from prima.tickets.services import submit_request

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 6, 20)


def local_today() -> dt.date:
    return timezone.localdate(timezone.now(), WIB)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code or "" for e in errors] for name, errors in error.error_dict.items()}


def proposal_by_agent(cast) -> ProposedAction:
    return propose_action(
        unit=cast.unit_a,
        title="Tambah kursi di ruang tunggu",
        actor=cast.agent_a,
        source_kind=SourceKind.STAFF_IDEA,
        description="Pemohon sering berdiri saat antre.",
    )


def test_propose_action_by_a_colleague(cast):
    proposal = proposal_by_agent(cast)

    assert (proposal.status, proposal.proposed_by, proposal.unit) == (ProposalStatus.PENDING, cast.agent_a, cast.unit_a)


def test_propose_action_refused_outside_the_unit(cast):
    with pytest.raises(PermissionDenied):
        propose_action(unit=cast.unit_b, title="Ide", actor=cast.agent_a)


def test_accept_proposal_refused_to_the_colleague(cast):
    proposal = proposal_by_agent(cast)

    with pytest.raises(PermissionDenied):
        accept_proposal(proposal, actor=cast.agent_a, owner=cast.agent_a, due_date=local_today() + dt.timedelta(days=7))


def test_accept_proposal_by_the_leader_opens_an_action(cast):
    proposal = proposal_by_agent(cast)

    action = accept_proposal(
        proposal, actor=cast.leader, owner=cast.agent_a, due_date=local_today() + dt.timedelta(days=7)
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.action, proposal.decided_by) == (ProposalStatus.ACCEPTED, action, cast.leader)
    assert (action.title, action.source_kind, action.owner, action.status) == (
        "Tambah kursi di ruang tunggu",
        SourceKind.STAFF_IDEA,
        cast.agent_a,
        ActionStatus.OPEN,
    )


def test_accept_proposal_twice_is_refused(cast):
    proposal = proposal_by_agent(cast)
    due = local_today() + dt.timedelta(days=7)
    accept_proposal(proposal, actor=cast.leader, owner=cast.agent_a, due_date=due)

    with pytest.raises(ValidationError) as raised:
        accept_proposal(proposal, actor=cast.leader, owner=cast.agent_a, due_date=due)

    assert raised.value.code == "already_decided"


def test_dismiss_proposal_requires_a_reason(cast):
    proposal = proposal_by_agent(cast)

    with pytest.raises(ValidationError) as raised:
        dismiss_proposal(proposal, actor=cast.supervisor, reason="")

    assert codes(raised.value) == {"reason": ["required"]}


def test_dismiss_proposal_keeps_the_reason(cast):
    proposal = proposal_by_agent(cast)

    dismiss_proposal(proposal, actor=cast.supervisor, reason="Ruang tunggu sedang direnovasi.")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.dismiss_reason) == (ProposalStatus.DISMISSED, "Ruang tunggu sedang direnovasi.")


# --- detectors --------------------------------------------------------------------------------------


def complaint(unit, *, days_ago: int, category=None, tags=(), kind="complaint") -> Ticket:
    ticket = submit_request(
        unit,
        kind=kind,
        channel="web",
        subject="Antrean terlalu lama",
        description="Saya menunggu dua jam di loket.",
        requester_name="Budi Santoso",
        requester_email="budi@contoh.id",
        category=category,
        actor=None,
    )
    ticket.tags.set(tags)
    created = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10), tzinfo=WIB)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=created)
    return ticket


@pytest.fixture
def small_clusters(settings):
    settings.IMPROVEMENT_COMPLAINT_CLUSTER_SIZE = 3


def test_detect_complaint_clusters_by_category(cast, small_clusters):
    queue = Category.objects.create(unit=cast.unit_a, name="Antrean")
    for days_ago in (1, 10, 29):
        complaint(cast.unit_a, days_ago=days_ago, category=queue)

    [proposal] = detect_complaint_clusters(today=TODAY)

    assert (proposal.unit, proposal.source_kind, proposal.source_ref, proposal.evidence["complaints"]) == (
        cast.unit_a,
        SourceKind.COMPLAINT_CLUSTER,
        f"category:{queue.pk}",
        3,
    )


def test_detect_complaint_clusters_ignores_old_and_other_kinds(cast, small_clusters):
    queue = Category.objects.create(unit=cast.unit_a, name="Antrean")
    complaint(cast.unit_a, days_ago=1, category=queue)
    complaint(cast.unit_a, days_ago=2, category=queue)
    complaint(cast.unit_a, days_ago=31, category=queue)
    complaint(cast.unit_a, days_ago=3, category=queue, kind="suggestion")

    assert detect_complaint_clusters(today=TODAY) == []


def test_detect_complaint_clusters_by_tag(cast, small_clusters):
    rude = Tag.objects.create(organisation=cast.organisation, name="petugas-tidak-ramah")
    for days_ago in (1, 2, 3):
        complaint(cast.unit_b, days_ago=days_ago, tags=[rude])

    [proposal] = detect_complaint_clusters(today=TODAY)

    assert (proposal.unit, proposal.source_ref) == (cast.unit_b, f"tag:{rude.pk}")


def breaches(unit, ticket, month: int, count: int) -> None:
    for index in range(count):
        BreachEvent.objects.create(
            ticket=ticket,
            clock=ClockKind.FIRST_RESPONSE,
            kind=BreachKind.BREACHED,
            due_at=dt.datetime(2026, month, 1, tzinfo=WIB) + dt.timedelta(hours=index),
            detected_at=dt.datetime(2026, month, 2 + index, 9, tzinfo=WIB),
            unit=unit,
        )


def test_detect_sla_breach_trend_above_the_factor(cast):
    ticket = complaint(cast.unit_a, days_ago=100)
    breaches(cast.unit_a, ticket, 3, 2)
    breaches(cast.unit_a, ticket, 4, 2)
    breaches(cast.unit_a, ticket, 5, 2)
    breaches(cast.unit_a, ticket, 6, 4)

    [proposal] = detect_sla_breach_trend(today=TODAY)

    assert (proposal.unit, proposal.source_kind, proposal.evidence["breaches"], proposal.evidence["previous_mean"]) == (
        cast.unit_a,
        SourceKind.SLA_BREACH_TREND,
        4,
        "2.0",
    )


def test_detect_sla_breach_trend_not_above_the_factor(cast, settings):
    settings.IMPROVEMENT_SLA_TREND_FACTOR = 2.5
    ticket = complaint(cast.unit_a, days_ago=100)
    breaches(cast.unit_a, ticket, 4, 6)
    breaches(cast.unit_a, ticket, 6, 5)

    assert detect_sla_breach_trend(today=TODAY) == []


def test_detect_signals_proposes_each_signal_once(cast, small_clusters):
    queue = Category.objects.create(unit=cast.unit_a, name="Antrean")
    for days_ago in (1, 2, 3):
        complaint(cast.unit_a, days_ago=days_ago, category=queue)

    first = detect_signals(today=TODAY)
    second = detect_signals(today=TODAY)

    assert (len(first), second, ProposedAction.objects.count()) == (1, [], 1)


def test_detect_skm_below_b_proposes_each_weak_unsur_once(cast):
    from prima.surveys.services import create_survey_from_template, record_response

    survey = create_survey_from_template("skm2017", name="SKM 2026", organisation=cast.organisation, unit=cast.unit_a)
    may = dt.datetime(2026, 5, 12, 10, tzinfo=WIB)
    for scores in ((4, 4, 2, 1, 4, 4, 4, 4, 4), (4, 3, 2, 2, 4, 4, 4, 3, 4)):
        answers = {f"U{index}": score for index, score in enumerate(scores, start=1)}
        record_response(survey, answers, channel="web", submitted_at=may)

    first = detect_skm_below_b(today=TODAY)
    second = detect_skm_below_b(today=TODAY)

    assert sorted((p.unit, p.source_kind, p.source_ref) for p in first) == [
        (cast.unit_a, SourceKind.SKM_UNSUR_BELOW_B, f"survey:{survey.pk}:U3"),
        (cast.unit_a, SourceKind.SKM_UNSUR_BELOW_B, f"survey:{survey.pk}:U4"),
    ]
    assert second == []


def test_detect_skm_below_b_looks_at_last_month_only(cast):
    from prima.surveys.services import create_survey_from_template, record_response

    survey = create_survey_from_template("skm2017", name="SKM 2026", organisation=cast.organisation, unit=cast.unit_a)
    answers = {f"U{index}": 1 for index in range(1, 10)}
    record_response(survey, answers, channel="web", submitted_at=dt.datetime(2026, 4, 12, 10, tzinfo=WIB))

    assert detect_skm_below_b(today=TODAY) == []
