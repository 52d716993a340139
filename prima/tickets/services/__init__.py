"""Every write to requests goes through these functions: the web pages, the API, inbound e-mail and tasks
share them. Each validates (raising a field-keyed ValidationError), changes the data in one transaction, logs
the action, queues notifications through ``prima.tickets.notifications``, and returns the result.

Permission checks belong to the callers (``prima.tickets.rules``), except the bulk actions, which re-scope the
requests they are given to those the actor manages.
"""

from prima.tickets.services.appointments import book_appointment, cancel_appointment
from prima.tickets.services.bulk import BulkResult, bulk_assign, bulk_close
from prima.tickets.services.conversation import add_reply, confirm_resolution, reopen_by_requester
from prima.tickets.services.details import OrderLineInput
from prima.tickets.services.intake import submit_request
from prima.tickets.services.orders import add_order_line, change_promised_date, record_order, update_order_line
from prima.tickets.services.ownership import add_collaborators, assign_ticket, remove_collaborators, transfer_ticket
from prima.tickets.services.privacy import erase_requester_identity
from prima.tickets.services.taxonomy import create_canned_reply, create_category, create_tag
from prima.tickets.services.workflow import (
    change_status,
    merge_tickets,
    set_category,
    set_priority,
    set_tags,
    verify_complaint,
)

__all__ = [
    "BulkResult",
    "OrderLineInput",
    "add_collaborators",
    "add_order_line",
    "add_reply",
    "assign_ticket",
    "book_appointment",
    "bulk_assign",
    "bulk_close",
    "cancel_appointment",
    "change_promised_date",
    "change_status",
    "confirm_resolution",
    "create_canned_reply",
    "create_category",
    "create_tag",
    "erase_requester_identity",
    "merge_tickets",
    "record_order",
    "remove_collaborators",
    "reopen_by_requester",
    "set_category",
    "set_priority",
    "set_tags",
    "submit_request",
    "transfer_ticket",
    "update_order_line",
    "verify_complaint",
]
