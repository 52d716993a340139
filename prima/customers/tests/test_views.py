"""The customer pages: list, detail, create, edit, contacts and consents, and who may open them."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from prima.activity.models import ActivityLog
from prima.customers.models import Consent, Customer
from prima.customers.services import record_consent
from prima.factories import CustomerFactory, SegmentFactory, ServiceUnitFactory

LIST_URL = reverse("customers:list")
CREATE_URL = reverse("customers:create")


def english_client_for(user) -> Client:
    """A client for a staff member who chose English, so messages can be compared as written in the code."""
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def new_customer_data(cast, **changes) -> dict:
    data = {
        "kind": "person",
        "name": "Siti Aminah",
        "address": "Jl. Asia Afrika 8",
        "city": "Bandung",
        "notes": "",
        "units": [cast.unit_a.pk],
        "contact_kind": "whatsapp",
        "contact_value": "0813-2222-3333",
    }
    return {**data, **changes}


def edit_data(customer: Customer, **changes) -> dict:
    data = {
        "kind": customer.kind,
        "name": customer.name,
        "address": customer.address,
        "city": customer.city,
        "notes": customer.notes,
        "units": [u.pk for u in customer.units.all()],
    }
    return {**data, **changes}


# --- list -----------------------------------------------------------------------------------------


def test_customer_list_view_shows_visible_customers(customer_a, customer_b, cast):
    response = client_for(cast.agent_a).get(LIST_URL)

    assert [c.name for c in response.context["page"]] == ["Budi Santoso"]


def test_customer_list_view_leader_sees_both(customer_a, customer_b, cast):
    response = client_for(cast.leader).get(LIST_URL)

    assert [c.name for c in response.context["page"]] == ["Budi Santoso", "CV Maju Jaya"]


def test_customer_list_view_trainer_is_forbidden(customer_a, cast):
    response = client_for(cast.trainer).get(LIST_URL)

    assert response.status_code == 403


def test_customer_list_view_anonymous_redirects_to_login(db):
    response = Client().get(LIST_URL)

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={LIST_URL}")


def test_customer_list_view_searches_by_phone(customer_a, customer_b, cast):
    response = client_for(cast.leader).get(LIST_URL, {"q": "0812 3456 7890"})

    assert [c.name for c in response.context["page"]] == ["Budi Santoso"]


def test_customer_list_view_filters_by_segment(customer_a, customer_b, cast):
    segment = SegmentFactory(organisation=cast.organisation, name="UMKM")
    customer_b.segments.add(segment)

    response = client_for(cast.leader).get(LIST_URL, {"segment": segment.pk})

    assert [c.name for c in response.context["page"]] == ["CV Maju Jaya"]


def test_customer_list_view_htmx_renders_results_only(customer_a, cast):
    response = client_for(cast.agent_a).get(LIST_URL, headers={"hx-request": "true"})

    assert (response.status_code, "<html" in response.content.decode()) == (200, False)


def test_customer_list_view_shows_new_customer_link_to_agent(cast):
    response = client_for(cast.agent_a).get(LIST_URL)

    assert f'href="{CREATE_URL}"' in response.content.decode()


# --- detail ---------------------------------------------------------------------------------------


def test_customer_detail_view_shows_customer(customer_a, cast):
    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]))

    assert (response.status_code, response.context["customer"]) == (200, customer_a)


def test_customer_detail_view_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_b.pk]))

    assert response.status_code == 404


def test_customer_detail_view_leader_sees_unit_b_customer(customer_b, cast):
    response = client_for(cast.leader).get(reverse("customers:detail", args=[customer_b.pk]))

    assert response.status_code == 200


def test_customer_detail_view_missing_customer_is_404(cast):
    response = client_for(cast.leader).get(reverse("customers:detail", args=[999_999]))

    assert response.status_code == 404


def test_customer_detail_view_member_without_customer_role_is_403(customer_a, cast):
    from prima.accounts.models import Role
    from prima.factories import MembershipFactory, UserFactory

    shopper = UserFactory()
    MembershipFactory(user=shopper, unit=cast.unit_a, role=Role.MYSTERY_SHOPPER)

    response = client_for(shopper).get(reverse("customers:detail", args=[customer_a.pk]))

    assert response.status_code == 403


def test_customer_detail_view_shows_edit_link_to_agent(customer_a, cast):
    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]))

    assert f'href="{reverse("customers:edit", args=[customer_a.pk])}"' in response.content.decode()


def test_customer_detail_view_timeline_newest_first(customer_a, cast):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]))

    assert [entry.action for entry in response.context["timeline"]] == [
        "customers.consent.given",
        "customers.contact.added",
        "customers.customer.created",
    ]


def test_customer_detail_view_describes_timeline_in_english(customer_a, cast):
    response = english_client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]))

    assert '<span class="what">Customer Budi Santoso registered</span>' in response.content.decode()


def test_customer_detail_view_page_abc_is_first_page(customer_a, cast):
    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]), {"page": "abc"})

    assert (response.status_code, response.context["timeline"].number) == (200, 1)


# --- create ---------------------------------------------------------------------------------------


def test_customer_create_view_get_renders_form(cast):
    response = client_for(cast.agent_a).get(CREATE_URL)

    assert response.status_code == 200


def test_customer_create_view_offers_visible_units_only(cast):
    response = client_for(cast.agent_a).get(CREATE_URL)

    assert list(response.context["form"].fields["units"].queryset) == [cast.unit_a]


def test_customer_create_view_valid_redirects_to_detail(cast):
    response = client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast))

    customer = Customer.objects.get(name="Siti Aminah")
    assert (response.status_code, response.url) == (302, reverse("customers:detail", args=[customer.pk]))


def test_customer_create_view_stores_normalised_contact(cast):
    client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast))

    customer = Customer.objects.get(name="Siti Aminah")
    assert list(customer.contacts.values_list("kind", "value", "is_primary")) == [("whatsapp", "+6281322223333", True)]


def test_customer_create_view_logs_through_service(cast):
    client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast))

    assert list(ActivityLog.objects.order_by("id").values_list("action", flat=True)) == [
        "customers.customer.created",
        "customers.contact.added",
    ]


def test_customer_create_view_without_contact_creates_customer(cast):
    client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, contact_value=""))

    assert Customer.objects.get(name="Siti Aminah").contacts.count() == 0


def test_customer_create_view_with_segment(cast):
    segment = SegmentFactory(organisation=cast.organisation, name="UMKM")

    client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, segments=[segment.pk]))

    assert [s.name for s in Customer.objects.get(name="Siti Aminah").segments.all()] == ["UMKM"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"contact_value": "021-5551234"}, "contact_value"),
        ({"contact_value": "bukan nomor"}, "contact_value"),
        ({"contact_value": "+1 202 555 0143"}, "contact_value"),
        ({"contact_kind": "email", "contact_value": "siti@"}, "contact_value"),
        ({"units": []}, "units"),
        ({"units": ["abc"]}, "units"),
        ({"units": ["9" * 30]}, "units"),
        ({"segments": ["-1"]}, "segments"),
        ({"kind": "alien"}, "kind"),
    ],
)
def test_customer_create_view_bad_input_shows_field_error(cast, changes, field):
    response = client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, **changes))

    assert (response.status_code, list(response.context["form"].errors)) == (200, [field])


def test_customer_create_view_bad_input_creates_nothing(cast):
    client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, contact_value="021-5551234"))

    assert Customer.objects.count() == 0


def test_customer_create_view_landline_error_message(cast):
    response = english_client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, contact_value="021-5551234"))

    assert "WhatsApp needs a mobile number (08…); “021-5551234” is a landline." in response.content.decode()


def test_customer_create_view_unit_not_visible_is_refused(cast):
    response = client_for(cast.agent_a).post(CREATE_URL, new_customer_data(cast, units=[cast.unit_b.pk]))

    assert (response.status_code, list(response.context["form"].errors), Customer.objects.count()) == (
        200,
        ["units"],
        0,
    )


def test_customer_create_view_trainer_is_forbidden(cast):
    response = client_for(cast.trainer).post(CREATE_URL, new_customer_data(cast, units=[cast.head_office.pk]))

    assert (response.status_code, Customer.objects.count()) == (403, 0)


def test_customer_create_view_anonymous_redirects_to_login(db):
    response = Client().post(CREATE_URL, {"name": "Siti"})

    assert (response.status_code, Customer.objects.count()) == (302, 0)


# --- edit -----------------------------------------------------------------------------------------


def test_customer_edit_view_saves_changes(customer_a, cast):
    url = reverse("customers:edit", args=[customer_a.pk])

    response = client_for(cast.agent_a).post(url, edit_data(customer_a, city="Cimahi"))

    customer_a.refresh_from_db()
    assert (response.status_code, customer_a.city) == (302, "Cimahi")


def test_customer_edit_view_get_prefills_form(customer_a, cast):
    response = client_for(cast.agent_a).get(reverse("customers:edit", args=[customer_a.pk]))

    assert response.context["form"]["name"].value() == "Budi Santoso"


def test_customer_edit_view_keeps_units_the_editor_cannot_see(cast):
    customer = CustomerFactory(organisation=cast.organisation, name="Bersama", units=[cast.unit_a, cast.unit_b])

    client_for(cast.agent_a).post(
        reverse("customers:edit", args=[customer.pk]), edit_data(customer, units=[cast.unit_a.pk], city="Garut")
    )

    assert (set(customer.units.all()), Customer.objects.get(pk=customer.pk).city) == (
        {cast.unit_a, cast.unit_b},
        "Garut",
    )


def test_customer_edit_view_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:edit", args=[customer_b.pk]), edit_data(customer_b, name="Diubah")
    )

    customer_b.refresh_from_db()
    assert (response.status_code, customer_b.name) == (404, "CV Maju Jaya")


def test_customer_edit_view_get_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).get(reverse("customers:edit", args=[customer_b.pk]))

    assert response.status_code == 404


def test_customer_edit_view_empty_name_shows_error(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:edit", args=[customer_a.pk]), edit_data(customer_a, name="")
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["name"])


def test_customer_edit_view_blank_name_shows_error(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:edit", args=[customer_a.pk]), edit_data(customer_a, name="   ")
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["name"])


def test_customer_edit_view_leader_moves_customer_to_unit_b(customer_a, cast):
    client_for(cast.leader).post(
        reverse("customers:edit", args=[customer_a.pk]), edit_data(customer_a, units=[cast.unit_b.pk])
    )

    assert list(customer_a.units.all()) == [cast.unit_b]


# --- contacts -------------------------------------------------------------------------------------


def test_contact_add_view_adds_contact(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:contact_add", args=[customer_a.pk]), {"kind": "email", "value": "Budi@Contoh.ID"}
    )

    assert (response.status_code, list(customer_a.contacts.values_list("value", flat=True))) == (
        302,
        ["+6281234567890", "budi@contoh.id"],
    )


def test_contact_add_view_bad_number_is_400(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:contact_add", args=[customer_a.pk]), {"kind": "whatsapp", "value": "12"}
    )

    assert response.status_code == 400


def test_contact_add_view_bad_number_shows_message(customer_a, cast):
    response = english_client_for(cast.agent_a).post(
        reverse("customers:contact_add", args=[customer_a.pk]), {"kind": "whatsapp", "value": "021-5551234"}
    )

    assert "WhatsApp needs a mobile number (08…); “021-5551234” is a landline." in response.content.decode()


def test_contact_add_view_duplicate_is_400_with_value_error(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:contact_add", args=[customer_a.pk]), {"kind": "whatsapp", "value": "6281234567890"}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["value"])


def test_contact_add_view_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:contact_add", args=[customer_b.pk]), {"kind": "email", "value": "x@contoh.id"}
    )

    assert (response.status_code, customer_b.contacts.count()) == (404, 1)


def test_contact_add_view_refuses_get(customer_a, cast):
    response = client_for(cast.agent_a).get(reverse("customers:contact_add", args=[customer_a.pk]))

    assert response.status_code == 405


def test_contact_remove_view_removes_contact(customer_a, cast):
    contact = customer_a.contacts.get()

    response = client_for(cast.agent_a).post(reverse("customers:contact_remove", args=[customer_a.pk, contact.pk]))

    assert (response.status_code, customer_a.contacts.count()) == (302, 0)


def test_contact_remove_view_other_unit_is_404(customer_b, cast):
    contact = customer_b.contacts.get()

    response = client_for(cast.agent_a).post(reverse("customers:contact_remove", args=[customer_b.pk, contact.pk]))

    assert (response.status_code, customer_b.contacts.count()) == (404, 1)


def test_contact_remove_view_contact_of_other_customer_is_404(customer_a, customer_b, cast):
    contact = customer_b.contacts.get()

    response = client_for(cast.agent_a).post(reverse("customers:contact_remove", args=[customer_a.pk, contact.pk]))

    assert (response.status_code, customer_b.contacts.count()) == (404, 1)


# --- consents -------------------------------------------------------------------------------------


def test_consent_add_view_records_consent(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:consent_add", args=[customer_a.pk]), {"purpose": "surveys", "channel": "counter"}
    )

    assert (response.status_code, list(customer_a.consents.values_list("purpose", "recorded_by"))) == (
        302,
        [("surveys", cast.agent_a.pk)],
    )


def test_consent_add_view_twice_is_400_with_purpose_error(customer_a, cast):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    response = client_for(cast.agent_a).post(
        reverse("customers:consent_add", args=[customer_a.pk]), {"purpose": "surveys", "channel": "phone"}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["purpose"])


def test_consent_add_view_bad_purpose_is_400(customer_a, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:consent_add", args=[customer_a.pk]), {"purpose": "jualan", "channel": "counter"}
    )

    assert (response.status_code, customer_a.consents.count()) == (400, 0)


def test_consent_add_view_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).post(
        reverse("customers:consent_add", args=[customer_b.pk]), {"purpose": "surveys", "channel": "counter"}
    )

    assert (response.status_code, customer_b.consents.count()) == (404, 0)


def test_consent_withdraw_view_withdraws_and_keeps_record(customer_a, cast):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    response = client_for(cast.supervisor).post(
        reverse("customers:consent_withdraw", args=[customer_a.pk, consent.pk]), {"reason": "Minta berhenti"}
    )

    consent.refresh_from_db()
    assert (response.status_code, consent.is_active, consent.withdrawal_reason) == (302, False, "Minta berhenti")


def test_consent_withdraw_view_twice_shows_error_message(customer_a, cast):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)
    client = english_client_for(cast.agent_a)
    url = reverse("customers:consent_withdraw", args=[customer_a.pk, consent.pk])
    client.post(url, follow=True)

    response = client.post(url, follow=True)

    assert '<li class="message error">This consent was already withdrawn.</li>' in response.content.decode()


def test_consent_withdraw_view_other_unit_is_404(customer_b, cast):
    consent = record_consent(customer_b, purpose="surveys", channel="counter", actor=cast.agent_b)

    response = client_for(cast.agent_a).post(reverse("customers:consent_withdraw", args=[customer_b.pk, consent.pk]))

    assert (response.status_code, Consent.objects.get(pk=consent.pk).is_active) == (404, True)


def test_consent_withdraw_view_consent_of_other_customer_is_404(customer_a, customer_b, cast):
    consent = record_consent(customer_b, purpose="surveys", channel="counter", actor=cast.agent_b)

    response = client_for(cast.agent_a).post(reverse("customers:consent_withdraw", args=[customer_a.pk, consent.pk]))

    assert (response.status_code, Consent.objects.get(pk=consent.pk).is_active) == (404, True)


def test_customer_create_view_superuser_cannot_mix_organisations(cast):
    from prima.factories import UserFactory

    root = UserFactory(is_superuser=True)
    other_unit = ServiceUnitFactory()

    response = client_for(root).post(CREATE_URL, new_customer_data(cast, units=[cast.unit_a.pk, other_unit.pk]))

    assert (response.status_code, list(response.context["form"].errors), Customer.objects.count()) == (
        200,
        ["units"],
        0,
    )


def test_consent_withdraw_view_invalid_reason_keeps_consent_and_says_so(customer_a, cast):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    response = client_for(cast.agent_a).post(
        reverse("customers:consent_withdraw", args=[customer_a.pk, consent.pk]), {"reason": "\x00"}, follow=True
    )

    assert (Consent.objects.get(pk=consent.pk).is_active, [m.level_tag for m in response.context["messages"]]) == (
        True,
        ["error"],
    )


def test_customer_detail_view_trainer_of_serving_unit_is_403(cast):
    customer = CustomerFactory(organisation=cast.organisation, name="Di Pusat", units=[cast.head_office])

    response = client_for(cast.trainer).get(reverse("customers:detail", args=[customer.pk]))

    assert response.status_code == 403


def test_customer_detail_view_shows_edit_link_to_leader(customer_a, cast):
    response = client_for(cast.leader).get(reverse("customers:detail", args=[customer_a.pk]))

    assert f'href="{reverse("customers:edit", args=[customer_a.pk])}"' in response.content.decode()
