"""Who may do what with surveys.

Seeing a survey and its results follows unit visibility (an organisation-wide survey: any member of the
organisation). Managing a survey (creating it, editing its questionnaire, opening and closing it, importing paper
answers) belongs to the people who run the unit: a supervisor, leader or administrator of the survey's unit or of a
unit above it; for an organisation-wide survey, a leader or administrator of the organisation's head office (a top
unit). Object-level checks receive a ``Survey``.
"""

from __future__ import annotations

import rules

from prima.accounts.models import Organisation, Role, ServiceUnit, User
from prima.accounts.queries import memberships_of, visible_unit_ids
from prima.accounts.rules import has_any_membership, serves_customers
from prima.surveys.models import Survey

MANAGER_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})
ORGANISATION_ROLES = frozenset({Role.LEADER, Role.ADMIN})


def may_manage_surveys(user: User, organisation: Organisation, unit: ServiceUnit | None) -> bool:
    """May ``user`` create or manage surveys of ``unit`` (or, with ``unit`` None, organisation-wide ones)?"""
    if getattr(user, "is_superuser", False):
        return True
    for membership in memberships_of(user):
        if membership.unit.organisation_id != organisation.pk:
            continue
        if unit is None:
            if membership.role in ORGANISATION_ROLES and membership.unit.parent_id is None:
                return True
        elif membership.role in MANAGER_ROLES and unit.path.startswith(membership.unit.path):
            return True
    return False


def may_see_survey(user: User, survey: Survey) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if survey.unit_id is not None:
        return survey.unit_id in visible_unit_ids(user)
    return any(membership.unit.organisation_id == survey.organisation_id for membership in memberships_of(user))


@rules.predicate
def sees_survey(user: User, survey: Survey | None) -> bool:
    return survey is not None and user.is_authenticated and may_see_survey(user, survey)


@rules.predicate
def manages_survey(user: User, survey: Survey | None) -> bool:
    return survey is not None and user.is_authenticated and may_manage_surveys(user, survey.organisation, survey.unit)


@rules.predicate
def manages_surveys_somewhere(user: User) -> bool:
    return user.is_authenticated and (
        getattr(user, "is_superuser", False)
        or any(membership.role in MANAGER_ROLES for membership in memberships_of(user))
    )


rules.add_perm("surveys.view_surveys", has_any_membership)
rules.add_perm("surveys.view_survey", sees_survey)
rules.add_perm("surveys.view_results", sees_survey)
rules.add_perm("surveys.manage_survey", sees_survey & manages_survey)
rules.add_perm("surveys.add_survey", manages_surveys_somewhere)
# Staff who serve customers record answers on a respondent's behalf (a form filled in at the counter, the API).
rules.add_perm("surveys.record_response", sees_survey & serves_customers)
