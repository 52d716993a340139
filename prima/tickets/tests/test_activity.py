"""Every request action has a display string, and a full request's history reads without gaps."""

import datetime as dt

from django.utils import timezone, translation

from prima.activity.models import ActivityLog
from prima.activity.registry import describe, registered_actions
from prima.tickets.services import (
    OrderLineInput,
    add_collaborators,
    add_order_line,
    add_reply,
    assign_ticket,
    book_appointment,
    cancel_appointment,
    change_promised_date,
    change_status,
    confirm_resolution,
    create_canned_reply,
    create_category,
    create_tag,
    erase_requester_identity,
    merge_tickets,
    record_order,
    remove_collaborators,
    reopen_by_requester,
    set_category,
    set_priority,
    set_tags,
    transfer_ticket,
    update_order_line,
    verify_complaint,
)

from .conftest import submit


def test_ticket_actions_are_registered():
    assert len([a for a in registered_actions() if a.startswith("tickets.")]) == 28


def test_every_logged_action_reads_without_missing_values(cast):
    complaint = submit(cast.unit_a, kind="complaint")
    category = create_category(cast.unit_a, name="NIB", actor=cast.supervisor)
    tag = create_tag(cast.organisation, name="media", actor=cast.admin)
    create_canned_reply(cast.unit_a, title="Syarat NIB", body="KTP dan NPWP.", actor=cast.supervisor)
    assign_ticket(complaint, owner=cast.agent_a, actor=cast.supervisor)
    assign_ticket(complaint, owner=None, actor=cast.supervisor)
    add_collaborators(complaint, users=[cast.agent_b], actor=cast.leader)
    remove_collaborators(complaint, users=[cast.agent_b], actor=cast.leader)
    verify_complaint(complaint, actor=cast.supervisor)
    set_priority(complaint, priority="high", actor=cast.supervisor)
    set_category(complaint, category=category, actor=cast.supervisor)
    set_tags(complaint, tags=[tag], actor=cast.supervisor)
    add_reply(complaint, body="Balasan", actor=cast.agent_a)
    add_reply(complaint, body="Catatan", visibility="internal", actor=cast.agent_a)
    add_reply(complaint, body="Terima kasih", actor=None, from_public=True)
    change_status(complaint, to_status="resolved", actor=cast.agent_a)
    reopen_by_requester(complaint, reason="Belum")
    change_status(complaint, to_status="resolved", actor=cast.agent_a)
    confirm_resolution(complaint, via_tracking_code=complaint.tracking_code)
    merge_tickets(
        submit(cast.unit_a, subject="Duplikat"), into=submit(cast.unit_a, subject="Asli"), actor=cast.supervisor
    )
    transfer_ticket(
        submit(cast.unit_a, subject="Pindah"), to_unit=cast.unit_b, reason="Salah unit", actor=cast.supervisor
    )
    visit = submit(cast.unit_a, kind="appointment", subject="Janji")
    start = timezone.now() + dt.timedelta(days=2)
    cancel_appointment(
        book_appointment(visit, place="Loket 1", starts_at=start, ends_at=start + dt.timedelta(minutes=30), actor=None),
        actor=None,
    )
    order = record_order(
        submit(cast.unit_a, kind="order", subject="Pesanan"),
        lines=[OrderLineInput(item="Map", quantity=10, quantity_in_stock=4)],
        promised_date=dt.date(2099, 1, 1),
        actor=cast.agent_a,
    )
    add_order_line(order, item="Pena", quantity=2, actor=cast.agent_a)
    update_order_line(order.lines.first(), quantity_delivered=4, actor=cast.agent_a)
    change_promised_date(order, promised_date=dt.date(2099, 1, 9), reason="Stok", actor=cast.agent_a)
    erase_requester_identity(complaint.customer, actor=cast.admin)

    entries = ActivityLog.objects.filter(action__startswith="tickets.")
    with translation.override("en"):
        texts = {e.action: describe(e.action, e.data, e.object_repr) for e in entries}
    assert (
        set(texts) == {a for a in registered_actions() if a.startswith("tickets.")},
        [action for action, text in texts.items() if "…" in text],
    ) == (True, [])


def test_status_change_reads_in_english(cast):
    ticket = submit(cast.unit_a)
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    entry = ActivityLog.objects.get(action="tickets.ticket.status_changed")
    with translation.override("en"):
        text = describe(entry.action, entry.data)

    assert text == f"Request {ticket.tracking_code} moved from “New” to “In progress”"
