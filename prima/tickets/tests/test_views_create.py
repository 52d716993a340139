"""Staff logging a request: channels, kinds with their details, confidentiality, idempotency, errors per field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.tickets.models import Appointment, ComplaintDetails, LetterDetails, OrderLine, Ticket

CREATE = reverse("tickets:create")


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def intake_data(cast, **changes) -> dict:
    data = {
        "unit": cast.unit_a.pk,
        "channel": "phone",
        "kind": "information",
        "priority": "normal",
        "subject": "Syarat NIB",
        "description": "Penelepon menanyakan syarat NIB usaha mikro.",
        "confidentiality": "normal",
        "requester_name": "Siti Aminah",
        "requester_email": "",
        "requester_phone": "0812-3456-7890",
        "language": "id",
        "submission_key": "kunci-uji-1",
    }
    return {**data, **changes}


def errors_of(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()}


def test_create_view_get_offers_the_units_the_user_serves(cast):
    response = client_for(cast.agent_a).get(CREATE)

    form = response.context["form"]
    assert (response.status_code, list(form.fields["unit"].queryset), len(form.initial["submission_key"])) == (
        200,
        [cast.unit_a],
        32,
    )


def test_create_view_get_gives_a_fresh_submission_key_each_time(cast):
    client = client_for(cast.agent_a)

    first, second = (client.get(CREATE).context["form"].initial["submission_key"] for _ in range(2))

    assert first != second


def test_create_view_logs_a_phone_request(cast):
    response = client_for(cast.agent_a).post(CREATE, intake_data(cast))

    ticket = Ticket.objects.get()
    assert (
        response.status_code,
        response.url,
        ticket.channel,
        ticket.unit,
        ticket.requester_name,
        ticket.requester_phone,
        ticket.customer.name,
    ) == (
        302,
        reverse("tickets:detail", args=[ticket.pk]),
        "phone",
        cast.unit_a,
        "Siti Aminah",
        "+6281234567890",
        "Siti Aminah",
    )


def test_create_view_success_message_names_the_tracking_code(cast):
    response = english_client_for(cast.agent_a).post(CREATE, intake_data(cast), follow=True)

    code = Ticket.objects.get().tracking_code
    assert [str(m) for m in response.context["messages"]] == [f"Request {code} recorded."]


def test_create_view_double_post_with_the_same_key_creates_one_request(cast):
    client = client_for(cast.agent_a)

    first = client.post(CREATE, intake_data(cast))
    second = client.post(CREATE, intake_data(cast))

    assert (Ticket.objects.count(), first.status_code, second.status_code, first.url) == (1, 302, 302, second.url)


def test_create_view_reused_key_for_a_different_request_is_400(cast):
    client = english_client_for(cast.agent_a)
    client.post(CREATE, intake_data(cast))

    response = client.post(CREATE, intake_data(cast, subject="Lain sama sekali"))

    assert (response.status_code, Ticket.objects.count(), errors_of(response)) == (
        400,
        1,
        {"submission_key": ["This submission key was already used for another request."]},
    )


def test_create_view_refused_key_is_renewed_so_sending_again_records_a_new_request(cast):
    client = client_for(cast.agent_a)
    client.post(CREATE, intake_data(cast))
    refused = client.post(CREATE, intake_data(cast, subject="Lain sama sekali"))
    renewed_key = refused.context["form"]["submission_key"].value()

    response = client.post(CREATE, intake_data(cast, subject="Lain sama sekali", submission_key=renewed_key))

    assert (renewed_key != "kunci-uji-1", response.status_code, Ticket.objects.count()) == (True, 302, 2)


def test_create_view_complaint_stores_its_details(cast):
    data = intake_data(
        cast,
        kind="complaint",
        channel="walk_in",
        incident_date="2025-01-06",
        incident_place="Loket 3",
        remedy_requested="Dilayani ulang",
        letter_number="diabaikan",  # belongs to letters: left out for a walk-in complaint
    )

    response = client_for(cast.agent_a).post(CREATE, data)

    details = ComplaintDetails.objects.get()
    assert (response.status_code, details.incident_date, details.incident_place, details.remedy_requested) == (
        302,
        dt.date(2025, 1, 6),
        "Loket 3",
        "Dilayani ulang",
    )


def test_create_view_letter_stores_its_details_and_due_date(cast):
    data = intake_data(
        cast,
        kind="letter",
        channel="letter",
        letter_number="045/DPM/2025",
        letter_date="06/01/2025",
        sender="Kecamatan Coblong",
        due_date="2099-01-20",
    )

    client_for(cast.agent_a).post(CREATE, data)

    letter = LetterDetails.objects.get()
    assert (letter.letter_number, letter.letter_date, letter.sender, letter.due_date, letter.ticket.due_at) == (
        "045/DPM/2025",
        dt.date(2025, 1, 6),
        "Kecamatan Coblong",
        dt.date(2099, 1, 20),
        dt.datetime(2099, 1, 20, 16, 59, 59, tzinfo=dt.UTC),  # 23:59:59 WIB
    )


def test_create_view_letter_without_number_shows_the_error_on_the_field(cast):
    response = english_client_for(cast.agent_a).post(
        CREATE, intake_data(cast, kind="letter", channel="letter", letter_date="2025-01-06")
    )

    assert (response.status_code, errors_of(response), Ticket.objects.count()) == (
        400,
        {"letter_number": ["Enter the letter's number."]},
        0,
    )


def test_create_view_appointment_is_booked_in_the_units_time_zone(cast):
    day = (timezone.now() + dt.timedelta(days=3)).date().isoformat()
    data = intake_data(
        cast,
        unit=cast.unit_b.pk,
        kind="appointment",
        channel="walk_in",
        place="Loket 1",
        starts_at=f"{day}T09:00",
        ends_at=f"{day}T09:30",
    )

    client_for(cast.agent_b).post(CREATE, data)

    appointment = Appointment.objects.get()
    assert (appointment.place, appointment.starts_at.astimezone(dt.UTC).time()) == ("Loket 1", dt.time(1, 0))  # WITA


def test_create_view_order_with_lines(cast):
    promised = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = intake_data(
        cast,
        kind="order",
        channel="letter",
        line_0_item="Kertas A4",
        line_0_quantity="10",
        line_0_unit_of_measure="rim",
        line_0_quantity_in_stock="4",
        line_2_item="Tinta",
        line_2_quantity="2.5",
        promised_date=promised,
    )

    response = client_for(cast.agent_a).post(CREATE, data)

    lines = list(OrderLine.objects.values_list("item", "quantity", "unit_of_measure", "quantity_in_stock"))
    assert (response.status_code, lines) == (
        302,
        [("Kertas A4", Decimal("10"), "rim", Decimal("4")), ("Tinta", Decimal("2.5"), "", Decimal("0"))],
    )


def test_create_view_order_line_without_quantity_is_400(cast):
    data = intake_data(cast, kind="order", channel="walk_in", line_1_item="Kertas A4", line_3_quantity="0")

    response = english_client_for(cast.agent_a).post(CREATE, data)

    assert (response.status_code, errors_of(response), Ticket.objects.count()) == (
        400,
        {
            "line_1_quantity": ["Enter the quantity ordered."],
            "line_3_item": ["Name the item."],
            "line_3_quantity": ["Enter a number above zero."],
        },
        0,
    )


def test_create_view_confidential_request_keeps_the_identity(cast):
    client_for(cast.agent_a).post(CREATE, intake_data(cast, confidentiality="confidential"))

    ticket = Ticket.objects.get()
    assert (ticket.confidentiality, ticket.requester_name) == ("confidential", "Siti Aminah")


def test_create_view_anonymous_request_keeps_nothing_identifying(cast):
    client_for(cast.agent_a).post(CREATE, intake_data(cast, confidentiality="anonymous", channel="suggestion_box"))

    ticket = Ticket.objects.get()
    assert (ticket.requester_name, ticket.requester_phone, ticket.customer) == ("", "", None)


def test_create_view_requires_a_name_unless_anonymous(cast):
    response = english_client_for(cast.agent_a).post(CREATE, intake_data(cast, requester_name=""))

    assert (response.status_code, errors_of(response)) == (
        400,
        {"requester_name": ["Enter the requester's name, or choose to stay anonymous."]},
    )


def test_create_view_bad_phone_number_shows_on_the_field(cast):
    response = english_client_for(cast.agent_a).post(CREATE, intake_data(cast, requester_phone="12"))

    assert (response.status_code, list(errors_of(response))) == (400, ["requester_phone"])


def test_create_view_unit_the_user_does_not_serve_is_refused(cast):
    response = english_client_for(cast.agent_a).post(CREATE, intake_data(cast, unit=cast.unit_b.pk))

    assert (response.status_code, errors_of(response), Ticket.objects.count()) == (
        400,
        {"unit": ["Select a valid choice. That choice is not one of the available choices."]},
        0,
    )


@pytest.mark.parametrize("channel", ["web", "email", "api", "carrier pigeon"])
def test_create_view_refuses_channels_staff_do_not_log(cast, channel):
    response = client_for(cast.agent_a).post(CREATE, intake_data(cast, channel=channel))

    assert (response.status_code, list(errors_of(response)), Ticket.objects.count()) == (400, ["channel"], 0)


def test_create_view_trainer_is_forbidden(cast):
    assert client_for(cast.trainer).post(CREATE, intake_data(cast)).status_code == 403


def test_create_view_leader_may_log_for_a_unit_below(cast):
    response = client_for(cast.leader).post(CREATE, intake_data(cast, unit=cast.unit_b.pk))

    assert (response.status_code, Ticket.objects.get().unit) == (302, cast.unit_b)
