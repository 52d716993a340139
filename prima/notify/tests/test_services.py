"""The outbox against a real SMTP server (aiosmtpd) and a real database: queued with the change that caused
it, sent once, retried with backoff, given up after MAX_ATTEMPTS, rendered in the recipient's language."""

import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django_tasks_db.models import DBTaskResult

from prima.activity.models import ActivityLog
from prima.core.periodic import JOBS, PeriodicJob
from prima.factories import CustomerFactory
from prima.notify.models import EmailStatus, OutboundEmail
from prima.notify.services import (
    MAX_ATTEMPTS,
    REENQUEUE_AFTER,
    SENDING_TIMEOUT,
    backoff_delay,
    queue_email,
    release_stale_claims,
    retry_due_emails,
    retry_email,
    send_email,
)
from prima.notify.tests.conftest import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

# Django's own catalogue names the month in each language, so these prove the rendering language
# without depending on Prima's catalogue.
SUBJECT = format_lazy("Laporan layanan {month}", month=MONTHS[1])
BODY = format_lazy("Laporan layanan bulan {month} sudah terbit.\n\nTerima kasih.", month=MONTHS[1])


def queue(**overrides: Any) -> OutboundEmail:
    arguments: dict[str, Any] = {
        "to_address": "budi@contoh.id",
        "to_name": "Budi Santoso",
        "language": "id",
        "template": "generic",
        "context": {"subject": SUBJECT, "greeting_name": "Budi Santoso", "body": BODY},
    }
    return queue_email(**(arguments | overrides))


def make_due(email: OutboundEmail) -> None:
    """Time passes: the e-mail's next attempt is now in the past."""
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_queue_email_rolled_back_with_its_change_stores_and_sends_nothing(smtp_server: SmtpServer) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change that caused the e-mail failed")

    assert OutboundEmail.objects.count() == 0
    assert smtp_server.messages == []


@pytest.mark.parametrize(("language", "month"), [("id", "Januari"), ("en", "January")])
def test_queue_email_committed_sends_one_message_in_recipient_language(
    smtp_server: SmtpServer, language: str, month: str
) -> None:
    with transaction.atomic():
        email = queue(language=language)
        assert smtp_server.messages == []  # nothing leaves before the commit

    [received] = smtp_server.wait_for(1)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.language) == (EmailStatus.SENT, 1, language)
    assert email.subject == f"Laporan layanan {month}"
    assert received.recipients == ["budi@contoh.id"]
    assert received.message["Subject"] == f"Laporan layanan {month}"
    assert received.message["To"] == "Budi Santoso <budi@contoh.id>"
    assert received.message["Content-Language"] == language
    assert received.plain_body() == email.body_text
    assert received.plain_body().splitlines()[2] == f"Laporan layanan bulan {month} sudah terbit."
    assert f'<html lang="{language}">' in received.html_body()
    assert f"<p>Laporan layanan bulan {month} sudah terbit.</p>" in received.html_body()


def test_queue_email_english_message_reads_in_full(smtp_server: SmtpServer) -> None:
    queue(language="en", context={"subject": "Request PRM-0001", "greeting_name": "Budi", "body": "Received & filed."})

    [received] = smtp_server.wait_for(1)
    assert received.plain_body() == ("Dear Budi,\n\nReceived & filed.\n\nKind regards,\nThe service team\n")
    assert "<p>Received &amp; filed.</p>" in received.html_body()


def test_queue_email_same_idempotency_key_stores_and_sends_once(smtp_server: SmtpServer) -> None:
    with transaction.atomic():
        first = queue(idempotency_key="ticket-7-received")
    with transaction.atomic():
        second = queue(idempotency_key="ticket-7-received", context={"subject": "Other", "body": "Other"})

    assert second.pk == first.pk
    assert OutboundEmail.objects.count() == 1
    assert len(smtp_server.wait_for(1)) == 1
    assert smtp_server.messages[0].message["Subject"] == "Laporan layanan Januari"


def test_queue_email_invalid_address_raises_translated_error(smtp_server: SmtpServer) -> None:
    with pytest.raises(ValidationError) as raised:
        queue(to_address="budi-at-contoh.id")

    # The message is lazy: it is read in the language active where it is shown.
    with translation.override("en"):
        assert raised.value.messages == ["“budi-at-contoh.id” is not a valid e-mail address."]
    with translation.override("id"):
        assert raised.value.messages == ["“budi-at-contoh.id” bukan alamat e-mail yang sah."]
    assert OutboundEmail.objects.count() == 0
    assert smtp_server.messages == []


def test_queue_email_unknown_language_raises() -> None:
    with pytest.raises(ValueError) as raised:
        queue(language="fr")

    assert str(raised.value) == "E-mail language 'fr' is not one of settings.LANGUAGES."


def test_queue_email_reserved_header_raises() -> None:
    with pytest.raises(ValueError) as raised:
        queue(headers={"Message-ID": "<mine@contoh.id>"})

    assert str(raised.value) == "Header 'Message-ID' is set by the outbox and cannot be overridden."


def test_send_email_message_id_and_thread_headers(smtp_server: SmtpServer) -> None:
    email = queue(
        reply_to="balasan+prm-0001@prima.test",
        headers={"In-Reply-To": "<asal@contoh.id>", "References": "<asal@contoh.id>"},
    )

    [received] = smtp_server.wait_for(1)
    assert email.message_id.startswith("<") and email.message_id.endswith("@localhost>")
    assert received.message["Message-ID"] == email.message_id
    assert received.message["In-Reply-To"] == "<asal@contoh.id>"
    assert received.message["References"] == "<asal@contoh.id>"
    assert received.message["Reply-To"] == "balasan+prm-0001@prima.test"
    assert received.message["From"] == email.from_address


def test_send_email_called_again_sends_nothing(smtp_server: SmtpServer) -> None:
    email = queue()
    smtp_server.wait_for(1)

    assert send_email(email.pk) is False
    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database shares one cache between threads, whose table locks fail at once "
    "instead of waiting (production SQLite is a file with a busy timeout); SQLite serialises writes anyway.",
)
def test_send_email_from_two_workers_at_once_sends_once(smtp_server: SmtpServer, database_queue: None) -> None:
    email = queue()
    barrier = threading.Barrier(2)
    results: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=5)
            results.append(send_email(email.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == [False, True]
    assert len(smtp_server.wait_for(1)) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_send_email_smtp_down_keeps_it_pending_with_backoff(smtp_down: int) -> None:
    before = timezone.now()
    email = queue()
    after = timezone.now()

    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at, email.claim_token) == (EmailStatus.PENDING, 1, None, None)
    assert before + timedelta(minutes=1) <= email.next_attempt_at <= after + timedelta(minutes=1)
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert retry_due_emails() == 0  # not due yet


def test_retry_due_emails_sends_once_when_server_is_back(smtp_server: SmtpServer) -> None:
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert email.last_error == "SMTPDataError: (451, b'4.3.0 Try again later')"

    smtp_server.handler.data_reply = None
    make_due(email)
    assert retry_due_emails() == 1
    assert retry_due_emails() == 0

    assert len(smtp_server.wait_for(1)) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert list(ActivityLog.objects.filter(action="notify.email.sent").values_list("data", flat=True)) == [
        {"to": "budi@contoh.id", "subject": "Laporan layanan Januari"}
    ]


def test_send_email_gives_up_after_max_attempts(smtp_server: SmtpServer) -> None:
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"
    email = queue()
    for _ in range(MAX_ATTEMPTS - 1):
        make_due(email)
        assert retry_due_emails() == 1

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
    make_due(email)
    assert retry_due_emails() == 0
    assert send_email(email.pk) is False
    assert smtp_server.messages == []
    assert list(ActivityLog.objects.filter(action="notify.email.failed").values_list("data", flat=True)) == [
        {
            "to": "budi@contoh.id",
            "subject": "Laporan layanan Januari",
            "error": "SMTPDataError: (451, b'4.3.0 Try again later')",
            "attempts": MAX_ATTEMPTS,
        }
    ]


def test_send_email_permanent_refusal_fails_at_once(smtp_server: SmtpServer) -> None:
    smtp_server.handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    email = queue()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 1)
    assert email.last_error.startswith("SMTPRecipientsRefused: ")
    assert ActivityLog.objects.filter(action="notify.email.failed").count() == 1


def test_release_stale_claims_requeues_an_interrupted_send(smtp_server: SmtpServer, database_queue: None) -> None:
    interrupted, in_progress = queue(), queue(to_address="sari@contoh.id")
    long_ago = timezone.now() - SENDING_TIMEOUT - timedelta(seconds=1)
    OutboundEmail.objects.filter(pk=interrupted.pk).update(
        status=EmailStatus.SENDING, claim_token=uuid.uuid4(), claimed_at=long_ago
    )
    OutboundEmail.objects.filter(pk=in_progress.pk).update(
        status=EmailStatus.SENDING, claim_token=uuid.uuid4(), claimed_at=timezone.now()
    )

    assert release_stale_claims() == 1

    interrupted.refresh_from_db()
    in_progress.refresh_from_db()
    assert (interrupted.status, interrupted.attempts, interrupted.claim_token, interrupted.claimed_at) == (
        EmailStatus.PENDING,
        1,
        None,
        None,
    )
    assert interrupted.last_error == "Sending was interrupted: the worker stopped mid-send."
    assert in_progress.status == EmailStatus.SENDING
    make_due(interrupted)
    assert send_email(interrupted.pk) is True
    assert [m.recipients for m in smtp_server.wait_for(1)] == [["budi@contoh.id"]]


def test_retry_due_emails_leaves_rows_with_a_recent_task_to_the_worker(
    smtp_server: SmtpServer, database_queue: None
) -> None:
    email = queue()
    assert retry_due_emails() == 0  # the task enqueued on commit is still waiting
    OutboundEmail.objects.filter(pk=email.pk).update(enqueued_at=timezone.now() - REENQUEUE_AFTER)
    assert retry_due_emails() == 1  # lost task: enqueue again
    assert DBTaskResult.objects.count() == 2
    assert smtp_server.messages == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    assert len(smtp_server.wait_for(1)) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True), key=str) == [False, True]


def test_retry_email_sends_a_failed_email_again(smtp_server: SmtpServer) -> None:
    smtp_server.handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    email = queue()
    smtp_server.handler.rcpt_reply = None

    assert retry_email(email, actor=None) is True

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert len(smtp_server.wait_for(1)) == 1
    assert retry_email(email, actor=None) is False  # sent: never again
    assert len(smtp_server.messages) == 1
    assert ActivityLog.objects.filter(action="notify.email.retry_requested").count() == 1


def test_send_email_logs_on_related_customers_timeline(smtp_server: SmtpServer) -> None:
    customer = CustomerFactory(name="Budi Santoso")
    email = queue(related=customer)

    smtp_server.wait_for(1)
    email.refresh_from_db()
    assert email.related == customer
    assert list(customer.activity.values_list("action", flat=True)) == ["notify.email.sent"]


def test_backoff_delay_grows_then_caps() -> None:
    assert [backoff_delay(attempt) for attempt in range(1, MAX_ATTEMPTS + 1)] == [
        timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240, 720, 720, 720)
    ]


def test_periodic_jobs_include_retry_due_emails() -> None:
    assert PeriodicJob("retry_due_emails", retry_due_emails) in JOBS
