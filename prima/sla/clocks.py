"""SLA clocks derived from a request's history. Pure: no database, no clock, no side effects.

``compute_clocks`` answers, for one request at one instant ``now``, when each target of its policy is
due, whether it was met, and how much time is left or overrun. Everything comes from the arguments (the
status history, the messages, the calendar and the policy as they are now), so editing a calendar or a
policy and computing again re-evaluates an open request correctly.

The rules (what staff are told):

* **What counts as a response**: a PUBLIC message written by staff. An internal note does not; a message
  from the requester does not. (``counts_as_response``)
* **First response** and **follow-up** are met by the first such reply at or after the clock's start;
  **verification** by the complaint's ``verified_at``; **resolution** by the request being resolved or
  closed now (a reopened request's resolution clock runs again, without the time it spent resolved).
* **Pauses**: the resolution and regular-update clocks stop while the request is not in an OPEN status
  (waiting for the customer or a third party, resolved, closed); their due time moves by exactly the time
  they were stopped, measured like the target (working time for working-time targets). Pauses after the
  due time change nothing: a missed target stays missed. Response-type clocks (first response,
  follow-up, verification) never pause: waiting for someone else does not excuse not answering.
* **Regular update**: due ``interval`` after the latest public staff reply (or the clock's start), counted
  only while the request is open.
* A request resolved or closed with a response-type target unmet: breached if the due time had passed,
  otherwise not applicable.
* Events after ``now`` are ignored, so clocks can be computed "as of" any instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from prima.sla.calendar import (
    CalendarSpec,
    add_calendar_days,
    add_working_days,
    add_working_time,
    working_time_between,
)
from prima.sla.choices import ClockKind, ClockMode, ClockState, StartEvent, TimeUnit
from prima.tickets.choices import RequestKind, StatusGroup, Visibility
from prima.tickets.workflow import status_group

ZERO = dt.timedelta(0)
PAUSABLE_CLOCKS = frozenset({ClockKind.RESOLUTION, ClockKind.PERIODIC_UPDATE})
_RESPONSE_CLOCKS = frozenset({ClockKind.FIRST_RESPONSE, ClockKind.FOLLOW_UP})
_TERMINAL_GROUPS = frozenset({StatusGroup.RESOLVED, StatusGroup.CLOSED})
CLOCK_ORDER = tuple(ClockKind.values)


class TicketFacts(Protocol):
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def verified_at(self) -> dt.datetime | None: ...


class StatusChangeFacts(Protocol):
    @property
    def to_status(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...


class MessageFacts(Protocol):
    @property
    def visibility(self) -> str: ...
    @property
    def from_public(self) -> bool: ...
    @property
    def created_at(self) -> dt.datetime: ...


def counts_as_response(message: MessageFacts) -> bool:
    """A public reply by staff. Not an internal note, not a message from the requester."""
    return message.visibility == Visibility.PUBLIC and not message.from_public


@dataclass(frozen=True)
class TargetSpec:
    """One target, e.g. ``TargetSpec(ClockKind.RESOLUTION, 60, TimeUnit.DAYS, ClockMode.CALENDAR)``."""

    clock: str
    amount: int
    time_unit: str
    mode: str = ClockMode.WORKING
    starts: str = StartEvent.RECEIVED

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("A target needs a positive amount.")
        if self.clock not in ClockKind.values or self.time_unit not in TimeUnit.values:
            raise ValueError(f"Unknown target {self.clock!r} in {self.time_unit!r}.")
        if self.mode not in ClockMode.values or self.starts not in StartEvent.values:
            raise ValueError(f"Unknown mode {self.mode!r} or start {self.starts!r}.")

    def due_without_pauses(self, start: dt.datetime, calendar: CalendarSpec) -> dt.datetime:
        if self.mode == ClockMode.WORKING:
            if self.time_unit == TimeUnit.HOURS:
                return add_working_time(start, dt.timedelta(hours=self.amount), calendar)
            return add_working_days(start, self.amount, calendar)
        if self.time_unit == TimeUnit.HOURS:
            return start.astimezone(dt.UTC) + dt.timedelta(hours=self.amount)
        return add_calendar_days(start, self.amount, calendar)

    def measure(self, start: dt.datetime, end: dt.datetime, calendar: CalendarSpec) -> dt.timedelta:
        """Time from ``start`` to ``end`` as this target counts it (signed)."""
        if self.mode == ClockMode.WORKING:
            return working_time_between(start, end, calendar)
        return end - start

    def advance(self, start: dt.datetime, duration: dt.timedelta, calendar: CalendarSpec) -> dt.datetime:
        if self.mode == ClockMode.WORKING:
            return add_working_time(start, duration, calendar)
        return start.astimezone(dt.UTC) + duration


@dataclass(frozen=True)
class PolicySpec:
    """A policy's targets and escalation thresholds, detached from the database."""

    targets: tuple[TargetSpec, ...]
    warning_before: dt.timedelta = dt.timedelta(hours=2)
    escalate_to_supervisor_after: dt.timedelta = dt.timedelta(hours=4)
    escalate_to_leader_after: dt.timedelta = dt.timedelta(hours=14)
    policy_id: int | None = None

    def target(self, clock: str) -> TargetSpec | None:
        return next((target for target in self.targets if target.clock == clock), None)


@dataclass(frozen=True)
class Clock:
    """One clock at one instant. ``remaining``/``overrun``/``paused`` are measured like the target (working
    time for working-time targets); ``running`` says whether the clock is counting now."""

    kind: str
    mode: str
    state: str
    started_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    met_at: dt.datetime | None = None
    remaining: dt.timedelta | None = None
    overrun: dt.timedelta | None = None
    paused: dt.timedelta = ZERO
    running: bool = False

    @property
    def is_open_breach(self) -> bool:
        """Missed and still not met: what the breach scan escalates."""
        return self.state == ClockState.BREACHED and self.met_at is None and self.due_at is not None


@dataclass(frozen=True)
class Clocks:
    clocks: tuple[Clock, ...]

    def get(self, kind: str) -> Clock | None:
        return next((clock for clock in self.clocks if clock.kind == kind), None)

    @property
    def next_due_at(self) -> dt.datetime | None:
        """The earliest due time of a clock that is counting and not met: the request's ``due_at``."""
        dues = [clock.due_at for clock in self.clocks if clock.running and clock.met_at is None and clock.due_at]
        return min(dues, default=None)


@dataclass(frozen=True)
class _History:
    """The request's status groups over time, up to ``now``: [(since, group), …], first at creation."""

    timeline: tuple[tuple[dt.datetime, str], ...]
    terminal_since: dt.datetime | None  # when the current resolved/closed stretch began, if it is one

    @classmethod
    def build(cls, ticket: TicketFacts, changes: Iterable[StatusChangeFacts], now: dt.datetime) -> _History:
        known = sorted((change for change in changes if change.created_at <= now), key=lambda c: c.created_at)
        if not known:
            timeline = [(ticket.created_at, status_group(ticket.status))]
        else:
            timeline = [(ticket.created_at, status_group(known[0].to_status))]
            timeline += [(change.created_at, status_group(change.to_status)) for change in known[1:]]
        terminal_since = None
        for moment, group in reversed(timeline):
            if group not in _TERMINAL_GROUPS:
                break
            terminal_since = moment
        return cls(tuple(timeline), terminal_since)

    def open_segments(
        self, start: dt.datetime, stop: dt.datetime | None
    ) -> list[tuple[dt.datetime, dt.datetime | None]]:
        """Stretches in an OPEN status between ``start`` and ``stop`` (None: the last one may still run)."""
        segments: list[tuple[dt.datetime, dt.datetime | None]] = []
        for index, (since, group) in enumerate(self.timeline):
            if group != StatusGroup.OPEN:
                continue
            until = self.timeline[index + 1][0] if index + 1 < len(self.timeline) else None
            if stop is not None:
                until = stop if until is None else min(until, stop)
            begin = max(since, start)
            if until is None or until > begin:
                segments.append((begin, until))
        return segments


def compute_clocks(
    ticket: TicketFacts,
    policy: PolicySpec,
    calendar: CalendarSpec,
    status_changes: Iterable[StatusChangeFacts],
    messages: Iterable[MessageFacts],
    now: dt.datetime,
) -> Clocks:
    """Every clock of ``policy`` for ``ticket`` as of ``now``. ``messages`` may hold any messages of the
    request: only those that ``counts_as_response`` are used. No side effects."""
    history = _History.build(ticket, status_changes, now)
    replies = sorted(
        message.created_at for message in messages if counts_as_response(message) and message.created_at <= now
    )
    clocks = [
        _clock(target, ticket, history, replies, calendar, now)
        for kind in CLOCK_ORDER
        if (target := policy.target(kind)) is not None
    ]
    return Clocks(tuple(clocks))


def _clock(
    target: TargetSpec,
    ticket: TicketFacts,
    history: _History,
    replies: Sequence[dt.datetime],
    calendar: CalendarSpec,
    now: dt.datetime,
) -> Clock:
    kind = target.clock
    not_applicable = Clock(kind=kind, mode=target.mode, state=ClockState.NOT_APPLICABLE)
    verified_at = ticket.verified_at if ticket.verified_at is not None and ticket.verified_at <= now else None
    if kind == ClockKind.VERIFICATION and ticket.kind != RequestKind.COMPLAINT:
        return not_applicable
    start = ticket.created_at if target.starts == StartEvent.RECEIVED else verified_at
    if start is None:
        return not_applicable  # counted from a verification that has not happened

    met_at: dt.datetime | None = None
    if kind in _RESPONSE_CLOCKS:
        met_at = next((moment for moment in replies if moment >= start), None)
    elif kind == ClockKind.VERIFICATION:
        met_at = verified_at
    elif kind == ClockKind.RESOLUTION:
        met_at = history.terminal_since
    elif kind == ClockKind.PERIODIC_UPDATE:
        start = max([start, *replies])
    budget = target.measure(start, target.due_without_pauses(start, calendar), calendar)
    stop = met_at if met_at is not None else history.terminal_since
    segments = history.open_segments(start, stop) if kind in PAUSABLE_CLOCKS else [(start, stop)]

    due_at, remaining_budget = _walk(target, calendar, segments, budget)
    if due_at is None:
        anchor = stop if stop is not None else now
        paused = target.measure(start, anchor, calendar) - (budget - remaining_budget)
        if met_at is not None:
            due_at = target.advance(met_at, remaining_budget, calendar)
            return Clock(kind, target.mode, ClockState.MET, start, due_at, met_at, paused=paused)
        if stop is not None:
            return Clock(kind, target.mode, ClockState.NOT_APPLICABLE, start, paused=paused)
        return Clock(kind, target.mode, ClockState.PAUSED, start, remaining=remaining_budget, paused=paused)

    paused = target.measure(start, due_at, calendar) - budget
    if met_at is not None:
        if met_at <= due_at:
            return Clock(kind, target.mode, ClockState.MET, start, due_at, met_at, paused=paused)
        overrun = target.measure(due_at, met_at, calendar)
        return Clock(kind, target.mode, ClockState.BREACHED, start, due_at, met_at, overrun=overrun, paused=paused)
    if stop is not None:  # resolved or closed with this target unmet
        if due_at < stop:
            overrun = target.measure(due_at, stop, calendar)
            return Clock(kind, target.mode, ClockState.BREACHED, start, due_at, overrun=overrun, paused=paused)
        return Clock(kind, target.mode, ClockState.NOT_APPLICABLE, start, paused=paused)
    running = segments[-1][1] is None if segments else False
    if now < due_at:
        remaining = target.measure(now, due_at, calendar)
        return Clock(
            kind, target.mode, ClockState.RUNNING, start, due_at, remaining=remaining, paused=paused, running=True
        )
    overrun = target.measure(due_at, now, calendar)
    return Clock(kind, target.mode, ClockState.BREACHED, start, due_at, overrun=overrun, paused=paused, running=running)


def _walk(
    target: TargetSpec,
    calendar: CalendarSpec,
    segments: Sequence[tuple[dt.datetime, dt.datetime | None]],
    budget: dt.timedelta,
) -> tuple[dt.datetime | None, dt.timedelta]:
    """Spend ``budget`` over the running ``segments``. Returns (due time, ZERO) once it runs out, or
    (None, what is left) when the segments end first."""
    left = budget
    for begin, until in segments:
        if until is None:
            return target.advance(begin, left, calendar), ZERO
        length = target.measure(begin, until, calendar)
        if length >= left:
            return target.advance(begin, left, calendar), ZERO
        left -= length
    return None, left
