"""The intake journal behind the public form: the POST keeps the checked submission durably with its code and
answers at once; registering it as a request follows after the commit (tasks run immediately in tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from prima.accounts.models import ServiceUnit
from prima.customers.models import Consent
from prima.tickets.choices import Channel
from prima.tickets.models import IntakeStatus, IntakeSubmission, Ticket
from prima.tickets.services import journal
from prima.tickets.services.journal import (
    MAX_ATTEMPTS,
    journal_submission,
    register_pending_submissions,
    register_received_submissions,
    register_submission,
)

from .conftest import submit
from .test_public_form import form_url, valid_data

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IDENTITY = ("requester_name", "requester_email", "requester_phone")


def receipt_code(response: Any) -> str:
    location = response["Location"]
    assert location.startswith("/public/receipt/")
    return str(location.removeprefix("/public/receipt/").rstrip("/"))


def journaled(unit: ServiceUnit, **overrides: Any) -> IntakeSubmission:
    """A submission journaled without its registration having run (``db`` tests never commit for real)."""
    arguments: dict[str, Any] = {
        "kind": "information",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "requester_phone": "",
        "confidentiality": "normal",
        "language": "id",
        "details": {},
    }
    key = overrides.pop("submission_key", f"web-{unit.pk}-{'a' * 32}")
    consent = overrides.pop("follow_up_consent", True)
    arguments.update(overrides)
    return journal_submission(
        unit, channel=Channel.WEB, submission_key=key, arguments=arguments, follow_up_consent=consent
    )


@pytest.mark.django_db(transaction=True)
def test_post_is_journaled_then_registered_with_the_same_code(cast, public_client):
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))

    code = receipt_code(response)
    row = IntakeSubmission.objects.get()
    ticket = Ticket.objects.get()
    assert (row.tracking_code, row.status, row.ticket_id, ticket.tracking_code, row.attempts, row.payload) == (
        code,
        IntakeStatus.REGISTERED,
        ticket.pk,
        code,
        1,
        {},  # the request holds the submission now (and is where privacy erasure reaches)
    )


@pytest.mark.django_db(transaction=True)
def test_double_submit_gives_one_journal_row_one_request_and_the_same_code(cast, public_client):
    data = valid_data(public_client, cast.unit_a)

    first = public_client.post(form_url(cast.unit_a), data)
    second = public_client.post(form_url(cast.unit_a), data)

    assert (IntakeSubmission.objects.count(), Ticket.objects.count(), receipt_code(first)) == (
        1,
        1,
        receipt_code(second),
    )


@pytest.mark.django_db(transaction=True)
def test_registration_records_the_follow_up_consent(cast, public_client):
    public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))

    assert Consent.objects.filter(customer=Ticket.objects.get().customer).count() == 1


def test_pending_submission_shows_being_registered_on_receipt_and_status(cast, public_client):
    # A ``db`` test never commits, so the registration task (run on commit) never runs: the row stays pending.
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))
    code = receipt_code(response)

    receipt = public_client.get(f"/public/receipt/{code}/")
    status = public_client.get(f"/public/track/{code}/")

    assert (IntakeSubmission.objects.get().status, Ticket.objects.count()) == (IntakeStatus.PENDING, 0)
    for page in (receipt, status):
        content = page.content.decode()
        assert (page.status_code, code in content, 'data-testid="being-registered"' in content) == (200, True, True)


def test_pending_status_in_another_spelling_redirects_to_the_canonical_code(cast, public_client):
    code = journaled(cast.unit_a).tracking_code

    response = public_client.get(f"/public/track/{code.lower().replace('-', '')}/")

    assert (response.status_code, response["Location"]) == (302, f"/public/track/{code}/")


@pytest.mark.parametrize("action", ["reply", "confirm", "reopen"])
def test_actions_on_a_pending_submission_wait_for_its_registration(cast, public_client, action):
    code = journaled(cast.unit_a).tracking_code

    response = public_client.post(f"/public/track/{code}/{action}/", {"body": "Halo", "reason": "Belum"})

    assert (response.status_code, 'data-testid="being-registered"' in response.content.decode()) == (409, True)


def test_pending_receipt_promises_an_email_only_when_there_is_an_address(cast, public_client):
    with_email = journaled(cast.unit_a)
    anonymous = journaled(cast.unit_a, submission_key=f"web-{cast.unit_a.pk}-{'b' * 32}", confidentiality="anonymous")

    pages = [
        public_client.get(f"/public/receipt/{row.tracking_code}/").content.decode() for row in (with_email, anonymous)
    ]

    assert ["We will also send this code" in page or "Kami juga akan mengirim" in page for page in pages] == [
        True,
        False,
    ]


def test_registration_failure_keeps_the_row_and_a_retry_registers_it(cast, monkeypatch):
    row = journaled(cast.unit_a)

    def broken(*args: Any, **kwargs: Any) -> Ticket:
        raise RuntimeError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(journal, "submit_request", broken)
        failed = register_submission(row.pk)
    requests_after_failure = Ticket.objects.count()
    retried = register_pending_submissions(now=timezone.now() + dt.timedelta(hours=1))

    row.refresh_from_db()
    assert (failed.status, failed.last_error, failed.attempts, requests_after_failure) == (
        IntakeStatus.FAILED,
        "RuntimeError: database is locked",
        1,
        0,
    )
    assert (retried, row.status, row.ticket.tracking_code, row.attempts, row.last_error) == (
        1,
        IntakeStatus.REGISTERED,
        row.tracking_code,
        2,
        "",
    )


def test_failed_submission_still_shows_being_registered(cast, public_client, monkeypatch):
    row = journaled(cast.unit_a)
    monkeypatch.setattr(journal, "submit_request", lambda *args, **kwargs: 1 / 0)
    register_submission(row.pk)

    response = public_client.get(f"/public/track/{row.tracking_code}/")

    assert (response.status_code, 'data-testid="being-registered"' in response.content.decode()) == (200, True)


def test_registering_twice_makes_one_request(cast):
    row = journaled(cast.unit_a)

    first = register_submission(row.pk)
    second = register_submission(row.pk)

    assert (first.ticket_id, second.ticket_id, second.attempts, Ticket.objects.count()) == (
        first.ticket_id,
        first.ticket_id,
        1,
        1,
    )


def test_periodic_job_leaves_fresh_rows_to_their_task_and_gives_up_after_max_attempts(cast):
    fresh = journaled(cast.unit_a)
    exhausted = journaled(cast.unit_a, submission_key=f"web-{cast.unit_a.pk}-{'c' * 32}")
    IntakeSubmission.objects.filter(pk=exhausted.pk).update(
        status=IntakeStatus.FAILED, attempts=MAX_ATTEMPTS, next_attempt_at=None
    )

    tried = register_pending_submissions(now=fresh.created_at + dt.timedelta(seconds=30))
    later = register_pending_submissions(now=fresh.created_at + dt.timedelta(minutes=2))

    assert (tried, later, IntakeSubmission.objects.get(pk=exhausted.pk).status) == (0, 1, IntakeStatus.FAILED)


def test_anonymous_journal_payload_holds_no_identity_even_if_typed(cast, public_client):
    data = valid_data(public_client, cast.unit_a, confidentiality="anonymous")

    public_client.post(form_url(cast.unit_a), data)

    payload = IntakeSubmission.objects.get().payload
    assert ([name for name in IDENTITY if name in payload["arguments"]], payload["follow_up_consent"]) == ([], False)


def test_anonymous_journal_drops_identity_passed_by_any_caller(cast):
    row = journaled(cast.unit_a, confidentiality="anonymous", requester_phone="0812-3456-7890")

    assert ([name for name in IDENTITY if name in row.payload["arguments"]], row.payload["follow_up_consent"]) == (
        [],
        False,
    )


def test_journal_refuses_what_registration_would_refuse(cast):
    with pytest.raises(Exception) as error:
        journaled(cast.unit_a, requester_email="", requester_phone="")

    assert (getattr(error.value, "error_dict", {}).keys(), IntakeSubmission.objects.count()) == (
        {"requester_email"},
        0,
    )


def test_journal_never_reserves_a_code_a_request_has(cast, monkeypatch):
    taken = submit(cast.unit_a).tracking_code
    codes = iter([taken, "PRM-2222-3333-4444"])
    monkeypatch.setattr(journal, "new_tracking_code", lambda: next(codes))

    assert journaled(cast.unit_a).tracking_code == "PRM-2222-3333-4444"


def test_other_channels_never_draw_a_code_reserved_in_the_journal(cast, monkeypatch):
    reserved = journaled(cast.unit_a).tracking_code
    monkeypatch.setattr(
        "prima.tickets.services.intake.fresh_tracking_codes", lambda: iter([reserved, "PRM-5555-6666-7777"])
    )

    assert submit(cast.unit_a, channel="phone", requester_email="").tracking_code == "PRM-5555-6666-7777"


def test_validation_errors_still_answer_400_with_messages_and_journal_nothing(cast, public_client):
    data = valid_data(public_client, cast.unit_a, subject="")

    response = public_client.post(form_url(cast.unit_a), data)

    content = response.content.decode()
    assert (
        response.status_code,
        "Give the request a subject." in content or "Isi subjek permohonan." in content,
        IntakeSubmission.objects.count(),
    ) == (400, True, 0)


def test_post_costs_a_small_bounded_number_of_queries(cast, django_assert_max_num_queries):
    client = Client(enforce_csrf_checks=True)
    page = client.get(form_url(cast.unit_a))
    data = valid_data(client, cast.unit_a, kind="complaint", incident_place="Loket 3")
    data["csrfmiddlewaretoken"] = page.cookies["csrftoken"].value

    # On the database queue: the unit, the code check and the journal row; no task row in the person's commit.
    with override_settings(TASKS=DATABASE_TASKS), django_assert_max_num_queries(5):
        response = client.post(form_url(cast.unit_a), data)

    assert (response.status_code, IntakeSubmission.objects.count(), DBTaskResult.objects.count()) == (302, 1, 0)


@pytest.fixture
def fresh_nudges() -> Any:
    journal._NUDGES.forget()
    yield
    journal._NUDGES.forget()


def post_three(client: Client, unit: ServiceUnit) -> list[str]:
    codes = []
    for number in range(3):
        data = valid_data(client, unit, subject=f"Antrian loket {number}")
        codes.append(receipt_code(client.post(form_url(unit), data)))
    return codes


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_posts_in_one_interval_share_one_deferred_task(cast, public_client, fresh_nudges):
    with override_settings(TASKS=DATABASE_TASKS):
        post_three(public_client, cast.unit_a)

    task = DBTaskResult.objects.get()
    assert (task.task_path, task.run_after is not None and task.run_after > task.enqueued_at) == (
        "prima.tickets.tasks.register_received_submissions_task",
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_commit_after_the_interval_enqueues_the_next_task(cast, public_client, fresh_nudges):
    with override_settings(TASKS=DATABASE_TASKS):
        post_three(public_client, cast.unit_a)
        journal._NUDGES.covered_until = timezone.now() - dt.timedelta(seconds=1)  # the interval has passed
        post_three(public_client, cast.unit_a)

    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_a_worker_registers_every_journaled_submission(cast, public_client, fresh_nudges):
    with override_settings(TASKS=DATABASE_TASKS):
        codes = post_three(public_client, cast.unit_a)
        pending = IntakeSubmission.objects.filter(status=IntakeStatus.PENDING).count()
        DBTaskResult.objects.update(run_after=timezone.now())  # the deferred moment has come
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    assert (pending, sorted(Ticket.objects.values_list("tracking_code", flat=True))) == (3, sorted(codes))
    assert set(IntakeSubmission.objects.values_list("status", flat=True)) == {IntakeStatus.REGISTERED}


@pytest.mark.django_db(transaction=True)
def test_double_submit_on_the_database_queue_is_registered_once(cast, public_client, fresh_nudges):
    data = valid_data(public_client, cast.unit_a)
    with override_settings(TASKS=DATABASE_TASKS):
        first = public_client.post(form_url(cast.unit_a), data)
        second = public_client.post(form_url(cast.unit_a), data)
        DBTaskResult.objects.update(run_after=timezone.now())
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")
        register_received_submissions()  # a second task finds nothing left to do

    assert (IntakeSubmission.objects.count(), Ticket.objects.count(), receipt_code(first)) == (
        1,
        1,
        receipt_code(second),
    )


def test_register_received_submissions_takes_fresh_rows_and_leaves_failed_ones_to_their_retry(cast, monkeypatch):
    fresh = journaled(cast.unit_a)
    failed = journaled(cast.unit_a, submission_key=f"web-{cast.unit_a.pk}-{'d' * 32}")
    IntakeSubmission.objects.filter(pk=failed.pk).update(
        status=IntakeStatus.FAILED, attempts=1, next_attempt_at=timezone.now() + dt.timedelta(minutes=1)
    )

    tried = register_received_submissions()

    fresh.refresh_from_db()
    failed.refresh_from_db()
    assert (tried, fresh.status, failed.status, failed.attempts) == (
        1,
        IntakeStatus.REGISTERED,
        IntakeStatus.FAILED,
        1,
    )


def test_register_received_submissions_works_off_a_backlog_in_bounded_batches(cast, monkeypatch):
    monkeypatch.setattr(journal, "BATCH_SIZE", 2)
    for letter in "efghi":
        journaled(cast.unit_a, submission_key=f"web-{cast.unit_a.pk}-{letter * 32}", subject=f"Subjek {letter}")

    # One batch of two per task: the first task nudges the next one (the immediate queue runs it at once).
    first = register_received_submissions(batches=1)

    assert (first, Ticket.objects.count(), IntakeSubmission.objects.filter(status=IntakeStatus.PENDING).count()) == (
        2,
        5,
        0,
    )


def test_unit_closed_before_registration_leaves_the_row_failed_with_the_reason(cast):
    row = journaled(cast.unit_a)
    ServiceUnit.objects.filter(pk=cast.unit_a.pk).update(is_active=False)

    failed = register_submission(row.pk)

    assert (failed.status, failed.last_error.startswith("ValidationError: unit: "), failed.next_attempt_at is None) == (
        IntakeStatus.FAILED,
        True,
        False,
    )


def test_code_of_a_submission_registered_as_an_earlier_request_leads_to_that_request(cast, public_client):
    key = f"web-{cast.unit_a.pk}-{'d' * 32}"
    earlier = submit(cast.unit_a, submission_key=key)  # made by the same page before the journal existed
    row = register_submission(journaled(cast.unit_a, submission_key=key).pk)

    response = public_client.get(f"/public/track/{row.tracking_code}/")

    assert (row.ticket_id, response.status_code, response["Location"]) == (
        earlier.pk,
        302,
        f"/public/track/{earlier.tracking_code}/",
    )
