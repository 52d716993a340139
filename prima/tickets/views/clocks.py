"""The service-level clocks of one request as its page shows them: label, state, due time and the time left or
overrun in words ("2 hours 30 minutes left", "1 working day 3 hours overdue").

The clocks come from ``prima.sla.queries.clocks_and_calendar_for_ticket`` (the same the API reports), counted on
the status history and messages the page loads anyway: the panel adds three queries (policy, targets, the
calendar's stamp), whatever the length of the conversation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prima.sla.calendar import CalendarSpec
from prima.sla.choices import ClockKind, ClockMode, ClockState
from prima.sla.clocks import Clock, MessageFacts, StatusChangeFacts
from prima.sla.queries import clocks_and_calendar_for_ticket
from prima.tickets.models import Ticket

CALENDAR_DAY = dt.timedelta(days=1)
MIDNIGHT = dt.time(0)


def usual_working_day(calendar: CalendarSpec) -> dt.timedelta:
    """The length of the calendar's usual working day: the most common length of the weekdays that have
    working hours, the longest on a tie (7 hours for the default Monday-Thursday 08-12, 13-16)."""
    lengths = []
    for day in calendar.weekly:
        length = sum((_length(start, end) for start, end in day), dt.timedelta(0))
        if length > dt.timedelta(0):
            lengths.append(length)
    if not lengths:
        return CALENDAR_DAY
    counts = Counter(lengths)
    return max(counts, key=lambda length: (counts[length], length))


def _length(start: dt.time, end: dt.time) -> dt.timedelta:
    """An interval's length; an end at 00:00 is midnight at the end of the day."""
    begin = dt.timedelta(hours=start.hour, minutes=start.minute, seconds=start.second)
    until = CALENDAR_DAY if end == MIDNIGHT else dt.timedelta(hours=end.hour, minutes=end.minute, seconds=end.second)
    return max(until - begin, dt.timedelta(0))


def duration_in_words(duration: dt.timedelta, *, working_day: dt.timedelta | None = None) -> str:
    """``duration`` in its two largest units, rounded down: "1 calendar day 3 hours", "2 hours 30 minutes".

    With ``working_day`` the duration is working time and days are working days of that length ("1 working
    day 3 hours"); without, days are calendar days of 24 hours. Under a minute is "less than a minute".
    """
    seconds = max(int(duration.total_seconds()), 0)
    day_seconds = max(int((working_day or CALENDAR_DAY).total_seconds()), 60)
    days, rest = divmod(seconds, day_seconds)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts: list[str] = []
    if days:
        if working_day is not None:
            parts.append(ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days})
        else:
            parts.append(ngettext("%(count)d calendar day", "%(count)d calendar days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes and not days:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return " ".join(parts) if parts else _("less than a minute")


@dataclass(frozen=True)
class ClockRow:
    """One clock as the panel shows it. ``time_text`` is the time left or overrun in words, or ""."""

    kind: str
    label: str
    state: str
    state_label: str
    due_at: dt.datetime | None
    met_at: dt.datetime | None
    time_text: str


@dataclass(frozen=True)
class SlaPanel:
    """``applies`` is False when no service-level policy governs the request; ``clocks`` leaves out the
    clocks that do not apply (a verification clock of a request that is not a complaint, …)."""

    applies: bool
    clocks: tuple[ClockRow, ...] = ()


def _time_text(clock: Clock, working_day: dt.timedelta | None) -> str:
    if clock.state in (ClockState.RUNNING, ClockState.PAUSED) and clock.remaining is not None:
        return _("%(duration)s left") % {"duration": duration_in_words(clock.remaining, working_day=working_day)}
    if clock.state == ClockState.BREACHED and clock.overrun is not None:
        words = duration_in_words(clock.overrun, working_day=working_day)
        if clock.met_at is not None:
            return _("met %(duration)s late") % {"duration": words}
        return _("%(duration)s overdue") % {"duration": words}
    return ""


def sla_panel(
    ticket: Ticket,
    *,
    now: dt.datetime | None = None,
    status_changes: Sequence[StatusChangeFacts] | None = None,
    messages: Sequence[MessageFacts] | None = None,
) -> SlaPanel:
    """The request's clocks for its page (``ticket.unit`` should be loaded with it). The page passes the status
    history and messages it shows anyway, so the clocks add only the policy and calendar look-ups."""
    found = clocks_and_calendar_for_ticket(
        ticket, now=now or timezone.now(), status_changes=status_changes, messages=messages
    )
    if found is None:
        return SlaPanel(applies=False)
    clocks, calendar = found
    shown = [clock for clock in clocks.clocks if clock.state != ClockState.NOT_APPLICABLE]
    working_day = None
    if any(clock.mode == ClockMode.WORKING for clock in shown):
        working_day = usual_working_day(calendar)
    rows = tuple(
        ClockRow(
            kind=clock.kind,
            label=str(ClockKind(clock.kind).label),
            state=clock.state,
            state_label=str(ClockState(clock.state).label),
            due_at=clock.due_at,
            met_at=clock.met_at,
            time_text=_time_text(clock, working_day if clock.mode == ClockMode.WORKING else None),
        )
        for clock in shown
    )
    return SlaPanel(applies=True, clocks=rows)
