"""Status changes, complaint verification, priority, category, tags and merging duplicates."""

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.factories import ServiceUnitFactory
from prima.tickets.choices import Status, StatusGroup
from prima.tickets.models import StatusChange, Ticket, TicketAttachment, TicketMessage
from prima.tickets.services import (
    add_reply,
    change_status,
    create_category,
    create_tag,
    merge_tickets,
    set_category,
    set_priority,
    set_tags,
    verify_complaint,
)
from prima.tickets.workflow import (
    ACTIVE_STATUSES,
    STATUS_GROUPS,
    TRANSITIONS,
    can_transition,
    status_group,
    statuses_in_group,
)

from .conftest import error_codes, pdf, submit


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a)


def test_every_status_has_a_group_and_transitions():
    assert (set(STATUS_GROUPS), set(TRANSITIONS)) == (set(Status.values), set(Status.values))


def test_status_group_maps_waiting_to_paused():
    assert [status_group(s) for s in ("new", "waiting_customer", "waiting_third_party", "resolved", "closed")] == [
        "open",
        "paused",
        "paused",
        "resolved",
        "closed",
    ]


def test_statuses_in_group_open():
    assert statuses_in_group(StatusGroup.OPEN) == ["new", "in_progress"]


def test_active_statuses_are_open_and_paused():
    assert set(ACTIVE_STATUSES) == {"new", "in_progress", "waiting_customer", "waiting_third_party"}


def test_no_transition_back_to_new():
    assert [s for s in Status.values if can_transition(s, Status.NEW)] == []


PAIRS = [(a, b) for a in Status.values for b in Status.values if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_change_status_follows_the_transition_table(cast, ticket, from_status, to_status):
    if from_status != Status.NEW:
        change_status(ticket, to_status=from_status, actor=cast.supervisor)
    allowed = to_status in TRANSITIONS[from_status]

    try:
        change_status(ticket, to_status=to_status, reason="Alasan", actor=cast.supervisor)
        outcome = "moved"
    except ValidationError as error:
        outcome = error_codes(error)["to_status"][0]

    assert (outcome, ticket.status) == (("moved", to_status) if allowed else ("not_allowed", from_status))


def test_change_status_records_history(cast, ticket):
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)
    change_status(ticket, to_status="waiting_customer", reason="Minta KTP", actor=cast.agent_a)

    assert list(
        StatusChange.objects.filter(ticket=ticket).order_by("id").values_list("from_status", "to_status", "reason")
    ) == [("", "new", ""), ("new", "in_progress", ""), ("in_progress", "waiting_customer", "Minta KTP")]


def test_change_status_logs_both_statuses(cast, ticket):
    change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    entry = ActivityLog.objects.get(action="tickets.ticket.status_changed")
    assert (entry.actor, entry.data["from_status"], entry.data["to_status"]) == (cast.agent_a, "new", "in_progress")


def test_change_status_resolved_sets_resolved_at(cast, ticket):
    change = change_status(ticket, to_status="resolved", actor=cast.agent_a)

    assert (ticket.resolved_at, ticket.closed_at) == (change.created_at, None)


def test_change_status_closing_resolved_keeps_resolved_at(cast, ticket):
    resolved = change_status(ticket, to_status="resolved", actor=cast.agent_a)

    closed = change_status(ticket, to_status="closed", actor=cast.agent_a)

    assert (ticket.resolved_at, ticket.closed_at) == (resolved.created_at, closed.created_at)


def test_change_status_reopen_from_resolved_clears_timestamps(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    change_status(ticket, to_status="in_progress", reason="Belum tuntas", actor=cast.agent_a)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at, ticket.closed_at) == ("in_progress", None, None)


def test_change_status_reopen_from_closed_clears_timestamps(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)
    change_status(ticket, to_status="closed", actor=cast.agent_a)

    change_status(ticket, to_status="in_progress", reason="Warga komplain lagi", actor=cast.supervisor)

    assert (ticket.status, ticket.resolved_at, ticket.closed_at) == ("in_progress", None, None)


def test_change_status_reopen_needs_reason(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        change_status(ticket, to_status="in_progress", actor=cast.agent_a)

    assert (error_codes(caught.value), ticket.status) == ({"reason": ["required"]}, "resolved")


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["in_progress"], "new"),
        (["resolved"], "waiting_customer"),
        (["closed"], "resolved"),
        (["closed"], "waiting_third_party"),
    ],
)
def test_change_status_refuses_transitions_outside_the_workflow(cast, ticket, path, refused):
    for status in path:
        change_status(ticket, to_status=status, actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        change_status(ticket, to_status=refused, reason="coba", actor=cast.agent_a)

    assert error_codes(caught.value) == {"to_status": ["not_allowed"]}


def test_change_status_refuses_same_status(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        change_status(ticket, to_status="new", actor=cast.agent_a)

    assert error_codes(caught.value) == {"to_status": ["unchanged"]}


def test_change_status_refuses_unknown_status(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        change_status(ticket, to_status="done", actor=cast.agent_a)

    assert error_codes(caught.value) == {"to_status": ["invalid_choice"]}


def test_change_status_reads_the_current_status_not_a_stale_copy(cast, ticket):
    stale = Ticket.objects.get(pk=ticket.pk)
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        change_status(stale, to_status="resolved", actor=cast.agent_b)

    assert error_codes(caught.value) == {"to_status": ["unchanged"]}


def test_verify_complaint_records_who_and_when(cast):
    complaint = submit(cast.unit_a, kind="complaint")

    verify_complaint(complaint, actor=cast.supervisor)

    assert (
        complaint.verified_by,
        complaint.verified_at is not None,
        ActivityLog.objects.filter(action="tickets.complaint.verified").count(),
    ) == (
        cast.supervisor,
        True,
        1,
    )


def test_verify_complaint_refuses_other_kinds(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        verify_complaint(ticket, actor=cast.supervisor)

    assert error_codes(caught.value) == {"kind": ["not_complaint"]}


def test_verify_complaint_refuses_twice(cast):
    complaint = submit(cast.unit_a, kind="complaint")
    verify_complaint(complaint, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        verify_complaint(complaint, actor=cast.leader)

    assert (error_codes(caught.value), complaint.verified_by) == ({"kind": ["already_verified"]}, cast.supervisor)


def test_set_priority_changes_and_logs(cast, ticket):
    set_priority(ticket, priority="urgent", actor=cast.supervisor)

    entry = ActivityLog.objects.get(action="tickets.ticket.priority_changed")
    assert (ticket.priority, entry.data["from"], entry.data["to"]) == ("urgent", "normal", "urgent")


def test_set_priority_refuses_unknown(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        set_priority(ticket, priority="asap", actor=cast.supervisor)

    assert error_codes(caught.value) == {"priority": ["invalid_choice"]}


def test_set_priority_refuses_unchanged(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        set_priority(ticket, priority="normal", actor=cast.supervisor)

    assert error_codes(caught.value) == {"priority": ["unchanged"]}


def test_set_category_files_and_clears(cast, ticket):
    category = create_category(cast.unit_a, name="Izin usaha", actor=cast.supervisor)

    set_category(ticket, category=category, actor=cast.agent_a)
    filed = ticket.category
    set_category(ticket, category=None, actor=cast.agent_a)

    assert (filed, ticket.category) == (category, None)


def test_set_category_refuses_category_of_other_unit(cast, ticket):
    category = create_category(cast.unit_b, name="IMB", actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        set_category(ticket, category=category, actor=cast.agent_a)

    assert error_codes(caught.value) == {"category": ["invalid_choice"]}


def test_set_category_refuses_inactive_category(cast, ticket):
    category = create_category(cast.unit_a, name="Lama", actor=cast.supervisor)
    category.is_active = False
    category.save()

    with pytest.raises(ValidationError) as caught:
        set_category(ticket, category=category, actor=cast.agent_a)

    assert error_codes(caught.value) == {"category": ["invalid_choice"]}


def test_set_tags_replaces_and_logs_difference(cast, ticket):
    urgent, repeat, media = (
        create_tag(cast.organisation, name=n, actor=cast.admin) for n in ("mendesak", "berulang", "media")
    )
    set_tags(ticket, tags=[urgent, repeat], actor=cast.agent_a)

    set_tags(ticket, tags=[repeat, media], actor=cast.agent_a)

    entry = ActivityLog.objects.filter(action="tickets.ticket.tags_changed").order_by("id").last()
    assert (sorted(t.name for t in ticket.tags.all()), entry.data["added"], entry.data["removed"]) == (
        ["berulang", "media"],
        "media",
        "mendesak",
    )


def test_set_tags_refuses_tag_of_other_organisation(cast, ticket):
    foreign = create_tag(ServiceUnitFactory().organisation, name="asing", actor=None)

    with pytest.raises(ValidationError) as caught:
        set_tags(ticket, tags=[foreign], actor=cast.agent_a)

    assert error_codes(caught.value) == {"tags": ["other_organisation"]}


def test_merge_tickets_closes_duplicate_pointing_to_survivor(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Syarat NIB (kirim ulang)")

    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into, duplicate.closed_at is not None) == ("closed", survivor, True)


def test_merge_tickets_moves_messages_and_attachments(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Kirim ulang", attachments=[pdf()])
    reply = add_reply(duplicate, body="Sudah kami terima", actor=cast.agent_a)

    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    reply.refresh_from_db()
    assert (
        reply.ticket,
        reply.visibility,
        TicketAttachment.objects.get().ticket,
        TicketMessage.objects.filter(ticket=duplicate).count(),
    ) == (survivor, "public", survivor, 0)


def test_merge_tickets_quotes_duplicate_in_internal_note(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Kirim ulang", description="Isi kedua")

    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    note = TicketMessage.objects.get(ticket=survivor)
    assert (note.visibility, note.body) == ("internal", f"{duplicate.tracking_code} · Kirim ulang\n\nIsi kedua")


def test_merge_tickets_from_another_requester_hides_their_messages(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, requester_name="Sari", requester_email="sari@contoh.id", subject="Sama")
    reply = add_reply(duplicate, body="Untuk Sari", actor=cast.agent_a)

    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    reply.refresh_from_db()
    assert (reply.ticket, reply.visibility) == (survivor, "internal")


def test_merge_tickets_logs_on_both(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Kirim ulang")

    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    assert (
        ActivityLog.objects.get(action="tickets.ticket.merged").data["into"],
        ActivityLog.objects.get(action="tickets.ticket.duplicate_merged").data["duplicate"],
    ) == (survivor.tracking_code, duplicate.tracking_code)


def test_merge_tickets_refuses_itself(cast, ticket):
    with pytest.raises(ValidationError) as caught:
        merge_tickets(ticket, into=ticket, actor=cast.supervisor)

    assert error_codes(caught.value) == {"into": ["same"]}


def test_merge_tickets_refuses_twice(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Kirim ulang")
    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        merge_tickets(duplicate, into=submit(cast.unit_a, subject="Ketiga"), actor=cast.supervisor)

    assert error_codes(caught.value) == {"into": ["already_merged"]}


def test_merge_tickets_refuses_target_that_was_merged(cast):
    survivor = submit(cast.unit_a)
    merged = submit(cast.unit_a, subject="Kirim ulang")
    merge_tickets(merged, into=survivor, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        merge_tickets(submit(cast.unit_a, subject="Ketiga"), into=merged, actor=cast.supervisor)

    assert error_codes(caught.value) == {"into": ["target_merged"]}


def test_merge_tickets_refuses_closed_target(cast):
    closed = submit(cast.unit_a)
    change_status(closed, to_status="closed", actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        merge_tickets(submit(cast.unit_a, subject="Baru"), into=closed, actor=cast.supervisor)

    assert error_codes(caught.value) == {"into": ["target_closed"]}


def test_merge_tickets_refuses_other_organisation(cast):
    foreign = submit(ServiceUnitFactory())

    with pytest.raises(ValidationError) as caught:
        merge_tickets(submit(cast.unit_a), into=foreign, actor=cast.supervisor)

    assert error_codes(caught.value) == {"into": ["other_organisation"]}


def test_change_status_refuses_merged_request(cast):
    survivor = submit(cast.unit_a)
    duplicate = submit(cast.unit_a, subject="Kirim ulang")
    merge_tickets(duplicate, into=survivor, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        change_status(duplicate, to_status="in_progress", reason="Buka lagi", actor=cast.supervisor)

    assert error_codes(caught.value) == {"to_status": ["merged"]}
