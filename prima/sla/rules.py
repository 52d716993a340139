"""Who may see and change service-level settings: the people who run a unit (supervisor, leader,
administrator; leaders and administrators also for the units below theirs). Object-level checks receive a
``ServiceUnit``."""

from __future__ import annotations

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import has_role

SLA_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})


def may_manage_unit_sla(user: User, unit: ServiceUnit) -> bool:
    """Edit ``unit``'s business calendar and SLA policies."""
    return has_role(user, SLA_ROLES, unit)


@rules.predicate
def manages_sla(user: User, unit: ServiceUnit | None = None) -> bool:
    """Without a unit: runs some unit (may open the SLA pages); with one: runs that unit."""
    if unit is None:
        return has_role(user, SLA_ROLES)
    return may_manage_unit_sla(user, unit)


@rules.predicate
def manages_unit_sla(user: User, unit: ServiceUnit | None) -> bool:
    return unit is not None and may_manage_unit_sla(user, unit)


rules.add_perm("sla.view_sla", manages_sla)
rules.add_perm("sla.manage_unit_sla", manages_unit_sla)
