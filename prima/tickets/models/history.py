"""What happened on a request: the conversation, its files, and the history of status and ownership."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.tickets.choices import Status, Visibility


class TicketMessage(models.Model):
    """One message on a request: a reply to the requester, a message from them, or an internal note."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="messages", verbose_name=_("request"), db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_public = models.BooleanField(_("from the requester"), default=False)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The Message-ID header of an inbound e-mail, so a redelivered message is stored once and replies thread.
    email_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "id"], name="ticket_message_ticket_id")]

    def __str__(self) -> str:
        return f"{self.ticket_id} · {self.pk}"


def attachment_upload_to(instance: TicketAttachment, filename: str) -> str:
    """``tickets/%Y/%m/<random>.<ext>``: the stored name never carries the uploader's file name."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return timezone.now().strftime("tickets/%Y/%m/") + uuid.uuid4().hex + extension


class TicketAttachment(models.Model):
    """A file sent with a request or a message. Validated by ``prima.tickets.attachments.validate_attachment``."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    message = models.ForeignKey(
        TicketMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class StatusChange(models.Model):
    """Every status a request has been in, from its first (``from_status`` blank) to now.

    The SLA clock is derived from these rows, so they are never edited or deleted.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("request")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.from_status or '—'} → {self.to_status}"


class OwnershipChange(models.Model):
    """An assignment (owner changes, unit stays) or a transfer (unit changes) of a request."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="ownership_changes", verbose_name=_("request")
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_unit = models.ForeignKey("accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("ownership change")
        verbose_name_plural = _("ownership changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.from_owner_id} → {self.to_owner_id}"
