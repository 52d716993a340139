"""Orders: lines, stock shortfall, partial delivery and promised dates — every change logged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.notify.models import OutboundEmail
from prima.tickets.models import OrderChange
from prima.tickets.services import (
    OrderLineInput,
    add_order_line,
    change_promised_date,
    record_order,
    update_order_line,
)

from .conftest import error_codes, submit

PROMISED = dt.date(2099, 2, 1)


@pytest.fixture
def order(cast):
    ticket = submit(cast.unit_a, kind="order", channel="letter", requester_email="tu@sekolah.sch.id")
    return record_order(
        ticket,
        lines=[
            OrderLineInput(item="Map arsip", quantity=100, unit_of_measure="buah", quantity_in_stock=40),
            {"item": "Kertas HVS", "quantity": "10", "unit_of_measure": "rim", "quantity_in_stock": "25"},
        ],
        promised_date=PROMISED,
        notes="Surat pesanan 045/TU/2025",
        actor=cast.agent_a,
    )


def changes(order):
    return list(OrderChange.objects.filter(order=order).order_by("id").values_list("kind", flat=True))


def test_record_order_stores_lines(order):
    assert [(line.item, line.quantity, line.unit_of_measure, line.quantity_in_stock) for line in order.lines.all()] == [
        ("Map arsip", Decimal("100.000"), "buah", Decimal("40.000")),
        ("Kertas HVS", Decimal("10.000"), "rim", Decimal("25.000")),
    ]


def test_order_line_shortfall_is_quantity_minus_stock_never_negative(order):
    assert [line.shortfall for line in order.lines.all()] == [Decimal(60), Decimal(0)]


def test_record_order_sets_due_at_and_promised_date(order):
    assert (order.promised_date, order.ticket.due_at) == (
        PROMISED,
        dt.datetime(2099, 2, 1, 16, 59, 59, tzinfo=dt.UTC),
    )


def test_record_order_writes_order_change_with_lines(order):
    change = OrderChange.objects.get(order=order)
    assert (change.kind, change.data["promised_date"], [line["shortfall"] for line in change.data["lines"]]) == (
        "recorded",
        "2099-02-01",
        ["60", "0"],
    )


def test_record_order_logs(order):
    entry = ActivityLog.objects.get(action="tickets.order.recorded")
    assert (entry.data["lines"], entry.data["short"]) == (2, 1)


def test_record_order_refuses_second_order(cast, order):
    with pytest.raises(ValidationError) as caught:
        record_order(order.ticket, lines=[OrderLineInput(item="Pena", quantity=1)], actor=cast.agent_a)

    assert error_codes(caught.value) == {"lines": ["exists"]}


def test_record_order_refuses_other_kinds(cast):
    with pytest.raises(ValidationError) as caught:
        record_order(submit(cast.unit_a), lines=[OrderLineInput(item="Pena", quantity=1)], actor=cast.agent_a)

    assert error_codes(caught.value) == {"kind": ["not_order"]}


def test_record_order_refuses_no_lines(cast):
    with pytest.raises(ValidationError) as caught:
        record_order(submit(cast.unit_a, kind="order"), lines=[], actor=cast.agent_a)

    assert error_codes(caught.value) == {"lines": ["required"]}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ({"item": "", "quantity": 1}, "item_required"),
        ({"item": "Pena", "quantity": "banyak"}, "invalid"),
        ({"item": "Pena", "quantity": "1.0001"}, "invalid"),
        ({"item": "Pena", "quantity": -1}, "min_value"),
        ({"item": "Pena", "quantity": 1, "quantity_in_stock": -2}, "min_value"),
    ],
)
def test_record_order_refuses_bad_line(cast, line, code):
    with pytest.raises(ValidationError) as caught:
        record_order(submit(cast.unit_a, kind="order"), lines=[line], actor=cast.agent_a)

    assert error_codes(caught.value) == {"lines": [code]}


def test_record_order_accepts_decimal_comma(cast):
    order = record_order(
        submit(cast.unit_a, kind="order"), lines=[{"item": "Beras", "quantity": "2,5"}], actor=cast.agent_a
    )

    assert order.lines.get().quantity == Decimal("2.5")


def test_record_order_refuses_past_promised_date(cast):
    with pytest.raises(ValidationError) as caught:
        record_order(
            submit(cast.unit_a, kind="order"),
            lines=[OrderLineInput(item="Pena", quantity=1)],
            promised_date=dt.date(2020, 1, 1),
            actor=cast.agent_a,
        )

    assert error_codes(caught.value) == {"promised_date": ["past"]}


def test_update_order_line_records_partial_delivery(cast, order):
    line = order.lines.get(item="Map arsip")

    update_order_line(line, quantity_delivered=30, actor=cast.agent_a)

    change = OrderChange.objects.filter(order=order).order_by("id").last()
    assert (
        line.quantity_delivered,
        line.outstanding,
        change.kind,
        change.data["before"]["quantity_delivered"],
        change.data["after"]["quantity_delivered"],
    ) == (
        Decimal(30),
        Decimal(70),
        "line_updated",
        "0",
        "30",
    )


def test_update_order_line_new_stock_changes_shortfall(cast, order):
    line = order.lines.get(item="Map arsip")

    update_order_line(line, quantity_in_stock=90, actor=cast.agent_a)

    assert line.shortfall == Decimal(10)


def test_update_order_line_summary_in_organisation_language(cast, order):
    line = order.lines.get(item="Map arsip")

    update_order_line(line, quantity_delivered=30, quantity_in_stock=10, actor=cast.agent_a)

    change = OrderChange.objects.filter(order=order).order_by("id").last()
    assert change.data["after"] == {
        "line_id": line.pk,
        "item": "Map arsip",
        "quantity": "100",
        "unit_of_measure": "buah",
        "quantity_in_stock": "10",
        "quantity_delivered": "30",
        "shortfall": "90",
    }


def test_update_order_line_refuses_delivery_above_quantity(cast, order):
    line = order.lines.get(item="Kertas HVS")

    with pytest.raises(ValidationError) as caught:
        update_order_line(line, quantity_delivered=11, actor=cast.agent_a)

    assert error_codes(caught.value) == {"quantity_delivered": ["above_quantity"]}


def test_update_order_line_refuses_negative_stock(cast, order):
    with pytest.raises(ValidationError) as caught:
        update_order_line(order.lines.first(), quantity_in_stock=-1, actor=cast.agent_a)

    assert error_codes(caught.value) == {"quantity_in_stock": ["min_value"]}


def test_update_order_line_refuses_no_change(cast, order):
    with pytest.raises(ValidationError) as caught:
        update_order_line(order.lines.get(item="Map arsip"), quantity_in_stock=40, actor=cast.agent_a)

    assert error_codes(caught.value) == {"quantity_in_stock": ["unchanged"]}


def test_add_order_line_appends_and_logs(cast, order):
    line = add_order_line(order, item="Pena", quantity=12, unit_of_measure="buah", actor=cast.agent_a)

    assert (
        line.shortfall,
        changes(order)[-1],
        ActivityLog.objects.filter(action="tickets.order.line_added").count(),
    ) == (
        Decimal(12),
        "line_added",
        1,
    )


def test_change_promised_date_moves_due_at_and_logs_reason(cast, order):
    change_promised_date(order, promised_date="2099-02-10", reason="Stok map datang tanggal 8", actor=cast.supervisor)

    change = OrderChange.objects.filter(order=order).order_by("id").last()
    assert (order.promised_date, order.ticket.due_at, change.data) == (
        dt.date(2099, 2, 10),
        dt.datetime(2099, 2, 10, 16, 59, 59, tzinfo=dt.UTC),
        {"old": "2099-02-01", "new": "2099-02-10", "reason": "Stok map datang tanggal 8"},
    )


def test_change_promised_date_needs_reason(cast, order):
    with pytest.raises(ValidationError) as caught:
        change_promised_date(order, promised_date="2099-02-10", reason="", actor=cast.supervisor)

    assert error_codes(caught.value) == {"reason": ["required"]}


def test_change_promised_date_refuses_same_date(cast, order):
    with pytest.raises(ValidationError) as caught:
        change_promised_date(order, promised_date=PROMISED, reason="Tetap", actor=cast.supervisor)

    assert error_codes(caught.value) == {"promised_date": ["unchanged"]}


def test_change_promised_date_refuses_past(cast, order):
    with pytest.raises(ValidationError) as caught:
        change_promised_date(order, promised_date="2020-01-01", reason="Salah", actor=cast.supervisor)

    assert error_codes(caught.value) == {"promised_date": ["past"]}


def test_every_order_change_is_logged_and_tells_the_customer(cast, order):
    line = order.lines.get(item="Map arsip")
    update_order_line(line, quantity_in_stock=100, actor=cast.agent_a)
    update_order_line(line, quantity_delivered=50, actor=cast.agent_a)
    add_order_line(order, item="Pena", quantity=12, actor=cast.agent_a)
    change_promised_date(order, promised_date="2099-02-10", reason="Pengiriman bertahap", actor=cast.supervisor)

    order_actions = ActivityLog.objects.filter(action__startswith="tickets.order.").order_by("id")
    assert (
        changes(order),
        list(order_actions.values_list("action", flat=True)),
        OutboundEmail.objects.filter(idempotency_key__startswith="tickets.order.").count(),
    ) == (
        ["recorded", "line_updated", "line_updated", "line_added", "promised_date_changed"],
        [
            "tickets.order.recorded",
            "tickets.order.line_updated",
            "tickets.order.line_updated",
            "tickets.order.line_added",
            "tickets.order.promised_date_changed",
        ],
        5,
    )
