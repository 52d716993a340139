"""Who may do what with plans, ideas and reviews.

* Taking part (reading a unit's plans, proposing, commenting, voting, acknowledging) belongs to every staff member
  of the unit or of a unit below it — whatever their role — and to those who see the unit from above.
* Managing a plan (create, add items, accept or decline ideas, publish, raise a call for proposals) belongs to a
  leader or supervisor of the plan's unit or of a unit above it.
* Running a management review (open, refresh, minutes, decisions, recognition, close) belongs to a leader of the
  unit or of a unit above it.

Object-level checks receive a ``ServiceUnit`` or anything with a ``unit`` attribute (plan, idea, call, review).
"""

from __future__ import annotations

from typing import Any

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import memberships_of
from prima.accounts.rules import has_any_membership
from prima.plans.queries import participation_unit_ids

MANAGER_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR})
REVIEW_ROLES = frozenset({Role.LEADER})


def _unit_of(target: Any) -> ServiceUnit | None:
    if isinstance(target, ServiceUnit):
        return target
    return getattr(target, "unit", None)


def holds_role_over(user: User, roles: frozenset[str], unit: ServiceUnit | None) -> bool:
    """Whether ``user`` holds one of ``roles`` in ``unit`` or in a unit above it (anywhere, when ``unit`` is None)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for membership in memberships_of(user):
        if membership.role not in roles:
            continue
        if unit is None or unit.path.startswith(membership.unit.path):
            return True
    return False


def may_manage_plans(user: User, unit: ServiceUnit | None) -> bool:
    return holds_role_over(user, MANAGER_ROLES, unit)


def may_run_reviews(user: User, unit: ServiceUnit | None) -> bool:
    return holds_role_over(user, REVIEW_ROLES, unit)


@rules.predicate
def takes_part(user: User, target: Any = None) -> bool:
    unit = _unit_of(target)
    if unit is None:
        return bool(has_any_membership(user))
    return user.is_superuser or unit.pk in participation_unit_ids(user)


@rules.predicate
def manages_plans(user: User, target: Any = None) -> bool:
    return may_manage_plans(user, _unit_of(target))


@rules.predicate
def runs_reviews(user: User, target: Any = None) -> bool:
    return may_run_reviews(user, _unit_of(target))


rules.add_perm("plans.view_plans", has_any_membership)
rules.add_perm("plans.take_part", takes_part)
rules.add_perm("plans.manage_plans", takes_part & manages_plans)
rules.add_perm("plans.run_reviews", takes_part & runs_reviews)
