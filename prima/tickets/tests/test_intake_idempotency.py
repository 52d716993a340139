"""submit_request is idempotent: the same submission key gives one request, even when two submissions race."""

import pytest
from django.core.exceptions import ValidationError

from prima.customers.models import Customer
from prima.tickets.models import Ticket
from prima.tickets.services import submit_request
from prima.tickets.services.intake import create_submission, prepare_submission
from prima.tickets.tracking import fresh_tracking_codes

from .conftest import actions_on, error_codes, submit


def test_submit_request_same_submission_key_gives_one_request(cast):
    first = submit(cast.unit_a, submission_key="form-7f3a")

    second = submit(cast.unit_a, submission_key="form-7f3a")

    assert (second.pk, Ticket.objects.count(), actions_on(first)) == (first.pk, 1, ["tickets.ticket.submitted"])


def test_submit_request_refuses_used_key_for_a_different_request(cast):
    submit(cast.unit_a, submission_key="form-7f3a")

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, submission_key="form-7f3a", subject="Hal lain")

    assert error_codes(caught.value) == {"submission_key": ["reused"]}


def test_create_submission_returns_winner_when_a_concurrent_insert_used_the_key(cast):
    # The race: both submissions passed the look-up before either inserted. The loser's INSERT fails on the
    # unique submission_key; it must answer with the winner's request, not an error or a duplicate.
    values = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin",
        "description": "Apa syaratnya?",
        "requester_name": "Budi",
        "requester_email": "budi@contoh.id",
        "requester_phone": "",
        "confidentiality": "normal",
        "language": "id",
        "submission_key": "form-race",
        "customer": None,
        "details": {},
        "priority": "normal",
        "category": None,
        "attachments": (),
        "actor": None,
    }
    loser = prepare_submission(cast.unit_a, **values)
    winner = submit_request(cast.unit_a, **{k: v for k, v in values.items() if k not in {"attachments"}})

    result = create_submission(loser, codes=fresh_tracking_codes())

    assert (result.pk, Ticket.objects.count(), Customer.objects.count()) == (winner.pk, 1, 1)
