"""What the services must tell people, one function per notification.

Each function works out who should hear about something, writes the e-mail's subject and body in the
recipient's language, hands each message to ``prima.notify.services.queue_email`` (the outbox, through its
``generic`` template) and returns the ``Notification`` objects. The services call these inside their
transaction, so the outbox row commits or rolls back with the change it announces ("durable before
acknowledged").

Identity rules: a staff recipient reads the requester through ``requester_display(recipient, ticket)``; an
e-mail about a confidential request neither names the request in its subject nor is related to the request
in the outbox (the outbox would otherwise put it on the customer's timeline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from prima.accounts.models import User
from prima.notify.services import queue_email
from prima.tickets.choices import Confidentiality, OrderChangeKind, Status
from prima.tickets.confidentiality import requester_display
from prima.tickets.dates import local_label
from prima.tickets.models import Appointment, OrderChange, OwnershipChange, StatusChange, Ticket, TicketMessage

TEMPLATE = "generic"


@dataclass(frozen=True)
class Notification:
    to_address: str
    to_name: str
    language: str
    subject: str
    body: str
    idempotency_key: str
    related: models.Model | None = field(default=None, compare=False)


def _emit(notifications: Iterable[Notification]) -> list[Notification]:
    emitted = list(notifications)
    for notification in emitted:
        queue_email(
            to_address=notification.to_address,
            to_name=notification.to_name,
            language=notification.language,
            template=TEMPLATE,
            context={
                "subject": notification.subject,
                "body": notification.body,
                "greeting_name": notification.to_name,
            },
            idempotency_key=notification.idempotency_key,
            related=notification.related,
        )
    return emitted


def _to_requester(ticket: Ticket, key: str, compose: Callable[[], tuple[str, str]]) -> list[Notification]:
    # Anonymous requests have no address, and staff-logged requests may have none: nobody to tell.
    if not ticket.requester_email:
        return []
    with translation.override(ticket.requester_language):
        subject, body = compose()
        if ticket.confidentiality == Confidentiality.CONFIDENTIAL:
            subject = _("Your request")
        body = f"{body}\n\n" + _("Tracking code: %(code)s") % {"code": ticket.tracking_code}
    return [
        Notification(
            to_address=ticket.requester_email,
            to_name=ticket.requester_name,
            language=ticket.requester_language,
            subject=subject,
            body=body,
            idempotency_key=key,
            related=ticket if ticket.confidentiality == Confidentiality.NORMAL else None,
        )
    ]


def _to_staff(
    ticket: Ticket, people: Iterable[User | None], key: str, compose: Callable[[User], tuple[str, str]]
) -> list[Notification]:
    seen: set[int] = set()
    notifications = []
    for person in people:
        if person is None or not person.is_active or person.pk in seen:
            continue
        seen.add(person.pk)
        with translation.override(person.language):
            subject, body = compose(person)
        notifications.append(
            Notification(
                to_address=person.email,
                to_name=person.full_name,
                language=person.language,
                subject=subject,
                body=body,
                idempotency_key=f"{key}.{person.pk}",
            )
        )
    return notifications


def _handlers(ticket: Ticket) -> list[User]:
    """The people working on a request: its owner and collaborators."""
    return [person for person in [ticket.owner, *ticket.collaborators.all()] if person is not None]


def _facts(ticket: Ticket) -> dict[str, str]:
    return {"code": ticket.tracking_code, "subject": ticket.subject}


def acknowledge_submission(ticket: Ticket) -> list[Notification]:
    """Tell the requester their request was received, with its tracking code."""

    def compose() -> tuple[str, str]:
        return (
            _("Request %(code)s received") % _facts(ticket),
            _("We have received your request “%(subject)s”. Keep the tracking code below to follow it.")
            % _facts(ticket),
        )

    return _emit(_to_requester(ticket, f"tickets.submitted.{ticket.pk}", compose))


def notify_public_reply(ticket: Ticket, message: TicketMessage) -> list[Notification]:
    """Send a staff member's public reply to the requester."""

    def compose() -> tuple[str, str]:
        return _("Reply to your request %(code)s") % _facts(ticket), message.body

    return _emit(_to_requester(ticket, f"tickets.reply.{message.pk}", compose))


def notify_requester_message(ticket: Ticket, message: TicketMessage) -> list[Notification]:
    """Tell the owner and collaborators that the requester wrote (a reply, or a reason for reopening)."""

    def compose(person: User) -> tuple[str, str]:
        values = {**_facts(ticket), "requester": requester_display(person, ticket), "body": message.body}
        return (
            _("New message on request %(code)s") % values,
            _("%(requester)s wrote on request %(code)s “%(subject)s”:\n\n%(body)s") % values,
        )

    return _emit(_to_staff(ticket, _handlers(ticket), f"tickets.requester_message.{message.pk}", compose))


def notify_assignment(ticket: Ticket, change: OwnershipChange, *, actor: User | None) -> list[Notification]:
    """Tell the new owner a request is theirs, unless they took it themselves."""
    owner = change.to_owner
    if owner is None or (actor is not None and owner.pk == actor.pk):
        return []

    def compose(person: User) -> tuple[str, str]:
        return (
            _("Request %(code)s assigned to you") % _facts(ticket),
            _("Request %(code)s “%(subject)s” is now yours.") % _facts(ticket),
        )

    return _emit(_to_staff(ticket, [owner], f"tickets.assigned.{change.pk}", compose))


def notify_transfer(ticket: Ticket, change: OwnershipChange) -> list[Notification]:
    """Tell the receiving unit, at its public address when it has one, that a request was transferred to it."""
    unit = change.to_unit
    if not unit.email:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_facts(ticket), "from_unit": change.from_unit.name, "reason": change.reason}
        subject = _("Request %(code)s transferred to your unit") % values
        body = _("Request %(code)s “%(subject)s” was transferred from %(from_unit)s. Reason: %(reason)s") % values
    return _emit(
        [
            Notification(
                to_address=unit.email,
                to_name=unit.name,
                language=settings.LANGUAGE_CODE,
                subject=subject,
                body=body,
                idempotency_key=f"tickets.transferred.{change.pk}",
            )
        ]
    )


def _status_sentence(status: str) -> str:
    if status == Status.RESOLVED:
        return _(
            "Your request has been resolved. If you agree, confirm it on the tracking page; if not, you can "
            "reopen it there."
        )
    if status == Status.WAITING_CUSTOMER:
        return _("We need more information from you to continue. Please reply to this message.")
    if status == Status.CLOSED:
        return _("Your request is closed.")
    return _("The status of your request is now: %(status)s.") % {"status": Status(status).label}


def notify_status_change(ticket: Ticket, change: StatusChange) -> list[Notification]:
    """Tell the requester their request moved (resolved, waiting for them, closed, reopened…)."""

    def compose() -> tuple[str, str]:
        values = {**_facts(ticket), "status": Status(change.to_status).label}
        return _("Your request %(code)s: %(status)s") % values, _status_sentence(change.to_status)

    return _emit(_to_requester(ticket, f"tickets.status.{change.pk}", compose))


def describe_order_change(change: OrderChange) -> str:
    """The change in the active language, for the customer's e-mail (and for pages)."""
    data = change.data
    if change.kind == OrderChangeKind.RECORDED:
        lines = [
            _("%(item)s: %(quantity)s %(uom)s") % {**line, "uom": line["unit_of_measure"]} for line in data["lines"]
        ]
        return _("We have recorded your order:") + "\n" + "\n".join(f"- {line}" for line in lines)
    if change.kind == OrderChangeKind.LINE_ADDED:
        return _("Added to your order: %(item)s, %(quantity)s %(uom)s.") % {**data, "uom": data["unit_of_measure"]}
    if change.kind == OrderChangeKind.LINE_UPDATED:
        after = data["after"]
        return _("%(item)s: %(delivered)s of %(quantity)s %(uom)s delivered so far.") % {
            "item": after["item"],
            "delivered": after["quantity_delivered"],
            "quantity": after["quantity"],
            "uom": after["unit_of_measure"],
        }
    return _("Your order is now promised for %(new)s. Reason: %(reason)s") % data


def notify_order_change(ticket: Ticket, change: OrderChange) -> list[Notification]:
    """Tell the requester what changed on their order (recorded, stock, partial delivery, a new promised date)."""

    def compose() -> tuple[str, str]:
        return _("Update on your order %(code)s") % _facts(ticket), describe_order_change(change)

    return _emit(_to_requester(ticket, f"tickets.order.{change.pk}", compose))


def notify_appointment_booked(ticket: Ticket, appointment: Appointment) -> list[Notification]:
    """Confirm the slot to the requester."""

    def compose() -> tuple[str, str]:
        values = {
            **_facts(ticket),
            "place": appointment.place,
            "when": local_label(appointment.starts_at, appointment.unit),
        }
        return (
            _("Appointment confirmed for %(code)s") % values,
            _("Your appointment is at %(place)s, %(when)s.") % values,
        )

    return _emit(_to_requester(ticket, f"tickets.appointment.booked.{appointment.pk}", compose))


def notify_appointment_cancelled(ticket: Ticket, appointment: Appointment) -> list[Notification]:
    """Tell the requester the slot is cancelled."""

    def compose() -> tuple[str, str]:
        values = {
            **_facts(ticket),
            "place": appointment.place,
            "when": local_label(appointment.starts_at, appointment.unit),
        }
        return (
            _("Appointment cancelled for %(code)s") % values,
            _("Your appointment at %(place)s, %(when)s is cancelled.") % values,
        )

    return _emit(_to_requester(ticket, f"tickets.appointment.cancelled.{appointment.pk}", compose))
