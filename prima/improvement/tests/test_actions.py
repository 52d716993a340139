import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.factories import MembershipFactory, UserFactory
from prima.improvement.models import ActionStatus, EffectivenessResult, SourceKind
from prima.improvement.queries import action_scorecard, actions_visible_to
from prima.improvement.services import (
    cancel_action,
    escalate_overdue_actions,
    open_action,
    record_progress,
    run_effectiveness_checks,
    verify_action,
)
from prima.notify.models import OutboundEmail

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NUMBERS = itertools.count(1)


def today() -> dt.date:
    return timezone.localdate(timezone.now(), WIB)


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=WIB)


def open_for(cast, **overrides):
    values = {
        "unit": cast.unit_a,
        "title": f"Perbaiki papan informasi persyaratan {next(NUMBERS)}",
        "source_kind": SourceKind.COMPLAINT,
        "owner": cast.agent_a,
        "due_date": today() + dt.timedelta(days=10),
        "actor": cast.supervisor,
        "source_ref": "ticket:42",
    }
    values.update(overrides)
    return open_action(**values)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code or "" for e in errors] for name, errors in error.error_dict.items()}


def test_open_action_records_the_baseline_for_the_unit(cast, satisfaction):
    satisfaction.add(today() - dt.timedelta(days=20), 70, unit_id=cast.unit_a.pk)
    satisfaction.add(today() - dt.timedelta(days=10), 74, unit_id=cast.unit_a.pk)
    satisfaction.add(today() - dt.timedelta(days=10), 10, unit_id=cast.unit_b.pk)

    action = open_for(cast, metric_code="test.satisfaction", effectiveness_check_on=today() + dt.timedelta(days=30))

    assert (action.baseline_value, action.baseline_start, action.baseline_end) == (
        Decimal("72.00"),
        today() - dt.timedelta(days=30),
        today(),
    )


def test_open_action_without_a_check_date_uses_the_whole_window(cast, satisfaction):
    satisfaction.add(today() - dt.timedelta(days=60), 70, unit_id=cast.unit_a.pk)

    action = open_for(cast, metric_code="test.satisfaction")

    assert (action.baseline_value, action.baseline_start) == (Decimal("70.00"), today() - dt.timedelta(days=90))


def test_open_action_refused_to_an_agent(cast):
    with pytest.raises(PermissionDenied):
        open_for(cast, actor=cast.agent_a)


def test_open_action_owner_must_work_in_the_unit(cast):
    with pytest.raises(ValidationError) as raised:
        open_for(cast, owner=cast.agent_b)

    assert codes(raised.value) == {"owner": ["owner_not_staff"]}


def test_open_action_check_needs_a_metric(cast):
    with pytest.raises(ValidationError) as raised:
        open_for(cast, effectiveness_check_on=today() + dt.timedelta(days=30))

    assert codes(raised.value) == {"metric_code": ["metric_required"]}


def check_case(cast, readings, baseline: int | None, after: int | None, status=ActionStatus.DONE):
    if baseline is not None:
        readings.add(today() - dt.timedelta(days=5), baseline, unit_id=cast.unit_a.pk)
    action = open_for(cast, metric_code=readings.code, effectiveness_check_on=today() + dt.timedelta(days=30))
    if after is not None:
        readings.add(today() + dt.timedelta(days=10), after, unit_id=cast.unit_a.pk)
    if status == ActionStatus.DONE:
        record_progress(action, actor=cast.agent_a, status=ActionStatus.DONE)
    return action


def test_run_effectiveness_checks_improved_marks_verified_effective(cast, satisfaction):
    action = check_case(cast, satisfaction, baseline=70, after=85)

    checked = run_effectiveness_checks(now=at_noon(today() + dt.timedelta(days=30)))

    action.refresh_from_db()
    assert (checked, action.effectiveness_result, action.effectiveness_value, action.status) == (
        1,
        EffectivenessResult.IMPROVED,
        Decimal("85.0000"),
        ActionStatus.VERIFIED_EFFECTIVE,
    )


def test_run_effectiveness_checks_lower_is_better_not_improved(cast, waiting):
    action = check_case(cast, waiting, baseline=12, after=18)

    run_effectiveness_checks(now=at_noon(today() + dt.timedelta(days=31)))

    action.refresh_from_db()
    assert (action.effectiveness_result, action.status) == (
        EffectivenessResult.NOT_IMPROVED,
        ActionStatus.NOT_EFFECTIVE,
    )


def test_run_effectiveness_checks_lower_is_better_improved(cast, waiting):
    action = check_case(cast, waiting, baseline=18, after=12)

    run_effectiveness_checks(now=at_noon(today() + dt.timedelta(days=31)))

    action.refresh_from_db()
    assert action.effectiveness_result == EffectivenessResult.IMPROVED


def test_run_effectiveness_checks_without_data_leaves_the_status(cast, satisfaction):
    action = check_case(cast, satisfaction, baseline=70, after=None)

    run_effectiveness_checks(now=at_noon(today() + dt.timedelta(days=30)))

    action.refresh_from_db()
    assert (action.effectiveness_result, action.effectiveness_value, action.status) == (
        EffectivenessResult.NO_DATA,
        None,
        ActionStatus.DONE,
    )


def test_run_effectiveness_checks_waits_for_the_check_date(cast, satisfaction):
    action = check_case(cast, satisfaction, baseline=70, after=85)

    checked = run_effectiveness_checks(now=at_noon(today() + dt.timedelta(days=29)))

    action.refresh_from_db()
    assert (checked, action.effectiveness_result) == (0, "")


def test_run_effectiveness_checks_runs_exactly_once(cast, satisfaction):
    action = check_case(cast, satisfaction, baseline=70, after=85)
    moment = at_noon(today() + dt.timedelta(days=30))

    counts = [run_effectiveness_checks(now=moment), run_effectiveness_checks(now=moment + dt.timedelta(days=1))]

    assert counts == [1, 0]
    assert (
        ActivityLog.objects.filter(action="improvement.action.effectiveness_checked", object_id=str(action.pk)).count()
        == 1
    )


def test_record_progress_by_the_owner(cast):
    action = open_for(cast)

    record_progress(action, actor=cast.agent_a, status=ActionStatus.IN_PROGRESS, note="Papan baru dipesan.")

    action.refresh_from_db()
    assert (action.status, action.progress_note) == (ActionStatus.IN_PROGRESS, "Papan baru dipesan.")


def test_record_progress_refused_to_a_colleague_who_is_not_the_owner(cast):
    colleague = UserFactory()
    MembershipFactory(user=colleague, unit=cast.unit_a, role="agent")
    action = open_for(cast)

    with pytest.raises(PermissionDenied):
        record_progress(action, actor=colleague, status=ActionStatus.DONE)


def test_verify_action_refused_to_the_owner(cast):
    action = open_for(cast)
    record_progress(action, actor=cast.agent_a, status=ActionStatus.DONE)

    with pytest.raises(PermissionDenied):
        verify_action(action, actor=cast.agent_a, effective=True)


def test_verify_action_by_the_supervisor(cast):
    action = open_for(cast)
    record_progress(action, actor=cast.agent_a, status=ActionStatus.DONE)

    verify_action(action, actor=cast.supervisor, effective=False, note="Antrean masih panjang.")

    action.refresh_from_db()
    assert (action.status, action.verified_by) == (ActionStatus.NOT_EFFECTIVE, cast.supervisor)


def test_record_progress_cannot_verify(cast):
    action = open_for(cast)
    record_progress(action, actor=cast.agent_a, status=ActionStatus.DONE)

    with pytest.raises(ValidationError) as raised:
        record_progress(action, actor=cast.agent_a, status=ActionStatus.VERIFIED_EFFECTIVE)

    assert codes(raised.value) == {"status": ["wrong_status"]}


def test_cancel_action_needs_a_reason(cast):
    action = open_for(cast)

    with pytest.raises(ValidationError) as raised:
        cancel_action(action, actor=cast.supervisor, reason="  ")

    assert codes(raised.value) == {"reason": ["required"]}


def overdue_action(cast, **overrides):
    action = open_for(cast, **overrides)
    type(action).objects.filter(pk=action.pk).update(due_date=today() - dt.timedelta(days=2))
    action.refresh_from_db()
    return action


def test_escalate_overdue_actions_emails_the_supervisor_once(cast):
    action = overdue_action(cast)

    counts = [escalate_overdue_actions(), escalate_overdue_actions()]

    emails = list(OutboundEmail.objects.values_list("to_address", flat=True))
    assert (counts, emails) == ([1, 0], ["koordinator@prima.test"])
    assert ActivityLog.objects.filter(action="improvement.action.escalated", object_id=str(action.pk)).count() == 1


def test_escalate_overdue_actions_goes_to_the_leader_without_a_supervisor(cast):
    overdue_action(cast, unit=cast.unit_b, owner=cast.agent_b, actor=cast.leader)

    escalate_overdue_actions()

    assert list(OutboundEmail.objects.values_list("to_address", flat=True)) == ["pimpinan@prima.test"]


def test_escalate_overdue_actions_skips_done_and_not_yet_due(cast):
    done = overdue_action(cast)
    record_progress(done, actor=cast.agent_a, status=ActionStatus.DONE)
    open_for(cast)

    assert escalate_overdue_actions() == 0


def test_action_scorecard_counts_open_overdue_and_on_time(cast):
    overdue_action(cast)
    open_for(cast)
    on_time = open_for(cast)
    record_progress(on_time, actor=cast.agent_a, status=ActionStatus.DONE)
    late = overdue_action(cast)
    record_progress(late, actor=cast.agent_a, status=ActionStatus.DONE)

    card = action_scorecard(cast.agent_a, on=today())

    assert (card.open, card.overdue, card.done, card.done_on_time, card.done_on_time_share) == (
        2,
        1,
        2,
        1,
        Decimal("50.0"),
    )


def test_actions_visible_to_scopes_by_unit_and_owner(cast):
    in_a = open_for(cast)
    in_b = open_for(cast, unit=cast.unit_b, owner=cast.agent_b, actor=cast.leader)

    seen = {
        "leader": set(actions_visible_to(cast.leader)),
        "supervisor": set(actions_visible_to(cast.supervisor)),
        "agent_b": set(actions_visible_to(cast.agent_b)),
    }

    assert seen == {"leader": {in_a, in_b}, "supervisor": {in_a}, "agent_b": {in_b}}


def test_open_action_twice_in_a_row_is_one_action(cast):
    values = {"title": "Tambah kursi", "due_date": today() + dt.timedelta(days=3)}

    first, second = open_for(cast, **values), open_for(cast, **values)

    assert (first, type(first).objects.count()) == (second, 1)
