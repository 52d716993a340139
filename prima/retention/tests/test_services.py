from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.factories import OrganisationFactory
from prima.retention.detection import scan_lost_customers
from prima.retention.models import InterviewChannel, LossReason, WinBackOutcome
from prima.retention.services import (
    AttemptInput,
    add_win_back_attempt,
    create_loss_reason,
    ensure_default_reasons,
    record_interview,
    set_attempt_outcome,
)
from prima.retention.tests.factories import LossReasonFactory, recent_customer, visit


def _reason(cast, code="slow"):  # type: ignore[no-untyped-def]
    ensure_default_reasons(cast.organisation)
    return LossReason.objects.get(organisation=cast.organisation, code=code)


def test_ensure_default_reasons_is_idempotent(cast) -> None:  # type: ignore[no-untyped-def]
    ensure_default_reasons(cast.organisation)
    ensure_default_reasons(cast.organisation)

    assert LossReason.objects.filter(organisation=cast.organisation).count() == 8


def test_record_interview_logs_on_the_customer_timeline(cast, scene) -> None:  # type: ignore[no-untyped-def]
    interview = record_interview(
        scene.lost_a,
        unit=cast.unit_a,
        interviewed_on=timezone.localdate(),
        channel=InterviewChannel.PHONE,
        reason=_reason(cast),
        actor=cast.agent_a,
    )

    entry = ActivityLog.objects.get(action="retention.interview.recorded")
    assert (entry.customer, entry.unit, entry.object_id, entry.data["reason"]) == (
        scene.lost_a,
        cast.unit_a,
        str(interview.pk),
        "Layanan lambat",
    )


def test_record_interview_refuses_reason_of_another_organisation(cast, scene) -> None:  # type: ignore[no-untyped-def]
    foreign = LossReasonFactory(organisation=OrganisationFactory())

    with pytest.raises(ValidationError) as caught:
        record_interview(
            scene.lost_a,
            unit=cast.unit_a,
            interviewed_on=timezone.localdate(),
            channel=InterviewChannel.COUNTER,
            reason=foreign,
            actor=cast.agent_a,
        )

    assert set(caught.value.message_dict) == {"reason"}


def test_record_interview_refuses_unit_that_never_served_the_customer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        record_interview(
            scene.lost_a,
            unit=cast.unit_b,
            interviewed_on=timezone.localdate(),
            channel=InterviewChannel.COUNTER,
            reason=_reason(cast),
            actor=cast.agent_b,
        )

    assert set(caught.value.message_dict) == {"unit"}


def test_attempt_before_the_interview_is_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    interview = record_interview(
        scene.lost_a,
        unit=cast.unit_a,
        interviewed_on=timezone.localdate(),
        channel=InterviewChannel.COUNTER,
        reason=_reason(cast),
        actor=cast.agent_a,
    )

    with pytest.raises(ValidationError) as caught:
        add_win_back_attempt(
            interview, AttemptInput(timezone.localdate() - timedelta(days=3), "Telepon ulang"), actor=cast.agent_a
        )

    assert set(caught.value.message_dict) == {"attempted_on"}


def test_scan_marks_pending_attempt_won_back_when_customer_returns(cast) -> None:  # type: ignore[no-untyped-def]
    customer = recent_customer(cast.unit_a, (200, 170, 140, 110))
    scan_lost_customers()
    interview = record_interview(
        customer,
        unit=cast.unit_a,
        interviewed_on=timezone.localdate() - timedelta(days=5),
        channel=InterviewChannel.COUNTER,
        reason=_reason(cast),
        attempt=AttemptInput(timezone.localdate() - timedelta(days=5), "Diskon biaya pengiriman"),
        actor=cast.agent_a,
    )
    visit(customer, cast.unit_a, timezone.now() - timedelta(days=1))

    result = scan_lost_customers()

    attempt = interview.attempts.get()
    assert (result.attempts_won_back, attempt.outcome) == (1, WinBackOutcome.WON_BACK)


def test_set_attempt_outcome_logs_once(cast, scene) -> None:  # type: ignore[no-untyped-def]
    interview = record_interview(
        scene.lost_a,
        unit=cast.unit_a,
        interviewed_on=timezone.localdate(),
        channel=InterviewChannel.COUNTER,
        reason=_reason(cast),
        attempt=AttemptInput(timezone.localdate(), "Kunjungan"),
        actor=cast.agent_a,
    )
    attempt = interview.attempts.get()

    set_attempt_outcome(attempt, outcome=WinBackOutcome.NOT_WON_BACK, actor=cast.supervisor)
    set_attempt_outcome(attempt, outcome=WinBackOutcome.NOT_WON_BACK, actor=cast.supervisor)

    assert ActivityLog.objects.filter(action="retention.attempt.outcome_set").count() == 1


def test_create_loss_reason_needs_indonesian_name(cast) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        create_loss_reason(cast.organisation, name={"en": "Opening hours"}, actor=cast.leader)


def test_record_interview_by_phone_without_consent_is_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        record_interview(
            scene.at_risk_a,
            unit=cast.unit_a,
            interviewed_on=timezone.localdate(),
            channel=InterviewChannel.PHONE,
            reason=_reason(cast),
            actor=cast.agent_a,
        )

    assert [error.code for error in caught.value.error_dict["channel"]] == ["no_consent"]
