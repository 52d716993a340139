"""The intake journal: a submission kept durably, with its tracking code, before it becomes a request.

The public form answers "received, code X" once this row is committed; turning it into a request (customer,
contacts, request, history, acknowledgement e-mail) happens afterwards, in a background task
(``prima.tickets.services.journal``).
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.tickets.choices import Channel


class IntakeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be registered")
    REGISTERED = "registered", _("Registered")
    FAILED = "failed", _("Registration failed")


class IntakeSubmission(models.Model):
    """One submission as received, already validated, waiting to become (or having become) a request.

    Written only by ``prima.tickets.services.journal``. ``payload`` holds the arguments for ``submit_request``
    (anonymous submissions never carry a name, e-mail address or phone); it is emptied once the request is
    registered, so the request stays the one place that holds the requester's data (and the one place
    ``erase_requester_identity`` must reach).
    """

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("service unit")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    payload = models.JSONField(_("submission"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    # Reserved when journaled, so the person can be told the code at once; the request gets exactly this code.
    tracking_code = models.CharField(_("tracking code"), max_length=18, unique=True, editable=False)
    submission_key = models.CharField(_("submission key"), max_length=100, unique=True, editable=False)
    # SHA-256 of unit, subject and description: tells a resent page from another request under a used key.
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.PENDING)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    attempts = models.PositiveSmallIntegerField(_("registration attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("received submission")
        verbose_name_plural = _("received submissions")
        # The periodic job looks for rows still pending or failed, oldest first.
        indexes = [models.Index(fields=["status", "created_at"], name="intake_status_created")]

    def __str__(self) -> str:
        # Never the requester's name: this string lands in logs and object_repr columns.
        return self.tracking_code

    @property
    def is_registered(self) -> bool:
        return self.status == IntakeStatus.REGISTERED
