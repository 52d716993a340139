"""Erasing a customer's identity from their requests (UU No. 27/2022)."""

from prima.activity.models import ActivityLog
from prima.tickets.models import Ticket
from prima.tickets.services import erase_requester_identity

from .conftest import submit


def test_erase_requester_identity_blanks_snapshots_and_unlinks(cast):
    first = submit(cast.unit_a, requester_phone="0812-1111-2222")
    submit(cast.unit_b, subject="IMB")
    customer = first.customer

    changed = erase_requester_identity(customer, actor=cast.admin)

    assert (
        changed,
        list(
            Ticket.objects.values_list("customer", "requester_name", "requester_email", "requester_phone")
            .order_by()
            .distinct()
        ),
    ) == (
        2,
        [(None, "", "", "")],
    )


def test_erase_requester_identity_leaves_other_customers(cast):
    mine = submit(cast.unit_a)
    other = submit(cast.unit_a, requester_name="Sari", requester_email="sari@contoh.id", subject="Lain")

    erase_requester_identity(mine.customer, actor=cast.admin)

    other.refresh_from_db()
    assert (other.requester_name, other.customer is not None) == ("Sari", True)


def test_erase_requester_identity_logs_counts_only(cast):
    ticket = submit(cast.unit_a)

    erase_requester_identity(ticket.customer, actor=cast.admin)

    entry = ActivityLog.objects.get(action="tickets.requester.erased")
    assert (entry.actor, entry.customer, entry.data) == (cast.admin, None, {"requests": 1})
