"""The demo hook: invitations on for one survey, one launched campaign, nothing more on a second run."""

from __future__ import annotations

from prima.factories import OrganisationFactory, ServiceUnitFactory
from prima.surveys.collection.demo import load_demo
from prima.surveys.collection.models import Campaign, CampaignStatus, Invitation
from prima.surveys.models import Survey

from .factories import consenting_customer


def test_load_demo_turns_on_invitations_and_launches_one_campaign(db):
    from prima.core.demo import DEMO_ORGANISATION_NAMES

    organisation = OrganisationFactory(name=DEMO_ORGANISATION_NAMES[0])
    unit = ServiceUnitFactory(organisation=organisation, name="Loket Perizinan")
    consenting_customer(organisation, unit, "ani@contoh.id")

    load_demo(7)
    load_demo(7)

    survey = Survey.objects.get()
    assert survey.invite_after_resolution is True
    campaign = Campaign.objects.get()
    assert (campaign.survey, campaign.status) == (survey, CampaignStatus.ACTIVE)
    assert Invitation.objects.filter(campaign=campaign).count() == 1
