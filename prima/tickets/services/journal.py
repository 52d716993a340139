"""The intake journal: receive a submission durably in one short transaction, register it as a request later.

Guarantees:

* Durable before acknowledged: ``journal_submission`` commits the validated submission with its tracking code
  (``transaction.atomic(durable=True)``) before the caller may answer "received, code X". The committed row is
  itself the to-do: no task row is written per submission. After the commit, a nudge makes sure a
  "register what is pending" task (``register_received_submissions``) runs after it: at most one such task
  per process per NUDGE_INTERVAL, deferred to the end of that interval, so every row committed within it is
  covered by it. ``register_pending_submissions`` (periodic) catches any row whose nudge was lost.
* Valid before journaled: the submission passes ``validate_submission``, the very checks ``submit_request``
  makes, so registration does not refuse what the person was told was received.
* One code, one request: the code is reserved when journaled (never one a request already has, and
  ``submit_request`` never draws a reserved one); registration gives the request exactly this code. The same
  ``submission_key`` again returns the row already journaled (its code), and registration is idempotent.
* Never lost: a registration that fails leaves the row ``failed`` with the error, retried with backoff.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.customers.models import ConsentChannel, ConsentPurpose, Customer
from prima.customers.services import record_consent
from prima.tickets.choices import Channel, Confidentiality
from prima.tickets.models import IntakeStatus, IntakeSubmission, Ticket
from prima.tickets.services.intake import MAX_CODE_ATTEMPTS, submit_request, validate_submission
from prima.tickets.tracking import new_tracking_code

logger = logging.getLogger(__name__)

# A pending row older than this has most likely lost its task (a queue outage, a worker that died).
PENDING_GRACE = timedelta(minutes=1)
MAX_ATTEMPTS = 6
# Minutes to wait after the 1st, 2nd, … failed attempt; the last value repeats.
BACKOFF_MINUTES = (1, 5, 15, 60, 180)
BATCH_SIZE = 100
# A registration task run by a nudge registers at most this many batches, then leaves the rest to a new task.
BATCHES_PER_TASK = 10
# Per process, at most one registration task per interval; it runs at the interval's end (see _Nudges).
NUDGE_INTERVAL = timedelta(seconds=1)
# The identity a submission may carry; an anonymous one carries none of it, not even empty.
IDENTITY_ARGUMENTS = ("requester_name", "requester_email", "requester_phone")
# The consent a follow-up agreement is recorded with, per channel that asks for one.
CONSENT_CHANNELS = {Channel.WEB: ConsentChannel.WEB_FORM}
REUSED_KEY = _("This submission key was already used for another request.")


def journal_submission(
    unit: ServiceUnit,
    *,
    channel: str,
    submission_key: str,
    arguments: Mapping[str, Any],
    follow_up_consent: bool = False,
) -> IntakeSubmission:
    """Check a submission for ``unit`` as ``submit_request`` would and keep it durably, with a tracking code,
    for registration in the background; returns the row (its ``tracking_code`` is the request's code-to-be).
    The same ``submission_key`` again returns the row already kept, provided unit, subject and description
    match. Must not run inside another transaction (``durable``).

    ``arguments`` are ``submit_request``'s keyword arguments other than unit, channel, submission key and actor
    (JSON-safe: dates become ISO strings, the service is its id); ``follow_up_consent`` records the person's
    consent to be contacted about the request (normal confidentiality only, as the public form always did).

    Raises ValidationError keyed by argument name, exactly as ``submit_request`` does.

    Side effects: one IntakeSubmission row (pending); after the commit, possibly one deferred registration task
    (``register_received_submissions_task``, see ``nudge_registration``).
    """
    if follow_up_consent and channel not in CONSENT_CHANNELS:
        raise ValueError(f"Channel {channel!r} records no consent.")
    checked = validate_submission(unit, channel=channel, submission_key=submission_key, actor=None, **arguments)
    if checked.submission_key is None:
        raise ValueError("A journaled submission needs a submission key.")
    anonymous = checked.confidentiality == Confidentiality.ANONYMOUS
    kept = {name: value for name, value in arguments.items() if not (anonymous and name in IDENTITY_ARGUMENTS)}
    payload = {"arguments": kept, "follow_up_consent": follow_up_consent and not anonymous}
    fingerprint = _fingerprint(unit.pk, checked.subject, checked.description)
    for _attempt in range(MAX_CODE_ATTEMPTS):
        code = new_tracking_code()
        if Ticket.objects.filter(tracking_code=code).exists():
            continue
        try:
            with transaction.atomic(durable=True):
                row = IntakeSubmission.objects.create(
                    unit=unit,
                    channel=channel,
                    payload=payload,
                    tracking_code=code,
                    submission_key=checked.submission_key,
                    fingerprint=fingerprint,
                )
                # robust: a queue hiccup after the commit must not fail the person's request; the periodic job
                # registers the row after PENDING_GRACE.
                transaction.on_commit(nudge_registration, robust=True)
            return row
        except IntegrityError:
            existing = IntakeSubmission.objects.filter(submission_key=checked.submission_key).first()
            if existing is not None:
                return _same_submission(existing, unit, fingerprint)
            if not IntakeSubmission.objects.filter(tracking_code=code).exists():
                raise
    raise RuntimeError(f"No free tracking code after {MAX_CODE_ATTEMPTS} attempts; check the random source.")


def register_submission(submission_id: int) -> IntakeSubmission:
    """Turn a journaled submission into its request (``submit_request`` with the reserved code, then the
    follow-up consent) and return the row. A row already registered is returned unchanged, so running twice
    registers once. Never raises for a failed registration: the row is marked ``failed`` with the error and
    left for ``register_pending_submissions``.

    Side effects: those of ``submit_request`` (request, customer, acknowledgement e-mail, …) and possibly a
    consent (``customers.consent.given``); the row's status, request, attempts and error; its payload is
    emptied once registered (the request now holds the submission, and the requester's data).
    """
    try:
        with transaction.atomic():
            row = _locked(submission_id)
            if row.status != IntakeStatus.REGISTERED:
                _mark_registered(row, _register(row))
            return row
    except IntakeSubmission.DoesNotExist:
        raise
    except Exception as error:
        logger.exception("Registering intake submission %s failed", submission_id)
        with transaction.atomic():
            row = _locked(submission_id)
            if row.status != IntakeStatus.REGISTERED:
                _mark_failed(row, error)
            return row


def register_pending_submissions(*, now: datetime | None = None) -> int:
    """Periodic job: register rows still pending after PENDING_GRACE (their task was lost or is late) and
    failed rows that are due, up to MAX_ATTEMPTS attempts. Returns how many rows it tried.

    Side effects: as ``register_submission`` for each row.
    """
    now = now or timezone.now()
    due = IntakeSubmission.objects.filter(
        Q(status=IntakeStatus.PENDING, created_at__lte=now - PENDING_GRACE)
        | Q(status=IntakeStatus.FAILED, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
    )
    ids = list(due.order_by("created_at", "pk").values_list("pk", flat=True)[:BATCH_SIZE])
    for submission_id in ids:
        register_submission(submission_id)
    return len(ids)


def register_received_submissions(*, batches: int = BATCHES_PER_TASK) -> int:
    """What a nudge runs: register every pending row, whatever its age, oldest first, up to ``batches`` batches
    of BATCH_SIZE; failed rows wait for their retry (``register_pending_submissions``). Returns how many rows it
    tried; when rows are left after the last batch it nudges again, so a burst is worked off in several tasks.

    Side effects: as ``register_submission`` for each row.
    """
    tried = 0
    for _batch in range(batches):
        ids = list(
            IntakeSubmission.objects.filter(status=IntakeStatus.PENDING)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        for submission_id in ids:
            register_submission(submission_id)
        tried += len(ids)
        if len(ids) < BATCH_SIZE:
            return tried
    if IntakeSubmission.objects.filter(status=IntakeStatus.PENDING).exists():
        _NUDGES.forget()  # the next nudge must enqueue, not count on a task that has already run
        nudge_registration()
    return tried


class _Nudges:
    """This process's promise that a registration task will run: ``covered_until`` is when the last task it
    enqueued was deferred to. A row committed before that moment is picked up by that task, so no new one is
    needed; the first commit after it enqueues the next task, deferred by NUDGE_INTERVAL."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.covered_until: datetime | None = None

    def claim(self, now: datetime) -> datetime | None:
        """The moment to defer a new task to, or None when a task enqueued earlier still covers ``now``."""
        with self.lock:
            if self.covered_until is not None and now < self.covered_until:
                return None
            self.covered_until = now + NUDGE_INTERVAL
            return self.covered_until

    def forget(self) -> None:
        with self.lock:
            self.covered_until = None


_NUDGES = _Nudges()


def nudge_registration() -> None:
    """Make sure a registration task runs after the submissions committed so far (call it after the commit).

    On a queue that defers tasks (database, RQ), at most one task per process per NUDGE_INTERVAL is enqueued,
    set to run at the end of the interval; on the immediate queue (tests, development) the pending rows are
    registered at once.

    Side effects: possibly one task row (``register_received_submissions_task``), or the registrations.
    """
    from prima.tickets.tasks import register_received_submissions_task

    if not register_received_submissions_task.get_backend().supports_defer:
        register_received_submissions_task.enqueue()
        return
    run_after = _NUDGES.claim(timezone.now())
    if run_after is None:
        return
    try:
        register_received_submissions_task.using(run_after=run_after).enqueue()
    except Exception:
        _NUDGES.forget()  # nothing covers the rows now: the next commit must try again
        raise


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt. No side effects."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def _fingerprint(unit_id: int, subject: str, description: str) -> str:
    return hashlib.sha256(json.dumps([unit_id, subject, description]).encode()).hexdigest()


def _same_submission(existing: IntakeSubmission, unit: ServiceUnit, fingerprint: str) -> IntakeSubmission:
    if existing.unit_id != unit.pk or existing.fingerprint != fingerprint:
        raise ValidationError({"submission_key": ValidationError(REUSED_KEY, code="reused")})
    return existing


def _locked(submission_id: int) -> IntakeSubmission:
    """The row, locked for the rest of the transaction (PostgreSQL; SQLite serialises writers anyway)."""
    return IntakeSubmission.objects.select_for_update().select_related("unit").get(pk=submission_id)


def _register(row: IntakeSubmission) -> Ticket:
    arguments: dict[str, Any] = dict(row.payload["arguments"])
    ticket = submit_request(
        row.unit,
        channel=row.channel,
        submission_key=row.submission_key,
        tracking_code=row.tracking_code,
        actor=None,
        **arguments,
    )
    # Confidential requests record no consent: the customer's timeline would show "consent given, web form"
    # at the moment of the complaint, telling staff who may not know who complained.
    if (
        row.payload.get("follow_up_consent")
        and ticket.confidentiality == Confidentiality.NORMAL
        and ticket.customer is not None
    ):
        _record_follow_up_consent(ticket.customer, CONSENT_CHANNELS[Channel(row.channel)])
    return ticket


def _record_follow_up_consent(customer: Customer, channel: str) -> None:
    # A returning person usually has this consent already; record_consent refuses a second active one.
    with contextlib.suppress(ValidationError):
        record_consent(customer, purpose=ConsentPurpose.FOLLOW_UP, channel=channel, actor=None)


def _mark_registered(row: IntakeSubmission, ticket: Ticket) -> None:
    row.status = IntakeStatus.REGISTERED
    row.ticket = ticket
    row.attempts += 1
    row.last_error = ""
    row.next_attempt_at = None
    row.registered_at = timezone.now()
    row.payload = {}
    row.save(
        update_fields=["status", "ticket", "attempts", "last_error", "next_attempt_at", "registered_at", "payload"]
    )


def _mark_failed(row: IntakeSubmission, error: Exception) -> None:
    row.status = IntakeStatus.FAILED
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {_describe(error)}"[:5000]
    row.next_attempt_at = timezone.now() + retry_delay(row.attempts) if row.attempts < MAX_ATTEMPTS else None
    row.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(message) for item in errors for message in item.messages)}"
            for field, errors in error.error_dict.items()
        )
    return str(error)
