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


class InboundStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("inbound e-mail status", "Received")
    PROCESSED = "processed", pgettext_lazy("inbound e-mail status", "Processed")
    IGNORED = "ignored", pgettext_lazy("inbound e-mail status", "Ignored")
    FAILED = "failed", pgettext_lazy("inbound e-mail status", "Failed")


class InboundSource(models.TextChoices):
    PIPE = "pipe", _("Mail server pipe")
    FILE = "file", _("File")
    IMAP = "imap", _("IMAP mailbox")


class InboundReason(models.TextChoices):
    """Why an inbound e-mail ended as it did. Stored as a code, shown in the reader's language."""

    NEW_REQUEST = "new_request", _("New request")
    REPLY_BY_THREAD = "reply_by_thread", _("Reply matched by In-Reply-To or References")
    REPLY_BY_CODE = "reply_by_code", _("Reply matched by the tracking code in the subject")
    FOLLOW_UP = "follow_up", _("New request: the request replied to is closed")
    CODE_FROM_STRANGER = (
        "code_from_stranger",
        _("New request: the tracking code came from someone other than the requester"),
    )
    DUPLICATE = "duplicate", _("Duplicate of a message already received")
    AUTO_SUBMITTED = "auto_submitted", _("Automatic message (Auto-Submitted)")
    BULK = "bulk", _("Bulk mail (Precedence)")
    AUTO_REPLY = "auto_reply", _("Auto-reply (X-Autoreply or X-Autorespond)")
    MAILING_LIST = "mailing_list", _("Mailing-list mail (List-Id or List-Unsubscribe)")
    BOUNCE = "bounce", _("Bounce or delivery report")
    MAIL_SYSTEM = "mail_system", _("Sent by a mail system (MAILER-DAEMON or postmaster)")
    OWN_ADDRESS = "own_address", _("Sent from one of our own addresses")
    MALFORMED = "malformed", _("Not a readable e-mail: no sender address")
    NO_UNIT = "no_unit", _("No unit for address")
    STAFF_NOTIFICATION_REPLY = "staff_notification_reply", _("Reply to a notification sent to staff")
    INVALID = "invalid", _("The message could not be turned into a request")
    ERROR = "error", _("Unexpected error")


class InboundEmail(models.Model):
    """One e-mail as it arrived, stored before anything is done with it, so nothing is lost: the raw bytes stay
    here whatever processing makes of them, and a failed message can be processed again.

    Rows are written only through ``prima.notify.inbound.services``.
    """

    raw = models.BinaryField(_("raw message"))
    raw_sha256 = models.CharField(_("SHA-256 of the raw message"), max_length=64, editable=False)
    message_id = models.CharField(
        _("Message-ID"),
        max_length=255,
        db_index=True,
        help_text=_("The Message-ID header, or one derived from the raw message when it has none."),
    )
    from_address = models.CharField(_("sender address"), max_length=320, blank=True)
    from_name = models.CharField(_("sender name"), max_length=200, blank=True)
    to_addresses = models.TextField(_("recipients"), blank=True)
    subject = models.TextField(_("subject"), blank=True)
    source = models.CharField(_("received through"), max_length=10, choices=InboundSource.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED)
    reason = models.CharField(_("reason"), max_length=30, choices=InboundReason.choices, blank=True)
    detail = models.TextField(_("details"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("processing attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    ticket_message = models.ForeignKey(
        "tickets.TicketMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )

    class Meta:
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notify_inbound_due")]

    def __str__(self) -> str:
        return f"{self.subject[:100]} ← {self.from_address}"
