"""Display strings for the request actions. Entries name a request by its tracking code (``{code}``), never by
the requester: confidential requests must not leak identity through the audit trail."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.tickets.choices import Channel, Priority, RequestKind, Status


def _label(choices: Any, code: Any) -> str:
    return str(choices(code).label) if code in choices.values else str(code or "—")


def _submitted(data: Mapping[str, Any]) -> str:
    return _("Request %(code)s received: %(kind)s via %(channel)s") % {
        "code": data.get("code", "…"),
        "kind": _label(RequestKind, data.get("kind")),
        "channel": _label(Channel, data.get("channel")),
    }


def _status_changed(data: Mapping[str, Any]) -> str:
    return _("Request %(code)s moved from “%(from)s” to “%(to)s”") % {
        "code": data.get("code", "…"),
        "from": _label(Status, data.get("from_status")),
        "to": _label(Status, data.get("to_status")),
    }


def _priority_changed(data: Mapping[str, Any]) -> str:
    return _("Priority of request %(code)s changed from %(from)s to %(to)s") % {
        "code": data.get("code", "…"),
        "from": _label(Priority, data.get("from")),
        "to": _label(Priority, data.get("to")),
    }


register(
    {
        "tickets.ticket.submitted": _submitted,
        "tickets.ticket.assigned": gettext_lazy("Request {code} assigned to {owner}"),
        "tickets.ticket.unassigned": gettext_lazy("Request {code} no longer assigned to {previous}"),
        "tickets.ticket.collaborators_added": gettext_lazy("{names} now collaborate on request {code}"),
        "tickets.ticket.collaborators_removed": gettext_lazy("{names} no longer collaborate on request {code}"),
        "tickets.ticket.transferred": gettext_lazy("Request {code} transferred from {from_unit} to {to_unit}"),
        "tickets.ticket.status_changed": _status_changed,
        "tickets.ticket.priority_changed": _priority_changed,
        "tickets.ticket.category_changed": gettext_lazy("Request {code} filed under category “{category}”"),
        "tickets.ticket.tags_changed": gettext_lazy(
            "Tags of request {code} changed (added: {added}; removed: {removed})"
        ),
        "tickets.ticket.merged": gettext_lazy("Request {code} merged into {into}"),
        "tickets.ticket.duplicate_merged": gettext_lazy("Duplicate request {duplicate} merged into request {code}"),
        "tickets.ticket.resolution_confirmed": gettext_lazy("The requester confirmed request {code} is resolved"),
        "tickets.ticket.reopened_by_requester": gettext_lazy("The requester reopened request {code}"),
        "tickets.complaint.verified": gettext_lazy("Complaint {code} verified"),
        "tickets.reply.sent": gettext_lazy("Reply sent to the requester of {code}"),
        "tickets.reply.received": gettext_lazy("The requester of {code} wrote a message"),
        "tickets.note.added": gettext_lazy("Internal note added to request {code}"),
        "tickets.appointment.booked": gettext_lazy("Appointment for request {code} booked at {place}, {starts}"),
        "tickets.appointment.cancelled": gettext_lazy("Appointment for request {code} at {place}, {starts} cancelled"),
        "tickets.order.recorded": gettext_lazy(
            "Order of request {code} recorded: {lines} item(s), {short} short of stock"
        ),
        "tickets.order.line_added": gettext_lazy("Item added to the order of request {code}: {quantity} {uom} {item}"),
        "tickets.order.line_updated": gettext_lazy(
            "Order of request {code}: {item} — {delivered} of {quantity} delivered, {stock} in stock"
        ),
        "tickets.order.promised_date_changed": gettext_lazy(
            "Promised date of the order of request {code} moved from {old} to {new}"
        ),
        "tickets.requester.erased": gettext_lazy("Requester identity erased from {requests} request(s)"),
        "tickets.category.created": gettext_lazy("Request category {name} created"),
        "tickets.tag.created": gettext_lazy("Request tag {name} created"),
        "tickets.canned_reply.created": gettext_lazy("Canned reply “{title}” created"),
    }
)
