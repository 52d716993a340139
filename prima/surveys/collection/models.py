"""Collecting answers beyond the public link: single-use invitations (after a resolved request, or from a
campaign) and campaigns with reminders.

An invitation's link carries a random token (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so a
copy of the database cannot answer for anyone. Each reminder e-mail carries a token of its own
(``InvitationReminder``), so the invitation keeps working from whichever e-mail the person opens.

Every write goes through ``prima.surveys.collection.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.surveys.models import Response, Survey


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Invitations sent")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """A periodic survey round (a semester, a year): the customers of the survey's unit are invited by e-mail
    and reminded while they have not answered."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("survey"))
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    population_size = models.PositiveIntegerField(
        _("population size"), help_text=_("Service users in the period (for the sample size).")
    )
    target_sample = models.PositiveIntegerField(
        _("target sample"), help_text=_("Responses needed; empty: the Krejcie-Morgan size for the population.")
    )
    reminder_after_days = models.PositiveSmallIntegerField(_("remind after (days)"), default=7)
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=2)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    launched_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="campaign_period_order")
        ]

    def __str__(self) -> str:
        return self.name


class InvalidationReason(models.TextChoices):
    REOPENED = "reopened", _("The request was reopened")
    CAMPAIGN_CLOSED = "campaign_closed", _("The campaign was closed")
    SURVEY_CLOSED = "survey_closed", _("The survey was closed")


class Invitation(models.Model):
    """A single-use link to answer ``survey`` once, for one person: after a resolved request (``ticket``) or
    in a ``campaign``. At most one live invitation per request and survey: an invitation invalidated because
    the request was reopened is replaced by a new one when the request is resolved again; a used one is not."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("survey"))
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("request")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("campaign"),
    )
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service unit")
    )
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    # The invitation or its last reminder: when the next reminder falls due.
    last_sent_at = models.DateTimeField(_("last e-mail at"), default=timezone.now)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidation_reason = models.CharField(
        _("reason for invalidation"), max_length=20, choices=InvalidationReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "ticket"],
                condition=Q(ticket__isnull=False, invalidated_at__isnull=True),
                name="one_live_invitation_per_request",
            ),
            models.UniqueConstraint(
                fields=["campaign", "customer"],
                condition=Q(campaign__isnull=False, customer__isnull=False),
                name="one_invitation_per_campaign_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["email", "created_at"], name="invitation_email_time_idx"),
            models.Index(fields=["customer", "created_at"], name="invitation_customer_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"  # never the address: this shows up in the activity log


class InvitationReminder(models.Model):
    """A reminder e-mail of an unanswered invitation; ``number`` counts from 1, once per number."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation reminder")
        verbose_name_plural = _("invitation reminders")
        ordering = ["invitation_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "number"], name="one_reminder_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} #{self.number}"
