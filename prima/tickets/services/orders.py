"""Orders (pesanan): what was ordered, what stock covers, what was delivered, and when it was promised.

Every change writes an ``OrderChange`` row and tells the customer (Skenario 2: the order letter, the stock that
does not cover it, the promised date kept or moved, the customer informed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.tickets import notifications
from prima.tickets.choices import OrderChangeKind, RequestKind
from prima.tickets.dates import end_of_day
from prima.tickets.models import Order, OrderChange, OrderLine, Ticket
from prima.tickets.services._common import (
    field_error,
    lock_ticket,
    log_ticket_action,
    required_text,
    system_text,
    touch,
)
from prima.tickets.services.details import OrderLineInput, parse_order_line, parse_promised_date, parse_quantity


def _number(value: Decimal) -> str:
    """10.000 → "10", 2.500 → "2.5": how a quantity is written in summaries and JSON data."""
    text = format(value.normalize(), "f")
    return text


def _line_data(line: OrderLine) -> dict[str, Any]:
    return {
        "line_id": line.pk,
        "item": line.item,
        "quantity": _number(line.quantity),
        "unit_of_measure": line.unit_of_measure,
        "quantity_in_stock": _number(line.quantity_in_stock),
        "quantity_delivered": _number(line.quantity_delivered),
        "shortfall": _number(line.shortfall),
    }


def _record_change(
    order: Order,
    kind: str,
    summary: str,
    data: dict[str, Any],
    *,
    actor: User | None,
    action: str,
    log_data: dict[str, Any],
) -> OrderChange:
    change = OrderChange.objects.create(order=order, kind=kind, actor=actor, summary=summary[:300], data=data)
    log_ticket_action(action, order.ticket, actor=actor, obj=order, data=log_data)
    notifications.notify_order_change(order.ticket, change)
    return change


def create_order(
    ticket: Ticket, *, lines: Sequence[Mapping[str, Any]], promised_date: dt.date | None, notes: str, actor: User | None
) -> Order:
    """Insert an order with parsed lines; shared by ``record_order`` and ``submit_request``. Inside a transaction."""
    if not lines:
        raise field_error("lines", _("An order needs at least one line."), "required")
    order = Order.objects.create(ticket=ticket, promised_date=promised_date, notes=notes)
    created = [OrderLine.objects.create(order=order, **line) for line in lines]
    if promised_date is not None:
        ticket.due_at = end_of_day(promised_date, ticket.unit)
        touch(ticket, "due_at")
    short = [line for line in created if line.shortfall > 0]
    summary = system_text(
        _("Order recorded: %(lines)d item(s), %(short)d short of stock."), lines=len(created), short=len(short)
    )
    data = {
        "lines": [_line_data(line) for line in created],
        "promised_date": promised_date.isoformat() if promised_date else None,
    }
    _record_change(
        order,
        OrderChangeKind.RECORDED,
        summary,
        data,
        actor=actor,
        action="tickets.order.recorded",
        log_data={"lines": len(created), "short": len(short)},
    )
    return order


def record_order(
    ticket: Ticket,
    *,
    lines: Sequence[OrderLineInput | Mapping[str, Any]],
    promised_date: dt.date | str | None = None,
    notes: str = "",
    actor: User | None,
) -> Order:
    """Record what an order request asks for. Refuses non-order requests, a second order, empty or bad lines,
    and a promised date in the past. Sets the request's ``due_at`` to the end of the promised date.

    Side effects: ``OrderChange`` (recorded); activity ``tickets.order.recorded``; ``notify_order_change``.
    """
    if ticket.kind != RequestKind.ORDER:
        raise field_error("kind", _("Only order requests carry an order."), "not_order")
    parsed_lines = [parse_order_line(line) for line in lines]
    promised = parse_promised_date(promised_date, ticket.unit)
    with transaction.atomic():
        lock_ticket(ticket)
        if Order.objects.filter(ticket=ticket).exists():
            raise field_error("lines", _("This request already has an order; change its lines instead."), "exists")
        return create_order(
            ticket, lines=parsed_lines, promised_date=promised, notes=(notes or "").strip(), actor=actor
        )


def add_order_line(
    order: Order,
    *,
    item: str,
    quantity: Decimal | int | str,
    unit_of_measure: str = "",
    quantity_in_stock: Decimal | int | str = 0,
    actor: User | None,
) -> OrderLine:
    """Add an item to an order. Side effects: ``OrderChange`` (line_added); activity ``tickets.order.line_added``;
    ``notify_order_change``."""
    parsed = parse_order_line(
        OrderLineInput(
            item=item, quantity=quantity, unit_of_measure=unit_of_measure, quantity_in_stock=quantity_in_stock
        )
    )
    with transaction.atomic():
        line = OrderLine.objects.create(order=order, **parsed)
        summary = system_text(
            _("Item added: %(quantity)s %(uom)s %(item)s."),
            quantity=_number(line.quantity),
            uom=line.unit_of_measure,
            item=line.item,
        )
        _record_change(
            order,
            OrderChangeKind.LINE_ADDED,
            summary,
            _line_data(line),
            actor=actor,
            action="tickets.order.line_added",
            log_data={"item": line.item, "quantity": _number(line.quantity), "uom": line.unit_of_measure},
        )
    return line


def update_order_line(
    line: OrderLine,
    *,
    quantity_in_stock: Decimal | int | str | None = None,
    quantity_delivered: Decimal | int | str | None = None,
    actor: User | None,
) -> OrderLine:
    """Record new stock for a line and/or how much of it has been delivered (partial deliveries included).

    Refuses negative numbers, a delivery above the ordered quantity, and a call that changes nothing.
    Side effects: ``OrderChange`` (line_updated, old and new values in ``data``); activity
    ``tickets.order.line_updated``; ``notify_order_change``.
    """
    new_stock = (
        parse_quantity(quantity_in_stock, "quantity_in_stock", allow_zero=True)
        if quantity_in_stock is not None
        else None
    )
    new_delivered = (
        parse_quantity(quantity_delivered, "quantity_delivered", allow_zero=True)
        if quantity_delivered is not None
        else None
    )
    with transaction.atomic():
        OrderLine.objects.select_for_update().filter(pk=line.pk).values_list("pk", flat=True).get()
        line.refresh_from_db()
        if new_delivered is not None and new_delivered > line.quantity:
            raise field_error(
                "quantity_delivered",
                _("Only %(quantity)s were ordered."),
                "above_quantity",
                quantity=_number(line.quantity),
            )
        before = _line_data(line)
        if new_stock is not None:
            line.quantity_in_stock = new_stock
        if new_delivered is not None:
            line.quantity_delivered = new_delivered
        after = _line_data(line)
        if before == after:
            raise field_error("quantity_in_stock", _("Nothing changed."), "unchanged")
        line.save(update_fields=["quantity_in_stock", "quantity_delivered"])
        summary = system_text(
            _("%(item)s: %(delivered)s of %(quantity)s %(uom)s delivered, %(stock)s in stock, %(shortfall)s short."),
            item=line.item,
            delivered=after["quantity_delivered"],
            quantity=after["quantity"],
            uom=line.unit_of_measure,
            stock=after["quantity_in_stock"],
            shortfall=after["shortfall"],
        )
        data = {"line_id": line.pk, "item": line.item, "before": before, "after": after}
        _record_change(
            line.order,
            OrderChangeKind.LINE_UPDATED,
            summary,
            data,
            actor=actor,
            action="tickets.order.line_updated",
            log_data={
                "item": line.item,
                "delivered": after["quantity_delivered"],
                "quantity": after["quantity"],
                "stock": after["quantity_in_stock"],
            },
        )
    return line


def change_promised_date(order: Order, *, promised_date: dt.date | str, reason: str, actor: User | None) -> Order:
    """Promise a new date (the reason is required: the customer is told). Moves the request's ``due_at`` too.

    Side effects: ``OrderChange`` (promised_date_changed); activity ``tickets.order.promised_date_changed``;
    ``notify_order_change``.
    """
    ticket = order.ticket
    new_date = parse_promised_date(promised_date, ticket.unit)
    if new_date is None:
        raise field_error("promised_date", _("Enter the new promised date."), "required")
    reason = required_text(reason, "reason", _("Say why the promised date changes."))
    with transaction.atomic():
        lock_ticket(ticket)
        order.refresh_from_db()
        old_date = order.promised_date
        if old_date == new_date:
            raise field_error("promised_date", _("That is already the promised date."), "unchanged")
        order.promised_date = new_date
        order.save(update_fields=["promised_date"])
        ticket.due_at = end_of_day(new_date, ticket.unit)
        touch(ticket, "due_at")
        summary = system_text(
            _("Promised date changed from %(old)s to %(new)s: %(reason)s"),
            old=old_date.isoformat() if old_date else "—",
            new=new_date.isoformat(),
            reason=reason,
        )
        data = {"old": old_date.isoformat() if old_date else None, "new": new_date.isoformat(), "reason": reason}
        _record_change(
            order,
            OrderChangeKind.PROMISED_DATE_CHANGED,
            summary,
            data,
            actor=actor,
            action="tickets.order.promised_date_changed",
            log_data={"old": data["old"] or "—", "new": data["new"]},
        )
    return order
