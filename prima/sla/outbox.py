"""Bulk writes the breach scan needs from the outbox and the activity log: many e-mails and log entries in a
fixed number of statements. They build exactly the rows ``prima.notify.services.queue_email`` and
``prima.activity.services.log_action`` build (same checks, same rendering, same idempotency keys); one task
per batch sends the new e-mails once the batch commits.

(These belong in ``prima.notify`` / ``prima.activity`` as ``queue_emails`` / ``log_actions``; until they move
there they live next to their only caller.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from prima.accounts.models import ServiceUnit
from prima.activity import registry
from prima.activity.models import ActivityLog
from prima.notify.models import OutboundEmail
from prima.notify.services import _extra_headers, _new_message_id, _validated_address, render_email


@dataclass(frozen=True)
class PlannedEmail:
    """The arguments ``queue_email`` takes, for one e-mail of a bulk."""

    to_address: str
    to_name: str
    language: str
    template: str
    context: Mapping[str, Any]
    idempotency_key: str


def activity_entry(action: str, *, obj: models.Model, unit: ServiceUnit | None, data: dict[str, Any]) -> ActivityLog:
    """The unsaved ActivityLog row ``log_action(action, actor=None, obj=obj, unit=unit, data=data)`` would
    insert (system actions have no actor). Raises ValueError for an unregistered action, like log_action."""
    if not registry.is_registered(action):
        raise ValueError(f"Activity action {action!r} has no display string; register it in the app's activity.py.")
    return ActivityLog(
        action=action,
        actor=None,
        unit=unit,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        data=data,
    )


def queue_emails_in_bulk(emails: Sequence[PlannedEmail]) -> list[int]:
    """Put ``emails`` in the outbox, skipping every idempotency key already there (and repeats in ``emails``);
    call it inside the transaction of the change that causes them. Returns the ids of the rows inserted.

    Raises ValidationError for a bad address and ValueError for an unknown language, as ``queue_email`` does.

    Side effects: the OutboundEmail rows (one look-up and one bulk insert); on commit, one
    ``send_breach_emails_task`` for all of them.
    """
    if not emails:
        return []
    keys = [email.idempotency_key for email in emails]
    taken = set(OutboundEmail.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    now = timezone.now()
    rows: list[OutboundEmail] = []
    for email in emails:
        if email.idempotency_key in taken:
            continue
        taken.add(email.idempotency_key)
        address = _validated_address(email.to_address)
        headers = _extra_headers(email.language, None, None)
        rendered = render_email(email.template, email.context, email.language)
        rows.append(
            OutboundEmail(
                to_address=address,
                to_name=" ".join(email.to_name.split()),
                language=email.language,
                subject=rendered.subject,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                from_address=settings.DEFAULT_FROM_EMAIL,
                headers=headers,
                message_id=_new_message_id(),
                idempotency_key=email.idempotency_key,
                enqueued_at=now,
            )
        )
    if not rows:
        return []
    OutboundEmail.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    if any(pk is None for pk in ids):  # a database that returns no ids from a bulk insert
        by_key = dict(
            OutboundEmail.objects.filter(idempotency_key__in=[row.idempotency_key for row in rows]).values_list(
                "idempotency_key", "pk"
            )
        )
        ids = [by_key[str(row.idempotency_key)] for row in rows]
    transaction.on_commit(partial(_enqueue_sending, ids), robust=True)
    return ids


def _enqueue_sending(email_ids: list[int]) -> None:
    from prima.sla.tasks import send_breach_emails_task

    # robust (see the caller): a queue hiccup must not undo the scan; retry_due_emails sends the rows later.
    send_breach_emails_task.enqueue(email_ids)
