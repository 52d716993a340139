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
from prima.sla.choices import ClockKind, StartEvent
from prima.sla.clocks import PolicySpec, TargetSpec
from prima.sla.evaluation import Evaluator
from prima.sla.models import BusinessCalendar, SlaPolicy, SlaTarget
from prima.sla.queries import units_governed_by_policy, units_using_calendar
from prima.sla.statutory import PolicyTemplate
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "ScanResult",
    "adopt_template",
    "create_policy",
    "refresh_due_dates_for_calendar",
    "refresh_due_dates_for_policy",
    "refresh_open_ticket_due_dates",
    "refresh_open_ticket_due_dates_in",
    "refresh_ticket_due_date",
    "revise_policy",
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
    """After editing ``calendar``: refresh the open requests of every unit it times. Side effects: ``Ticket.due_at``."""
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
