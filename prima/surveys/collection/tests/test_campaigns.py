"""Campaigns: recipients, invitations, reminders, closing, progress, and the staff pages."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import client_for
from prima.notify.models import OutboundEmail
from prima.surveys.collection.models import Campaign, CampaignStatus, InvalidationReason, Invitation, InvitationReminder
from prima.surveys.collection.services import (
    campaign_progress,
    close_campaign,
    create_campaign,
    invitation_by_token,
    launch_campaign,
    send_campaign_reminders,
)
from prima.surveys.tests.factories import respond

from .factories import SKM_ANSWERS, consenting_customer, make_survey, with_token

TODAY = dt.date.today()


def _campaign(survey, actor=None, **overrides) -> Campaign:
    values = {
        "name": "SKM Semester I",
        "period_start": TODAY - timedelta(days=10),
        "period_end": TODAY + timedelta(days=60),
        "population_size": 1000,
        "actor": actor,
    }
    values.update(overrides)
    return create_campaign(survey, **values)


def test_target_sample_defaults_to_krejcie_morgan(skm):
    assert _campaign(skm).target_sample == 278  # Krejcie & Morgan (1970): N = 1,000 → n = 278


def test_a_target_sample_above_the_population_is_refused(skm):
    with pytest.raises(ValidationError) as raised:
        _campaign(skm, population_size=100, target_sample=101)

    assert list(raised.value.error_dict) == ["target_sample"]


def test_launch_invites_customers_of_the_unit_with_email_and_survey_consent(cast, skm):
    invited = consenting_customer(cast.organisation, cast.unit_a, "ani@contoh.id")
    consenting_customer(cast.organisation, cast.unit_a, "tanpa.izin@contoh.id", consent=False, name="Tanpa izin")
    consenting_customer(cast.organisation, cast.unit_a, None, name="Tanpa e-mail")
    consenting_customer(cast.organisation, cast.unit_b, "unit.b@contoh.id", name="Unit B")
    campaign = _campaign(skm)

    sent = launch_campaign(campaign, actor=cast.supervisor)

    assert sent == 1
    invitation = Invitation.objects.get()
    assert (invitation.campaign, invitation.customer, invitation.email) == (campaign, invited, "ani@contoh.id")
    assert OutboundEmail.objects.get(idempotency_key=f"survey-invitation-{invitation.pk}").to_address == "ani@contoh.id"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE


def test_launching_twice_is_refused(cast, skm):
    consenting_customer(cast.organisation, cast.unit_a, "ani@contoh.id")
    campaign = _campaign(skm)
    launch_campaign(campaign, actor=None)

    with pytest.raises(ValidationError):
        launch_campaign(campaign, actor=None)

    assert Invitation.objects.count() == 1


@pytest.fixture
def launched(cast, skm) -> Campaign:
    consenting_customer(cast.organisation, cast.unit_a, "ani@contoh.id")
    consenting_customer(cast.organisation, cast.unit_a, "budi@contoh.id", name="Budi")
    campaign = _campaign(skm, reminder_after_days=7, max_reminders=2)
    launch_campaign(campaign, actor=None)
    return campaign


def _reminder_emails():
    return OutboundEmail.objects.filter(idempotency_key__contains="-reminder-")


def test_no_reminder_before_its_days(launched):
    assert send_campaign_reminders(now=timezone.now() + timedelta(days=6)) == 0


def test_reminders_are_sent_once_per_round_and_running_twice_sends_nothing_more(launched):
    later = timezone.now() + timedelta(days=7, minutes=1)

    first = send_campaign_reminders(now=later)
    second = send_campaign_reminders(now=later)

    assert (first, second) == (2, 0)
    assert _reminder_emails().count() == 2
    assert list(Invitation.objects.values_list("reminders_sent", flat=True)) == [1, 1]


def test_never_more_than_max_reminders(launched):
    start = timezone.now()
    counts = [send_campaign_reminders(now=start + timedelta(days=7 * round_ + 1)) for round_ in range(1, 5)]

    assert counts == [2, 2, 0, 0]
    assert InvitationReminder.objects.count() == 4


def test_answered_invitations_get_no_reminder(launched, public_client):
    invitation = Invitation.objects.order_by("pk").first()
    token = with_token(invitation)
    public_client.post(
        reverse("surveys_public:invitation", args=[token]), {f"q-{k}": v for k, v in SKM_ANSWERS.items()}
    )

    assert send_campaign_reminders(now=timezone.now() + timedelta(days=8)) == 1


def test_a_reminder_link_opens_the_same_invitation(launched):
    send_campaign_reminders(now=timezone.now() + timedelta(days=8))
    email = _reminder_emails().order_by("pk").first()
    token = email.body_text.split("/public/surveys/i/")[1].split("/")[0]

    found = invitation_by_token(token)

    assert found is not None and email.idempotency_key == f"survey-invitation-{found.pk}-reminder-1"


def test_closing_invalidates_unused_links_and_stops_reminders(launched):
    close_campaign(launched, actor=None)

    assert set(Invitation.objects.values_list("invalidation_reason", flat=True)) == {InvalidationReason.CAMPAIGN_CLOSED}
    assert send_campaign_reminders(now=timezone.now() + timedelta(days=8)) == 0


def test_progress_counts_invitations_answers_and_responses_in_the_period(launched, public_client, skm):
    token = with_token(Invitation.objects.order_by("pk").first())
    public_client.post(
        reverse("surveys_public:invitation", args=[token]), {f"q-{k}": v for k, v in SKM_ANSWERS.items()}
    )
    respond(skm, SKM_ANSWERS)  # another channel, in the period
    respond(skm, SKM_ANSWERS, submitted_at=timezone.now() - timedelta(days=30))  # before the period

    progress = campaign_progress(launched)

    assert (progress.invitations, progress.answered, progress.responses_in_period, progress.target_sample) == (
        2,
        1,
        2,
        278,
    )
    assert (progress.answer_percent, progress.target_percent) == (50, 1)


# Staff pages ---------------------------------------------------------------------------------------------------


def test_list_shows_campaigns_of_visible_units_only(cast, skm):
    _campaign(skm, name="Kampanye A")
    other = make_survey(organisation=cast.organisation, unit=cast.unit_b, name="SKM B")
    _campaign(other, name="Kampanye B")

    html = client_for(cast.agent_a).get(reverse("survey_collection:list")).content.decode()

    assert "Kampanye A" in html and "Kampanye B" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_bounded(cast, skm, count, django_assert_max_num_queries):
    for number in range(count):
        _campaign(skm, name=f"Kampanye {number}")
    client = client_for(cast.supervisor)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("survey_collection:list"))

    assert page.status_code == 200


def test_detail_of_another_units_campaign_is_404(cast, skm):
    campaign = _campaign(skm)

    assert client_for(cast.agent_b).get(reverse("survey_collection:detail", args=[campaign.pk])).status_code == 404


def test_an_agent_sees_the_campaign_but_may_not_send_it(cast, skm):
    campaign = _campaign(skm)
    client = client_for(cast.agent_a)

    detail = client.get(reverse("survey_collection:detail", args=[campaign.pk]))
    launch = client.post(reverse("survey_collection:launch", args=[campaign.pk]))

    assert (detail.status_code, launch.status_code) == (200, 403)
    assert "Send invitations" not in detail.content.decode()


def test_a_supervisor_creates_and_sends_a_campaign(cast, skm):
    consenting_customer(cast.organisation, cast.unit_a, "ani@contoh.id")
    client = client_for(cast.supervisor)

    created = client.post(
        reverse("survey_collection:create"),
        {
            "survey": skm.pk,
            "name": "SKM Semester II",
            "period_start": TODAY.isoformat(),
            "period_end": (TODAY + timedelta(days=30)).isoformat(),
            "population_size": 100,
            "reminder_after_days": 7,
            "max_reminders": 2,
        },
    )
    campaign = Campaign.objects.get()
    sent = client.post(reverse("survey_collection:launch", args=[campaign.pk]))

    assert created["Location"] == reverse("survey_collection:detail", args=[campaign.pk])
    assert campaign.target_sample == 80  # Krejcie-Morgan for 100
    assert sent.status_code == 302
    assert Invitation.objects.filter(campaign=campaign).count() == 1
    detail = client.get(reverse("survey_collection:detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="invitations">1<' in detail


def test_create_with_a_bad_period_shows_the_error(cast, skm):
    page = client_for(cast.supervisor).post(
        reverse("survey_collection:create"),
        {
            "survey": skm.pk,
            "name": "Salah",
            "period_start": TODAY.isoformat(),
            "period_end": (TODAY - timedelta(days=1)).isoformat(),
            "population_size": 100,
            "reminder_after_days": 7,
            "max_reminders": 2,
        },
    )

    assert page.status_code == 400
    with translation.override("id"):  # the supervisor reads Indonesian
        assert gettext("The period cannot end before it starts.") in page.content.decode()
    assert Campaign.objects.count() == 0


def test_an_agent_may_not_create_campaigns(cast, skm):
    assert client_for(cast.agent_a).get(reverse("survey_collection:create")).status_code == 403
