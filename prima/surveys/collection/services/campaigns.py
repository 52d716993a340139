"""Campaigns: a periodic survey round (a semester, a year). Launching one invites every customer of the survey's
unit who has an e-mail address and an active consent to satisfaction surveys (UU No. 27/2022); the periodic
``send_campaign_reminders`` reminds those who have not answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.activity.services import log_action
from prima.customers.models import Consent, ConsentPurpose, Contact, ContactKind, Customer
from prima.notify.services import queue_email
from prima.surveys.collection.keys import new_invitation_token, token_hash
from prima.surveys.collection.models import (
    Campaign,
    CampaignStatus,
    InvalidationReason,
    Invitation,
    InvitationReminder,
)
from prima.surveys.models import Response, Survey, SurveyStatus
from prima.surveys.sampling import krejcie_morgan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEMPLATE = "survey_campaign_invitation"


def _error(field: str, message: StrOrPromise, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def default_target_sample(population_size: int) -> int:
    """The Krejcie-Morgan sample size for the population (95 % confidence, 5 % margin)."""
    return krejcie_morgan(population_size)


def create_campaign(
    survey: Survey,
    *,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    population_size: int,
    target_sample: int | None = None,
    reminder_after_days: int = 7,
    max_reminders: int = 2,
    actor: User | None,
) -> Campaign:
    """A draft campaign of ``survey``; ``target_sample`` defaults to the Krejcie-Morgan size.

    Side effects: activity ``survey_collection.campaign.created``.
    """
    name = (name or "").strip()
    if not name:
        raise _error("name", _("Give the campaign a name."), "required")
    if period_end < period_start:
        raise _error("period_end", _("The period cannot end before it starts."), "order")
    if population_size < 1:
        raise _error("population_size", _("The population must be at least 1."), "min_value")
    if target_sample is None:
        target_sample = default_target_sample(population_size)
    if target_sample < 1 or target_sample > population_size:
        raise _error("target_sample", _("The target sample must be between 1 and the population."), "range")
    if reminder_after_days < 1:
        raise _error("reminder_after_days", _("Wait at least one day before reminding."), "min_value")
    if max_reminders > 5:
        raise _error("max_reminders", _("Send at most 5 reminders."), "max_value")
    if survey.status == SurveyStatus.CLOSED:
        raise _error("survey", _("This survey is closed."), "survey_closed")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            survey=survey,
            name=name,
            period_start=period_start,
            period_end=period_end,
            population_size=population_size,
            target_sample=target_sample,
            reminder_after_days=reminder_after_days,
            max_reminders=max_reminders,
            created_by=actor,
        )
        log_action(
            "survey_collection.campaign.created",
            actor=actor,
            obj=campaign,
            unit=survey.unit,
            data={"name": campaign.name, "survey": survey.name},
        )
    return campaign


def campaign_recipients(survey: Survey) -> Iterator[tuple[Customer, str]]:
    """(customer, e-mail address) of every customer of the survey's unit (or organisation, for an
    organisation-wide survey) with an e-mail address and an active consent to satisfaction surveys;
    the primary address when there are several."""
    customers = Customer.objects.filter(organisation_id=survey.organisation_id)
    if survey.unit_id is not None:
        customers = customers.filter(units=survey.unit_id)
    consent = Consent.objects.filter(customer=OuterRef("pk"), purpose=ConsentPurpose.SURVEYS, withdrawn_at__isnull=True)
    customers = customers.filter(Exists(consent))
    emails = Contact.objects.filter(kind=ContactKind.EMAIL, customer__in=customers).order_by(
        "customer_id", "-is_primary", "id"
    )
    by_customer: dict[int, str] = {}
    for customer_id, value in emails.values_list("customer_id", "value"):
        by_customer.setdefault(customer_id, value.strip().lower())
    for customer in customers.filter(pk__in=by_customer).order_by("pk"):
        yield customer, by_customer[customer.pk]


def _period_end_moment(campaign: Campaign) -> datetime:
    """The first moment after the campaign's last day (in the site's time zone)."""
    return timezone.make_aware(dt.datetime.combine(campaign.period_end + timedelta(days=1), dt.time.min))


def launch_campaign(campaign: Campaign, *, actor: User | None, now: datetime | None = None) -> int:
    """Send the invitations of a draft campaign; returns how many were sent. Running it again does nothing.

    Side effects: status active; per recipient one Invitation (campaign set) and one outbox e-mail; activity
    ``survey_collection.campaign.launched``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update(of=("self",)).select_related("survey__unit").get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise _error("status", _("The invitations of this campaign were already sent."), "not_draft")
        survey = campaign.survey
        if survey.status != SurveyStatus.OPEN:
            raise _error("survey", _("Open the survey before sending invitations."), "survey_not_open")
        expires_at = _period_end_moment(campaign)
        if expires_at <= now:
            raise _error("period_end", _("The campaign's period is over."), "period_over")
        sent = 0
        for customer, email in campaign_recipients(survey):
            token = new_invitation_token()
            invitation = Invitation.objects.create(
                survey=survey,
                campaign=campaign,
                unit=survey.unit,
                service=survey.service,
                customer=customer,
                email=email,
                language=settings.LANGUAGE_CODE,
                token_hash=token_hash(token),
                created_at=now,
                last_sent_at=now,
                expires_at=expires_at,
            )
            _queue_campaign_email(invitation, customer, token, reminder=False, key=f"survey-invitation-{invitation.pk}")
            sent += 1
        campaign.status = CampaignStatus.ACTIVE
        campaign.launched_at = now
        campaign.save(update_fields=["status", "launched_at"])
        log_action(
            "survey_collection.campaign.launched",
            actor=actor,
            obj=campaign,
            unit=survey.unit,
            data={"name": campaign.name, "count": sent},
        )
    return sent


def _queue_campaign_email(invitation: Invitation, customer: Customer, token: str, *, reminder: bool, key: str) -> None:
    survey = invitation.survey
    campaign = invitation.campaign
    assert campaign is not None
    queue_email(
        to_address=invitation.email,
        to_name=customer.name,
        language=invitation.language,
        template=TEMPLATE,
        context={
            "reminder": reminder,
            "greeting_name": customer.name,
            "unit_name": survey.unit.name if survey.unit is not None else "",
            "organisation_name": survey.organisation.name,
            "campaign_name": campaign.name,
            "link": settings.SITE_URL + reverse("surveys_public:invitation", args=[token]),
            "period_end": campaign.period_end,
        },
        idempotency_key=key,
        related=invitation,
    )


def close_campaign(campaign: Campaign, *, actor: User | None) -> Campaign:
    """Stop a campaign: no more reminders, unused links stop working.

    Side effects: status closed; unused invitations invalidated; activity ``survey_collection.campaign.closed``.
    """
    now = timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update(of=("self",)).select_related("survey__unit").get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise _error("status", _("This campaign is already closed."), "closed")
        Invitation.objects.filter(campaign=campaign, used_at__isnull=True, invalidated_at__isnull=True).update(
            invalidated_at=now, invalidation_reason=InvalidationReason.CAMPAIGN_CLOSED
        )
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_at = now
        campaign.save(update_fields=["status", "closed_at"])
        log_action(
            "survey_collection.campaign.closed",
            actor=actor,
            obj=campaign,
            unit=campaign.survey.unit,
            data={"name": campaign.name},
        )
    return campaign


def due_reminders(campaign: Campaign, *, now: datetime) -> QuerySet[Invitation]:
    """The campaign's invitations that should get a reminder now: unanswered, still valid, fewer reminders
    than the campaign's maximum, and the last e-mail at least ``reminder_after_days`` ago."""
    return Invitation.objects.filter(
        campaign=campaign,
        used_at__isnull=True,
        invalidated_at__isnull=True,
        expires_at__gt=now,
        reminders_sent__lt=campaign.max_reminders,
        last_sent_at__lte=now - timedelta(days=max(campaign.reminder_after_days, 1)),
    ).order_by("pk")


def send_campaign_reminders(*, now: datetime | None = None) -> int:
    """Periodic job: remind every due, unanswered campaign invitation once; returns how many reminders were
    queued. Idempotent: a second run right after sends nothing (the reminder moves ``last_sent_at``), and
    each reminder number is recorded once per invitation (a unique constraint), so two runs at the same time
    never send one reminder twice. Never more than the campaign's ``max_reminders``.

    Side effects: per reminder one InvitationReminder (with its own link token) and one outbox e-mail.
    """
    now = now or timezone.now()
    sent = 0
    campaigns = Campaign.objects.filter(status=CampaignStatus.ACTIVE, survey__status=SurveyStatus.OPEN)
    for campaign in campaigns.select_related("survey__unit", "survey__organisation"):
        for invitation in due_reminders(campaign, now=now).select_related("customer"):
            if _remind(campaign, invitation, now=now):
                sent += 1
    return sent


def _remind(campaign: Campaign, invitation: Invitation, *, now: datetime) -> bool:
    number = invitation.reminders_sent + 1
    try:
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk, reminders_sent=invitation.reminders_sent, used_at__isnull=True
            ).update(reminders_sent=F("reminders_sent") + 1, last_sent_at=now)
            if not claimed:
                return False
            token = new_invitation_token()
            InvitationReminder.objects.create(
                invitation=invitation, number=number, token_hash=token_hash(token), sent_at=now
            )
            invitation.campaign = campaign
            customer = invitation.customer
            _queue_campaign_email(
                invitation,
                customer if customer is not None else Customer(name=""),
                token,
                reminder=True,
                key=f"survey-invitation-{invitation.pk}-reminder-{number}",
            )
    except IntegrityError:  # another run sent this reminder number at the same moment
        return False
    return True


@dataclass(frozen=True)
class CampaignProgress:
    invitations: int
    answered: int
    reminders: int
    responses_in_period: int
    target_sample: int

    @property
    def answer_rate(self) -> Fraction | None:
        return Fraction(self.answered, self.invitations) if self.invitations else None

    @property
    def answer_percent(self) -> int:
        return round(100 * self.answered / self.invitations) if self.invitations else 0

    @property
    def target_percent(self) -> int:
        """Responses in the period as a share of the target sample, capped at 100 for the progress bar."""
        if not self.target_sample:
            return 0
        return min(100, round(100 * self.responses_in_period / self.target_sample))

    @property
    def target_reached(self) -> bool:
        return self.responses_in_period >= self.target_sample


def campaign_progress(campaign: Campaign) -> CampaignProgress:
    """Invitations sent and answered, reminders, and every response to the survey in the campaign's period
    (all channels, the survey's unit) against the target sample. Four aggregate queries."""
    invitations = Invitation.objects.filter(campaign=campaign)
    start = timezone.make_aware(dt.datetime.combine(campaign.period_start, dt.time.min))
    responses = Response.objects.filter(survey_id=campaign.survey_id, submitted_at__gte=start)
    responses = responses.filter(submitted_at__lt=_period_end_moment(campaign))
    return CampaignProgress(
        invitations=invitations.count(),
        answered=invitations.filter(used_at__isnull=False).count(),
        reminders=InvitationReminder.objects.filter(invitation__campaign=campaign).count(),
        responses_in_period=responses.count(),
        target_sample=campaign.target_sample,
    )
