"""The outbox: one row per outbound e-mail, rendered when queued and sent later by a worker.

Rows are written only through ``prima.notify.services``; the status changes there, by conditional
UPDATEs, so two workers can never both send the same row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmailStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("e-mail status", "Pending")
    SENDING = "sending", pgettext_lazy("e-mail status", "Sending")
    SENT = "sent", pgettext_lazy("e-mail status", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail status", "Failed")


class OutboundEmail(models.Model):
    """An e-mail promised to someone. Subject and bodies are frozen at queue time, in the recipient's
    language, so a later template edit never changes what was promised."""

    to_address = models.EmailField(_("recipient address"))
    to_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.TextField(_("subject"))
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    from_address = models.CharField(_("sender"), max_length=320)
    headers = models.JSONField(
        _("extra headers"),
        default=dict,
        blank=True,
        help_text=_("Headers such as Reply-To, In-Reply-To and References that thread replies back to a request."),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    enqueued_at = models.DateTimeField(
        _("send task enqueued at"),
        null=True,
        blank=True,
        help_text=_("When a send task was last put on the queue; the retry job skips rows with a recent one."),
    )
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related object type"),
    )
    object_id = models.CharField(_("related object id"), max_length=64, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_outbound_due"),
            models.Index(fields=["content_type", "object_id"], name="notify_outbound_related"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"
