"""Who may do what with services, standards and charters.

Reading follows unit visibility. Drafting belongs to the people who run a unit (leader, supervisor,
administrator). Approving and publishing a standard, archiving a service and publishing a charter are
acts of the unit's leadership (penetapan oleh pimpinan): a leader of the unit or of a unit above it.
Object-level checks receive a ``Service`` or a ``ServiceUnit``.
"""

from __future__ import annotations

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import has_role
from prima.accounts.rules import can_see_unit, has_any_membership
from prima.standards.models import Service

EDITOR_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
APPROVER_ROLES = frozenset({Role.LEADER})


def _unit_of(target: Service | ServiceUnit | None) -> ServiceUnit | None:
    if isinstance(target, Service):
        return target.unit
    return target


def may_edit_standards(user: User, unit: ServiceUnit) -> bool:
    """Create services and write drafts in ``unit``."""
    return has_role(user, EDITOR_ROLES, unit)


def may_approve_standards(user: User, unit: ServiceUnit) -> bool:
    """Approve and publish standards and charters of ``unit``: a leader of it or of a unit above it."""
    return has_role(user, APPROVER_ROLES, unit)


@rules.predicate
def sees_service(user: User, target: Service | ServiceUnit | None) -> bool:
    return bool(can_see_unit(user, _unit_of(target)))


@rules.predicate
def edits_standards(user: User, target: Service | ServiceUnit | None) -> bool:
    unit = _unit_of(target)
    return unit is not None and may_edit_standards(user, unit)


@rules.predicate
def approves_standards(user: User, target: Service | ServiceUnit | None) -> bool:
    unit = _unit_of(target)
    return unit is not None and may_approve_standards(user, unit)


@rules.predicate
def edits_standards_somewhere(user: User) -> bool:
    return has_role(user, EDITOR_ROLES)


rules.add_perm("standards.view_catalogue", has_any_membership)
rules.add_perm("standards.view_service", sees_service)
rules.add_perm("standards.add_service", edits_standards_somewhere)
rules.add_perm("standards.change_service", sees_service & edits_standards)
rules.add_perm("standards.approve_standard", sees_service & approves_standards)
rules.add_perm("standards.publish_charter", sees_service & approves_standards)
