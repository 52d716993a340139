"""The breach scan: find requests whose targets are due soon or missed, record each event once, and
escalate it up the chain owner → unit supervisors → leaders of the unit or above, by e-mail.

Exactly once, even when two scans run at the same time:

* an event is one row per (request, target, upcoming/breached, due time), guarded by a unique constraint
  (``get_or_create`` absorbs the IntegrityError of a concurrent insert);
* escalating claims the next levels with one conditional UPDATE (``level`` from what this scan read to the
  new level), so only one scan notifies a level;
* every e-mail carries the idempotency key ``sla.breach.<event>.<recipient>``: one e-mail per person and
  event, whatever happens.

Candidates are found in SQL: open or paused requests whose ``due_at`` is at most the warning horizon
(the largest warning window of any policy, in working time on the most generous calendar). Precise clocks
are computed only for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.accounts.models import Membership, Role, ServiceUnit, User
from prima.activity.services import log_action
from prima.notify.services import queue_email
from prima.sla.calendar import add_working_time
from prima.sla.choices import BreachKind, ClockKind, ClockMode, ClockState, EscalationLevel
from prima.sla.clocks import Clock, PolicySpec
from prima.sla.evaluation import Evaluation, Evaluator
from prima.sla.models import BreachEvent, SlaPolicy
from prima.sla.queries import ancestor_ids
from prima.tickets.dates import local_label
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES

logger = logging.getLogger(__name__)

SCAN_BATCH_SIZE = 500
TEMPLATE = "generic"
ZERO = dt.timedelta(0)


@dataclass
class ScanResult:
    candidates: int = 0
    recorded: int = 0
    escalations: int = 0
    emails: int = 0
    due_dates_fixed: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.candidates} candidates, {self.recorded} events recorded, {self.escalations} escalations, "
            f"{self.emails} e-mails, {self.due_dates_fixed} due dates fixed, {self.failed} failed"
        )


def breach_level(overrun: dt.timedelta, policy: PolicySpec) -> int:
    """How far up the chain a breach overdue by ``overrun`` goes. Pure."""
    if overrun >= policy.escalate_to_leader_after:
        return EscalationLevel.LEADER
    if overrun >= policy.escalate_to_supervisor_after:
        return EscalationLevel.SUPERVISOR
    return EscalationLevel.OWNER


def event_for(clock: Clock, policy: PolicySpec) -> tuple[str, int] | None:
    """(breach kind, level) a clock calls for now, or None. Pure."""
    if clock.due_at is None or clock.met_at is not None:
        return None
    if clock.state == ClockState.BREACHED:
        return BreachKind.BREACHED, breach_level(clock.overrun or ZERO, policy)
    if clock.state == ClockState.RUNNING and clock.remaining is not None and clock.remaining <= policy.warning_before:
        return BreachKind.UPCOMING, EscalationLevel.OWNER
    return None


def scan_for_breaches(now: dt.datetime | None = None) -> ScanResult:
    """Periodic job. Safe to run twice and concurrently.

    Side effects: BreachEvent rows (activity ``sla.breach.upcoming`` / ``sla.breach.detected``); their
    escalation (``level``, activity ``sla.breach.escalated``, e-mails through the outbox); a candidate's
    ``Ticket.due_at`` when it was stale. A failing request is logged and skipped.
    """
    now = now or timezone.now()
    result = ScanResult()
    organisation_ids = list(SlaPolicy.objects.values_list("organisation_id", flat=True).distinct())
    if not organisation_ids:
        return result
    evaluator = Evaluator(organisation_ids, now=now)
    # One indexed range query (Ticket's ``status, due_at`` index) for the ids; the rows come in batches.
    candidate_ids = sorted(
        Ticket.objects.filter(
            status__in=ACTIVE_STATUSES,
            due_at__lte=candidate_horizon(evaluator, organisation_ids, now),
            organisation_id__in=organisation_ids,
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    result.candidates = len(candidate_ids)
    for start in range(0, len(candidate_ids), SCAN_BATCH_SIZE):
        ids = candidate_ids[start : start + SCAN_BATCH_SIZE]
        batch = list(Ticket.objects.filter(pk__in=ids).select_related("unit", "owner").order_by("pk"))
        for evaluation in evaluator.evaluate(batch):
            try:
                _handle(evaluation, now, result)
            except Exception:
                logger.exception("SLA scan failed for request %s", evaluation.ticket.pk)
                result.failed += 1
    return result


def candidate_horizon(evaluator: Evaluator, organisation_ids: list[int], now: dt.datetime) -> dt.datetime:
    """The latest due time that may already need a warning: ``now`` plus the largest warning window, in
    working time on whichever unit's calendar reaches furthest (a Friday evening reaches past the weekend)."""
    window = max((policy.warning_before for group in evaluator.policies.values() for policy in group), default=ZERO)
    units = ServiceUnit.objects.filter(organisation_id__in=organisation_ids)
    calendars = {id(spec): spec for spec in evaluator.calendars_for(units).values()}
    reaches = [add_working_time(now, window, spec) for spec in calendars.values()]
    return max([now + window, *reaches])


def _handle(evaluation: Evaluation, now: dt.datetime, result: ScanResult) -> None:
    ticket, clocks, policy = evaluation.ticket, evaluation.clocks, evaluation.policy_spec
    if evaluation.due_at != ticket.due_at:
        Ticket.objects.filter(pk=ticket.pk).update(due_at=evaluation.due_at)
        ticket.due_at = evaluation.due_at
        result.due_dates_fixed += 1
    if clocks is None or policy is None:
        return
    for clock in clocks.clocks:
        wanted = event_for(clock, policy)
        if wanted is not None:
            _record_and_escalate(evaluation, clock, *wanted, now=now, result=result)


def _record_and_escalate(
    evaluation: Evaluation, clock: Clock, kind: str, level: int, *, now: dt.datetime, result: ScanResult
) -> None:
    ticket = evaluation.ticket
    assert clock.due_at is not None
    data = {"code": ticket.tracking_code, "clock": clock.kind, "kind": kind, "due_at": clock.due_at.isoformat()}
    with transaction.atomic():
        event, created = BreachEvent.objects.get_or_create(
            ticket=ticket,
            clock=clock.kind,
            kind=kind,
            due_at=clock.due_at,
            defaults={
                "unit_id": ticket.unit_id,
                "owner_id": ticket.owner_id,
                "policy": evaluation.policy,
                "detected_at": now,
            },
        )
        if created:
            result.recorded += 1
            action = "sla.breach.upcoming" if kind == BreachKind.UPCOMING else "sla.breach.detected"
            log_action(action, actor=None, obj=ticket, unit=ticket.unit, data=data)
        previous = event.level
        if previous >= level:
            return
        # Claim the levels between what we read and ``level``; a concurrent scan that got there first wins.
        if not BreachEvent.objects.filter(pk=event.pk, level=previous).update(level=level, escalated_at=now):
            return
        result.escalations += 1
        notified: set[int] = set()
        for step in range(previous + 1, level + 1):
            role, people = recipients(ticket, step)
            for person in people:
                if person.pk not in notified:
                    _notify(person, event, ticket, clock, kind, role)
                    notified.add(person.pk)
        result.emails += len(notified)
        log_action(
            "sla.breach.escalated",
            actor=None,
            obj=ticket,
            unit=ticket.unit,
            data={**data, "level": level, "recipients": len(notified)},
        )


def _active_members(unit_ids: list[int], role: str) -> dict[int, list[User]]:
    members: dict[int, list[User]] = {}
    rows = Membership.objects.filter(unit_id__in=unit_ids, role=role, user__is_active=True).select_related("user")
    for membership in rows.order_by("user__full_name", "user_id"):
        members.setdefault(membership.unit_id, []).append(membership.user)
    return members


def supervisors_of(unit: ServiceUnit) -> list[User]:
    return _active_members([unit.pk], Role.SUPERVISOR).get(unit.pk, [])


def leaders_above(unit: ServiceUnit) -> list[User]:
    """The leaders of the unit, or of the nearest unit above it that has any."""
    chain = ancestor_ids(unit)
    leaders = _active_members(chain, Role.LEADER)
    for unit_id in reversed(chain):
        if unit_id in leaders:
            return leaders[unit_id]
    return []


def recipients(ticket: Ticket, level: int) -> tuple[int, list[User]]:
    """Who hears about a level, and as what: the owner; the unit's supervisors; the leaders of the unit or
    above. A level with nobody to tell goes to the next one up."""
    if level == EscalationLevel.OWNER:
        if ticket.owner is not None and ticket.owner.is_active:
            return EscalationLevel.OWNER, [ticket.owner]
        level = EscalationLevel.SUPERVISOR
    if level == EscalationLevel.SUPERVISOR:
        supervisors = supervisors_of(ticket.unit)
        if supervisors:
            return EscalationLevel.SUPERVISOR, supervisors
    return EscalationLevel.LEADER, leaders_above(ticket.unit)


def format_duration(duration: dt.timedelta) -> str:
    """``3 h 05 min`` in the active language."""
    minutes = max(int(duration.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def compose_breach_email(ticket: Ticket, clock: Clock, kind: str, level: int) -> tuple[str, str]:
    """(subject, body) in the active language. Names the request by tracking code only, never by its subject
    or requester, so it is safe for confidential requests. No side effects."""
    assert clock.due_at is not None
    facts = {
        "code": ticket.tracking_code,
        "target": ClockKind(clock.kind).label,
        "unit": ticket.unit.name,
        "due": local_label(clock.due_at, ticket.unit),
    }
    working = clock.mode == ClockMode.WORKING
    if kind == BreachKind.UPCOMING:
        subject = _("[%(code)s] “%(target)s” due soon") % facts
        left = format_duration(clock.remaining or ZERO)
        body = _("Request %(code)s (%(unit)s): the “%(target)s” target is due at %(due)s.") % facts
        body += " " + (
            _("Working time left: %(left)s.") % {"left": left}
            if working
            else _("Time left: %(left)s.") % {"left": left}
        )
    else:
        subject = _("[%(code)s] “%(target)s” target missed") % facts
        late = format_duration(clock.overrun or ZERO)
        body = _("Request %(code)s (%(unit)s) missed its “%(target)s” target, due at %(due)s.") % facts
        body += " " + (
            _("Overdue by %(late)s of working time.") % {"late": late}
            if working
            else _("Overdue by %(late)s.") % {"late": late}
        )
    reason = {
        EscalationLevel.OWNER: _("You receive this as the owner of the request."),
        EscalationLevel.SUPERVISOR: _("You receive this as a supervisor (koordinator) of the unit."),
        EscalationLevel.LEADER: _("You receive this as a leader (pimpinan) of the unit or above it."),
    }[EscalationLevel(level)]
    return subject, f"{body}\n\n{reason}"


def _notify(person: User, event: BreachEvent, ticket: Ticket, clock: Clock, kind: str, level: int) -> None:
    with translation.override(person.language):
        subject, body = compose_breach_email(ticket, clock, kind, level)
    queue_email(
        to_address=person.email,
        to_name=person.full_name,
        language=person.language,
        template=TEMPLATE,
        context={"subject": subject, "body": body, "greeting_name": person.full_name},
        idempotency_key=f"sla.breach.{event.pk}.{person.pk}",
    )
