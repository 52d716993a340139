"""Corrective and preventive actions (KUK 2.5): open, progress, verify, cancel; the periodic effectiveness
checks and the escalation of overdue actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.accounts.models import Membership, Role, ServiceUnit, TimeZone, User
from prima.activity.services import log_action
from prima.core.metrics import MetricScope, ScopeLevel
from prima.improvement.measure import (
    MetricCache,
    checked_metric,
    effectiveness_window_days,
    improvement_of,
    metric_or_none,
)
from prima.improvement.models import (
    PENDING_STATUSES,
    PROGRESS_TRANSITIONS,
    Action,
    ActionKind,
    ActionStatus,
    EffectivenessResult,
    Objective,
    SourceKind,
)
from prima.improvement.rules import may_manage_actions, may_record_progress
from prima.improvement.services._common import invalid, is_staff_of, local_today, recent_duplicate
from prima.notify.services import queue_email

CLOSED_STATUSES = (ActionStatus.VERIFIED_EFFECTIVE, ActionStatus.CANCELLED)


def _action_data(action: Action, **extra: Any) -> dict[str, Any]:
    return {"title": action.title, **extra}


def _require_manager(actor: User, unit: ServiceUnit) -> None:
    if not may_manage_actions(actor, unit):
        raise PermissionDenied(
            _("Only a supervisor, leader or administrator of %(unit)s may manage its improvement actions.")
            % {"unit": unit.name}
        )


def _check_owner(owner: User, unit: ServiceUnit) -> None:
    if not is_staff_of(owner, unit):
        raise invalid(
            _("The owner must be an active colleague of %(unit)s."), "owner_not_staff", "owner", unit=unit.name
        )


def _unit_scope(unit: ServiceUnit) -> MetricScope:
    return MetricScope(organisation_id=unit.organisation_id, unit_id=unit.pk)


def baseline_window(opened_on: date, check_on: date | None) -> tuple[date, date]:
    """The period measured before an action: the days right before it was opened, as many as will pass between
    opening and the check (at most the window), so that counts before and after cover equally long periods."""
    days = effectiveness_window_days()
    if check_on is not None:
        days = max(1, min(days, (check_on - opened_on).days))
    return opened_on - timedelta(days=days), opened_on


def check_window(action: Action, check_on: date) -> tuple[date, date]:
    """The period measured at the check: as long as the baseline period, ending the day before the check date,
    never reaching back before the action was opened."""
    if action.baseline_start is not None and action.baseline_end is not None:
        days = (action.baseline_end - action.baseline_start).days
    else:
        days = effectiveness_window_days()
    return max(action.opened_on, check_on - timedelta(days=days)), check_on


@transaction.atomic
def open_action(
    *,
    unit: ServiceUnit,
    title: str,
    source_kind: str,
    owner: User,
    due_date: date,
    actor: User,
    description: str = "",
    root_cause: str = "",
    source_ref: str = "",
    metric_code: str | None = None,
    effectiveness_check_on: date | None = None,
    kind: str = ActionKind.CORRECTIVE,
    objective: Objective | None = None,
) -> Action:
    """Open an improvement action with one owner. With ``metric_code`` the metric's value for the unit over the
    window before today is recorded as the baseline that the effectiveness check compares against.

    Side effects: one Action row; activity ``improvement.action.opened``; one registry computation.
    """
    _require_manager(actor, unit)
    title = " ".join(title.split())
    if not title:
        raise invalid(_("Give the action a title."), "required", "title")
    if len(title) > 200:
        raise invalid(_("A title has at most 200 characters."), "too_long", "title")
    if source_kind not in SourceKind.values:
        raise invalid(_("Choose where the action comes from."), "invalid_choice", "source_kind")
    if kind not in ActionKind.values:
        raise invalid(_("Choose corrective or preventive."), "invalid_choice", "kind")
    _check_owner(owner, unit)
    today = local_today(unit)
    if due_date < today:
        raise invalid(_("The due date cannot be in the past."), "past_due_date", "due_date")
    if effectiveness_check_on is not None and not metric_code:
        raise invalid(_("Choose the metric to measure for the effectiveness check."), "metric_required", "metric_code")
    if effectiveness_check_on is not None and effectiveness_check_on <= today:
        raise invalid(_("The effectiveness check must be after today."), "check_in_past", "effectiveness_check_on")
    if objective is not None and objective.organisation_id != unit.organisation_id:
        raise invalid(_("The objective belongs to another organisation."), "wrong_organisation", "objective")
    duplicate = recent_duplicate(
        Action,
        unit,
        unit_id=unit.pk,
        title=title,
        owner=owner,
        due_date=due_date,
        source_kind=source_kind,
        source_ref=source_ref.strip()[:200],
        created_by=actor,
    )
    if duplicate is not None:
        return duplicate
    baseline_value = baseline_start = baseline_end = None
    if metric_code:
        metric = checked_metric(metric_code, ScopeLevel.UNIT)
        baseline_start, baseline_end = baseline_window(today, effectiveness_check_on)
        baseline_value = metric.value(_unit_scope(unit), baseline_start, baseline_end)
    action = Action.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        kind=kind,
        title=title,
        description=description.strip(),
        root_cause=root_cause.strip(),
        source_kind=source_kind,
        source_ref=source_ref.strip()[:200],
        owner=owner,
        due_date=due_date,
        objective=objective,
        metric_code=metric_code or "",
        baseline_value=baseline_value,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        effectiveness_check_on=effectiveness_check_on,
        created_by=actor,
        opened_on=today,
    )
    log_action(
        "improvement.action.opened",
        actor=actor,
        obj=action,
        unit=unit,
        data=_action_data(action, owner=owner.full_name, due_date=due_date.isoformat()),
    )
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    actor: User,
    title: str,
    owner: User,
    due_date: date,
    description: str = "",
    root_cause: str = "",
    effectiveness_check_on: date | None = None,
) -> Action:
    """Reassign, reschedule or reword an action that is still open. Side effects: ``improvement.action.updated``."""
    _require_manager(actor, action.unit)
    if action.status in CLOSED_STATUSES:
        raise invalid(_("This action is closed and can no longer change."), "closed")
    title = " ".join(title.split())
    if not title or len(title) > 200:
        raise invalid(_("Give the action a title of at most 200 characters."), "invalid", "title")
    _check_owner(owner, action.unit)
    if effectiveness_check_on is not None and not action.metric_code:
        raise invalid(
            _("This action has no metric to measure; verify it by hand instead."),
            "metric_required",
            "effectiveness_check_on",
        )
    if effectiveness_check_on != action.effectiveness_check_on and action.effectiveness_checked_at is not None:
        raise invalid(_("The effectiveness check has already been done."), "already_checked", "effectiveness_check_on")
    changed_owner = owner.pk != action.owner_id
    action.title, action.owner, action.due_date = title, owner, due_date
    action.description, action.root_cause = description.strip(), root_cause.strip()
    action.effectiveness_check_on = effectiveness_check_on
    if due_date >= local_today(action.unit):
        action.escalated_at = None  # a new promise may be escalated again when it is missed
    action.save()
    log_action(
        "improvement.action.updated",
        actor=actor,
        obj=action,
        unit=action.unit,
        data=_action_data(action, owner=owner.full_name, due_date=due_date.isoformat(), reassigned=changed_owner),
    )
    return action


def _lock(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("unit", "owner").get(pk=action.pk)


@transaction.atomic
def record_progress(action: Action, *, actor: User, status: str | None = None, note: str = "") -> Action:
    """The owner (or a manager) moves the action along (open → in progress → done, or back) and/or writes a
    progress note. Effectiveness is judged by ``verify_action`` and the periodic check, not here.

    Side effects: activity ``improvement.action.progressed``.
    """
    if not may_record_progress(actor, action):
        raise PermissionDenied(_("Only the owner or a supervisor of the unit may record progress on this action."))
    locked = _lock(action)
    note = note.strip()
    if status is not None and status != locked.status:
        if status not in PROGRESS_TRANSITIONS.get(locked.status, frozenset()):
            raise invalid(
                _("An action that is %(status)s cannot become %(target)s here."),
                "wrong_status",
                "status",
                status=locked.get_status_display().lower(),
                target=ActionStatus(status).label.lower() if status in ActionStatus.values else status,
            )
        locked.status = status
        locked.completed_on = local_today(locked.unit) if status == ActionStatus.DONE else None
    elif not note:
        raise invalid(_("Choose a new status or write a progress note."), "nothing_to_record")
    if note:
        locked.progress_note = note
    locked.save(update_fields=["status", "completed_on", "progress_note"])
    log_action(
        "improvement.action.progressed",
        actor=actor,
        obj=locked,
        unit=locked.unit,
        data=_action_data(locked, status=locked.status, note=note[:500]),
    )
    return locked


@transaction.atomic
def verify_action(action: Action, *, actor: User, effective: bool, note: str = "") -> Action:
    """A supervisor or leader judges a finished action effective or not (e.g. one without a metric).

    Side effects: activity ``improvement.action.verified``.
    """
    _require_manager(actor, action.unit)
    locked = _lock(action)
    if locked.status != ActionStatus.DONE:
        raise invalid(_("Only a finished action can be verified."), "wrong_status", "status")
    locked.status = ActionStatus.VERIFIED_EFFECTIVE if effective else ActionStatus.NOT_EFFECTIVE
    locked.verified_by, locked.verified_at = actor, timezone.now()
    if note.strip():
        locked.progress_note = note.strip()
    locked.save(update_fields=["status", "verified_by", "verified_at", "progress_note"])
    log_action(
        "improvement.action.verified",
        actor=actor,
        obj=locked,
        unit=locked.unit,
        data=_action_data(locked, status=locked.status),
    )
    return locked


@transaction.atomic
def cancel_action(action: Action, *, actor: User, reason: str) -> Action:
    """Cancel an action that is no longer needed, with a reason. Side effects: ``improvement.action.cancelled``."""
    _require_manager(actor, action.unit)
    reason = reason.strip()
    if not reason:
        raise invalid(_("Say why the action is cancelled."), "required", "reason")
    locked = _lock(action)
    if locked.status in CLOSED_STATUSES:
        raise invalid(_("This action is closed and can no longer change."), "closed")
    locked.status = ActionStatus.CANCELLED
    locked.progress_note = reason
    locked.save(update_fields=["status", "progress_note"])
    log_action(
        "improvement.action.cancelled",
        actor=actor,
        obj=locked,
        unit=locked.unit,
        data=_action_data(locked, reason=reason[:500]),
    )
    return locked


# --- periodic --------------------------------------------------------------------------------------


def _latest_today(now: datetime) -> date:
    """The latest local date in any Indonesian zone: a first filter before each unit's own date is applied."""
    return max(timezone.localtime(now, ZoneInfo(zone)).date() for zone in TimeZone.values)


def run_effectiveness_checks(*, now: datetime | None = None) -> int:
    """Measure, on or after their check date, the metric of each action that has one, for the action's unit, and
    compare it with the baseline in the metric's direction. Each action is checked exactly once: the result
    (improved / not improved / no data) is stored with the value; a finished action becomes verified effective
    or not effective (with no data its status stays for a person to judge).

    Periodic (idempotent). Side effects: Action updates; activity ``improvement.action.effectiveness_checked``.
    Returns the number of actions checked.
    """
    now = now or timezone.now()
    cache = MetricCache()
    due = (
        Action.objects.filter(effectiveness_check_on__lte=_latest_today(now), effectiveness_checked_at__isnull=True)
        .exclude(metric_code="")
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("unit")
        .order_by("pk")
    )
    checked = 0
    for action in due:
        check_on = action.effectiveness_check_on
        if check_on is None or check_on > local_today(action.unit, now):
            continue
        if _check_effectiveness(action, check_on, now, cache):
            checked += 1
    return checked


def _check_effectiveness(action: Action, check_on: date, now: datetime, cache: MetricCache) -> bool:
    metric = metric_or_none(action.metric_code)
    measured = None
    if metric is not None and ScopeLevel.UNIT in metric.levels:
        start, end = check_window(action, check_on)
        measured = cache.value(metric, _unit_scope(action.unit), start, end)
    improved = improvement_of(metric.direction, action.baseline_value, measured) if metric else None
    result = (
        EffectivenessResult.NO_DATA
        if improved is None
        else EffectivenessResult.IMPROVED
        if improved
        else EffectivenessResult.NOT_IMPROVED
    )
    with transaction.atomic():
        locked = Action.objects.select_for_update().filter(pk=action.pk, effectiveness_checked_at__isnull=True).first()
        if locked is None:
            return False  # another run checked it meanwhile
        locked.effectiveness_checked_at = now
        locked.effectiveness_value = measured
        locked.effectiveness_result = result
        fields = ["effectiveness_checked_at", "effectiveness_value", "effectiveness_result"]
        if locked.status == ActionStatus.DONE and result != EffectivenessResult.NO_DATA:
            locked.status = (
                ActionStatus.VERIFIED_EFFECTIVE
                if result == EffectivenessResult.IMPROVED
                else ActionStatus.NOT_EFFECTIVE
            )
            locked.verified_at = now
            fields += ["status", "verified_at"]
        locked.save(update_fields=fields)
        log_action(
            "improvement.action.effectiveness_checked",
            actor=None,
            obj=locked,
            unit=action.unit,
            data=_action_data(
                locked,
                result=result,
                baseline="" if locked.baseline_value is None else str(locked.baseline_value),
                measured="" if measured is None else str(measured),
            ),
        )
    return True


def escalation_recipients(action: Action) -> list[User]:
    """Who hears of an overdue action: the unit's supervisors, else the leaders of the unit or above it (the
    nearest level that has one). The owner is left out; they are who was late."""
    supervisors = list(
        User.objects.filter(is_active=True, memberships__unit_id=action.unit_id, memberships__role=Role.SUPERVISOR)
        .exclude(pk=action.owner_id)
        .distinct()
        .order_by("pk")
    )
    if supervisors:
        return supervisors
    ancestor_ids = [int(part) for part in action.unit.path.strip("/").split("/") if part]
    leaders = (
        Membership.objects.filter(unit_id__in=ancestor_ids, role=Role.LEADER, user__is_active=True)
        .exclude(user_id=action.owner_id)
        .select_related("user", "unit")
    )
    by_depth: dict[int, list[User]] = {}
    for membership in leaders:
        by_depth.setdefault(membership.unit.depth, []).append(membership.user)
    if not by_depth:
        return []
    nearest = by_depth[max(by_depth)]
    return sorted({user.pk: user for user in nearest}.values(), key=lambda user: user.pk)


def _overdue_email(action: Action, recipient: User) -> tuple[str, str]:
    subject = _("Improvement action overdue: %(title)s") % {"title": action.title}
    body = _(
        "The improvement action “%(title)s” of %(unit)s, owned by %(owner)s, was due on %(due)s and is not done yet."
    ) % {
        "title": action.title,
        "unit": action.unit.name,
        "owner": action.owner.full_name,
        "due": action.due_date.strftime("%d-%m-%Y"),
    }
    return subject, body + "\n\n" + _("Please follow it up with the owner or agree a new due date.")


def escalate_overdue_actions(*, now: datetime | None = None) -> int:
    """E-mail (through the outbox) each action past its due date that is not done to the supervisors or leaders of
    its unit, once per due date, and log it.

    Periodic (idempotent). Side effects: OutboundEmail rows; ``Action.escalated_at``; activity
    ``improvement.action.escalated``. Returns the number of actions escalated.
    """
    now = now or timezone.now()
    candidates = (
        Action.objects.filter(status__in=PENDING_STATUSES, due_date__lt=_latest_today(now), escalated_at__isnull=True)
        .select_related("unit", "owner")
        .order_by("pk")
    )
    escalated = 0
    for action in candidates:
        if action.due_date >= local_today(action.unit, now):
            continue
        with transaction.atomic():
            claimed = Action.objects.filter(
                Q(pk=action.pk), Q(escalated_at__isnull=True), Q(status__in=PENDING_STATUSES)
            ).update(escalated_at=now)
            if not claimed:
                continue
            recipients = escalation_recipients(action)
            for recipient in recipients:
                with translation.override(recipient.language):
                    subject, body = _overdue_email(action, recipient)
                queue_email(
                    to_address=recipient.email,
                    to_name=recipient.full_name,
                    language=recipient.language,
                    template="generic",
                    context={"subject": subject, "body": body, "greeting_name": recipient.full_name},
                    idempotency_key=f"improvement.action.overdue.{action.pk}.{action.due_date.isoformat()}.{recipient.pk}",
                    related=action,
                )
            log_action(
                "improvement.action.escalated",
                actor=None,
                obj=action,
                unit=action.unit,
                data=_action_data(
                    action,
                    due_date=action.due_date.isoformat(),
                    recipients=", ".join(recipient.full_name for recipient in recipients),
                ),
            )
        escalated += 1
    return escalated
