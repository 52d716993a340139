"""Every action on a request's page: the happy path, bad input (400 with the error, nothing changed) and who
may not act at all."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.factories import OrganisationFactory
from prima.tickets.models import Appointment, Order, OrderLine, Ticket, TicketAttachment, TicketMessage
from prima.tickets.services import (
    OrderLineInput,
    assign_ticket,
    book_appointment,
    change_status,
    create_category,
    create_tag,
    record_order,
    verify_complaint,
)

from .conftest import pdf, submit


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def url(name: str, ticket: Ticket, *more: int) -> str:
    return reverse(f"tickets:{name}", args=[ticket.pk, *more])


def errors_of(response, prefix: str) -> dict[str, list[str]]:
    form = response.context["forms"][prefix]
    return {field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()}


def flashed(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def ticket(cast):
    return submit(cast.unit_a, subject="Syarat izin usaha mikro")


# --- reply ---------------------------------------------------------------------------------------------------------


def test_reply_view_public_reply(cast, ticket):
    response = english_client_for(cast.agent_a).post(
        url("reply", ticket), {"reply-visibility": "public", "reply-body": "Syaratnya KTP."}, follow=True
    )

    message = TicketMessage.objects.get()
    assert (
        response.redirect_chain,
        flashed(response),
        message.visibility,
        message.author,
        fresh(ticket).first_response_at == message.created_at,
    ) == ([(url("detail", ticket), 302)], ["Reply sent."], "public", cast.agent_a, True)


def test_reply_view_internal_note_does_not_count_as_a_response(cast, ticket):
    response = english_client_for(cast.agent_a).post(
        url("reply", ticket), {"reply-visibility": "internal", "reply-body": "Cek ke bidang lain."}, follow=True
    )

    assert (flashed(response), TicketMessage.objects.get().visibility, fresh(ticket).first_response_at) == (
        ["Internal note added."],
        "internal",
        None,
    )


def test_reply_view_with_a_file(cast, ticket):
    client_for(cast.agent_a).post(
        url("reply", ticket),
        {"reply-visibility": "public", "reply-body": "Terlampir formulirnya.", "reply-attachments": [pdf("form.pdf")]},
    )

    attachment = TicketAttachment.objects.get()
    assert (attachment.original_name, attachment.message) == ("form.pdf", TicketMessage.objects.get())


def test_reply_view_refused_file_is_400(cast, ticket):
    fake = pdf("virus.pdf", content=b"MZ\x90\x00 not a pdf")

    response = client_for(cast.agent_a).post(
        url("reply", ticket), {"reply-visibility": "public", "reply-body": "Ini", "reply-attachments": [fake]}
    )

    assert (response.status_code, list(errors_of(response, "reply")), TicketMessage.objects.count()) == (
        400,
        ["attachments"],
        0,
    )


def test_reply_view_empty_body_is_400(cast, ticket):
    response = english_client_for(cast.agent_a).post(
        url("reply", ticket), {"reply-visibility": "public", "reply-body": "  "}
    )

    assert (
        response.status_code,
        errors_of(response, "reply"),
        flashed(response),
        TicketMessage.objects.count(),
    ) == (
        400,
        {"body": ["This field is required."]},
        ["Nothing was changed. Correct the form below and try again."],
        0,
    )


def test_reply_view_public_reply_on_closed_request_is_400(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.supervisor)

    response = english_client_for(cast.agent_a).post(
        url("reply", ticket), {"reply-visibility": "public", "reply-body": "Halo"}
    )

    assert (response.status_code, errors_of(response, "reply")) == (
        400,
        {"body": ["This request is closed; reopen it before replying."]},
    )


def test_reply_view_other_unit_is_404(cast, ticket):
    response = client_for(cast.agent_b).post(url("reply", ticket), {"reply-visibility": "public", "reply-body": "X"})

    assert (response.status_code, TicketMessage.objects.count()) == (404, 0)


def test_reply_view_get_is_not_allowed(cast, ticket):
    assert client_for(cast.agent_a).get(url("reply", ticket)).status_code == 405


# --- take and assign -----------------------------------------------------------------------------------------------


def test_take_view_agent_takes_an_unassigned_request(cast, ticket):
    response = client_for(cast.agent_a).post(url("take", ticket))

    assert (response.status_code, fresh(ticket).owner) == (302, cast.agent_a)


def test_take_view_refused_once_owned(cast, ticket):
    assign_ticket(ticket, owner=cast.supervisor, actor=cast.supervisor)

    response = client_for(cast.agent_a).post(url("take", ticket))

    assert (response.status_code, fresh(ticket).owner) == (403, cast.supervisor)


def test_assign_view_supervisor_assigns_an_agent(cast, ticket):
    response = english_client_for(cast.supervisor).post(
        url("assign", ticket), {"assign-owner": cast.agent_a.pk}, follow=True
    )

    assert (flashed(response), fresh(ticket).owner) == (["Assigned to Dewi Lestari."], cast.agent_a)


def test_assign_view_empty_owner_unassigns(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    response = english_client_for(cast.supervisor).post(url("assign", ticket), {"assign-owner": ""}, follow=True)

    assert (flashed(response), fresh(ticket).owner) == (["The request has no owner now."], None)


def test_assign_view_agent_is_forbidden(cast, ticket):
    response = client_for(cast.agent_a).post(url("assign", ticket), {"assign-owner": cast.agent_a.pk})

    assert (response.status_code, fresh(ticket).owner) == (403, None)


def test_assign_view_staff_of_another_unit_is_refused(cast, ticket):
    response = english_client_for(cast.supervisor).post(url("assign", ticket), {"assign-owner": cast.agent_b.pk})

    assert (response.status_code, errors_of(response, "assign"), fresh(ticket).owner) == (
        400,
        {"owner": ["Select a valid choice. That choice is not one of the available choices."]},
        None,
    )


def test_assign_view_same_owner_again_is_400_with_the_services_message(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    response = english_client_for(cast.supervisor).post(url("assign", ticket), {"assign-owner": cast.agent_a.pk})

    assert (response.status_code, errors_of(response, "assign")) == (
        400,
        {"owner": ["The request is already assigned to Dewi Lestari."]},
    )


# --- collaborators -------------------------------------------------------------------------------------------------


def test_collaborators_view_adds_staff_of_another_unit(cast, ticket):
    response = english_client_for(cast.supervisor).post(
        url("collaborators", ticket), {"collaborators-collaborators": [cast.agent_b.pk]}, follow=True
    )

    assert (flashed(response), list(fresh(ticket).collaborators.all())) == (["1 collaborator added."], [cast.agent_b])


def test_collaborators_view_refuses_a_trainer(cast, ticket):
    response = client_for(cast.supervisor).post(
        url("collaborators", ticket), {"collaborators-collaborators": [cast.trainer.pk]}
    )

    assert (response.status_code, list(errors_of(response, "collaborators")), fresh(ticket).collaborators.count()) == (
        400,
        ["collaborators"],
        0,
    )


def test_collaborators_view_forbidden_to_an_agent_who_does_not_own_it(cast, ticket):
    response = client_for(cast.agent_a).post(
        url("collaborators", ticket), {"collaborators-collaborators": [cast.agent_b.pk]}
    )

    assert response.status_code == 403


# --- transfer ------------------------------------------------------------------------------------------------------


def test_transfer_view_moves_the_request_and_returns_to_the_inbox_when_out_of_sight(cast, ticket):
    response = english_client_for(cast.supervisor).post(
        url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk, "transfer-reason": "Wewenang bidang bangunan"}
    )

    assert (response.status_code, response.url, fresh(ticket).unit) == (302, reverse("tickets:inbox"), cast.unit_b)


def test_transfer_view_leader_stays_on_the_request(cast, ticket):
    response = client_for(cast.leader).post(
        url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk, "transfer-reason": "Wewenang bidang bangunan"}
    )

    assert (response.status_code, response.url) == (302, url("detail", ticket))


def test_transfer_view_without_reason_is_400(cast, ticket):
    response = english_client_for(cast.supervisor).post(
        url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk, "transfer-reason": "   "}
    )

    assert (response.status_code, errors_of(response, "transfer"), fresh(ticket).unit) == (
        400,
        {"reason": ["Say why the request goes to another unit."]},
        cast.unit_a,
    )


def test_transfer_view_failed_form_is_shown_open_on_the_page(cast, ticket):
    response = client_for(cast.supervisor).post(url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk})

    content = response.content.decode()
    assert ('<details class="action" id="action-transfer" open>' in content, content.count(" open>")) == (True, 1)


def test_transfer_view_owner_agent_still_needs_a_reason(cast, ticket):
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)

    response = client_for(cast.agent_a).post(url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk})

    assert (response.status_code, fresh(ticket).unit) == (400, cast.unit_a)


def test_transfer_view_forbidden_to_an_agent_who_does_not_own_it(cast, ticket):
    response = client_for(cast.agent_a).post(
        url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk, "transfer-reason": "Salah unit"}
    )

    assert (response.status_code, fresh(ticket).unit) == (403, cast.unit_a)


def test_transfer_view_closed_request_is_400_with_the_services_message(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.supervisor)

    response = english_client_for(cast.supervisor).post(
        url("transfer", ticket), {"transfer-to_unit": cast.unit_b.pk, "transfer-reason": "Salah unit"}
    )

    assert (response.status_code, errors_of(response, "transfer")) == (
        400,
        {"to_unit": ["A closed request cannot be transferred."]},
    )


# --- status --------------------------------------------------------------------------------------------------------


def test_status_view_moves_the_request(cast, ticket):
    response = english_client_for(cast.agent_a).post(
        url("status", ticket), {"status-to_status": "in_progress"}, follow=True
    )

    assert (flashed(response), fresh(ticket).status) == (["Status changed to “In progress”."], "in_progress")


def test_status_view_offers_only_allowed_transitions(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.supervisor)

    response = client_for(cast.agent_a).get(url("detail", ticket))

    assert [value for value, _ in response.context["forms"]["status"].fields["to_status"].choices] == ["in_progress"]


def test_status_view_refuses_a_transition_not_allowed(cast, ticket):
    change_status(ticket, to_status="closed", actor=cast.supervisor)

    response = client_for(cast.agent_a).post(url("status", ticket), {"status-to_status": "resolved"})

    assert (response.status_code, list(errors_of(response, "status")), fresh(ticket).status) == (
        400,
        ["to_status"],
        "closed",
    )


def test_status_view_reopening_needs_a_reason(cast, ticket):
    change_status(ticket, to_status="resolved", actor=cast.agent_a)

    response = english_client_for(cast.agent_a).post(url("status", ticket), {"status-to_status": "in_progress"})

    assert (response.status_code, errors_of(response, "status"), fresh(ticket).status) == (
        400,
        {"reason": ["Say why the request is reopened."]},
        "resolved",
    )


# --- priority, category, tags --------------------------------------------------------------------------------------


def test_priority_view_sets_the_priority(cast, ticket):
    response = client_for(cast.agent_a).post(url("priority", ticket), {"priority-priority": "urgent"})

    assert (response.status_code, fresh(ticket).priority) == (302, "urgent")


def test_priority_view_same_priority_is_400(cast, ticket):
    response = english_client_for(cast.agent_a).post(url("priority", ticket), {"priority-priority": "normal"})

    assert (response.status_code, errors_of(response, "priority")) == (
        400,
        {"priority": ["That is already the priority."]},
    )


def test_category_view_files_the_request(cast, ticket):
    category = create_category(cast.unit_a, name="Loket", actor=cast.supervisor)

    response = client_for(cast.agent_a).post(url("category", ticket), {"category-category": category.pk})

    assert (response.status_code, fresh(ticket).category) == (302, category)


def test_category_view_refuses_another_units_category(cast, ticket):
    other = create_category(cast.unit_b, name="Loket B", actor=cast.leader)

    response = client_for(cast.agent_a).post(url("category", ticket), {"category-category": other.pk})

    assert (response.status_code, fresh(ticket).category) == (400, None)


def test_tags_view_replaces_the_tags(cast, ticket):
    tags = [create_tag(cast.organisation, name=name, actor=cast.supervisor) for name in ("loket", "viral")]

    response = client_for(cast.agent_a).post(url("tags", ticket), {"tags-tags": [tag.pk for tag in tags]})

    assert (response.status_code, sorted(t.name for t in fresh(ticket).tags.all())) == (302, ["loket", "viral"])


def test_tags_view_refuses_another_organisations_tag(cast, ticket):
    foreign = create_tag(OrganisationFactory(), name="asing", actor=None)

    response = client_for(cast.agent_a).post(url("tags", ticket), {"tags-tags": [foreign.pk]})

    assert (response.status_code, fresh(ticket).tags.count()) == (400, 0)


# --- merge ---------------------------------------------------------------------------------------------------------


def test_merge_view_merges_into_the_request_named_by_code(cast, ticket):
    keep = submit(cast.unit_a, subject="Yang dipertahankan")

    response = english_client_for(cast.supervisor).post(
        url("merge", ticket), {"merge-into": keep.tracking_code.lower()}, follow=True
    )

    merged = fresh(ticket)
    assert (flashed(response), merged.merged_into, merged.status) == (
        [f"Merged into {keep.tracking_code}."],
        keep,
        "closed",
    )


@pytest.mark.parametrize("code", ["PRM-0000-0000-0000", "bukan kode", "", "unit-b"])
def test_merge_view_unknown_or_invisible_code_is_400(cast, ticket, code):
    other_unit = submit(cast.unit_b)
    code = other_unit.tracking_code if code == "unit-b" else code

    response = english_client_for(cast.supervisor).post(url("merge", ticket), {"merge-into": code})

    assert (response.status_code, list(errors_of(response, "merge")), fresh(ticket).merged_into) == (
        400,
        ["into"],
        None,
    )


def test_merge_view_into_itself_is_400_with_the_services_message(cast, ticket):
    response = english_client_for(cast.supervisor).post(url("merge", ticket), {"merge-into": ticket.tracking_code})

    assert (response.status_code, errors_of(response, "merge")) == (
        400,
        {"into": ["A request cannot be merged into itself."]},
    )


def test_merge_view_forbidden_to_agents(cast, ticket):
    keep = submit(cast.unit_a)

    response = client_for(cast.agent_a).post(url("merge", ticket), {"merge-into": keep.tracking_code})

    assert (response.status_code, fresh(ticket).merged_into) == (403, None)


# --- verify --------------------------------------------------------------------------------------------------------


@pytest.fixture
def complaint(cast):
    return submit(cast.unit_a, kind="complaint", subject="Antrean tidak tertib")


def test_verify_view_supervisor_verifies_a_complaint(cast, complaint):
    response = english_client_for(cast.supervisor).post(url("verify", complaint), follow=True)

    verified = fresh(complaint)
    assert (flashed(response), verified.verified_by, verified.verified_at is not None) == (
        ["Complaint verified."],
        cast.supervisor,
        True,
    )


def test_verify_view_forbidden_to_agents(cast, complaint):
    response = client_for(cast.agent_a).post(url("verify", complaint))

    assert (response.status_code, fresh(complaint).verified_at) == (403, None)


def test_verify_view_forbidden_for_requests_that_are_not_complaints(cast, ticket):
    assert client_for(cast.supervisor).post(url("verify", ticket)).status_code == 403


def test_verify_view_twice_is_400_with_the_services_message(cast, complaint):
    verify_complaint(complaint, actor=cast.supervisor)

    response = english_client_for(cast.supervisor).post(url("verify", complaint))

    assert (response.status_code, errors_of(response, "verify")) == (
        400,
        {"__all__": ["This complaint was already verified."]},
    )


# --- appointments --------------------------------------------------------------------------------------------------


@pytest.fixture
def appointment_request(cast):
    return submit(cast.unit_a, kind="appointment", subject="Konsultasi NIB")


def slot(days: int = 3, hour: int = 9) -> dict[str, str]:
    day = (timezone.localdate() + dt.timedelta(days=days)).isoformat()
    return {"book-place": "Loket 2", "book-starts_at": f"{day}T{hour:02d}:00", "book-ends_at": f"{day}T{hour:02d}:30"}


def test_book_appointment_view_books_a_slot(cast, appointment_request):
    response = client_for(cast.agent_a).post(url("book_appointment", appointment_request), slot())

    appointment = Appointment.objects.get()
    assert (response.status_code, appointment.place, appointment.starts_at.astimezone(dt.UTC).hour) == (
        302,
        "Loket 2",
        2,  # 09:00 WIB
    )


def test_book_appointment_view_in_the_past_is_400(cast, appointment_request):
    response = english_client_for(cast.agent_a).post(url("book_appointment", appointment_request), slot(days=-2))

    assert (response.status_code, errors_of(response, "book"), Appointment.objects.count()) == (
        400,
        {"starts_at": ["The appointment must start in the future."]},
        0,
    )


def test_book_appointment_view_double_booking_is_400(cast, appointment_request):
    other = submit(cast.unit_a, kind="appointment")
    client_for(cast.agent_a).post(url("book_appointment", other), slot())

    response = client_for(cast.agent_a).post(url("book_appointment", appointment_request), slot())

    assert (response.status_code, Appointment.objects.count()) == (400, 1)


def test_cancel_appointment_view_cancels(cast, appointment_request):
    starts = timezone.now() + dt.timedelta(days=2)
    appointment = book_appointment(
        appointment_request, place="Loket 2", starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), actor=None
    )

    response = client_for(cast.agent_a).post(
        url("cancel_appointment", appointment_request, appointment.pk), {"cancel-reason": "Pemohon berhalangan"}
    )

    appointment.refresh_from_db()
    assert (response.status_code, appointment.is_active, appointment.cancellation_reason) == (
        302,
        False,
        "Pemohon berhalangan",
    )


def test_cancel_appointment_view_twice_is_400(cast, appointment_request):
    starts = timezone.now() + dt.timedelta(days=2)
    appointment = book_appointment(
        appointment_request, place="Loket 2", starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), actor=None
    )
    client = english_client_for(cast.agent_a)
    client.post(url("cancel_appointment", appointment_request, appointment.pk))

    response = client.post(url("cancel_appointment", appointment_request, appointment.pk))

    assert (response.status_code, errors_of(response, "cancel")) == (
        400,
        {"__all__": ["This appointment was already cancelled."]},
    )


def test_cancel_appointment_view_appointment_of_another_request_is_404(cast, appointment_request):
    other = submit(cast.unit_a, kind="appointment")
    starts = timezone.now() + dt.timedelta(days=2)
    appointment = book_appointment(
        other, place="Loket 2", starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), actor=None
    )

    response = client_for(cast.agent_a).post(url("cancel_appointment", appointment_request, appointment.pk))

    assert (response.status_code, Appointment.objects.get().is_active) == (404, True)


# --- orders --------------------------------------------------------------------------------------------------------


@pytest.fixture
def order_request(cast):
    ticket = submit(cast.unit_a, kind="order", subject="Pesanan ATK")
    record_order(
        ticket,
        lines=[OrderLineInput(item="Kertas A4", quantity="10", unit_of_measure="rim", quantity_in_stock="4")],
        actor=cast.agent_a,
    )
    return ticket


def test_add_line_view_adds_an_item(cast, order_request):
    response = client_for(cast.agent_a).post(
        url("add_line", order_request), {"line-item": "Tinta", "line-quantity": "2", "line-unit_of_measure": "botol"}
    )

    assert (response.status_code, list(OrderLine.objects.values_list("item", flat=True))) == (
        302,
        ["Kertas A4", "Tinta"],
    )


def test_add_line_view_first_item_records_the_order(cast):
    ticket = submit(cast.unit_a, kind="order")

    response = client_for(cast.agent_a).post(url("add_line", ticket), {"line-item": "Map", "line-quantity": "5"})

    assert (response.status_code, Order.objects.get().ticket, OrderLine.objects.get().quantity) == (
        302,
        ticket,
        Decimal("5"),
    )


def test_add_line_view_on_a_request_that_is_not_an_order_is_400(cast, ticket):
    response = english_client_for(cast.agent_a).post(
        url("add_line", ticket), {"line-item": "Map", "line-quantity": "5"}
    )

    assert (response.status_code, errors_of(response, "line"), Order.objects.count()) == (
        400,
        {"__all__": ["Only order requests carry an order."]},
        0,
    )


def test_add_line_view_zero_quantity_is_400(cast, order_request):
    response = english_client_for(cast.agent_a).post(
        url("add_line", order_request), {"line-item": "Tinta", "line-quantity": "0"}
    )

    assert (response.status_code, OrderLine.objects.count()) == (400, 1)


def test_update_line_view_records_stock_and_delivery(cast, order_request):
    line = OrderLine.objects.get()

    response = client_for(cast.agent_a).post(
        url("update_line", order_request, line.pk),
        {f"line-{line.pk}-quantity_in_stock": "10", f"line-{line.pk}-quantity_delivered": "6"},
    )

    line.refresh_from_db()
    assert (response.status_code, line.quantity_in_stock, line.quantity_delivered, line.shortfall) == (
        302,
        Decimal("10"),
        Decimal("6"),
        Decimal("0"),
    )


def test_update_line_view_delivery_above_the_order_is_400(cast, order_request):
    line = OrderLine.objects.get()

    response = english_client_for(cast.agent_a).post(
        url("update_line", order_request, line.pk), {f"line-{line.pk}-quantity_delivered": "11"}
    )

    assert (response.status_code, errors_of(response, f"line-{line.pk}")) == (
        400,
        {"quantity_delivered": ["Only 10 were ordered."]},
    )


def test_update_line_view_line_of_another_order_is_404(cast, order_request):
    other = submit(cast.unit_a, kind="order")
    record_order(other, lines=[OrderLineInput(item="Pena", quantity="1")], actor=cast.agent_a)
    foreign_line = OrderLine.objects.get(item="Pena")

    response = client_for(cast.agent_a).post(
        url("update_line", order_request, foreign_line.pk), {f"line-{foreign_line.pk}-quantity_delivered": "1"}
    )

    assert response.status_code == 404


def test_promised_date_view_changes_the_date_and_due_time(cast, order_request):
    new_date = timezone.localdate() + dt.timedelta(days=20)

    response = client_for(cast.agent_a).post(
        url("promised_date", order_request),
        {"promise-promised_date": new_date.isoformat(), "promise-reason": "Stok datang terlambat"},
    )

    assert (response.status_code, Order.objects.get().promised_date, fresh(order_request).due_at.date()) == (
        302,
        new_date,
        new_date,
    )


def test_promised_date_view_without_reason_is_400(cast, order_request):
    new_date = timezone.localdate() + dt.timedelta(days=20)

    response = english_client_for(cast.agent_a).post(
        url("promised_date", order_request), {"promise-promised_date": new_date.isoformat()}
    )

    assert (response.status_code, errors_of(response, "promise")) == (
        400,
        {"reason": ["Say why the promised date changes."]},
    )


def test_promised_date_view_in_the_past_is_400(cast, order_request):
    response = english_client_for(cast.agent_a).post(
        url("promised_date", order_request), {"promise-promised_date": "2020-01-01", "promise-reason": "Salah"}
    )

    assert (response.status_code, errors_of(response, "promise")) == (
        400,
        {"promised_date": ["The promised date cannot be in the past."]},
    )


def test_promised_date_view_without_an_order_is_404(cast):
    ticket = submit(cast.unit_a, kind="order")

    response = client_for(cast.agent_a).post(
        url("promised_date", ticket), {"promise-promised_date": "2099-01-01", "promise-reason": "X"}
    )

    assert response.status_code == 404


# --- every action is out of reach for other units ------------------------------------------------------------------

ACTIONS = [
    "reply",
    "take",
    "assign",
    "collaborators",
    "transfer",
    "status",
    "priority",
    "category",
    "tags",
    "merge",
    "verify",
    "book_appointment",
    "add_line",
    "promised_date",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_action_views_are_404_for_other_units(cast, ticket, action):
    assert client_for(cast.agent_b).post(url(action, ticket), {}).status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_action_views_redirect_anonymous_to_login(ticket, action):
    assert Client().post(url(action, ticket), {}).status_code == 302
