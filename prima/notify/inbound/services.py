"""The write path of inbound e-mail: store the raw message first, then turn it into a request or a reply.

Guarantees:

* Durable first: ``store_inbound_email`` commits the raw bytes in a transaction of their own before anything
  else happens, so whatever processing does, the message is kept and can be processed again.
* Never raises while processing: ``process_inbound_email`` records any problem on the row (status ``failed``,
  a reason and the details) instead; the periodic ``process_pending_inbound`` retries failed rows with backoff,
  at most MAX_ATTEMPTS times, and the admin's "process again" at any time.
* Once only: processing runs in one transaction with the row locked and is skipped for a row already
  processed or ignored; a redelivered message (same Message-ID) is ignored, and the ticket services themselves
  refuse to store the same e-mail twice (``submission_key`` / ``email_message_id``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prima.activity.services import log_action
from prima.notify.inbound.parsing import InboundAttachment, ParsedEmail, parse_email, raw_sha256, summarize
from prima.notify.inbound.routing import Action, Route, route_email
from prima.notify.inbound.text import CONTROL_CHARACTERS, trim_quoted_reply
from prima.notify.inbound.threading import email_submission_key
from prima.notify.models import InboundEmail, InboundReason, InboundStatus
from prima.tickets.attachments import MAX_ATTACHMENTS_PER_MESSAGE, validate_attachment
from prima.tickets.choices import Channel, RequestKind, Visibility
from prima.tickets.models import Ticket, TicketMessage
from prima.tickets.services import add_reply, submit_request

if TYPE_CHECKING:
    from prima.accounts.models import User

logger = logging.getLogger(__name__)

# Larger than any mail server's usual limit; a bigger message is refused before it is stored.
MAX_RAW_BYTES = 50 * 1024 * 1024
MAX_ATTEMPTS = 6
# Minutes to wait after the 1st, 2nd, … failed attempt; the last value repeats (about 17 hours in all).
BACKOFF_MINUTES = (5, 15, 60, 180, 720)
# A row still 'received' this long after it arrived was never processed (its receiver stopped midway).
RECEIVED_GRACE = timedelta(minutes=5)
BATCH_SIZE = 100
SUBJECT_LENGTH = 200
NAME_LENGTH = 150
REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|tr|balas|bls|trs)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
COMPLAINT_PREFIXES = ("pengaduan", "keluhan", "complaint")
PROCESSABLE = frozenset({InboundStatus.RECEIVED, InboundStatus.FAILED})


class MessageRejected(ValueError):
    """The input cannot be stored as an e-mail at all (empty or too large); retrying will not help."""


@dataclass(frozen=True)
class Outcome:
    status: InboundStatus
    reason: InboundReason
    detail: str = ""
    ticket: Ticket | None = None
    message: TicketMessage | None = None


def store_inbound_email(raw: bytes, *, source: str) -> InboundEmail:
    """Keep ``raw`` exactly as received, with its Message-ID, sender, recipients and subject for the admin.
    Commits at once: must not run inside another transaction (``durable``).

    Raises MessageRejected for empty or oversized input; database errors propagate (nothing was stored).

    Side effects: one InboundEmail row, status 'received'.
    """
    if not raw.strip():
        raise MessageRejected("The message is empty.")
    if len(raw) > MAX_RAW_BYTES:
        raise MessageRejected(f"The message is {len(raw)} bytes; at most {MAX_RAW_BYTES} are accepted.")
    summary = summarize(raw)
    with transaction.atomic(durable=True):
        return InboundEmail.objects.create(
            raw=raw,
            raw_sha256=raw_sha256(raw),
            message_id=summary.message_id,
            from_address=summary.from_address[:320],
            from_name=summary.from_name[:200],
            to_addresses=", ".join(summary.recipients),
            subject=summary.subject,
            source=source,
        )


def receive_email(raw: bytes, *, source: str) -> InboundEmail:
    """Store ``raw`` (see ``store_inbound_email``), then process it (see ``process_inbound_email``)."""
    inbound = store_inbound_email(raw, source=source)
    return process_inbound_email(inbound.pk)


def process_inbound_email(inbound_id: int) -> InboundEmail:
    """Route a received or failed inbound e-mail and carry the decision out; returns the updated row. A row
    already processed or ignored is returned unchanged.

    Side effects: a new request (``submit_request``: customer, acknowledgement e-mail, …) or a reply from the
    requester (``add_reply``), with the attachments that pass validation; the row's status, reason, details,
    attempts and links to the request and message; on a first failure, activity ``notify.inbound.failed``.
    """
    return _process(inbound_id, PROCESSABLE)


def process_again(inbound: InboundEmail, *, actor: User | None) -> bool:
    """The admin's "process again": any row not yet processed (received, failed or ignored) is processed now,
    whatever its attempts. Returns False for a processed row, which is left alone.

    Side effects: as ``process_inbound_email``; activity ``notify.inbound.processed_again``.
    """
    if inbound.status == InboundStatus.PROCESSED:
        return False
    updated = _process(inbound.pk, PROCESSABLE | {InboundStatus.IGNORED})
    log_action(
        "notify.inbound.processed_again",
        actor=actor,
        obj=updated,
        data={**_activity_data(updated), "status": updated.status},
    )
    return True


def process_pending_inbound(*, now: datetime | None = None) -> int:
    """Periodic job: process rows left 'received' (their receiver stopped before processing) and failed rows
    that are due, up to MAX_ATTEMPTS attempts. Returns how many rows it processed.

    Side effects: as ``process_inbound_email`` for each row.
    """
    now = now or timezone.now()
    due = InboundEmail.objects.filter(
        Q(status=InboundStatus.RECEIVED, received_at__lte=now - RECEIVED_GRACE)
        | Q(status=InboundStatus.FAILED, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
    )
    ids = list(due.order_by("received_at", "pk").values_list("pk", flat=True)[:BATCH_SIZE])
    for inbound_id in ids:
        _process(inbound_id, PROCESSABLE)
    return len(ids)


def erase_inbound_emails(ticket: Ticket) -> int:
    """Forget the e-mails that became ``ticket`` or its messages: raw bytes, sender, recipients and subject are
    blanked (for ``erase_requester_identity``: the raw message names the requester). Returns how many rows.

    Side effects: those InboundEmail rows keep only their status, reason and links.
    """
    return InboundEmail.objects.filter(ticket=ticket).update(
        raw=b"", from_address="", from_name="", to_addresses="", subject="", detail=""
    )


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt. No side effects."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def _process(inbound_id: int, statuses: Iterable[str]) -> InboundEmail:
    allowed = set(statuses)
    try:
        with transaction.atomic():
            inbound = _locked(inbound_id)
            if inbound.status in allowed:
                _record(inbound, _outcome(inbound))
    except Exception as error:
        if isinstance(error, ValidationError):
            outcome = Outcome(InboundStatus.FAILED, InboundReason.INVALID, _validation_text(error))
        else:
            logger.exception("Processing inbound e-mail %s failed", inbound_id)
            outcome = Outcome(InboundStatus.FAILED, InboundReason.ERROR, f"{type(error).__name__}: {error}")
        with transaction.atomic():
            _record(_locked(inbound_id), outcome)
    return InboundEmail.objects.get(pk=inbound_id)


def _locked(inbound_id: int) -> InboundEmail:
    """The row, locked for the rest of the transaction (PostgreSQL; SQLite serialises writers anyway)."""
    return InboundEmail.objects.select_for_update().get(pk=inbound_id)


def _outcome(inbound: InboundEmail) -> Outcome:
    parsed = parse_email(bytes(inbound.raw))
    route = route_email(parsed, inbound)
    if route.action == Action.IGNORE:
        return Outcome(InboundStatus.IGNORED, route.reason, route.detail)
    if route.action == Action.FAIL:
        return Outcome(InboundStatus.FAILED, route.reason, route.detail)
    files, notes = _checked_files(parsed.attachments)
    if route.action == Action.REPLY:
        assert route.ticket is not None
        message = add_reply(
            route.ticket,
            body=_compose(trim_quoted_reply(parsed.text), notes),
            visibility=Visibility.PUBLIC,
            actor=None,
            from_public=True,
            email_message_id=inbound.message_id,
            attachments=files,
        )
        return Outcome(InboundStatus.PROCESSED, route.reason, route.detail, ticket=message.ticket, message=message)
    ticket = _submit(parsed, inbound, route, files, notes)
    return Outcome(InboundStatus.PROCESSED, route.reason, route.detail, ticket=ticket)


def _submit(parsed: ParsedEmail, inbound: InboundEmail, route: Route, files: list[File], notes: list[str]) -> Ticket:
    assert route.unit is not None
    description = _compose(parsed.text, notes)
    if route.reason == InboundReason.FOLLOW_UP:
        with translation.override(settings.LANGUAGE_CODE):
            remark = _("This e-mail replied to request %(code)s, which is closed.") % {"code": route.detail}
        description = _compose(trim_quoted_reply(parsed.text), notes, remark=remark)
    return submit_request(
        route.unit,
        kind=kind_for(parsed.subject),
        channel=Channel.EMAIL,
        subject=_subject(parsed.subject),
        description=description,
        requester_name=(parsed.from_name or parsed.from_address)[:NAME_LENGTH],
        requester_email=parsed.from_address,
        language=language_for(parsed),
        submission_key=email_submission_key(inbound.message_id),
        attachments=files,
        actor=None,
    )


def kind_for(subject: str) -> str:
    """A complaint when the subject (without "Re:"/"Fwd:") starts with Pengaduan, Keluhan or Complaint;
    otherwise an information request."""
    bare = REPLY_PREFIX.sub("", subject).strip().lower()
    return RequestKind.COMPLAINT if bare.startswith(COMPLAINT_PREFIXES) else RequestKind.INFORMATION


def language_for(parsed: ParsedEmail) -> str:
    """English when the message says so (Content-Language: en…), otherwise the site's language (Indonesian)."""
    if parsed.content_language.startswith("en") and "en" in dict(settings.LANGUAGES):
        return "en"
    return settings.LANGUAGE_CODE


def _subject(subject: str) -> str:
    if not subject:
        with translation.override(settings.LANGUAGE_CODE):
            return _("(no subject)")
    return subject if len(subject) <= SUBJECT_LENGTH else subject[: SUBJECT_LENGTH - 1].rstrip() + "…"


def _checked_files(attachments: list[InboundAttachment]) -> tuple[list[File], list[str]]:
    """The attachments that pass the request's file rules, and a note (in the site's language) for each file
    left out. The ticket services validate the kept ones again; nothing here is stored."""
    files: list[File] = []
    notes: list[str] = []
    with translation.override(settings.LANGUAGE_CODE):
        for attachment in attachments:
            file = ContentFile(attachment.content, name=attachment.filename)
            if len(files) >= MAX_ATTACHMENTS_PER_MESSAGE:
                notes.append(
                    _("“%(name)s”: at most %(limit)d files are kept per message.")
                    % {"name": attachment.filename, "limit": MAX_ATTACHMENTS_PER_MESSAGE}
                )
                continue
            try:
                validate_attachment(file)
            except ValidationError as error:
                notes.append(" ".join(str(message) for message in error.messages))
                continue
            files.append(file)
    return files, notes


def _compose(text: str, notes: list[str], *, remark: str = "") -> str:
    """The message text, then ``remark``, then the notes about left-out files."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [text.strip() or _("(The e-mail has no text.)")]
        if remark:
            parts.append(remark)
        if notes:
            parts.append(_("Not kept from this e-mail:") + "\n" + "\n".join(f"- {note}" for note in notes))
    return "\n\n".join(parts)


def _record(inbound: InboundEmail, outcome: Outcome) -> None:
    """Side effects: the row's outcome and attempts + 1; activity ``notify.inbound.failed`` when it newly fails."""
    now = timezone.now()
    newly_failed = outcome.status == InboundStatus.FAILED and inbound.status != InboundStatus.FAILED
    inbound.attempts += 1
    inbound.status = outcome.status
    inbound.reason = outcome.reason
    inbound.detail = CONTROL_CHARACTERS.sub("", outcome.detail)[:5000]
    inbound.ticket = outcome.ticket
    inbound.ticket_message = outcome.message
    if outcome.status == InboundStatus.FAILED:
        inbound.next_attempt_at = now + retry_delay(inbound.attempts) if inbound.attempts < MAX_ATTEMPTS else None
    else:
        inbound.next_attempt_at = None
        inbound.processed_at = now
    inbound.save(
        update_fields=[
            "attempts",
            "status",
            "reason",
            "detail",
            "ticket",
            "ticket_message",
            "next_attempt_at",
            "processed_at",
        ]
    )
    if newly_failed:
        log_action(
            "notify.inbound.failed",
            actor=None,
            obj=inbound,
            data={**_activity_data(inbound), "reason": outcome.reason},
        )


def _validation_text(error: ValidationError) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(str(message) for message in messages)}"
                for field, messages in error.message_dict.items()
            )
        return " ".join(str(message) for message in error.messages)


def _activity_data(inbound: InboundEmail) -> dict[str, str]:
    return {"sender": inbound.from_address, "subject": inbound.subject[:200]}
