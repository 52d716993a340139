"""The breach scan: find requests whose targets are due soon or missed, record each event once, and
escalate it up the chain owner → unit supervisors → leaders of the unit or above, by e-mail.

Exactly once, even when two scans run at the same time:

* an event is one row per (request, target, upcoming/breached, due time), guarded by a unique constraint;
* the writes of a batch happen in one transaction that scans take in turn (SQLite: ``BEGIN IMMEDIATE``
  serialises writers; PostgreSQL: a transaction-level advisory lock), so what a batch reads (the events and
  levels already there) is still true when it writes;
* escalating claims the next levels with conditional UPDATEs (``level`` from what this scan read to the new
  level), so only one scan notifies a level;
* every e-mail carries the idempotency key ``sla.breach.<event>.<recipient>``: one e-mail per person and
  event, whatever happens.

Batched: per batch of SCAN_BATCH_SIZE candidates, a fixed number of statements (the requests, their history,
the stale due dates in one UPDATE, the events already recorded, the new events, the level claims per
(from, to) pair, the recipients, the activity entries and the outbox e-mails in bulk, one send task), not a
number per candidate. Should a batch's bulk write fail, it is redone request by request (``_record_and_escalate``).

Candidates are found in SQL: open or paused requests whose ``due_at`` is at most the warning horizon
(the largest warning window of any policy, in working time on the most generous calendar). Precise clocks
are computed only for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.accounts.models import Membership, Role, ServiceUnit, User
from prima.activity.models import ActivityLog
from prima.activity.services import build_log_entry, log_action
from prima.notify.services import PlannedEmail, queue_email
from prima.sla.calendar import add_working_time
from prima.sla.choices import BreachKind, ClockKind, ClockMode, ClockState, EscalationLevel
from prima.sla.clocks import Clock, PolicySpec
from prima.sla.evaluation import Evaluation, Evaluator
from prima.sla.models import BreachEvent, SlaPolicy
from prima.sla.outbox import queue_emails_in_bulk
from prima.sla.queries import ancestor_ids
from prima.tickets.dates import local_label
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES

logger = logging.getLogger(__name__)

SCAN_BATCH_SIZE = 500
# The PostgreSQL advisory lock that makes concurrent scans write their batches in turn ("SLA" in ASCII).
SCAN_LOCK_KEY = 0x534C41
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
    people = _People()
    for start in range(0, len(candidate_ids), SCAN_BATCH_SIZE):
        ids = candidate_ids[start : start + SCAN_BATCH_SIZE]
        batch = list(Ticket.objects.filter(pk__in=ids).select_related("unit", "owner").order_by("pk"))
        _scan_batch(evaluator.evaluate(batch), now, result, people)
    return result


@dataclass(frozen=True)
class _Wanted:
    """An event a clock calls for now."""

    evaluation: Evaluation
    clock: Clock
    kind: str
    level: int

    @property
    def key(self) -> tuple[int, str, str, dt.datetime]:
        assert self.clock.due_at is not None
        return (self.evaluation.ticket.pk, self.clock.kind, self.kind, self.clock.due_at)


def _scan_batch(evaluations: list[Evaluation], now: dt.datetime, result: ScanResult, people: _People) -> None:
    """Fix stale due dates, then record and escalate what the batch's clocks call for, in bulk."""
    stale = [evaluation for evaluation in evaluations if evaluation.due_at != evaluation.ticket.due_at]
    for evaluation in stale:
        evaluation.ticket.due_at = evaluation.due_at
    if stale:
        Ticket.objects.bulk_update([evaluation.ticket for evaluation in stale], ["due_at"])
        result.due_dates_fixed += len(stale)
    wanted: list[_Wanted] = []
    for evaluation in evaluations:
        try:
            wanted.extend(_wanted_events(evaluation))
        except Exception:
            logger.exception("SLA scan failed for request %s", evaluation.ticket.pk)
            result.failed += 1
    if not wanted:
        return
    try:
        with transaction.atomic():
            _take_the_scan_lock()
            _record_and_escalate_in_bulk(wanted, now, result, people)
    except Exception:
        logger.exception("SLA scan: bulk recording failed; recording the batch request by request")
        for item in wanted:
            try:
                _record_and_escalate(item.evaluation, item.clock, item.kind, item.level, now=now, result=result)
            except Exception:
                logger.exception("SLA scan failed for request %s", item.evaluation.ticket.pk)
                result.failed += 1


def _wanted_events(evaluation: Evaluation) -> list[_Wanted]:
    clocks, policy = evaluation.clocks, evaluation.policy_spec
    if clocks is None or policy is None:
        return []
    return [
        _Wanted(evaluation, clock, *wanted)
        for clock in clocks.clocks
        if (wanted := event_for(clock, policy)) is not None
    ]


def _take_the_scan_lock() -> None:
    """Concurrent scans write their batches one after the other (SQLite's writers already queue)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCAN_LOCK_KEY])


def _event_data(item: _Wanted) -> dict[str, str]:
    assert item.clock.due_at is not None
    return {
        "code": item.evaluation.ticket.tracking_code,
        "clock": item.clock.kind,
        "kind": item.kind,
        "due_at": item.clock.due_at.isoformat(),
    }


def _record_and_escalate_in_bulk(wanted: list[_Wanted], now: dt.datetime, result: ScanResult, people: _People) -> None:
    """The batch's events: insert the new ones, claim the levels to raise, tell the people, log it all.
    Runs inside the batch's transaction, after ``_take_the_scan_lock``."""
    ticket_ids = {item.evaluation.ticket.pk for item in wanted}
    existing = {
        (event.ticket_id, event.clock, event.kind, event.due_at): event
        for event in BreachEvent.objects.filter(ticket_id__in=ticket_ids).order_by()
    }
    entries: list[ActivityLog] = []
    new_events: list[BreachEvent] = []
    for item in wanted:
        if item.key in existing:
            continue
        ticket = item.evaluation.ticket
        due_at = item.clock.due_at
        assert due_at is not None  # event_for wants only clocks with a due time
        event = BreachEvent(
            ticket=ticket,
            clock=item.clock.kind,
            kind=item.kind,
            due_at=due_at,
            unit_id=ticket.unit_id,
            owner_id=ticket.owner_id,
            policy=item.evaluation.policy,
            detected_at=now,
        )
        existing[item.key] = event
        new_events.append(event)
        action = "sla.breach.upcoming" if item.kind == BreachKind.UPCOMING else "sla.breach.detected"
        entries.append(build_log_entry(action, actor=None, obj=ticket, unit=ticket.unit, data=_event_data(item)))
    if new_events:
        BreachEvent.objects.bulk_create(new_events)
        if any(event.pk is None for event in new_events):  # a database that returns no ids from a bulk insert
            _load_ids(new_events)
        result.recorded += len(new_events)

    raising = [(item, existing[item.key]) for item in wanted if existing[item.key].level < item.level]
    claims: dict[tuple[int, int], list[int]] = {}
    for item, event in raising:
        claims.setdefault((event.level, item.level), []).append(event.pk)
    for (previous, level), event_ids in claims.items():
        # In turn with other scans, so every row still has the level read above; checked anyway.
        claimed = BreachEvent.objects.filter(pk__in=event_ids, level=previous).update(level=level, escalated_at=now)
        if claimed != len(event_ids):
            raise RuntimeError("Breach levels changed under the scan's lock.")

    people.load({item.evaluation.ticket.unit for item, _event in raising})
    emails: list[PlannedEmail] = []
    for item, event in raising:
        ticket = item.evaluation.ticket
        notified: dict[int, tuple[User, int]] = {}
        for step in range(event.level + 1, item.level + 1):
            role, recipients_of_step = people.recipients(ticket, step)
            for person in recipients_of_step:
                notified.setdefault(person.pk, (person, role))
        for person, role in notified.values():
            emails.append(_planned_email(person, event, ticket, item.clock, item.kind, role))
        result.escalations += 1
        result.emails += len(notified)
        data = {**_event_data(item), "level": item.level, "recipients": len(notified)}
        entries.append(build_log_entry("sla.breach.escalated", actor=None, obj=ticket, unit=ticket.unit, data=data))
        event.level = item.level
        event.escalated_at = now
    if entries:
        ActivityLog.objects.bulk_create(entries)
    queue_emails_in_bulk(emails)


def _load_ids(events: list[BreachEvent]) -> None:
    keys = {(event.ticket_id, event.clock, event.kind, event.due_at): event for event in events}
    rows = BreachEvent.objects.filter(ticket_id__in={event.ticket_id for event in events}).order_by()
    for pk, ticket_id, clock, kind, due_at in rows.values_list("pk", "ticket_id", "clock", "kind", "due_at"):
        if (ticket_id, clock, kind, due_at) in keys:
            keys[(ticket_id, clock, kind, due_at)].pk = pk


def _planned_email(
    person: User, event: BreachEvent, ticket: Ticket, clock: Clock, kind: str, level: int
) -> PlannedEmail:
    with translation.override(person.language):
        subject, body = compose_breach_email(ticket, clock, kind, level)
    return PlannedEmail(
        to_address=person.email,
        to_name=person.full_name,
        language=person.language,
        template=TEMPLATE,
        context={"subject": subject, "body": body, "greeting_name": person.full_name},
        idempotency_key=f"sla.breach.{event.pk}.{person.pk}",
    )


class _People:
    """The supervisors and leaders of the units a scan escalates in, loaded once per scan (one query for the
    units not seen yet), so recipients cost no query per request."""

    def __init__(self) -> None:
        self.members: dict[tuple[int, str], list[User]] = {}
        self.loaded: set[int] = set()

    def load(self, units: set[ServiceUnit]) -> None:
        wanted = {unit_id for unit in units for unit_id in ancestor_ids(unit)} - self.loaded
        if not wanted:
            return
        rows = Membership.objects.filter(
            unit_id__in=wanted, role__in=[Role.SUPERVISOR, Role.LEADER], user__is_active=True
        ).select_related("user")
        for membership in rows.order_by("user__full_name", "user_id"):
            self.members.setdefault((membership.unit_id, membership.role), []).append(membership.user)
        self.loaded |= wanted

    def recipients(self, ticket: Ticket, level: int) -> tuple[int, list[User]]:
        """As ``recipients``, from what ``load`` read."""
        if level == EscalationLevel.OWNER:
            if ticket.owner is not None and ticket.owner.is_active:
                return EscalationLevel.OWNER, [ticket.owner]
            level = EscalationLevel.SUPERVISOR
        if level == EscalationLevel.SUPERVISOR:
            supervisors = self.members.get((ticket.unit_id, Role.SUPERVISOR), [])
            if supervisors:
                return EscalationLevel.SUPERVISOR, supervisors
        for unit_id in reversed(ancestor_ids(ticket.unit)):
            leaders = self.members.get((unit_id, Role.LEADER))
            if leaders:
                return EscalationLevel.LEADER, leaders
        return EscalationLevel.LEADER, []


def candidate_horizon(evaluator: Evaluator, organisation_ids: list[int], now: dt.datetime) -> dt.datetime:
    """The latest due time that may already need a warning: ``now`` plus the largest warning window, in
    working time on whichever unit's calendar reaches furthest (a Friday evening reaches past the weekend)."""
    window = max((policy.warning_before for group in evaluator.policies.values() for policy in group), default=ZERO)
    units = ServiceUnit.objects.filter(organisation_id__in=organisation_ids)
    calendars = {id(spec): spec for spec in evaluator.calendars_for(units).values()}
    reaches = [add_working_time(now, window, spec) for spec in calendars.values()]
    return max([now + window, *reaches])


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
