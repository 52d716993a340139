"""Sending the breach scan's e-mails: the scan puts a batch in the outbox with
``prima.notify.services.add_emails_to_outbox`` and this enqueues one task for the whole batch once it commits."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.db import transaction

from prima.notify.services import PlannedEmail, add_emails_to_outbox


def queue_emails_in_bulk(emails: Sequence[PlannedEmail]) -> list[int]:
    """Put ``emails`` in the outbox (see ``add_emails_to_outbox``) and, on commit, enqueue one
    ``send_breach_emails_task`` for the rows inserted. Returns their ids."""
    ids = add_emails_to_outbox(emails)
    if ids:
        transaction.on_commit(partial(_enqueue_sending, ids), robust=True)
    return ids


def _enqueue_sending(email_ids: list[int]) -> None:
    from prima.sla.tasks import send_breach_emails_task

    # robust (see the caller): a queue hiccup must not undo the scan; retry_due_emails sends the rows later.
    send_breach_emails_task.enqueue(email_ids)
