"""Creating and changing customers, their contacts and consents, and what each change logs."""

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.customers.models import Consent, Contact, Customer
from prima.customers.services import (
    ContactInput,
    add_contact,
    create_customer,
    record_consent,
    remove_contact,
    update_customer,
    withdraw_consent,
)
from prima.factories import OrganisationFactory, SegmentFactory, ServiceUnitFactory


def actions(customer: Customer) -> list[str]:
    return list(ActivityLog.objects.filter(customer=customer).order_by("id").values_list("action", flat=True))


def update(customer: Customer, actor, **changes) -> Customer:
    values = {
        "name": customer.name,
        "kind": customer.kind,
        "address": customer.address,
        "city": customer.city,
        "notes": customer.notes,
        "units": list(customer.units.all()),
        "segments": list(customer.segments.all()),
    }
    return update_customer(customer, **{**values, **changes}, actor=actor)


def test_create_customer_stores_normalised_contact(customer_a):
    assert list(customer_a.contacts.values_list("kind", "value", "is_primary")) == [
        ("whatsapp", "+6281234567890", True)
    ]


def test_create_customer_stores_units(cast, customer_a):
    assert list(customer_a.units.all()) == [cast.unit_a]


def test_create_customer_logs_created_and_contact_added(customer_a):
    assert actions(customer_a) == ["customers.customer.created", "customers.contact.added"]


def test_create_customer_log_records_actor_unit_and_data(cast, customer_a):
    entry = ActivityLog.objects.get(action="customers.customer.created")

    assert (entry.actor, entry.unit, entry.customer, entry.data) == (
        cast.agent_a,
        cast.unit_a,
        customer_a,
        {"name": "Budi Santoso"},
    )


def test_create_customer_contact_log_records_normalised_value(customer_a):
    entry = ActivityLog.objects.get(action="customers.contact.added")

    assert entry.data == {"kind": "whatsapp", "value": "+6281234567890"}


def test_create_customer_strips_name(cast):
    customer = create_customer(cast.organisation, name="  Budi  ", units=[cast.unit_a], actor=cast.agent_a)

    assert customer.name == "Budi"


def test_create_customer_refuses_blank_name(cast):
    with pytest.raises(ValidationError) as caught:
        create_customer(cast.organisation, name="   ", units=[cast.unit_a], actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["name"]


def test_create_customer_refuses_no_units(cast):
    with pytest.raises(ValidationError) as caught:
        create_customer(cast.organisation, name="Budi", units=[], actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["units"]


def test_create_customer_refuses_unit_of_other_organisation(cast):
    with pytest.raises(ValidationError) as caught:
        create_customer(cast.organisation, name="Budi", units=[ServiceUnitFactory()], actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["units"]


def test_create_customer_refuses_segment_of_other_organisation(cast):
    segment = SegmentFactory(organisation=OrganisationFactory())

    with pytest.raises(ValidationError) as caught:
        create_customer(cast.organisation, name="Budi", units=[cast.unit_a], segments=[segment], actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["segments"]


def test_create_customer_bad_contact_creates_nothing(cast):
    with pytest.raises(ValidationError):
        create_customer(
            cast.organisation,
            name="Budi",
            units=[cast.unit_a],
            contacts=[ContactInput(kind="whatsapp", value="021-5551234")],
            actor=cast.agent_a,
        )

    assert (Customer.objects.count(), ActivityLog.objects.count()) == (0, 0)


def test_create_customer_duplicate_contacts_refused(cast):
    with pytest.raises(ValidationError) as caught:
        create_customer(
            cast.organisation,
            name="Budi",
            units=[cast.unit_a],
            contacts=[
                ContactInput(kind="whatsapp", value="0812-3456-7890"),
                ContactInput("whatsapp", "+6281234567890"),
            ],
            actor=cast.agent_a,
        )

    assert list(caught.value.message_dict) == ["value"]


def test_create_customer_duplicate_contacts_creates_nothing(cast):
    with pytest.raises(ValidationError):
        create_customer(
            cast.organisation,
            name="Budi",
            units=[cast.unit_a],
            contacts=[
                ContactInput(kind="whatsapp", value="0812-3456-7890"),
                ContactInput("whatsapp", "+6281234567890"),
            ],
            actor=cast.agent_a,
        )

    assert (Customer.objects.count(), ActivityLog.objects.count()) == (0, 0)


def test_add_contact_normalises_value(cast, customer_a):
    contact = add_contact(customer_a, ContactInput(kind="email", value=" Budi@Contoh.ID "), actor=cast.agent_a)

    assert contact.value == "budi@contoh.id"


def test_add_contact_logs_action(cast, customer_a):
    add_contact(customer_a, ContactInput(kind="email", value="budi@contoh.id"), actor=cast.agent_a)

    assert actions(customer_a) == [
        "customers.customer.created",
        "customers.contact.added",
        "customers.contact.added",
    ]


def test_add_contact_duplicate_raises_validation_error(cast, customer_a):
    with pytest.raises(ValidationError) as caught:
        add_contact(customer_a, ContactInput(kind="whatsapp", value="0812 3456 7890"), actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["value"]


def test_add_contact_duplicate_logs_nothing(cast, customer_a):
    with pytest.raises(ValidationError):
        add_contact(customer_a, ContactInput(kind="whatsapp", value="0812 3456 7890"), actor=cast.agent_a)

    assert actions(customer_a) == ["customers.customer.created", "customers.contact.added"]


def test_add_contact_same_number_as_phone_is_a_different_contact(cast, customer_a):
    add_contact(customer_a, ContactInput(kind="phone", value="0812 3456 7890"), actor=cast.agent_a)

    assert customer_a.contacts.count() == 2


def test_add_contact_primary_replaces_previous_primary_of_same_kind(cast, customer_a):
    add_contact(customer_a, ContactInput(kind="whatsapp", value="0813-1111-2222", is_primary=True), actor=cast.agent_a)

    assert list(customer_a.contacts.filter(is_primary=True).values_list("value", flat=True)) == ["+6281311112222"]


def test_add_contact_invalid_value_raises(cast, customer_a):
    with pytest.raises(ValidationError):
        add_contact(customer_a, ContactInput(kind="whatsapp", value="021-5551234"), actor=cast.agent_a)


def test_remove_contact_deletes_and_logs(cast, customer_a):
    remove_contact(customer_a.contacts.get(), actor=cast.agent_a)

    assert (customer_a.contacts.count(), actions(customer_a)[-1]) == (0, "customers.contact.removed")


def test_record_consent_creates_active_consent(cast, customer_a):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    assert (consent.is_active, consent.recorded_by) == (True, cast.agent_a)


def test_record_consent_logs_action(cast, customer_a):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    entry = ActivityLog.objects.get(action="customers.consent.given")
    assert (entry.unit, entry.data) == (cast.unit_a, {"purpose": "surveys", "channel": "counter"})


def test_record_consent_twice_raises_validation_error(cast, customer_a):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    with pytest.raises(ValidationError) as caught:
        record_consent(customer_a, purpose="surveys", channel="phone", actor=cast.agent_a)

    assert list(caught.value.message_dict) == ["purpose"]


def test_record_consent_for_other_purpose_is_allowed(cast, customer_a):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)
    record_consent(customer_a, purpose="marketing", channel="counter", actor=cast.agent_a)

    assert customer_a.consents.count() == 2


def test_record_consent_again_after_withdrawal_is_allowed(cast, customer_a):
    withdraw_consent(record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a), actor=None)

    record_consent(customer_a, purpose="surveys", channel="phone", actor=cast.agent_a)

    assert [consent.is_active for consent in customer_a.consents.order_by("id")] == [False, True]


def test_withdraw_consent_keeps_record(cast, customer_a):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    withdraw_consent(consent, reason="Tidak mau disurvei", actor=cast.supervisor)

    stored = Consent.objects.get(pk=consent.pk)
    assert (stored.is_active, stored.withdrawn_by, stored.withdrawal_reason, stored.recorded_by) == (
        False,
        cast.supervisor,
        "Tidak mau disurvei",
        cast.agent_a,
    )


def test_withdraw_consent_logs_action(cast, customer_a):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    withdraw_consent(consent, actor=cast.supervisor)

    assert actions(customer_a)[-1] == "customers.consent.withdrawn"


def test_withdraw_consent_twice_raises_validation_error(cast, customer_a):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)
    withdraw_consent(consent, actor=cast.supervisor)

    with pytest.raises(ValidationError):
        withdraw_consent(consent, actor=cast.supervisor)


def test_update_customer_logs_changed_fields_only(cast, customer_a):
    update(customer_a, cast.agent_a, name="Budi Santoso S.E.", city="Cimahi")

    entry = ActivityLog.objects.get(action="customers.customer.updated")
    assert entry.data == {"fields": "name, city"}


def test_update_customer_logs_unit_change(cast, customer_a):
    update(customer_a, cast.leader, units=[cast.unit_a, cast.unit_b])

    entry = ActivityLog.objects.get(action="customers.customer.updated")
    assert entry.data == {"fields": "units"}


def test_update_customer_logs_segment_change(cast, customer_a):
    update(customer_a, cast.agent_a, segments=[SegmentFactory(organisation=cast.organisation)])

    entry = ActivityLog.objects.get(action="customers.customer.updated")
    assert entry.data == {"fields": "segments"}


def test_update_customer_without_change_logs_nothing(cast, customer_a):
    update(customer_a, cast.agent_a)

    assert ActivityLog.objects.filter(action="customers.customer.updated").count() == 0


def test_update_customer_saves_values(cast, customer_a):
    update(customer_a, cast.agent_a, name="Budi Santoso S.E.", notes="Pelanggan lama")

    customer_a.refresh_from_db()
    assert (customer_a.name, customer_a.notes) == ("Budi Santoso S.E.", "Pelanggan lama")


def test_update_customer_refuses_blank_name(cast, customer_a):
    with pytest.raises(ValidationError) as caught:
        update(customer_a, cast.agent_a, name=" ")

    assert list(caught.value.message_dict) == ["name"]


def test_update_customer_strips_name_before_comparing(cast, customer_a):
    update(customer_a, cast.agent_a, name=" Budi Santoso ")

    assert ActivityLog.objects.filter(action="customers.customer.updated").count() == 0


def test_update_customer_refuses_no_units(cast, customer_a):
    with pytest.raises(ValidationError) as caught:
        update(customer_a, cast.agent_a, units=[])

    assert list(caught.value.message_dict) == ["units"]


def test_contact_str_is_value(customer_a):
    assert str(Contact.objects.get()) == "+6281234567890"


def test_update_customer_log_describes_fields_by_label(cast, customer_a):
    from django.utils import translation

    from prima.activity.registry import describe

    update(customer_a, cast.leader, city="Cimahi", units=[cast.unit_a, cast.unit_b])

    entry = ActivityLog.objects.get(action="customers.customer.updated")
    with translation.override("en"):
        assert describe(entry.action, entry.data) == "Customer details changed (city / regency, served by units)"


def test_record_consent_on_shared_customer_logs_under_actor_unit(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_a, cast.unit_b])

    record_consent(customer, purpose="surveys", channel="counter", actor=cast.agent_b)

    assert ActivityLog.objects.get(action="customers.consent.given").unit == cast.unit_b


def test_add_contact_on_shared_customer_logs_under_actor_unit(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_a, cast.unit_b])

    add_contact(customer, ContactInput(kind="email", value="x@contoh.id"), actor=cast.agent_b)

    assert ActivityLog.objects.get(action="customers.contact.added").unit == cast.unit_b


def test_create_customer_for_two_units_logs_under_actor_unit(cast):
    customer = create_customer(cast.organisation, name="Bersama", units=[cast.unit_a, cast.unit_b], actor=cast.agent_b)

    assert ActivityLog.objects.get(customer=customer).unit == cast.unit_b


def test_record_consent_without_actor_logs_under_first_unit(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_b, cast.unit_a])

    record_consent(customer, purpose="surveys", channel="web", actor=None)

    assert ActivityLog.objects.get(action="customers.consent.given").unit == cast.unit_a
