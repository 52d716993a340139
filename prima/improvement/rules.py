"""Who may do what with quality objectives, the change register, actions and proposed actions.

- Everyone on the staff may look at improvement work of the units they see (``view_improvement``).
- Quality objectives are set by the leadership: a leader or administrator of the unit or of a unit above it; an
  objective of the whole organisation by a leader or administrator of one of its top units.
- Actions and the change register are run by supervisors and leaders (``manage_actions``): they open, assign,
  cancel and verify actions and accept or dismiss proposals.
- The owner of an action records its progress but does not judge its effectiveness.
- Any colleague of a unit may propose an action; a supervisor or leader decides on the proposal.

Object-level checks receive the object itself or its ``ServiceUnit``.
"""

from __future__ import annotations

import rules

from prima.accounts.models import Organisation, Role, ServiceUnit, User
from prima.accounts.queries import has_role, memberships_of
from prima.accounts.rules import can_see_unit, has_any_membership
from prima.improvement.models import Action, ChangeEntry, Objective, ProposedAction, Target

OBJECTIVE_ROLES = frozenset({Role.LEADER, Role.ADMIN})
ACTION_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
STAFF_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.AGENT, Role.TRAINER, Role.MYSTERY_SHOPPER, Role.ADMIN})

Subject = Action | ChangeEntry | Objective | ProposedAction | Target | ServiceUnit | None


def _unit_of(subject: Subject) -> ServiceUnit | None:
    if isinstance(subject, Target):
        return subject.unit or subject.objective.unit
    if isinstance(subject, Action | ChangeEntry | ProposedAction | Objective):
        return subject.unit
    return subject


def may_manage_objectives(user: User, unit: ServiceUnit | None, organisation: Organisation | None = None) -> bool:
    """Set objectives for ``unit`` (its subtree), or for the whole ``organisation`` when ``unit`` is None."""
    if not user.is_authenticated or not user.is_active:
        return False
    if unit is not None:
        return has_role(user, OBJECTIVE_ROLES, unit)
    if user.is_superuser:
        return True
    return any(
        membership.role in OBJECTIVE_ROLES
        and membership.unit.parent_id is None
        and (organisation is None or membership.unit.organisation_id == organisation.pk)
        for membership in memberships_of(user)
    )


def may_manage_actions(user: User, unit: ServiceUnit) -> bool:
    """Open, assign, cancel and verify actions of ``unit``; keep its change register; decide on proposals."""
    return user.is_authenticated and user.is_active and has_role(user, ACTION_ROLES, unit)


def may_record_progress(user: User, action: Action) -> bool:
    return action.owner_id == user.pk or may_manage_actions(user, action.unit)


def may_propose(user: User, unit: ServiceUnit) -> bool:
    return user.is_authenticated and user.is_active and has_role(user, STAFF_ROLES, unit)


@rules.predicate
def sees_subject(user: User, subject: Subject) -> bool:
    if isinstance(subject, Objective):
        from prima.improvement.queries import objectives_visible_to

        return objectives_visible_to(user).filter(pk=subject.pk).exists()
    if isinstance(subject, Action) and subject.owner_id == user.pk:
        return True
    return bool(can_see_unit(user, _unit_of(subject)))


@rules.predicate
def manages_objectives(user: User, subject: Subject) -> bool:
    if subject is None:
        return may_manage_objectives(user, None) or has_role(user, OBJECTIVE_ROLES)
    if isinstance(subject, Objective):
        return may_manage_objectives(user, subject.unit, subject.organisation)
    if isinstance(subject, Target):
        return may_manage_objectives(user, subject.objective.unit, subject.objective.organisation)
    return may_manage_objectives(user, _unit_of(subject))


@rules.predicate
def manages_actions(user: User, subject: Subject) -> bool:
    if subject is None:
        return has_role(user, ACTION_ROLES)
    unit = _unit_of(subject)
    return unit is not None and may_manage_actions(user, unit)


@rules.predicate
def records_progress(user: User, action: Action | None) -> bool:
    return action is not None and may_record_progress(user, action)


@rules.predicate
def proposes(user: User, subject: Subject) -> bool:
    if subject is None:
        return has_role(user, STAFF_ROLES)
    unit = _unit_of(subject)
    return unit is not None and may_propose(user, unit)


rules.add_perm("improvement.view_improvement", has_any_membership)
rules.add_perm("improvement.view_subject", sees_subject)
rules.add_perm("improvement.manage_objectives", manages_objectives)
rules.add_perm("improvement.manage_actions", manages_actions)
rules.add_perm("improvement.manage_changes", manages_actions)
rules.add_perm("improvement.record_progress", records_progress)
rules.add_perm("improvement.verify_action", manages_actions)
rules.add_perm("improvement.propose_action", proposes)
rules.add_perm("improvement.decide_proposal", manages_actions)
