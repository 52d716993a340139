import pytest

from prima.surveys.queries import surveys_visible_to
from prima.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


def test_permissions_on_a_unit_survey(cast, skm):
    assert cast.supervisor.has_perm("surveys.manage_survey", skm)
    assert cast.leader.has_perm("surveys.manage_survey", skm)
    assert cast.admin.has_perm("surveys.manage_survey", skm)
    assert cast.agent_a.has_perm("surveys.view_survey", skm)
    assert cast.agent_a.has_perm("surveys.view_results", skm)
    assert not cast.agent_a.has_perm("surveys.manage_survey", skm)
    assert not cast.agent_b.has_perm("surveys.view_survey", skm)
    assert not cast.agent_b.has_perm("surveys.manage_survey", skm)
    assert cast.agent_b.has_perm("surveys.view_surveys")
    assert not cast.agent_b.has_perm("surveys.add_survey")
    assert cast.supervisor.has_perm("surveys.add_survey")


def test_permissions_on_an_organisation_wide_survey(cast):
    survey = make_survey("csat", organisation=cast.organisation)
    assert cast.leader.has_perm("surveys.manage_survey", survey)
    assert cast.admin.has_perm("surveys.manage_survey", survey)
    assert not cast.supervisor.has_perm("surveys.manage_survey", survey)
    assert cast.agent_b.has_perm("surveys.view_survey", survey)


def test_surveys_visible_to_scopes_by_unit(cast, skm):
    other_unit = make_survey("nps", organisation=cast.organisation, unit=cast.unit_b)
    org_wide = make_survey("csat", organisation=cast.organisation)
    outsider_org = make_survey("csat", organisation=__import__("prima.factories").factories.OrganisationFactory())
    assert set(surveys_visible_to(cast.agent_a)) == {skm, org_wide}
    assert set(surveys_visible_to(cast.leader)) == {skm, other_unit, org_wide}
    assert outsider_org not in surveys_visible_to(cast.leader)
