"""Acting on many requests at once. Only requests the actor manages are touched; the rest are counted as
skipped, whatever the caller passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from prima.accounts.models import User
from prima.tickets.access import managed_unit_ids, works_in
from prima.tickets.choices import Status
from prima.tickets.models import Ticket
from prima.tickets.services._common import lock_ticket
from prima.tickets.services.ownership import assign_ticket
from prima.tickets.services.workflow import check_transition, record_status_change


@dataclass(frozen=True)
class BulkResult:
    changed: int
    skipped: int


def _managed(tickets: Iterable[Ticket] | QuerySet[Ticket], actor: User) -> tuple[list[Ticket], int]:
    ids = {ticket.pk for ticket in tickets}
    # Re-read through the actor's scope: ids from a form or API call are never trusted.
    managed = list(
        Ticket.objects.filter(pk__in=ids, unit_id__in=managed_unit_ids(actor)).select_related("unit").order_by("pk")
    )
    return managed, len(ids)


def bulk_assign(tickets: Iterable[Ticket] | QuerySet[Ticket], *, owner: User, actor: User) -> BulkResult:
    """Assign every request the actor manages (supervisor of its unit, leader or admin above) to ``owner``,
    where the owner works in its unit and does not own it yet. One transaction.

    Side effects: as ``assign_ticket``, once per changed request.
    """
    managed, requested = _managed(tickets, actor)
    changed = 0
    with transaction.atomic():
        for ticket in managed:
            if ticket.owner_id == owner.pk or ticket.merged_into_id is not None or not works_in(owner, ticket.unit):
                continue
            assign_ticket(ticket, owner=owner, actor=actor)
            changed += 1
    return BulkResult(changed=changed, skipped=requested - changed)


def bulk_close(tickets: Iterable[Ticket] | QuerySet[Ticket], *, actor: User, reason: str = "") -> BulkResult:
    """Close every request the actor manages that may be closed now. One transaction.

    Side effects: as ``change_status``, once per changed request.
    """
    managed, requested = _managed(tickets, actor)
    changed = 0
    reason = (reason or "").strip()
    with transaction.atomic():
        for ticket in managed:
            lock_ticket(ticket)
            try:
                check_transition(ticket, Status.CLOSED, reason)
            except ValidationError:
                continue
            record_status_change(ticket, Status.CLOSED, reason=reason, actor=actor)
            changed += 1
    return BulkResult(changed=changed, skipped=requested - changed)
