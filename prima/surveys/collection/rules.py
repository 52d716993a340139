"""Who may see and run survey campaigns. A campaign is part of its survey: seeing it follows
``surveys.view_survey`` and running it (create, send, close) follows ``surveys.manage_survey`` (surveys-core's
rules: supervisors, leaders and administrators of the survey's unit or a unit above it)."""

from __future__ import annotations

import rules

from prima.accounts.models import User
from prima.accounts.rules import has_any_membership
from prima.surveys.collection.models import Campaign
from prima.surveys.models import Survey


def _survey_of(target: Campaign | Survey | None) -> Survey | None:
    if isinstance(target, Campaign):
        return target.survey
    return target


@rules.predicate
def sees_campaign(user: User, target: Campaign | Survey | None) -> bool:
    survey = _survey_of(target)
    return survey is not None and user.has_perm("surveys.view_survey", survey)


@rules.predicate
def manages_campaign(user: User, target: Campaign | Survey | None) -> bool:
    survey = _survey_of(target)
    return survey is not None and user.has_perm("surveys.manage_survey", survey)


rules.add_perm("survey_collection.view_campaigns", has_any_membership)
rules.add_perm("survey_collection.view_campaign", sees_campaign)
rules.add_perm("survey_collection.manage_campaign", manages_campaign)
