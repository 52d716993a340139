"""Who works on requests where. The single source for rules, scoped queries and the confidentiality check.

* Serving roles (agent, supervisor, leader, admin) work on requests; trainers and mystery shoppers do not see
  them at all, even in their own unit.
* Agents and supervisors work in the units they are members of; leaders and admins in the whole subtree below
  their unit (as ``prima.accounts.queries`` defines).
* Managing roles (supervisor of the unit, leader or admin above it) assign, merge, verify and act in bulk.
* A collaborator added to a request may see and work on that request, whatever their unit.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from prima.accounts.models import Membership, Role, ServiceUnit, User
from prima.accounts.queries import SUBTREE_ROLES, has_role, memberships_of
from prima.tickets.models import Ticket

SERVING_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.LEADER, Role.ADMIN})
MANAGING_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})


def _unit_ids_for(user: User | AnonymousUser, roles: frozenset[str], cache_name: str) -> list[int]:
    if not user.is_authenticated:
        return []
    cached: list[int] | None = getattr(user, cache_name, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        ids = list(ServiceUnit.objects.values_list("pk", flat=True))
    else:
        condition = Q(pk__in=[])
        for membership in memberships_of(user):
            if membership.role not in roles:
                continue
            if membership.role in SUBTREE_ROLES:
                condition |= Q(path__startswith=membership.unit.path)
            else:
                condition |= Q(pk=membership.unit_id)
        ids = list(ServiceUnit.objects.filter(condition, is_active=True).values_list("pk", flat=True))
    setattr(user, cache_name, ids)
    return ids


def serving_unit_ids(user: User | AnonymousUser) -> list[int]:
    """Units whose requests the user works on; cached on the user object for the request."""
    return _unit_ids_for(user, SERVING_ROLES, "_prima_ticket_unit_ids")


def managed_unit_ids(user: User | AnonymousUser) -> list[int]:
    """Units the user manages (supervises directly, or leads/administers from above); cached like the above."""
    return _unit_ids_for(user, MANAGING_ROLES, "_prima_ticket_managed_unit_ids")


def serves_unit(user: User | AnonymousUser, unit: ServiceUnit) -> bool:
    return has_role(user, SERVING_ROLES, unit)


def manages_unit(user: User | AnonymousUser, unit: ServiceUnit) -> bool:
    return has_role(user, MANAGING_ROLES, unit)


def works_in(user: User, unit: ServiceUnit) -> bool:
    """Whether the user is an active member of the unit itself, in a serving role: who may own its requests."""
    return user.is_active and Membership.objects.filter(user=user, unit=unit, role__in=SERVING_ROLES).exists()


def is_collaborator(user: User | AnonymousUser, ticket: Ticket) -> bool:
    """Uses the prefetched collaborators when the list query fetched them, else one query."""
    if not user.is_authenticated:
        return False
    return any(collaborator.pk == user.pk for collaborator in ticket.collaborators.all())


def can_view_ticket(user: User | AnonymousUser, ticket: Ticket) -> bool:
    """The object-level twin of ``queries.tickets_visible_to``; the two must always agree."""
    if not user.is_authenticated:
        return False
    return serves_unit(user, ticket.unit) or is_collaborator(user, ticket)
