"""Writes of the SLA app: policies and their versions, adopting the statutory templates, and keeping
``Ticket.due_at`` (the one field the inbox sorts by) in step with the clocks.

The breach scan lives in ``prima.sla.breaches`` and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.activity.services import log_action
from prima.sla.breaches import ScanResult, scan_for_breaches
from prima.sla.calendar import DEFAULT_WEEKLY_HOURS, MIDNIGHT, Interval, overlapping_intervals
from prima.sla.choices import ClockKind, ExceptionKind, StartEvent
from prima.sla.clocks import PolicySpec, TargetSpec
from prima.sla.evaluation import Evaluator
from prima.sla.models import BusinessCalendar, CalendarException, SlaPolicy, SlaTarget, WorkingInterval
from prima.sla.queries import calendar_for_unit, units_governed_by_policy, units_using_calendar
from prima.sla.statutory import PolicyTemplate
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "ScanResult",
    "add_calendar_closure",
    "adopt_template",
    "correct_policy_targets",
    "create_policy",
    "refresh_due_dates_for_calendar",
    "refresh_due_dates_for_policy",
    "refresh_open_ticket_due_dates",
    "refresh_open_ticket_due_dates_in",
    "refresh_ticket_due_date",
    "remove_calendar_closure",
    "revise_policy",
    "save_unit_calendar",
    "scan_for_breaches",
]

REFRESH_BATCH_SIZE = 500
_DEFAULTS = PolicySpec(targets=())


def _error(field: str, message: StrOrPromise, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _check_targets(targets: Sequence[TargetSpec]) -> None:
    if not targets:
        raise _error("targets", _("Give the policy at least one target."), "required")
    clocks = [target.clock for target in targets]
    if len(set(clocks)) != len(clocks):
        raise _error("targets", _("Give each target once."), "duplicate")
    for target in targets:
        if target.clock == ClockKind.VERIFICATION and target.starts == StartEvent.VERIFIED:
            raise _error("targets", _("Verification is counted from when the request is received."), "invalid")


def _same_scope(organisation_id: int, unit: ServiceUnit | None, kind: str, priority: str) -> QuerySet[SlaPolicy]:
    scope = SlaPolicy.objects.filter(organisation_id=organisation_id, kind=kind, priority=priority)
    return scope.filter(unit=unit) if unit is not None else scope.filter(unit__isnull=True)


def create_policy(
    organisation: Organisation,
    *,
    unit: ServiceUnit | None = None,
    name: str,
    kind: str = "",
    priority: str = "",
    targets: Sequence[TargetSpec],
    effective_from: dt.datetime | None = None,
    warning_before: dt.timedelta = _DEFAULTS.warning_before,
    escalate_to_supervisor_after: dt.timedelta = _DEFAULTS.escalate_to_supervisor_after,
    escalate_to_leader_after: dt.timedelta = _DEFAULTS.escalate_to_leader_after,
    source: str = "",
    actor: User | None,
) -> SlaPolicy:
    """A new policy (version 1 of its scope: organisation, unit, kind, priority), effective from
    ``effective_from`` (default now) until replaced. Raises ValidationError when the scope already has a
    policy that is (or will be) effective: revise that one instead.

    Side effects: SlaPolicy and SlaTarget rows; activity ``sla.policy.created``; ``Ticket.due_at`` of the
    open requests it now governs.
    """
    effective_from = effective_from or timezone.now()
    name = (name or "").strip()
    if not name:
        raise _error("name", _("Give the policy a name."), "required")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise _error("unit", _("Choose a unit of this organisation."), "other_organisation")
    _check_targets(targets)
    if escalate_to_leader_after < escalate_to_supervisor_after:
        raise _error(
            "escalate_to_leader_after", _("The leader is told no earlier than the supervisor."), "before_supervisor"
        )
    with transaction.atomic():
        scope = _same_scope(organisation.pk, unit, kind, priority).select_for_update()
        if scope.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=effective_from)).exists():
            raise _error(
                "effective_from", _("A policy for these requests is already in effect; revise it instead."), "overlap"
            )
        latest = scope.order_by("-version").first()
        policy = SlaPolicy.objects.create(
            organisation=organisation,
            unit=unit,
            name=name,
            kind=kind,
            priority=priority,
            version=latest.version + 1 if latest else 1,
            effective_from=effective_from,
            warning_before=warning_before,
            escalate_to_supervisor_after=escalate_to_supervisor_after,
            escalate_to_leader_after=escalate_to_leader_after,
            source=source,
            created_by=actor,
        )
        _insert_targets(policy, targets)
        log_action(
            "sla.policy.created",
            actor=actor,
            obj=policy,
            unit=unit,
            data={"name": name, "version": policy.version},
        )
        refresh_due_dates_for_policy(policy)
    return policy


def _insert_targets(policy: SlaPolicy, targets: Iterable[TargetSpec]) -> None:
    SlaTarget.objects.bulk_create(
        SlaTarget(
            policy=policy,
            clock=target.clock,
            amount=target.amount,
            time_unit=target.time_unit,
            mode=target.mode,
            starts=target.starts,
        )
        for target in targets
    )


def revise_policy(
    policy: SlaPolicy,
    *,
    targets: Sequence[TargetSpec] | None = None,
    effective_from: dt.datetime | None = None,
    name: str | None = None,
    warning_before: dt.timedelta | None = None,
    escalate_to_supervisor_after: dt.timedelta | None = None,
    escalate_to_leader_after: dt.timedelta | None = None,
    source: str | None = None,
    actor: User | None,
) -> SlaPolicy:
    """A new version of ``policy`` from ``effective_from`` (default now); anything not given is copied. The
    old version ends where the new one starts and keeps governing the requests received before.

    Side effects: the old version's ``effective_to``; a new SlaPolicy with its SlaTarget rows; activity
    ``sla.policy.revised``; ``Ticket.due_at`` of the open requests the new version governs.
    """
    effective_from = effective_from or timezone.now()
    with transaction.atomic():
        current = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
        if SlaPolicy.objects.filter(previous_version=current).exists():
            raise _error("policy", _("A newer version of this policy exists; revise that one."), "superseded")
        if effective_from <= current.effective_from:
            raise _error(
                "effective_from", _("A new version must start after the version it replaces."), "before_previous"
            )
        if current.effective_to is not None and current.effective_to < effective_from:
            raise _error("effective_from", _("This policy had already ended; create a new one."), "ended")
        new_targets = list(targets) if targets is not None else [_spec_of(target) for target in current.targets.all()]
        _check_targets(new_targets)
        supervisor_after = _given(escalate_to_supervisor_after, current.escalate_to_supervisor_after)
        leader_after = _given(escalate_to_leader_after, current.escalate_to_leader_after)
        if leader_after < supervisor_after:
            raise _error(
                "escalate_to_leader_after", _("The leader is told no earlier than the supervisor."), "before_supervisor"
            )
        current.effective_to = effective_from
        current.save(update_fields=["effective_to"])
        revised = SlaPolicy.objects.create(
            organisation_id=current.organisation_id,
            unit_id=current.unit_id,
            name=(name or "").strip() or current.name,
            kind=current.kind,
            priority=current.priority,
            version=current.version + 1,
            previous_version=current,
            effective_from=effective_from,
            warning_before=_given(warning_before, current.warning_before),
            escalate_to_supervisor_after=supervisor_after,
            escalate_to_leader_after=leader_after,
            source=current.source if source is None else source,
            created_by=actor,
        )
        _insert_targets(revised, new_targets)
        log_action(
            "sla.policy.revised",
            actor=actor,
            obj=revised,
            unit=revised.unit,
            data={"name": revised.name, "version": revised.version},
        )
        refresh_due_dates_for_policy(revised)
    return revised


def _given(value: dt.timedelta | None, default: dt.timedelta) -> dt.timedelta:
    return default if value is None else value


def _spec_of(target: SlaTarget) -> TargetSpec:
    return TargetSpec(target.clock, target.amount, target.time_unit, target.mode, target.starts)


def adopt_template(
    unit: ServiceUnit, template: PolicyTemplate, *, actor: User | None, effective_from: dt.datetime | None = None
) -> SlaPolicy:
    """Give ``unit`` the template's targets for its kind of request: a new policy, or a new version of the
    unit's current policy for that kind. The unit may then change it with ``revise_policy``.

    Side effects: as ``create_policy`` or ``revise_policy``; activity ``sla.template.adopted``.
    """
    effective_from = effective_from or timezone.now()
    with transaction.atomic():
        current = (
            _same_scope(unit.organisation_id, unit, template.kind, "")
            .filter(next_version__isnull=True)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=effective_from))
            .order_by("-version")
            .first()
        )
        if current is not None:
            policy = revise_policy(
                current,
                targets=template.targets,
                effective_from=effective_from,
                name=str(template.name),
                source=template.code,
                actor=actor,
            )
        else:
            policy = create_policy(
                unit.organisation,
                unit=unit,
                name=str(template.name),
                kind=template.kind,
                targets=template.targets,
                effective_from=effective_from,
                source=template.code,
                actor=actor,
            )
        log_action(
            "sla.template.adopted",
            actor=actor,
            obj=policy,
            unit=unit,
            data={"template": template.code, "name": policy.name, "version": policy.version},
        )
    return policy


def refresh_open_ticket_due_dates_in(units: Iterable[ServiceUnit], *, now: dt.datetime | None = None) -> int:
    """Recompute ``Ticket.due_at`` of every open or paused request of ``units`` from its clocks (the earliest
    due time of a running, unmet target; a letter's reply-by or an order's promised date when earlier).
    Returns how many requests changed. Batches of ``REFRESH_BATCH_SIZE``, a fixed number of queries each.

    Side effects: ``Ticket.due_at`` (only; ``updated_at`` is left alone: nothing about the request changed).
    """
    now = now or timezone.now()
    unit_ids = [unit.pk for unit in units]
    if not unit_ids:
        return 0
    tickets = (
        Ticket.objects.filter(unit_id__in=unit_ids, status__in=ACTIVE_STATUSES)
        .select_related("unit")
        .only("id", "organisation_id", "unit", "kind", "priority", "status", "created_at", "verified_at", "due_at")
        .order_by("pk")
    )
    organisation_ids = set(ServiceUnit.objects.filter(pk__in=unit_ids).values_list("organisation_id", flat=True))
    evaluator = Evaluator(organisation_ids, now=now)
    changed = 0
    last_pk = 0
    while True:
        batch = list(tickets.filter(pk__gt=last_pk)[:REFRESH_BATCH_SIZE])
        if not batch:
            return changed
        last_pk = batch[-1].pk
        stale = []
        for evaluation in evaluator.evaluate(batch):
            if evaluation.ticket.due_at != evaluation.due_at:
                evaluation.ticket.due_at = evaluation.due_at
                stale.append(evaluation.ticket)
        Ticket.objects.bulk_update(stale, ["due_at"])
        changed += len(stale)


def refresh_open_ticket_due_dates(unit: ServiceUnit, *, now: dt.datetime | None = None) -> int:
    """``refresh_open_ticket_due_dates_in`` for one unit (call it after editing the unit's calendar or policy).

    Side effects: ``Ticket.due_at``.
    """
    return refresh_open_ticket_due_dates_in([unit], now=now)


def refresh_due_dates_for_calendar(calendar: BusinessCalendar, *, now: dt.datetime | None = None) -> int:
    """After editing ``calendar``: mark it changed and refresh the open requests of every unit it times.

    Side effects: the calendar's ``updated_at`` (so every process compiles it again, see
    ``prima.sla.queries.calendar_spec_for_unit``); ``Ticket.due_at``."""
    calendar.updated_at = timezone.now()
    BusinessCalendar.objects.filter(pk=calendar.pk).update(updated_at=calendar.updated_at)
    return refresh_open_ticket_due_dates_in(units_using_calendar(calendar), now=now)


def refresh_due_dates_for_policy(policy: SlaPolicy, *, now: dt.datetime | None = None) -> int:
    """After creating or editing ``policy``: refresh the open requests of the units it may govern.

    Side effects: ``Ticket.due_at``.
    """
    return refresh_open_ticket_due_dates_in(units_governed_by_policy(policy), now=now)


def refresh_ticket_due_date(ticket: Ticket, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """Recompute one request's ``due_at`` (to call when it is received, replied to, changes status or is
    verified). Returns the new value.

    Side effects: ``Ticket.due_at`` of that request, when it changed (also set on ``ticket``).
    """
    if ticket.status not in ACTIVE_STATUSES:
        return ticket.due_at
    (evaluation,) = Evaluator([ticket.organisation_id], now=now or timezone.now()).evaluate([ticket])
    if evaluation.due_at != ticket.due_at:
        Ticket.objects.filter(pk=ticket.pk).update(due_at=evaluation.due_at)
        ticket.due_at = evaluation.due_at
    return ticket.due_at


# --- staff pages: a unit's business calendar and its policies ------------------------------------------------


def _check_weekly(weekly: Sequence[Sequence[Interval]]) -> list[tuple[int, Interval]]:
    """The weekly hours as (weekday, interval) rows; ValidationError keyed ``weekday_<n>`` for an interval
    that ends before it starts or overlaps another of the same day, ``weekly`` when no day has hours."""
    if len(weekly) != 7:
        raise ValueError("Weekly hours need one entry per weekday, Monday first.")
    errors: dict[str, list[ValidationError]] = {}
    rows: list[tuple[int, Interval]] = []
    for weekday, intervals in enumerate(weekly):
        field = f"weekday_{weekday}"
        for start, end in intervals:
            if not (end > start or end == MIDNIGHT):
                errors.setdefault(field, []).append(
                    ValidationError(
                        _("%(start)s-%(end)s ends before it starts (00:00 means midnight)."),
                        code="ends_before_start",
                        params={"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"},
                    )
                )
            rows.append((weekday, (start, end)))
        if field not in errors:
            for first, second in overlapping_intervals(list(intervals)):
                errors.setdefault(field, []).append(
                    ValidationError(
                        _("%(first)s overlaps %(second)s."),
                        code="overlap",
                        params={"first": _interval_text(first), "second": _interval_text(second)},
                    )
                )
    if not errors and not rows:
        errors["weekly"] = [ValidationError(_("Give at least one weekday working hours."), code="required")]
    if errors:
        raise ValidationError(errors)
    return rows


def _interval_text(interval: Interval) -> str:
    return f"{interval[0]:%H:%M}-{interval[1]:%H:%M}"


def _own_calendar_for_update(unit: ServiceUnit) -> BusinessCalendar | None:
    return BusinessCalendar.objects.select_for_update().filter(unit=unit).first()


def _new_own_calendar(unit: ServiceUnit) -> BusinessCalendar:
    """The unit's own calendar, a copy of what timed its requests so far (the inherited calendar with its
    hours and dates, or the built-in week), so creating it changes no due time by itself."""
    inherited = calendar_for_unit(unit)
    calendar = BusinessCalendar.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        name=str(_("Working hours of %(unit)s") % {"unit": unit.name})[:100],
        observe_national_holidays=inherited.observe_national_holidays if inherited is not None else True,
        observe_cuti_bersama=inherited.observe_cuti_bersama if inherited is not None else True,
    )
    if inherited is None:
        weekly = [(weekday, interval) for weekday, day in enumerate(DEFAULT_WEEKLY_HOURS) for interval in day]
    else:
        weekly = [(row.weekday, (row.start_time, row.end_time)) for row in inherited.intervals.all()]
        CalendarException.objects.bulk_create(
            CalendarException(
                calendar=calendar,
                date=row.date,
                kind=row.kind,
                name=row.name,
                start_time=row.start_time,
                end_time=row.end_time,
            )
            for row in inherited.exceptions.all()
        )
    WorkingInterval.objects.bulk_create(
        WorkingInterval(calendar=calendar, weekday=weekday, start_time=start, end_time=end)
        for weekday, (start, end) in weekly
    )
    return calendar


def save_unit_calendar(
    unit: ServiceUnit,
    *,
    name: str,
    weekly: Sequence[Sequence[Interval]],
    observe_national_holidays: bool,
    observe_cuti_bersama: bool,
    actor: User | None,
) -> BusinessCalendar:
    """Set ``unit``'s own business calendar: its name, weekly working intervals (Monday first; several per day,
    e.g. the longer Friday break) and which national holidays it observes. Creates the unit's own calendar
    when it used an inherited or the built-in one (with the inherited dates it closes or opens specially).

    Raises ValidationError keyed ``name``, ``weekday_<0-6>`` (an interval ending before it starts, or
    overlapping another) or ``weekly`` (no working hours at all).

    Side effects: the BusinessCalendar and its WorkingInterval rows; activity ``sla.calendar.saved``; the
    due times of the open requests the calendar times (``refresh_due_dates_for_calendar``).
    """
    name = (name or "").strip()
    if not name:
        raise _error("name", _("Give the calendar a name."), "required")
    if len(name) > 100:
        raise _error("name", _("Keep the name under 100 characters."), "max_length")
    rows = _check_weekly(weekly)
    with transaction.atomic():
        calendar = _own_calendar_for_update(unit)
        created = calendar is None
        if calendar is None:
            calendar = _new_own_calendar(unit)
        calendar.name = name
        calendar.observe_national_holidays = observe_national_holidays
        calendar.observe_cuti_bersama = observe_cuti_bersama
        calendar.updated_at = timezone.now()
        calendar.save()
        calendar.intervals.all().delete()
        WorkingInterval.objects.bulk_create(
            WorkingInterval(calendar=calendar, weekday=weekday, start_time=start, end_time=end)
            for weekday, (start, end) in rows
        )
        log_action(
            "sla.calendar.saved",
            actor=actor,
            obj=calendar,
            unit=unit,
            data={"name": name, "unit": unit.name, "created": created, "intervals": len(rows)},
        )
        refresh_due_dates_for_calendar(calendar)
    return calendar


def add_calendar_closure(unit: ServiceUnit, *, date: dt.date, name: str, actor: User | None) -> CalendarException:
    """Close ``unit`` on ``date`` (a local holiday, cuti bersama the ``holidays`` package lacks, an office
    closure), named ``name``. A unit without its own calendar gets one, with the hours it used so far.

    Raises ValidationError keyed ``name`` (required) or ``date`` (already closed).

    Side effects: a CalendarException (closed) and possibly the unit's BusinessCalendar; activity
    ``sla.calendar.closure_added``; the due times of the open requests the calendar times.
    """
    name = (name or "").strip()
    if not name:
        raise _error("name", _("Say why the unit is closed on this day."), "required")
    if len(name) > 200:
        raise _error("name", _("Keep the description under 200 characters."), "max_length")
    with transaction.atomic():
        calendar = _own_calendar_for_update(unit) or _new_own_calendar(unit)
        if calendar.exceptions.filter(date=date, kind=ExceptionKind.CLOSED).exists():
            raise _error("date", _("The unit is already closed on this day."), "duplicate")
        closure = CalendarException.objects.create(calendar=calendar, date=date, kind=ExceptionKind.CLOSED, name=name)
        log_action(
            "sla.calendar.closure_added",
            actor=actor,
            obj=calendar,
            unit=unit,
            data={"date": date.isoformat(), "name": name, "unit": unit.name},
        )
        refresh_due_dates_for_calendar(calendar)
    return closure


def remove_calendar_closure(closure: CalendarException, *, actor: User | None) -> None:
    """Open the unit again on a date it had closed (its usual hours for that weekday apply).

    Side effects: deletes the CalendarException; activity ``sla.calendar.closure_removed``; the due times of
    the open requests the calendar times.
    """
    with transaction.atomic():
        calendar = closure.calendar
        data = {
            "date": closure.date.isoformat(),
            "name": closure.name,
            "unit": calendar.unit.name if calendar.unit else "",
        }
        closure.delete()
        log_action("sla.calendar.closure_removed", actor=actor, obj=calendar, unit=calendar.unit, data=data)
        refresh_due_dates_for_calendar(calendar)


def correct_policy_targets(policy: SlaPolicy, *, targets: Sequence[TargetSpec], actor: User | None) -> SlaPolicy:
    """Replace the targets of this version of ``policy`` in place: a correction that applies to every request
    it governs, open ones included (``revise_policy`` makes a new version for requests received from then on).
    Raises ValidationError keyed ``targets`` (none, or one twice) or ``policy`` (a newer version exists).

    Side effects: the SlaTarget rows; activity ``sla.policy.corrected``; the due times of the open requests
    the policy may govern (``refresh_due_dates_for_policy``).
    """
    _check_targets(targets)
    with transaction.atomic():
        current = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
        if SlaPolicy.objects.filter(previous_version=current).exists():
            raise _error("policy", _("A newer version of this policy exists; change that one."), "superseded")
        current.targets.all().delete()
        _insert_targets(current, targets)
        log_action(
            "sla.policy.corrected",
            actor=actor,
            obj=current,
            unit=current.unit,
            data={"name": current.name, "version": current.version},
        )
        refresh_due_dates_for_policy(current)
    return current
