"""Checking and storing attachments for submissions and messages."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from prima.tickets.attachments import MAX_ATTACHMENTS_PER_MESSAGE, CheckedAttachment, validate_attachment
from prima.tickets.models import Ticket, TicketAttachment, TicketMessage
from prima.tickets.services._common import Errors


def check_attachments(files: Sequence[File]) -> list[CheckedAttachment]:
    """Validate every file; raises one ValidationError under ``attachments`` listing each refused file."""
    errors = Errors()
    if len(files) > MAX_ATTACHMENTS_PER_MESSAGE:
        errors.add(
            "attachments",
            _("Attach at most %(limit)d files."),
            "too_many",
            limit=MAX_ATTACHMENTS_PER_MESSAGE,
        )
        errors.raise_if_any()
    checked = []
    for file in files:
        try:
            checked.append(validate_attachment(file))
        except ValidationError as error:
            errors.add_error(ValidationError({"attachments": error}))
    errors.raise_if_any()
    return checked


def store_attachments(
    ticket: Ticket, attachments: Sequence[CheckedAttachment], *, message: TicketMessage | None
) -> list[TicketAttachment]:
    stored = []
    for attachment in attachments:
        row = TicketAttachment(
            ticket=ticket,
            message=message,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
        )
        attachment.file.seek(0)
        row.file.save(attachment.original_name, attachment.file, save=False)
        row.save()
        stored.append(row)
    return stored
