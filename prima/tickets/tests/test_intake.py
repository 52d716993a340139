"""submit_request: the one way a request comes in, from every channel."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.customers.models import Contact, Customer
from prima.customers.services import ContactInput, create_customer
from prima.factories import ServiceUnitFactory
from prima.tickets.models import (
    StatusChange,
)
from prima.tickets.services import create_category

from .conftest import error_codes, submit


def test_submit_request_stores_what_was_sent(cast):
    ticket = submit(cast.unit_a, priority="high", language="en")

    assert (
        ticket.organisation,
        ticket.unit,
        ticket.kind,
        ticket.channel,
        ticket.status,
        ticket.priority,
        ticket.confidentiality,
        ticket.subject,
        ticket.requester_name,
        ticket.requester_email,
        ticket.requester_language,
        ticket.owner,
    ) == (
        cast.organisation,
        cast.unit_a,
        "information",
        "web",
        "new",
        "high",
        "normal",
        "Syarat izin usaha mikro",
        "Budi Santoso",
        "budi@contoh.id",
        "en",
        None,
    )


def test_submit_request_strips_subject_and_description(cast):
    ticket = submit(cast.unit_a, subject="  Syarat  ", description="\n Isi \n")

    assert (ticket.subject, ticket.description) == ("Syarat", "Isi")


def test_submit_request_records_first_status(cast):
    ticket = submit(cast.unit_a)

    assert list(StatusChange.objects.filter(ticket=ticket).values_list("from_status", "to_status")) == [("", "new")]


def test_submit_request_logs_received_with_customer(cast):
    ticket = submit(cast.unit_a)

    entry = ActivityLog.objects.get(action="tickets.ticket.submitted")
    assert (entry.actor, entry.customer, entry.unit, entry.object_repr, entry.data) == (
        None,
        ticket.customer,
        cast.unit_a,
        ticket.tracking_code,
        {"code": ticket.tracking_code, "subject": ticket.subject, "kind": "information", "channel": "web"},
    )


def test_submit_request_logs_staff_actor(cast):
    submit(cast.unit_a, channel="phone", actor=cast.agent_a, requester_email="", requester_phone="0812-1111-2222")

    assert ActivityLog.objects.get(action="tickets.ticket.submitted").actor == cast.agent_a


def test_submit_request_creates_customer_with_contacts(cast):
    ticket = submit(cast.unit_a, requester_phone="0812-1111-2222")

    customer = ticket.customer
    assert (
        customer.name,
        sorted(customer.contacts.values_list("kind", "value")),
        list(customer.units.all()),
    ) == ("Budi Santoso", [("email", "budi@contoh.id"), ("phone", "+6281211112222")], [cast.unit_a])


def test_submit_request_links_existing_customer_by_email(cast):
    existing = create_customer(
        cast.organisation,
        name="Budi S.",
        units=[cast.unit_b],
        contacts=[ContactInput(kind="email", value="BUDI@contoh.id")],
        actor=None,
    )

    ticket = submit(cast.unit_a, requester_email="budi@CONTOH.id")

    assert (ticket.customer, Customer.objects.count(), set(existing.units.all())) == (
        existing,
        1,
        {cast.unit_a, cast.unit_b},
    )


def test_submit_request_links_existing_customer_by_whatsapp_number(cast):
    existing = create_customer(
        cast.organisation,
        name="Budi S.",
        units=[cast.unit_a],
        contacts=[ContactInput(kind="whatsapp", value="0812-3456-7890")],
        actor=None,
    )

    ticket = submit(cast.unit_a, requester_email="", requester_phone="+62 812 3456 7890")

    assert ticket.customer == existing


def test_submit_request_ignores_customer_of_other_organisation_with_same_email(cast):
    other_unit = ServiceUnitFactory()
    stranger = create_customer(
        other_unit.organisation,
        name="Budi",
        units=[other_unit],
        contacts=[ContactInput(kind="email", value="budi@contoh.id")],
        actor=None,
    )

    ticket = submit(cast.unit_a)

    assert (ticket.customer != stranger, ticket.customer.organisation) == (True, cast.organisation)


def test_submit_request_without_contact_creates_no_customer(cast):
    ticket = submit(cast.unit_a, channel="walk_in", requester_email="", actor=cast.agent_a)

    assert (ticket.customer, Customer.objects.count()) == (None, 0)


def test_submit_request_with_given_customer_uses_it(cast):
    customer = create_customer(cast.organisation, name="CV Maju", units=[cast.unit_b], actor=None)

    ticket = submit(cast.unit_a, customer=customer, requester_name="", requester_email="info@maju.id")

    assert (ticket.customer, ticket.requester_name, customer.units.filter(pk=cast.unit_a.pk).exists()) == (
        customer,
        "CV Maju",
        True,
    )


def test_submit_request_refuses_customer_of_other_organisation(cast):
    other_unit = ServiceUnitFactory()
    stranger = create_customer(other_unit.organisation, name="Orang Lain", units=[other_unit], actor=None)

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, customer=stranger)

    assert error_codes(caught.value) == {"customer": ["other_organisation"]}


def test_submit_request_anonymous_stores_nothing_identifying(cast):
    ticket = submit(
        cast.unit_a,
        kind="complaint",
        confidentiality="anonymous",
        requester_name="Budi Santoso",
        requester_email="budi@contoh.id",
        requester_phone="0812-1111-2222",
    )

    ticket.refresh_from_db()
    assert (
        ticket.requester_name,
        ticket.requester_email,
        ticket.requester_phone,
        ticket.customer_id,
        Customer.objects.count(),
        Contact.objects.count(),
    ) == ("", "", "", None, 0, 0)


def test_submit_request_anonymous_log_holds_nothing_identifying(cast):
    ticket = submit(
        cast.unit_a,
        kind="complaint",
        confidentiality="anonymous",
        requester_name="Budi Santoso",
        requester_email="budi@contoh.id",
        requester_phone="0812-1111-2222",
    )

    entries = list(ActivityLog.objects.values("action", "actor", "customer", "object_repr", "data"))
    assert entries == [
        {
            "action": "tickets.ticket.submitted",
            "actor": None,
            "customer": None,
            "object_repr": ticket.tracking_code,
            "data": {"code": ticket.tracking_code, "subject": ticket.subject, "kind": "complaint", "channel": "web"},
        }
    ]


def test_submit_request_anonymous_needs_no_contact(cast):
    ticket = submit(cast.unit_a, confidentiality="anonymous", requester_name="", requester_email="")

    assert ticket.is_anonymous is True


def test_submit_request_confidential_keeps_identity(cast):
    ticket = submit(cast.unit_a, kind="complaint", confidentiality="confidential")

    assert (ticket.requester_name, ticket.requester_email, ticket.customer.name) == (
        "Budi Santoso",
        "budi@contoh.id",
        "Budi Santoso",
    )


def test_submit_request_confidential_is_not_on_customer_timeline(cast):
    ticket = submit(cast.unit_a, kind="complaint", confidentiality="confidential")

    assert list(
        ActivityLog.objects.filter(customer=ticket.customer).order_by("id").values_list("action", flat=True)
    ) == [
        "customers.customer.created",
        "customers.contact.added",
    ]


def test_submit_request_normal_is_on_customer_timeline(cast):
    ticket = submit(cast.unit_a)

    assert "tickets.ticket.submitted" in ActivityLog.objects.filter(customer=ticket.customer).values_list(
        "action", flat=True
    )


def test_submit_request_reports_every_missing_field_at_once(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, subject=" ", description="", requester_name="", requester_email="")

    assert error_codes(caught.value) == {
        "subject": ["required"],
        "description": ["required"],
        "requester_name": ["required"],
        "requester_email": ["contact_required"],
    }


@pytest.mark.parametrize("field", ["kind", "channel", "priority", "confidentiality"])
def test_submit_request_refuses_unknown_choice(cast, field):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, **{field: "bogus"})

    assert error_codes(caught.value) == {field: ["invalid_choice"]}


def test_submit_request_refuses_unknown_language(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, language="fr")

    assert error_codes(caught.value) == {"language": ["invalid_choice"]}


def test_submit_request_refuses_long_subject(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, subject="x" * 201)

    assert error_codes(caught.value) == {"subject": ["max_length"]}


def test_submit_request_refuses_inactive_unit(cast):
    cast.unit_a.is_active = False
    cast.unit_a.save()

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a)

    assert error_codes(caught.value) == {"unit": ["inactive"]}


def test_submit_request_refuses_bad_email(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, requester_email="budi@")

    assert error_codes(caught.value) == {"requester_email": ["invalid"]}


def test_submit_request_refuses_foreign_phone(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, requester_phone="+1 202 555 0101")

    assert error_codes(caught.value) == {"requester_phone": ["not_indonesian"]}


def test_submit_request_by_email_needs_the_address(cast):
    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, channel="email", requester_email="", requester_phone="0812-1111-2222")

    assert error_codes(caught.value) == {"requester_email": ["required"]}


def test_submit_request_web_accepts_phone_only(cast):
    ticket = submit(cast.unit_a, requester_email="", requester_phone="0812-1111-2222")

    assert (ticket.requester_email, ticket.requester_phone) == ("", "+6281211112222")


def test_submit_request_letter_from_staff_needs_no_contact(cast):
    ticket = submit(
        cast.unit_a,
        kind="letter",
        channel="letter",
        requester_email="",
        details={"letter_number": "045/DPM/2025", "letter_date": dt.date(2025, 1, 6)},
        actor=cast.agent_a,
    )

    assert ticket.channel == "letter"


def test_submit_request_refuses_category_of_other_unit(cast):
    category = create_category(cast.unit_b, name="Bangunan", actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, category=category)

    assert error_codes(caught.value) == {"category": ["invalid_choice"]}


def test_submit_request_files_under_category(cast):
    category = create_category(cast.unit_a, name="Izin usaha", actor=cast.supervisor)

    assert submit(cast.unit_a, category=category).category == category
