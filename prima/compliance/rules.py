"""Who may see compliance figures and run SOP audits.

* ``compliance.view_dashboard``: anyone with a staff role that serves customers (leader, supervisor, agent,
  administrator). What they see is scoped in ``prima.compliance.queries``: managers their units' subtrees,
  agents only their own figures.
* ``compliance.manage_audits``: supervisors, leaders and administrators of a unit or of a unit above it create
  checklists and audits and record and complete them. Without an object: whether they may do so anywhere.
* ``compliance.view_audit``: managers of the audit's unit; the audited person; agents of the unit for its
  completed unit-level audits. Anyone else gets a 404 (the views look audits up through
  ``audits_visible_to``).
"""

from __future__ import annotations

import rules

from prima.accounts.models import ServiceUnit, User
from prima.accounts.queries import has_role
from prima.compliance.models import Audit, Checklist
from prima.compliance.queries import STAFF_ROLES, audit_visible_to, manages_any_unit, may_manage_unit


def _unit_of(target: Audit | Checklist | ServiceUnit | None) -> ServiceUnit | None:
    if isinstance(target, Audit | Checklist):
        return target.unit
    return target


@rules.predicate
def is_staff_member(user: User) -> bool:
    return has_role(user, STAFF_ROLES)


@rules.predicate
def manages_audits(user: User, target: Audit | Checklist | ServiceUnit | None = None) -> bool:
    unit = _unit_of(target)
    if unit is None:
        return manages_any_unit(user)
    return may_manage_unit(user, unit)


@rules.predicate
def sees_audit(user: User, audit: Audit | None) -> bool:
    return audit is not None and audit_visible_to(user, audit)


rules.add_perm("compliance.view_dashboard", is_staff_member)
rules.add_perm("compliance.manage_audits", manages_audits)
rules.add_perm("compliance.view_audit", sees_audit)
