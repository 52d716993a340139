"""Who may do what, as django-rules predicates. Object-level checks receive a ServiceUnit."""

from __future__ import annotations

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import has_role, memberships_of, visible_unit_ids


@rules.predicate
def is_leader(user: User) -> bool:
    return has_role(user, {Role.LEADER})


@rules.predicate
def is_admin(user: User) -> bool:
    return has_role(user, {Role.ADMIN})


@rules.predicate
def is_supervisor(user: User) -> bool:
    return has_role(user, {Role.SUPERVISOR})


@rules.predicate
def is_agent(user: User) -> bool:
    return has_role(user, {Role.AGENT})


@rules.predicate
def is_trainer(user: User) -> bool:
    return has_role(user, {Role.TRAINER})


@rules.predicate
def is_mystery_shopper(user: User) -> bool:
    return has_role(user, {Role.MYSTERY_SHOPPER})


@rules.predicate
def serves_customers(user: User) -> bool:
    """Roles that work with customers directly (not trainers or mystery shoppers alone)."""
    return has_role(user, {Role.LEADER, Role.SUPERVISOR, Role.AGENT, Role.ADMIN})


@rules.predicate
def can_see_unit(user: User, unit: ServiceUnit | None) -> bool:
    if unit is None:
        return False
    return user.is_superuser or unit.pk in visible_unit_ids(user)


@rules.predicate
def has_any_membership(user: User) -> bool:
    return user.is_superuser or bool(memberships_of(user))


rules.add_perm("accounts.view_unit", can_see_unit)
rules.add_perm("accounts.view_audit_trail", is_leader | is_admin | is_supervisor)
rules.add_perm("accounts.use_prima", has_any_membership)
