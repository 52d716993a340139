"""Management reviews: scheduling, the pack assembled from registered metrics, decisions, recognition, PDF."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prima.core import metrics
from prima.core.metrics import Metric, MetricScope, ScopeLevel
from prima.improvement.models import Action, SourceKind
from prima.notify.models import OutboundEmail
from prima.plans import reviews, services
from prima.plans.models import CallForProposals, Recognition, Review, ReviewFrequency, ReviewSchedule, ReviewStatus
from prima.plans.recognition import MIN_REQUESTS
from prima.plans.review_views import render_review_pdf, review_pdf_html
from prima.plans.services import ActionInput, ItemInput
from prima.tickets.choices import Channel, RequestKind
from prima.tickets.models import Category, Ticket


def _constant(value: str | None):
    def compute(scope: MetricScope, start: date, end: date) -> Decimal | None:
        return Decimal(value) if value is not None else None

    return compute


@pytest.fixture
def registry(monkeypatch):
    """Replace the registry with test metrics: IKM 82.5, lost customers falling 30 → 12 over the periods, person-level
    on-time shares per user; CSAT, NPS and the compliance unit metrics are not registered."""
    monkeypatch.setattr(metrics, "_REGISTRY", {})
    metrics.register(Metric("surveys.ikm_unit", "IKM", _constant("82.5")))

    def lost(scope: MetricScope, start: date, end: date) -> Decimal | None:
        return Decimal(12) if start.month == date.today().month else Decimal(30)

    metrics.register(Metric("retention.lost_customers", "Pelanggan hilang", lost, decimals=0))
    shares = {}

    def person_share(scope: MetricScope, start: date, end: date) -> Decimal | None:
        return shares.get(scope.user_id)

    for code in ("compliance.first_response_within_standard", "compliance.resolution_within_standard"):
        metrics.register(Metric(code, code, person_share, levels=frozenset({ScopeLevel.PERSON, ScopeLevel.UNIT})))
    return shares


@pytest.fixture
def review(cast) -> Review:
    reviews.set_review_schedule(cast.unit_a, frequency=ReviewFrequency.MONTHLY, actor=cast.leader)
    return Review.objects.get()


def test_set_review_schedule_refused_to_a_supervisor(cast):
    with pytest.raises(PermissionDenied):
        reviews.set_review_schedule(cast.unit_a, frequency=ReviewFrequency.MONTHLY, actor=cast.supervisor)


def test_schedule_reviews_creates_the_current_review_once(cast):
    ReviewSchedule.objects.create(unit=cast.unit_a, frequency=ReviewFrequency.QUARTERLY, created_by=cast.leader)

    first = reviews.schedule_reviews(today=date(2026, 5, 14))
    second = reviews.schedule_reviews(today=date(2026, 5, 20))

    review = Review.objects.get()
    assert (first, second) == (1, 0)
    assert (review.period_start, review.period_end, review.meeting_date) == (
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 6, 30),
    )


def test_schedule_reviews_creates_the_next_period_when_it_starts(cast):
    ReviewSchedule.objects.create(unit=cast.unit_a, frequency=ReviewFrequency.MONTHLY, created_by=cast.leader)
    reviews.schedule_reviews(today=date(2026, 1, 31))
    reviews.schedule_reviews(today=date(2026, 2, 1))

    assert list(Review.objects.order_by("period_start").values_list("period_start", flat=True)) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_open_review_assembles_the_pack_from_registered_metrics(cast, registry, review):
    opened = reviews.open_review(review, actor=cast.leader)

    pack = opened.pack
    assert opened.status == ReviewStatus.OPEN
    ikm, csat, nps = pack["trends"]
    assert (ikm["registered"], ikm["value"]) == (True, 82.5)
    assert (csat["registered"], csat["value"], nps["registered"]) == (False, None, False)
    lost = pack["lost_customers"][0]
    assert (lost["code"], lost["previous"], lost["value"]) == ("retention.lost_customers", 30.0, 12.0)
    assert [figure["code"] for figure in pack["sla"]] == [
        "compliance.first_response_within_standard",
        "compliance.resolution_within_standard",
        "compliance.breaches",
    ]
    assert pack["sla"][2]["registered"] is False


def test_open_review_refused_to_a_supervisor(cast, review):
    with pytest.raises(PermissionDenied):
        reviews.open_review(review, actor=cast.supervisor)


def test_pack_groups_complaints_of_the_period_by_category(cast, registry, review):
    category = Category.objects.create(unit=cast.unit_a, name="Antrean")
    for _ in range(2):
        Ticket.objects.create(
            organisation=cast.organisation,
            unit=cast.unit_a,
            kind=RequestKind.COMPLAINT,
            channel=Channel.WEB,
            subject="Antre lama",
            description="…",
            category=category,
            tracking_code=f"TEST-{Ticket.objects.count()}",
        )

    pack = reviews.open_review(review, actor=cast.leader).pack

    assert pack["complaints"]["total"] == 2
    assert pack["complaints"]["by_category"] == [{"name": "Antrean", "count": 2}]


def test_refresh_pack_is_refused_once_closed(cast, registry, review):
    reviews.open_review(review, actor=cast.leader)
    reviews.close_review(review, actor=cast.leader)

    with pytest.raises(ValidationError):
        reviews.refresh_pack(review, actor=cast.leader)


def test_add_decision_opens_an_owned_action_and_a_plan_item(cast, registry, review, plan):
    reviews.open_review(review, actor=cast.leader)
    due = timezone.localdate() + timedelta(days=14)

    decision = reviews.add_decision(
        review,
        text="Hubungi pelanggan yang berhenti.",
        action=ActionInput(title="Telepon 20 pelanggan", owner=cast.agent_a, due_date=due),
        plan=plan,
        item=ItemInput(title="Telepon 20 pelanggan", owner=cast.agent_a, due_date=due),
        actor=cast.leader,
    )

    action = Action.objects.get()
    assert (action.owner, action.source_kind, action.source_ref) == (
        cast.agent_a,
        SourceKind.MANAGEMENT_REVIEW,
        f"review:{review.pk}",
    )
    assert (decision.action, decision.plan_item.plan) == (action, plan)
    assert list(decision.plan_item.actions.all()) == [action]


def test_add_decision_asks_all_staff_for_proposals(cast, registry, review):
    reviews.open_review(review, actor=cast.leader)

    decision = reviews.add_decision(
        review, text="Minta usulan semua staf.", call_question="Bagaimana agar pelanggan kembali?", actor=cast.leader
    )

    call = CallForProposals.objects.get()
    assert (decision.call, call.review, call.unit) == (call, review, cast.unit_a)
    assert OutboundEmail.objects.count() == 2


def test_add_decision_requires_an_open_review(cast, review):
    with pytest.raises(ValidationError):
        reviews.add_decision(review, text="Keputusan", actor=cast.leader)


def _resolved(cast, owner, count):
    now = timezone.now()
    for index in range(count):
        Ticket.objects.create(
            organisation=cast.organisation,
            unit=cast.unit_a,
            owner=owner,
            kind=RequestKind.INFORMATION,
            channel=Channel.PHONE,
            subject="Info",
            description="…",
            resolved_at=now,
            tracking_code=f"R-{owner.pk}-{index}",
        )


def test_recognition_candidates_require_the_minimum_number_of_requests(cast, registry, review, team):
    registry.update({cast.agent_a.pk: Decimal(90), team.rina.pk: Decimal(99), team.joko.pk: Decimal(95)})
    _resolved(cast, cast.agent_a, MIN_REQUESTS)
    _resolved(cast, team.joko, MIN_REQUESTS + 2)
    _resolved(cast, team.rina, MIN_REQUESTS - 1)  # best share, too few requests

    pack = reviews.open_review(review, actor=cast.leader).pack

    proposed = [(row["name"], row["score"], row["requests"]) for row in pack["recognition"]]
    assert proposed == [("Joko Susilo", 95.0, MIN_REQUESTS + 2), ("Dewi Lestari", 90.0, MIN_REQUESTS)]


def test_recognition_candidates_include_authors_of_accepted_ideas(cast, registry, review, plan, team):
    idea = services.propose_idea(plan=plan, title="Ide", body="Isi", actor=team.maya)
    services.accept_idea(idea, ItemInput(title="Ide"), actor=cast.supervisor)

    pack = reviews.open_review(review, actor=cast.leader).pack

    assert [(row["kind"], row["name"], row["accepted_ideas"]) for row in pack["recognition"]] == [
        ("ideas", "Maya Sari", 1)
    ]


def test_give_recognition_records_who_why_and_by_whom_once(cast, registry, review):
    reviews.open_review(review, actor=cast.leader)

    given = reviews.give_recognition(review, recipient=cast.agent_a, reason="Respons tercepat", actor=cast.leader)

    assert (given.recipient, given.given_by, given.reason) == (cast.agent_a, cast.leader, "Respons tercepat")
    with pytest.raises(ValidationError):
        reviews.give_recognition(review, recipient=cast.agent_a, reason="Lagi", actor=cast.leader)
    assert Recognition.objects.count() == 1


def test_record_meeting_refuses_attendees_from_another_unit(cast, registry, review):
    reviews.open_review(review, actor=cast.leader)
    with pytest.raises(ValidationError):
        reviews.record_meeting(review, attendees=[cast.agent_b], minutes="…", actor=cast.leader)


def test_review_pdf_holds_the_figures(cast, registry, review):
    reviews.open_review(review, actor=cast.leader)
    review.refresh_from_db()

    html = review_pdf_html(review)
    pdf = render_review_pdf(review)

    assert pdf.startswith(b"%PDF")
    assert "82,5" in html or "82.5" in html
    assert "Pelanggan hilang" in html
