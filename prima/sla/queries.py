"""Reads: which calendar and policy apply, built once into the pure specs the arithmetic uses.

No side effects. The ``*_for_units``/``*_for_organisations`` variants load everything in a fixed number of
queries, for the breach scan and the bulk refresh.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.sla.calendar import CUTI_BERSAMA, NATIONAL_HOLIDAYS, CalendarSpec, Interval, default_calendar_spec
from prima.sla.choices import ExceptionKind
from prima.sla.clocks import Clocks, MessageFacts, PolicySpec, StatusChangeFacts, TargetSpec, compute_clocks
from prima.sla.models import BusinessCalendar, SlaPolicy
from prima.tickets.choices import Visibility
from prima.tickets.models import StatusChange, Ticket, TicketMessage


def ancestor_ids(unit: ServiceUnit) -> list[int]:
    """The unit's own id last, its root first, from the materialised path ("/3/7/" → [3, 7])."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return ids or [unit.pk]


def build_calendar_spec(calendar: BusinessCalendar | None, time_zone: str) -> CalendarSpec:
    """The spec of ``calendar`` (with ``intervals`` and ``exceptions`` prefetched, or they are queried) read in
    ``time_zone``; the built-in default calendar when ``calendar`` is None."""
    if calendar is None:
        return default_calendar_spec(time_zone)
    weekly: list[list[Interval]] = [[] for _ in range(7)]
    for interval in calendar.intervals.all():
        weekly[interval.weekday].append((interval.start_time, interval.end_time))
    closed: set[dt.date] = set()
    special: dict[dt.date, list[Interval]] = defaultdict(list)
    for exception in calendar.exceptions.all():
        if exception.kind == ExceptionKind.CLOSED:
            closed.add(exception.date)
        elif exception.start_time is not None and exception.end_time is not None:
            special[exception.date].append((exception.start_time, exception.end_time))
    categories = []
    if calendar.observe_national_holidays:
        categories.append(NATIONAL_HOLIDAYS)
    if calendar.observe_cuti_bersama:
        categories.append(CUTI_BERSAMA)
    return CalendarSpec(
        time_zone=time_zone,
        weekly=tuple(tuple(day) for day in weekly),
        closed_dates=frozenset(closed),
        special_hours={day: tuple(hours) for day, hours in special.items()},
        holiday_categories=tuple(categories),
    )


def _pick_calendar(unit: ServiceUnit, calendars: Sequence[BusinessCalendar]) -> BusinessCalendar | None:
    by_unit = {calendar.unit_id: calendar for calendar in calendars if calendar.organisation_id == unit.organisation_id}
    for unit_id in reversed(ancestor_ids(unit)):
        if unit_id in by_unit:
            return by_unit[unit_id]
    return by_unit.get(None)


def calendar_for_unit(unit: ServiceUnit) -> BusinessCalendar | None:
    """The unit's own calendar, else the nearest ancestor's, else the organisation default, else None."""
    candidates = BusinessCalendar.objects.filter(organisation_id=unit.organisation_id).filter(
        Q(unit__isnull=True) | Q(unit_id__in=ancestor_ids(unit))
    )
    return _pick_calendar(unit, list(candidates.prefetch_related("intervals", "exceptions")))


def calendar_spec_for_unit(unit: ServiceUnit) -> CalendarSpec:
    """The compiled calendar timing ``unit``'s requests. One query when this process has compiled the calendar
    before: its id and ``updated_at`` stamp are read, and the spec compiled for that stamp (with its memo of
    each day's hours and the holidays already looked up) is reused; an edit through the services or the admin
    moves the stamp, so the next read compiles it again (three queries)."""
    stamps = list(
        BusinessCalendar.objects.filter(organisation_id=unit.organisation_id)
        .filter(Q(unit__isnull=True) | Q(unit_id__in=ancestor_ids(unit)))
        .values_list("pk", "unit_id", "updated_at")
    )
    by_unit: dict[int | None, tuple[int, dt.datetime]] = {
        unit_id: (pk, updated_at) for pk, unit_id, updated_at in stamps
    }
    chosen = next((by_unit[unit_id] for unit_id in reversed(ancestor_ids(unit)) if unit_id in by_unit), None)
    chosen = chosen or by_unit.get(None)
    if chosen is None:
        return _default_spec(unit.time_zone)
    key = (chosen[0], chosen[1], unit.time_zone)
    spec = _COMPILED.get(key)
    if spec is None:
        calendar = BusinessCalendar.objects.prefetch_related("intervals", "exceptions").filter(pk=chosen[0]).first()
        spec = build_calendar_spec(calendar, unit.time_zone)
        if len(_COMPILED) >= COMPILED_CALENDARS_KEPT:
            _COMPILED.clear()  # stale stamps pile up after edits; starting over is cheap
        _COMPILED[key] = spec
    return spec


# Compiled calendars of this process, by (calendar id, its updated_at stamp, time zone).
_COMPILED: dict[tuple[int, dt.datetime, str], CalendarSpec] = {}
COMPILED_CALENDARS_KEPT = 512


@lru_cache(maxsize=16)
def _default_spec(time_zone: str) -> CalendarSpec:
    return default_calendar_spec(time_zone)


def calendar_specs_for_units(units: Iterable[ServiceUnit]) -> dict[int, CalendarSpec]:
    """{unit id: spec} in two queries; units sharing a calendar and a time zone share one spec object."""
    units = list(units)
    organisation_ids = {unit.organisation_id for unit in units}
    calendars = list(_calendars_queryset_for(organisation_ids))
    specs: dict[tuple[int | None, str], CalendarSpec] = {}
    result = {}
    for unit in units:
        calendar = _pick_calendar(unit, calendars)
        key = (calendar.pk if calendar else None, unit.time_zone)
        if key not in specs:
            specs[key] = build_calendar_spec(calendar, unit.time_zone)
        result[unit.pk] = specs[key]
    return result


def _calendars_queryset_for(organisation_ids: Iterable[int]) -> Iterable[BusinessCalendar]:
    return BusinessCalendar.objects.filter(organisation_id__in=list(organisation_ids)).prefetch_related(
        "intervals", "exceptions"
    )


def units_using_calendar(calendar: BusinessCalendar) -> list[ServiceUnit]:
    """The units whose requests are timed by ``calendar``: its unit and the units below it (or, for an
    organisation default, every unit) that have no nearer calendar of their own."""
    units = ServiceUnit.objects.filter(organisation_id=calendar.organisation_id)
    if calendar.unit is not None:
        units = units.filter(path__startswith=calendar.unit.path)
    calendars = list(_calendars_queryset_for([calendar.organisation_id]))
    return [
        unit for unit in units if (picked := _pick_calendar(unit, calendars)) is not None and picked.pk == calendar.pk
    ]


def policy_spec(policy: SlaPolicy) -> PolicySpec:
    """The policy detached from the database (``targets`` prefetched, or they are queried)."""
    return PolicySpec(
        targets=tuple(
            TargetSpec(target.clock, target.amount, target.time_unit, target.mode, target.starts)
            for target in policy.targets.all()
        ),
        warning_before=policy.warning_before,
        escalate_to_supervisor_after=policy.escalate_to_supervisor_after,
        escalate_to_leader_after=policy.escalate_to_leader_after,
        policy_id=policy.pk,
    )


def policies_for_organisations(organisation_ids: Iterable[int]) -> list[SlaPolicy]:
    """Every policy version of these organisations, targets prefetched. Selection happens in Python."""
    return list(SlaPolicy.objects.filter(organisation_id__in=list(organisation_ids)).prefetch_related("targets"))


def select_policy(
    policies: Iterable[SlaPolicy], *, unit: ServiceUnit, kind: str, priority: str, at: dt.datetime
) -> SlaPolicy | None:
    """The policy governing a request of ``kind``/``priority`` received in ``unit`` at ``at``: effective
    then, in the unit, an ancestor or organisation-wide, and the most specific (kind, then priority, then
    the nearest unit; the highest version breaks a tie). Pure."""
    chain = ancestor_ids(unit)
    best: tuple[tuple[int, int, int, int], SlaPolicy] | None = None
    for policy in policies:
        if policy.organisation_id != unit.organisation_id or not policy.is_effective_at(at):
            continue
        if policy.kind not in ("", kind) or policy.priority not in ("", priority):
            continue
        if policy.unit_id is not None and policy.unit_id not in chain:
            continue
        nearness = 0 if policy.unit_id is None else chain.index(policy.unit_id) + 1
        rank = (int(policy.kind != ""), int(policy.priority != ""), nearness, policy.version)
        if best is None or rank > best[0]:
            best = (rank, policy)
    return best[1] if best else None


def policy_for_ticket(ticket: Ticket) -> SlaPolicy | None:
    """The policy governing ``ticket``: the one effective when it was received."""
    return select_policy(
        policies_for_organisations([ticket.organisation_id]),
        unit=ticket.unit,
        kind=ticket.kind,
        priority=ticket.priority,
        at=ticket.created_at,
    )


def units_governed_by_policy(policy: SlaPolicy) -> list[ServiceUnit]:
    """The units whose requests ``policy`` may govern: its unit's subtree, or the whole organisation."""
    units = ServiceUnit.objects.filter(organisation_id=policy.organisation_id)
    if policy.unit is not None:
        units = units.filter(path__startswith=policy.unit.path)
    return list(units)


def status_changes_by_ticket(ticket_ids: Sequence[int]) -> dict[int, list[StatusChange]]:
    grouped: dict[int, list[StatusChange]] = defaultdict(list)
    rows = StatusChange.objects.filter(ticket_id__in=ticket_ids).only("ticket_id", "to_status", "created_at")
    for change in rows.order_by("created_at", "id"):
        grouped[change.ticket_id].append(change)
    return grouped


def responses_by_ticket(ticket_ids: Sequence[int]) -> dict[int, list[TicketMessage]]:
    """The messages that may count as responses (public, from staff), per request."""
    grouped: dict[int, list[TicketMessage]] = defaultdict(list)
    rows = TicketMessage.objects.filter(ticket_id__in=ticket_ids, visibility=Visibility.PUBLIC, from_public=False)
    for message in rows.only("ticket_id", "visibility", "from_public", "created_at").order_by("created_at", "id"):
        grouped[message.ticket_id].append(message)
    return grouped


def clocks_for_ticket(
    ticket: Ticket,
    *,
    now: dt.datetime | None = None,
    status_changes: Sequence[StatusChangeFacts] | None = None,
    messages: Sequence[MessageFacts] | None = None,
) -> Clocks | None:
    """The request's clocks now (for its detail page and API), or None when no policy governs it."""
    found = clocks_and_calendar_for_ticket(ticket, now=now, status_changes=status_changes, messages=messages)
    return found[0] if found is not None else None


def clocks_and_calendar_for_ticket(
    ticket: Ticket,
    *,
    now: dt.datetime | None = None,
    status_changes: Sequence[StatusChangeFacts] | None = None,
    messages: Sequence[MessageFacts] | None = None,
) -> tuple[Clocks, CalendarSpec] | None:
    """The request's clocks and the calendar they were counted on, or None when no policy governs it.

    A page that has loaded the request's status history and messages anyway passes them (any messages: only
    public staff replies count), so the clocks cost the policy (two queries) and the calendar's stamp (one)."""
    policy = policy_for_ticket(ticket)
    if policy is None:
        return None
    calendar = calendar_spec_for_unit(ticket.unit)
    if status_changes is None:
        status_changes = status_changes_by_ticket([ticket.pk])[ticket.pk]
    if messages is None:
        messages = responses_by_ticket([ticket.pk])[ticket.pk]
    clocks = compute_clocks(ticket, policy_spec(policy), calendar, status_changes, messages, now or timezone.now())
    return clocks, calendar
