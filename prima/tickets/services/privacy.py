"""Personal-data duties (UU No. 27/2022) that reach into requests."""

from __future__ import annotations

from django.db import transaction

from prima.accounts.models import User
from prima.activity.services import log_action
from prima.customers.models import Customer
from prima.tickets.models import Ticket


def erase_requester_identity(customer: Customer, *, actor: User | None) -> int:
    """Blank the requester snapshots (name, e-mail, phone) of every request linked to ``customer`` and unlink
    them, for an erasure request. The requests themselves, their conversation and statistics stay. Returns how
    many requests were changed. Call it before deleting the customer (deleting alone would leave the snapshots).

    Side effects: one activity ``tickets.requester.erased`` (counts only, no identity).
    """
    with transaction.atomic():
        changed = Ticket.objects.filter(customer=customer).update(
            customer=None, requester_name="", requester_email="", requester_phone=""
        )
        log_action("tickets.requester.erased", actor=actor, data={"requests": changed})
    return changed
