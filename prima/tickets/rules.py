"""Who may do what with a request, as django-rules permissions. Object-level checks receive a Ticket (or a
ServiceUnit for the unit's settings). The object rules agree with ``queries.tickets_visible_to``; see
``prima.tickets.access`` for the roles and ``prima.tickets.confidentiality`` for who sees the requester."""

from __future__ import annotations

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import has_role
from prima.accounts.rules import serves_customers
from prima.tickets.access import MANAGING_ROLES, can_view_ticket, manages_unit
from prima.tickets.choices import RequestKind
from prima.tickets.confidentiality import can_see_identity
from prima.tickets.models import Ticket


@rules.predicate
def can_view(user: User, ticket: Ticket | None) -> bool:
    return ticket is not None and can_view_ticket(user, ticket)


@rules.predicate
def manages_ticket_unit(user: User, ticket: Ticket | None) -> bool:
    """Supervisor of the request's unit, or leader/admin of it or a unit above."""
    return ticket is not None and manages_unit(user, ticket.unit)


@rules.predicate
def owns_ticket(user: User, ticket: Ticket | None) -> bool:
    return ticket is not None and user.is_authenticated and ticket.owner_id == user.pk


@rules.predicate
def can_take(user: User, ticket: Ticket | None) -> bool:
    """An agent or supervisor of the unit may take an unassigned request."""
    return ticket is not None and ticket.owner_id is None and has_role(user, {Role.AGENT, Role.SUPERVISOR}, ticket.unit)


@rules.predicate
def is_complaint(user: User, ticket: Ticket | None) -> bool:
    return ticket is not None and ticket.kind == RequestKind.COMPLAINT


@rules.predicate
def manages_any_unit(user: User) -> bool:
    return has_role(user, MANAGING_ROLES)


@rules.predicate
def may_see_identity(user: User, ticket: Ticket | None) -> bool:
    return ticket is not None and can_see_identity(user, ticket)


@rules.predicate
def manages_this_unit(user: User, unit: ServiceUnit | None) -> bool:
    return unit is not None and manages_unit(user, unit)


rules.add_perm("tickets.view_inbox", serves_customers)
rules.add_perm("tickets.view_ticket", can_view)
# Everyone who may see a request works on it: reply, add notes, change status, book, update orders.
rules.add_perm("tickets.change_ticket", can_view)
rules.add_perm("tickets.take_ticket", can_take)
rules.add_perm("tickets.assign_ticket", manages_ticket_unit)
rules.add_perm("tickets.transfer_ticket", manages_ticket_unit | (can_view & owns_ticket))
rules.add_perm("tickets.bulk_update_tickets", manages_any_unit)
rules.add_perm("tickets.verify_complaint", manages_ticket_unit & is_complaint)
rules.add_perm("tickets.merge_ticket", manages_ticket_unit)
rules.add_perm("tickets.view_requester_identity", may_see_identity)
rules.add_perm("tickets.manage_unit_settings", manages_this_unit)
