"""Who may do what in lost-customer analysis. Object-level checks receive a ServiceUnit.

* The figures (active customers, churn, cohorts, reasons) are for every staff role.
* Lists and pages that name customers are for the roles that work with customers (not trainers or mystery
  shoppers alone): the data-protection principle of using personal data only for its purpose (UU No. 27/2022).
* Thresholds and reasons are set by a unit's supervisors, leaders and administrators (leaders and administrators
  also for the units below theirs); they, and the unit's agents, record interviews and win-back attempts.
"""

from __future__ import annotations

import rules

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import has_role
from prima.accounts.rules import has_any_membership, serves_customers

MANAGER_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
INTERVIEWER_ROLES = MANAGER_ROLES | {Role.AGENT}


@rules.predicate
def manages_retention(user: User, unit: ServiceUnit | None = None) -> bool:
    """A supervisor, leader or administrator (of ``unit`` when given, anywhere otherwise)."""
    return has_role(user, MANAGER_ROLES, unit)


@rules.predicate
def interviews_for_unit(user: User, unit: ServiceUnit | None = None) -> bool:
    return has_role(user, INTERVIEWER_ROLES, unit)


rules.add_perm("retention.view_retention", has_any_membership)
rules.add_perm("retention.view_lost_customers", serves_customers)
rules.add_perm("retention.manage_retention", manages_retention)
rules.add_perm("retention.record_interview", serves_customers & interviews_for_unit)
