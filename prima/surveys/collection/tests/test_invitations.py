"""Invitations after a resolved request: who is invited, once, and what the single-use link does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prima.activity.models import ActivityLog
from prima.customers.models import Consent, ConsentPurpose
from prima.customers.services import withdraw_consent
from prima.notify.models import OutboundEmail
from prima.surveys.collection.models import InvalidationReason, Invitation
from prima.surveys.collection.services import invitation_by_token, invite_after_resolution
from prima.surveys.collection.services.invitations import is_sampled
from prima.surveys.models import Answer, Response, ResponseChannel, Survey, SurveyStatus
from prima.tickets.choices import Confidentiality, Status
from prima.tickets.services import change_status

from .factories import SKM_ANSWERS, make_survey, reopen, resolve, submit_ticket, with_token


def _invitation_emails():
    return OutboundEmail.objects.filter(idempotency_key__startswith="survey-invitation-")


def test_resolving_a_request_invites_its_requester_once(cast, inviting):
    ticket = submit_ticket(cast.unit_a)

    resolve(ticket, cast.agent_a)

    invitation = Invitation.objects.get()
    assert (invitation.survey, invitation.ticket, invitation.unit, invitation.owner, invitation.email) == (
        inviting,
        ticket,
        cast.unit_a,
        ticket.owner,
        "budi@contoh.id",
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=30)
    assert len(invitation.token_hash) == 64
    email = _invitation_emails().get()
    assert email.to_address == "budi@contoh.id"
    assert ticket.tracking_code in email.subject
    assert "/public/surveys/i/" in email.body_text


def test_the_link_in_the_email_opens_the_invitation(cast, inviting):
    resolve(submit_ticket(cast.unit_a), cast.agent_a)
    body = _invitation_emails().get().body_text
    token = body.split("/public/surveys/i/")[1].split("/")[0]

    assert invitation_by_token(token) == Invitation.objects.get()


def test_the_invitation_and_its_email_roll_back_with_the_resolution(cast, inviting):
    ticket = submit_ticket(cast.unit_a)

    with pytest.raises(RuntimeError), transaction.atomic():
        change_status(ticket, to_status=Status.RESOLVED, actor=cast.agent_a)
        assert (Invitation.objects.count(), _invitation_emails().count()) == (1, 1)  # same transaction
        raise RuntimeError("the resolution fails later")

    assert (Invitation.objects.count(), _invitation_emails().count()) == (0, 0)


def test_the_email_is_in_the_requesters_language(cast, inviting):
    english = submit_ticket(cast.unit_a, language="en", requester_email="john@example.com")
    indonesian = submit_ticket(cast.unit_a, language="id", requester_email="siti@contoh.id")

    resolve(english, cast.agent_a)
    resolve(indonesian, cast.agent_a)

    languages = dict(_invitation_emails().values_list("to_address", "language"))
    assert languages == {"john@example.com": "en", "siti@contoh.id": "id"}
    assert dict(Invitation.objects.values_list("email", "language")) == languages


def test_anonymous_requesters_are_not_invited(cast, inviting):
    ticket = submit_ticket(
        cast.unit_a, confidentiality=Confidentiality.ANONYMOUS, requester_email="", requester_name=""
    )

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.count() == 0


def test_requesters_without_email_are_not_invited(cast, inviting):
    ticket = submit_ticket(
        cast.unit_a, channel="phone", requester_email="", requester_phone="081234567890", actor=cast.agent_a
    )

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.count() == 0


def test_confidential_requesters_are_invited_without_naming_the_request(cast, inviting):
    ticket = submit_ticket(cast.unit_a, confidentiality=Confidentiality.CONFIDENTIAL)

    resolve(ticket, cast.agent_a)

    email = _invitation_emails().get()
    assert ticket.tracking_code not in email.subject
    assert ticket.tracking_code not in email.body_text
    assert (email.content_type_id, email.object_id) == (None, "")  # not on the customer's timeline


def test_a_customer_who_withdrew_survey_consent_is_not_invited(cast, inviting):
    ticket = submit_ticket(cast.unit_a)
    consent = Consent.objects.create(customer=ticket.customer, purpose=ConsentPurpose.SURVEYS, channel="web")
    withdraw_consent(consent, actor=None)

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.count() == 0


def test_surveys_of_other_units_services_or_not_inviting_do_not_invite(cast, services, inviting):
    Survey.objects.filter(pk=inviting.pk).update(invite_after_resolution=False)
    make_survey(organisation=cast.organisation, unit=cast.unit_b, name="B", invite_after_resolution=True)
    make_survey(organisation=cast.organisation, service=services[1], name="NIB", invite_after_resolution=True)
    ticket = submit_ticket(cast.unit_a, service=services[0])

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.count() == 0


def test_a_survey_of_the_requests_service_invites(cast, services, inviting):
    Survey.objects.filter(pk=inviting.pk).update(invite_after_resolution=False)
    survey = make_survey(organisation=cast.organisation, service=services[0], name="Izin", invite_after_resolution=True)
    ticket = submit_ticket(cast.unit_a, service=services[0])

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.get().survey == survey


def test_closed_surveys_do_not_invite(cast, inviting):
    Survey.objects.filter(pk=inviting.pk).update(status=SurveyStatus.CLOSED)

    resolve(submit_ticket(cast.unit_a), cast.agent_a)

    assert Invitation.objects.count() == 0


def test_sampling_at_zero_percent_invites_nobody(cast, inviting):
    Survey.objects.filter(pk=inviting.pk).update(invitation_sample_percent=0, invitation_cooldown_days=0)

    for number in range(5):
        resolve(submit_ticket(cast.unit_a, requester_email=f"warga{number}@contoh.id"), cast.agent_a)

    assert Invitation.objects.count() == 0


def test_sampling_at_hundred_percent_invites_everybody(cast, inviting):
    for number in range(5):
        resolve(submit_ticket(cast.unit_a, requester_email=f"warga{number}@contoh.id"), cast.agent_a)

    assert Invitation.objects.count() == 5


def test_sampling_is_deterministic_and_close_to_the_share(cast, inviting):
    inviting.invitation_sample_percent = 30
    tickets = [type("T", (), {"pk": pk})() for pk in range(1, 2001)]

    first = [is_sampled(inviting, ticket) for ticket in tickets]  # type: ignore[arg-type]
    second = [is_sampled(inviting, ticket) for ticket in tickets]  # type: ignore[arg-type]

    assert first == second
    assert 500 <= sum(first) <= 700  # 30 % of 2,000 = 600


def test_cooldown_skips_the_same_email_address(cast, inviting):
    resolve(submit_ticket(cast.unit_a, subject="Pertama"), cast.agent_a)

    resolve(submit_ticket(cast.unit_a, subject="Kedua", requester_email="BUDI@contoh.id"), cast.agent_a)

    assert Invitation.objects.count() == 1


def test_cooldown_ends_after_its_days(cast, inviting):
    resolve(submit_ticket(cast.unit_a, subject="Pertama"), cast.agent_a)
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=31))

    resolve(submit_ticket(cast.unit_a, subject="Kedua"), cast.agent_a)

    assert Invitation.objects.count() == 2


def test_cooldown_skips_the_same_customer_with_another_address(cast, inviting):
    first = resolve(submit_ticket(cast.unit_a, subject="Pertama"), cast.agent_a)
    second = submit_ticket(cast.unit_a, subject="Kedua", requester_email="budi.lain@contoh.id", customer=first.customer)

    resolve(second, cast.agent_a)

    assert Invitation.objects.count() == 1


def test_reopening_invalidates_the_unused_invitation(cast, inviting):
    ticket = resolve(submit_ticket(cast.unit_a), cast.agent_a)

    reopen(ticket, cast.agent_a)

    invitation = Invitation.objects.get()
    assert invitation.invalidated_at is not None
    assert invitation.invalidation_reason == InvalidationReason.REOPENED
    assert ActivityLog.objects.filter(action="survey_collection.invitation.invalidated").count() == 1


def test_resolving_again_after_a_reopen_sends_a_new_invitation(cast, inviting):
    ticket = resolve(submit_ticket(cast.unit_a), cast.agent_a)
    reopen(ticket, cast.agent_a)

    resolve(ticket, cast.agent_a)

    assert Invitation.objects.filter(ticket=ticket).count() == 2
    assert Invitation.objects.filter(ticket=ticket, invalidated_at__isnull=True).count() == 1


def test_an_answered_invitation_is_not_replaced_after_reopen_and_resolve(cast, inviting, public_client):
    ticket = resolve(submit_ticket(cast.unit_a), cast.agent_a)
    token = with_token(Invitation.objects.get())
    public_client.post(
        reverse("surveys_public:invitation", args=[token]), {f"q-{k}": v for k, v in SKM_ANSWERS.items()}
    )
    reopen(ticket, cast.agent_a)

    resolve(ticket, cast.agent_a)

    invitation = Invitation.objects.get()
    assert (invitation.used_at is not None, invitation.invalidated_at) == (True, None)


def test_invite_after_resolution_twice_invites_once(cast, inviting):
    ticket = resolve(submit_ticket(cast.unit_a), cast.agent_a)

    assert invite_after_resolution(ticket) == []
    assert Invitation.objects.count() == 1


# The link ----------------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(cast, inviting):
    resolve(submit_ticket(cast.unit_a), cast.agent_a)
    return Invitation.objects.select_related("ticket").get()


@pytest.fixture
def link(invitation):
    return reverse("surveys_public:invitation", args=[with_token(invitation)])


def _answers():
    return {f"q-{code}": value for code, value in SKM_ANSWERS.items()}


def test_get_and_head_only_show_the_form(public_client, invitation, link):
    page = public_client.get(link)
    head = public_client.head(link)

    assert (page.status_code, head.status_code) == (200, 200)
    assert 'name="q-U1"' in page.content.decode()
    invitation.refresh_from_db()
    assert (invitation.used_at, Response.objects.count()) == (None, 0)


def test_post_records_the_answers_with_the_requests_attribution(public_client, invitation, link):
    posted = public_client.post(link, _answers())

    assert posted.status_code == 302
    response = Response.objects.get()
    ticket = invitation.ticket
    assert (response.channel, response.ticket, response.owner_id, response.unit_id, response.is_anonymous) == (
        ResponseChannel.INVITATION,
        ticket,
        ticket.owner_id,
        ticket.unit_id,
        True,
    )
    assert Answer.objects.filter(response=response).count() == 9
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.response == response
    assert "Thank you for your answers" in public_client.get(posted["Location"]).content.decode()


def test_a_double_post_records_once(public_client, invitation, link):
    first = public_client.post(link, _answers())
    second = public_client.post(link, _answers())

    assert (first.status_code, Response.objects.count()) == (302, 1)
    assert second.status_code == 200
    assert "you have already answered" in second.content.decode()


def test_a_used_link_says_it_was_answered(public_client, invitation, link):
    public_client.post(link, _answers())

    page = public_client.get(link)

    assert page.status_code == 200
    assert "Thank you, you have already answered" in page.content.decode()


def test_an_invalidated_link_is_gone(cast, public_client, invitation, link):
    reopen(invitation.ticket, cast.agent_a)

    page = public_client.get(link)
    posted = public_client.post(link, _answers())

    assert (page.status_code, posted.status_code) == (410, 410)
    assert "Your request was reopened" in page.content.decode()
    assert Response.objects.count() == 0


def test_an_expired_link_is_gone(public_client, invitation, link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    page = public_client.get(link)
    posted = public_client.post(link, _answers())

    assert (page.status_code, posted.status_code) == (410, 410)
    assert "This invitation has expired" in page.content.decode()
    assert Response.objects.count() == 0


def test_an_unknown_token_is_404(public_client, invitation):
    assert public_client.get(reverse("surveys_public:invitation", args=["x" * 43])).status_code == 404


def test_bad_answers_are_shown_and_leave_the_invitation_unused(public_client, invitation, link):
    answers = _answers()
    del answers["q-U3"]

    page = public_client.post(link, answers)

    assert page.status_code == 400
    assert "This question needs an answer." in page.content.decode()
    invitation.refresh_from_db()
    assert (invitation.used_at, Response.objects.count()) == (None, 0)


def test_a_request_reopened_by_a_path_that_did_not_invalidate_refuses_the_link(public_client, invitation, link):
    from prima.tickets.models import Ticket

    Ticket.objects.filter(pk=invitation.ticket_id).update(status=Status.IN_PROGRESS)

    posted = public_client.post(link, _answers())

    assert posted.status_code == 410
    invitation.refresh_from_db()
    assert invitation.invalidation_reason == InvalidationReason.REOPENED
    assert Response.objects.count() == 0
