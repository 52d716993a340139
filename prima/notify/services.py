"""The outbox's write path: queue an e-mail in the caller's transaction, send it from a worker, retry it.

Delivery guarantees:

* Queued with the change that caused it: ``queue_email`` inserts inside the caller's transaction and
  enqueues the send task only on commit, so a rolled-back change sends nothing.
* Never sent twice by two workers: ``send_email`` first claims the row with one conditional UPDATE
  (``pending`` and due → ``sending``); only the worker whose UPDATE changed the row sends it.
* Retried with backoff: a temporary SMTP or network failure puts the row back to ``pending`` with a
  later ``next_attempt_at``; ``retry_due_emails`` (a periodic job) enqueues due rows again.

SMTP itself cannot make delivery exactly-once: if a worker dies after the server accepted the message
but before the row is marked sent, the stale claim is released and the message is sent again with the
same Message-ID, which mail clients use to drop the duplicate.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from prima.activity.services import log_action
from prima.customers.models import Customer
from prima.notify.models import EmailStatus, OutboundEmail

if TYPE_CHECKING:
    from prima.accounts.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Minutes to wait after the 1st, 2nd, … failed attempt; the last value repeats. With MAX_ATTEMPTS = 8 an
# e-mail is given up about 29 hours after its first failure.
BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)
# A row still 'sending' after this long belongs to a worker that died; far above EMAIL_TIMEOUT.
SENDING_TIMEOUT = timedelta(minutes=15)
# A pending row whose send task was enqueued this recently is left to that task by the retry job.
REENQUEUE_AFTER = timedelta(minutes=10)
RETRY_BATCH_SIZE = 200
# Headers the outbox sets itself; a caller may not override them.
RESERVED_HEADERS = frozenset({"message-id", "from", "to", "cc", "bcc", "subject", "content-language", "date"})


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def queue_email(
    *,
    to_address: str,
    to_name: str = "",
    language: str,
    template: str,
    context: Mapping[str, Any],
    idempotency_key: str | None = None,
    headers: Mapping[str, str] | None = None,
    related: models.Model | None = None,
    reply_to: str | None = None,
) -> OutboundEmail:
    """Render ``templates/notify/<template>.{subject.txt,txt,html}`` in ``language`` and put the e-mail in
    the outbox. Call it inside the transaction of the change that causes the e-mail.

    Raises ValidationError for a bad recipient or Reply-To address, ValueError for an unknown language or
    a reserved/multi-line header. With an ``idempotency_key`` already in the outbox, returns that row and
    changes nothing.

    Side effects: inserts one OutboundEmail row; on commit, enqueues ``send_email_task`` for it.
    """
    to_address = _validated_address(to_address)
    extra_headers = _extra_headers(language, headers, reply_to)
    if idempotency_key is not None:
        existing = OutboundEmail.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    rendered = render_email(template, context, language)
    try:
        with transaction.atomic():
            email = _outbox_row(
                to_address=to_address,
                to_name=to_name,
                language=language,
                rendered=rendered,
                headers=extra_headers,
                idempotency_key=idempotency_key,
                related=related,
            )
            email.save(force_insert=True)
    except IntegrityError:
        if idempotency_key is None:
            raise
        # Another transaction queued the same logical e-mail between our look-up and our insert.
        return OutboundEmail.objects.get(idempotency_key=idempotency_key)
    _enqueue_on_commit(email.pk)
    return email


@dataclass(frozen=True)
class PlannedEmail:
    """The arguments ``queue_email`` takes, for one e-mail of ``add_emails_to_outbox``."""

    to_address: str
    to_name: str
    language: str
    template: str
    context: Mapping[str, Any]
    idempotency_key: str


def add_emails_to_outbox(emails: Sequence[PlannedEmail]) -> list[int]:
    """``queue_email`` for many e-mails in a fixed number of statements (one look-up, one bulk insert), skipping
    idempotency keys already in the outbox or repeated in ``emails``. Call it inside the transaction of the change
    that causes them; unlike ``queue_email`` it enqueues no sending, so the caller enqueues one task for the ids
    returned (``retry_due_emails`` sends them anyway if that task is lost).

    Raises ValidationError for a bad address and ValueError for an unknown language, as ``queue_email`` does.
    """
    if not emails:
        return []
    keys = [email.idempotency_key for email in emails]
    taken = set(OutboundEmail.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    rows: list[OutboundEmail] = []
    for email in emails:
        if email.idempotency_key in taken:
            continue
        taken.add(email.idempotency_key)
        rows.append(
            _outbox_row(
                to_address=_validated_address(email.to_address),
                to_name=email.to_name,
                language=email.language,
                rendered=render_email(email.template, email.context, email.language),
                headers=_extra_headers(email.language, None, None),
                idempotency_key=email.idempotency_key,
            )
        )
    if not rows:
        return []
    OutboundEmail.objects.bulk_create(rows)
    if any(row.pk is None for row in rows):  # a database that returns no ids from a bulk insert
        by_key = dict(
            OutboundEmail.objects.filter(idempotency_key__in=[row.idempotency_key for row in rows]).values_list(
                "idempotency_key", "pk"
            )
        )
        return [by_key[str(row.idempotency_key)] for row in rows]
    return [row.pk for row in rows]


def _outbox_row(
    *,
    to_address: str,
    to_name: str,
    language: str,
    rendered: RenderedEmail,
    headers: dict[str, str],
    idempotency_key: str | None,
    related: models.Model | None = None,
) -> OutboundEmail:
    """The unsaved outbox row for an already validated address and rendered e-mail."""
    return OutboundEmail(
        to_address=to_address,
        to_name=" ".join(to_name.split()),  # one header line, whatever the caller's data holds
        language=language,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        from_address=settings.DEFAULT_FROM_EMAIL,
        headers=headers,
        message_id=_new_message_id(),
        idempotency_key=idempotency_key,
        enqueued_at=timezone.now(),
        content_type=ContentType.objects.get_for_model(related) if related is not None else None,
        object_id=str(related.pk) if related is not None else "",
    )


def render_email(template: str, context: Mapping[str, Any], language: str) -> RenderedEmail:
    """Render the subject, plain-text and (optional) HTML templates with ``language`` active. No side effects."""
    with translation.override(language):
        subject = render_to_string(f"notify/{template}.subject.txt", dict(context))
        body_text = render_to_string(f"notify/{template}.txt", dict(context))
        body_html: str
        try:
            body_html = render_to_string(f"notify/{template}.html", dict(context))
        except TemplateDoesNotExist:
            body_html = ""
    # A subject is one header line: newlines from the template would be a header injection.
    return RenderedEmail(subject=" ".join(subject.split()), body_text=body_text.strip() + "\n", body_html=body_html)


def send_email(email_id: int) -> bool:
    """Send one outbox row if it is pending and due. Returns True if this call sent it.

    Safe to call any number of times, from any number of workers at once: only the caller that claims
    the row sends it. Must run outside a transaction so the claim is visible to other workers at once.

    Side effects: claims the row (status 'sending'); one SMTP delivery; then marks it 'sent' (activity
    ``notify.email.sent``), or records the failure with backoff, or 'failed' after MAX_ATTEMPTS
    (activity ``notify.email.failed``).
    """
    token = _claim(email_id)
    if token is None:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _deliver(email)
    except Exception as error:
        if isinstance(error, smtplib.SMTPException | OSError):
            logger.warning("Sending e-mail %s failed: %s", email_id, error)
        else:
            logger.exception("Sending e-mail %s failed unexpectedly", email_id)
        _record_failure(email, token, f"{type(error).__name__}: {error}", permanent=_is_permanent(error))
        return False
    _record_success(email)
    return True


def retry_due_emails(*, now: datetime | None = None) -> int:
    """Periodic job: release claims of workers that died mid-send, then enqueue a send task for each
    pending, due row that has no recent task. Returns how many rows were enqueued.

    Side effects: stale 'sending' rows count as a failed attempt (see ``send_email``); ``enqueued_at`` is
    set on the rows enqueued; one ``send_email_task`` per row.
    """
    from prima.notify.tasks import send_email_task

    now = now or timezone.now()
    release_stale_claims(now=now)
    due = OutboundEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - REENQUEUE_AFTER)
    )
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:RETRY_BATCH_SIZE])
    # Mark first: with the immediate backend the task runs inside enqueue() and may clear enqueued_at.
    OutboundEmail.objects.filter(pk__in=ids).update(enqueued_at=now)
    for email_id in ids:
        send_email_task.enqueue(email_id)
    return len(ids)


def release_stale_claims(*, now: datetime | None = None) -> int:
    """Put rows stuck in 'sending' longer than SENDING_TIMEOUT back to 'pending' (or 'failed' after
    MAX_ATTEMPTS), counting the interrupted send as an attempt. Returns how many were released.

    Side effects: as a failed ``send_email`` attempt.
    """
    now = now or timezone.now()
    stale = OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
    released = 0
    for email in stale:
        if email.claim_token is not None:
            logger.warning("E-mail %s was left 'sending' since %s; releasing its claim", email.pk, email.claimed_at)
            _record_failure(email, email.claim_token, "Sending was interrupted: the worker stopped mid-send.")
            released += 1
    return released


def retry_email(email: OutboundEmail, *, actor: User | None) -> bool:
    """Make a pending or failed e-mail due now and enqueue it (the admin's "retry now"). Returns False for
    an e-mail that is sent or being sent, which is left alone.

    Side effects: the row becomes 'pending' and due; activity ``notify.email.retry_requested``; on commit,
    enqueues ``send_email_task``.
    """
    now = timezone.now()
    with transaction.atomic():
        changed = OutboundEmail.objects.filter(
            pk=email.pk, status__in=[EmailStatus.PENDING, EmailStatus.FAILED]
        ).update(status=EmailStatus.PENDING, next_attempt_at=now, enqueued_at=now)
        if not changed:
            return False
        log_action(
            "notify.email.retry_requested",
            actor=actor,
            obj=email,
            customer=_customer_of(email),
            data=_activity_data(email),
        )
        _enqueue_on_commit(email.pk)
    return True


def backoff_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt. No side effects."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def message_headers(email: OutboundEmail) -> dict[str, str]:
    """The headers an outbox row is sent with: its stored extra headers plus its Message-ID. No side effects."""
    return {**email.headers, "Message-ID": email.message_id}


def _validated_address(address: str) -> str:
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("“%(address)s” is not a valid e-mail address."), code="invalid_email", params={"address": address}
        ) from None
    return address


def _extra_headers(language: str, headers: Mapping[str, str] | None, reply_to: str | None) -> dict[str, str]:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"E-mail language {language!r} is not one of settings.LANGUAGES.")
    extra = dict(headers or {})
    for name, value in extra.items():
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"Header {name!r} is set by the outbox and cannot be overridden.")
        if "\n" in name or "\r" in name or "\n" in value or "\r" in value:
            raise ValueError(f"Header {name!r} must be a single line.")
    if reply_to is not None:
        extra["Reply-To"] = _validated_address(reply_to)
    extra["Content-Language"] = language
    return extra


def _new_message_id() -> str:
    domain = (
        getattr(settings, "NOTIFY_MESSAGE_ID_DOMAIN", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    )
    return f"<{uuid.uuid4()}@{domain or 'localhost'}>"


def _enqueue_on_commit(email_id: int) -> None:
    from prima.notify.tasks import send_email_task

    # robust: a queue hiccup after commit must not fail the caller's request; retry_due_emails picks the
    # row up after REENQUEUE_AFTER.
    transaction.on_commit(partial(send_email_task.enqueue, email_id), robust=True)


def _claim(email_id: int) -> uuid.UUID | None:
    """One conditional UPDATE: the row is ours only if it was pending and due. Side effect: status 'sending'."""
    token = uuid.uuid4()
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING, next_attempt_at__lte=now).update(
        status=EmailStatus.SENDING, claim_token=token, claimed_at=now
    )
    return token if claimed else None


def _deliver(email: OutboundEmail) -> None:
    """One SMTP delivery through the configured backend. Raises on any failure."""
    recipient = str(Address(display_name=email.to_name, addr_spec=email.to_address))
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_address,
        to=[recipient],
        headers=message_headers(email),
        connection=get_connection(fail_silently=False),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()


def _is_permanent(error: BaseException) -> bool:
    """A 5xx answer about this message or its recipient will not change on retry; a 5xx about our login or
    sender (a configuration problem) might, once someone fixes it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600


def _record_success(email: OutboundEmail) -> None:
    """Side effects: status 'sent', sent_at, attempts + 1; activity ``notify.email.sent``."""
    now = timezone.now()
    with transaction.atomic():
        # Unconditional on the claim: the message has left, whatever happened to the claim meanwhile.
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.SENT,
            sent_at=now,
            attempts=email.attempts + 1,
            claim_token=None,
            claimed_at=None,
            enqueued_at=None,
        )
        log_action("notify.email.sent", actor=None, obj=email, customer=_customer_of(email), data=_activity_data(email))


def _record_failure(email: OutboundEmail, token: uuid.UUID, error: str, *, permanent: bool = False) -> None:
    """Side effects: attempts + 1 and last_error; status back to 'pending' with backoff, or 'failed' after
    MAX_ATTEMPTS or a permanent rejection (activity ``notify.email.failed``). Only while we hold the claim."""
    attempts = email.attempts + 1
    give_up = permanent or attempts >= MAX_ATTEMPTS
    now = timezone.now()
    with transaction.atomic():
        updated = OutboundEmail.objects.filter(pk=email.pk, claim_token=token).update(
            status=EmailStatus.FAILED if give_up else EmailStatus.PENDING,
            attempts=attempts,
            last_error=error[:2000],
            next_attempt_at=now if give_up else now + backoff_delay(attempts),
            claim_token=None,
            claimed_at=None,
            enqueued_at=None,
        )
        if updated and give_up:
            log_action(
                "notify.email.failed",
                actor=None,
                obj=email,
                customer=_customer_of(email),
                data={**_activity_data(email), "error": error[:200], "attempts": attempts},
            )


def _activity_data(email: OutboundEmail) -> dict[str, Any]:
    return {"to": email.to_address, "subject": email.subject[:200]}


def _customer_of(email: OutboundEmail) -> Customer | None:
    """The customer whose timeline shows this e-mail: the related object itself, or its ``customer``."""
    related = email.related if email.content_type_id is not None else None
    if isinstance(related, Customer):
        return related
    candidate = getattr(related, "customer", None)
    return candidate if isinstance(candidate, Customer) else None
