"""Who holds a request: assigning an owner, adding collaborators, transferring to another unit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Membership, ServiceUnit, User
from prima.tickets import notifications
from prima.tickets.access import SERVING_ROLES, works_in
from prima.tickets.choices import Status
from prima.tickets.models import OwnershipChange, Ticket
from prima.tickets.services._common import field_error, lock_ticket, log_ticket_action, required_text, touch


def assign_ticket(ticket: Ticket, *, owner: User | None, actor: User | None, reason: str = "") -> OwnershipChange:
    """Make ``owner`` responsible for the request (None unassigns it). The owner must be an active member of
    the request's unit in a serving role (agent, supervisor, leader, admin of that very unit).

    Side effects: OwnershipChange; activity ``tickets.ticket.assigned`` or ``tickets.ticket.unassigned``;
    ``notify_assignment`` to the new owner unless they assigned themselves.
    """
    with transaction.atomic():
        lock_ticket(ticket)
        if ticket.merged_into_id is not None:
            raise field_error("owner", _("This request was merged into another; assign that one."), "merged")
        if owner is None and ticket.owner_id is None:
            raise field_error("owner", _("The request has no owner."), "unchanged")
        if owner is not None and owner.pk == ticket.owner_id:
            raise field_error("owner", _("The request is already assigned to %(name)s."), "unchanged", name=str(owner))
        if owner is not None and not works_in(owner, ticket.unit):
            raise field_error(
                "owner",
                _("%(name)s does not work in %(unit)s."),
                "not_in_unit",
                name=str(owner),
                unit=ticket.unit.name,
            )
        previous = ticket.owner
        ticket.owner = owner
        touch(ticket, "owner")
        change = OwnershipChange.objects.create(
            ticket=ticket,
            from_owner=previous,
            to_owner=owner,
            from_unit=ticket.unit,
            to_unit=ticket.unit,
            reason=(reason or "").strip(),
            actor=actor,
        )
        if owner is None:
            log_ticket_action("tickets.ticket.unassigned", ticket, actor=actor, data={"previous": str(previous)})
        else:
            log_ticket_action("tickets.ticket.assigned", ticket, actor=actor, data={"owner": str(owner)})
            notifications.notify_assignment(ticket, change, actor=actor)
    return change


def _organisation_staff(ticket: Ticket, users: Iterable[User]) -> list[User]:
    people = list({user.pk: user for user in users}.values())
    if not people:
        raise field_error("collaborators", _("Choose at least one person."), "required")
    serving = set(
        Membership.objects.filter(
            user__in=people, unit__organisation_id=ticket.organisation_id, role__in=SERVING_ROLES
        ).values_list("user_id", flat=True)
    )
    outsiders = [str(user) for user in people if user.pk not in serving or not user.is_active]
    if outsiders:
        raise field_error(
            "collaborators",
            _("%(names)s cannot work on requests of this organisation."),
            "not_staff",
            names=", ".join(sorted(outsiders)),
        )
    return people


def add_collaborators(ticket: Ticket, *, users: Iterable[User], actor: User | None) -> list[User]:
    """Let more people work on the request alongside its owner (staff of any unit of the organisation, in a
    serving role). The owner and existing collaborators are skipped. Returns who was added.

    Collaborators see and work on the request, but not a confidential requester's identity.
    Side effects: activity ``tickets.ticket.collaborators_added`` when anyone was added.
    """
    people = _organisation_staff(ticket, users)
    with transaction.atomic():
        lock_ticket(ticket)
        existing = set(ticket.collaborators.values_list("pk", flat=True))
        added = [user for user in people if user.pk not in existing and user.pk != ticket.owner_id]
        if added:
            ticket.collaborators.add(*added)
            touch(ticket)
            log_ticket_action(
                "tickets.ticket.collaborators_added",
                ticket,
                actor=actor,
                data={"names": ", ".join(sorted(str(user) for user in added))},
            )
    return added


def remove_collaborators(ticket: Ticket, *, users: Iterable[User], actor: User | None) -> list[User]:
    """Stop people collaborating on the request. Returns who was removed.

    Side effects: activity ``tickets.ticket.collaborators_removed`` when anyone was removed.
    """
    people = list(users)
    with transaction.atomic():
        lock_ticket(ticket)
        existing = set(ticket.collaborators.values_list("pk", flat=True))
        removed = [user for user in people if user.pk in existing]
        if removed:
            ticket.collaborators.remove(*removed)
            touch(ticket)
            log_ticket_action(
                "tickets.ticket.collaborators_removed",
                ticket,
                actor=actor,
                data={"names": ", ".join(sorted(str(user) for user in removed))},
            )
    return removed


def transfer_ticket(ticket: Ticket, *, to_unit: ServiceUnit, reason: str, actor: User | None) -> OwnershipChange:
    """Hand the request to another unit of the organisation ("no wrong door": it goes where it can be handled).

    The reason is required. The owner and collaborators stay only if they work in the new unit; a category of
    the old unit is cleared. Closed requests are not transferred.

    Side effects: OwnershipChange; activity ``tickets.ticket.transferred``; ``notify_transfer``.
    """
    reason = required_text(reason, "reason", _("Say why the request goes to another unit."))
    with transaction.atomic():
        lock_ticket(ticket)
        if to_unit.pk == ticket.unit_id:
            raise field_error("to_unit", _("The request is already with %(unit)s."), "unchanged", unit=to_unit.name)
        if to_unit.organisation_id != ticket.organisation_id or not to_unit.is_active:
            raise field_error("to_unit", _("Choose an active unit of this organisation."), "invalid_unit")
        if ticket.status == Status.CLOSED:
            raise field_error("to_unit", _("A closed request cannot be transferred."), "closed")
        from_unit, from_owner = ticket.unit, ticket.owner
        ticket.unit = to_unit
        if from_owner is not None and not works_in(from_owner, to_unit):
            ticket.owner = None
        if ticket.category is not None and ticket.category.unit_id != to_unit.pk:
            ticket.category = None
        touch(ticket, "unit", "owner", "category")
        leaving = [user for user in ticket.collaborators.all() if not works_in(user, to_unit)]
        if leaving:
            ticket.collaborators.remove(*leaving)
        change = OwnershipChange.objects.create(
            ticket=ticket,
            from_owner=from_owner,
            to_owner=ticket.owner,
            from_unit=from_unit,
            to_unit=to_unit,
            reason=reason,
            actor=actor,
        )
        log_ticket_action(
            "tickets.ticket.transferred",
            ticket,
            actor=actor,
            data={"from_unit": from_unit.name, "to_unit": to_unit.name},
        )
        notifications.notify_transfer(ticket, change)
    return change
