"""Clocks for many requests at once, in a fixed number of queries per batch. Reads only; no side effects.

Shared by the bulk refresh of ``Ticket.due_at`` and the breach scan: policies and calendars are loaded once,
each batch of requests costs four queries (status history, staff replies, letter due dates, order promised
dates) plus the calendars of units not seen before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from prima.accounts.models import ServiceUnit
from prima.sla.calendar import CalendarSpec
from prima.sla.clocks import Clocks, PolicySpec, compute_clocks
from prima.sla.models import SlaPolicy
from prima.sla.queries import (
    calendar_specs_for_units,
    policies_for_organisations,
    policy_spec,
    responses_by_ticket,
    select_policy,
    status_changes_by_ticket,
)
from prima.tickets.dates import end_of_day
from prima.tickets.models import LetterDetails, Order, Ticket


@dataclass(frozen=True)
class Evaluation:
    ticket: Ticket
    policy: SlaPolicy | None
    policy_spec: PolicySpec | None
    clocks: Clocks | None
    due_at: dt.datetime | None  # what ``Ticket.due_at`` should be


def external_deadlines(tickets: Sequence[Ticket]) -> dict[int, list[dt.datetime]]:
    """Deadlines a request carries besides its SLA: a letter's reply-by date and an order's promised date,
    each meaning the end of that day in the unit's time zone (as ``prima.tickets`` sets them)."""
    by_id = {ticket.pk: ticket for ticket in tickets}
    found: dict[int, list[dt.datetime]] = {}
    letters = LetterDetails.objects.filter(ticket_id__in=by_id, due_date__isnull=False)
    orders = Order.objects.filter(ticket_id__in=by_id, promised_date__isnull=False)
    for ticket_id, day in [
        *letters.values_list("ticket_id", "due_date"),
        *orders.values_list("ticket_id", "promised_date"),
    ]:
        if day is not None:
            found.setdefault(ticket_id, []).append(end_of_day(day, by_id[ticket_id].unit))
    return found


class Evaluator:
    """Evaluates requests of the given organisations as of ``now``."""

    def __init__(self, organisation_ids: Iterable[int], *, now: dt.datetime) -> None:
        self.now = now
        self.policies: dict[int, list[SlaPolicy]] = {}
        for policy in policies_for_organisations(organisation_ids):
            self.policies.setdefault(policy.organisation_id, []).append(policy)
        self._policy_specs: dict[int, PolicySpec] = {}
        self._calendars: dict[int, CalendarSpec] = {}

    def calendars_for(self, units: Iterable[ServiceUnit]) -> dict[int, CalendarSpec]:
        missing = {unit.pk: unit for unit in units if unit.pk not in self._calendars}
        if missing:
            self._calendars.update(calendar_specs_for_units(missing.values()))
        return self._calendars

    def spec_of(self, policy: SlaPolicy) -> PolicySpec:
        if policy.pk not in self._policy_specs:
            self._policy_specs[policy.pk] = policy_spec(policy)
        return self._policy_specs[policy.pk]

    def evaluate(self, tickets: Sequence[Ticket]) -> list[Evaluation]:
        """``tickets`` with ``unit`` loaded (``select_related("unit")``)."""
        ids = [ticket.pk for ticket in tickets]
        changes = status_changes_by_ticket(ids)
        responses = responses_by_ticket(ids)
        externals = external_deadlines(tickets)
        calendars = self.calendars_for(ticket.unit for ticket in tickets)
        evaluations = []
        for ticket in tickets:
            policy = select_policy(
                self.policies.get(ticket.organisation_id, []),
                unit=ticket.unit,
                kind=ticket.kind,
                priority=ticket.priority,
                at=ticket.created_at,
            )
            spec = self.spec_of(policy) if policy is not None else None
            clocks = None
            if spec is not None:
                clocks = compute_clocks(
                    ticket,
                    spec,
                    calendars[ticket.unit_id],
                    changes.get(ticket.pk, []),
                    responses.get(ticket.pk, []),
                    self.now,
                )
            dues = [*externals.get(ticket.pk, [])]
            if clocks is not None and clocks.next_due_at is not None:
                dues.append(clocks.next_due_at)
            evaluations.append(Evaluation(ticket, policy, spec, clocks, min(dues, default=None)))
        return evaluations
