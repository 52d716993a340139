"""The customer API: scoped like the pages, writing through the same services, errors as JSON."""

import json

from django.test import Client

from conftest import PASSWORD, client_for
from prima.activity.models import ActivityLog
from prima.customers.models import Customer
from prima.factories import CustomerFactory

URL = "/api/v1/customers/"


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def post(client: Client, data: dict, **kwargs):
    return client.post(URL, json.dumps(data), content_type="application/json", **kwargs)


def payload(cast, **changes) -> dict:
    data = {
        "name": "Siti Aminah",
        "kind": "person",
        "city": "Bandung",
        "units": [cast.unit_a.pk],
        "contacts": [{"kind": "whatsapp", "value": "0813-2222-3333", "is_primary": True}],
    }
    return {**data, **changes}


def test_customer_api_list_is_scoped_to_agent_unit(customer_a, customer_b, cast):
    response = client_for(cast.agent_a).get(URL)

    assert [c["name"] for c in response.json()["results"]] == ["Budi Santoso"]


def test_customer_api_list_leader_sees_both(customer_a, customer_b, cast):
    response = client_for(cast.leader).get(URL)

    assert [c["name"] for c in response.json()["results"]] == ["Budi Santoso", "CV Maju Jaya"]


def test_customer_api_list_shows_contacts_and_units(customer_a, cast):
    response = client_for(cast.agent_a).get(URL)

    row = response.json()["results"][0]
    assert (row["units"], row["contacts"]) == (
        [cast.unit_a.pk],
        [
            {
                "id": customer_a.contacts.get().pk,
                "kind": "whatsapp",
                "value": "+6281234567890",
                "label": "",
                "is_primary": True,
            }
        ],
    )


def test_customer_api_list_searches_by_phone(customer_a, customer_b, cast):
    response = client_for(cast.leader).get(URL, {"q": "0812-3456-7890"})

    assert [c["name"] for c in response.json()["results"]] == ["Budi Santoso"]


def test_customer_api_list_pages_through_all_customers(cast):
    for number in range(60):
        CustomerFactory(organisation=cast.organisation, name=f"Pelanggan {number:02d}", units=[cast.unit_a])
    client = client_for(cast.agent_a)

    first = client.get(URL).json()
    second = client.get(first["next"]).json()

    assert [c["name"] for c in first["results"] + second["results"]] == [f"Pelanggan {n:02d}" for n in range(60)]


def test_customer_api_list_trainer_is_forbidden(customer_a, cast):
    response = client_for(cast.trainer).get(URL)

    assert response.status_code == 403


def test_customer_api_list_unauthenticated_is_403(customer_a):
    response = Client().get(URL)

    assert response.status_code == 403


def test_customer_api_list_basic_auth(customer_a, cast):
    import base64

    token = base64.b64encode(f"petugas.a@prima.test:{PASSWORD}".encode()).decode()

    response = Client().get(URL, headers={"authorization": f"Basic {token}"})

    assert [c["name"] for c in response.json()["results"]] == ["Budi Santoso"]


def test_customer_api_retrieve_visible_customer(customer_a, cast):
    response = client_for(cast.agent_a).get(f"{URL}{customer_a.pk}/")

    assert (response.status_code, response.json()["name"]) == (200, "Budi Santoso")


def test_customer_api_retrieve_other_unit_is_404(customer_b, cast):
    response = client_for(cast.agent_a).get(f"{URL}{customer_b.pk}/")

    assert response.status_code == 404


def test_customer_api_create_returns_201(cast):
    response = post(client_for(cast.agent_a), payload(cast))

    assert (response.status_code, response.json()["contacts"][0]["value"]) == (201, "+6281322223333")


def test_customer_api_create_stores_customer(cast):
    post(client_for(cast.agent_a), payload(cast))

    customer = Customer.objects.get()
    assert (customer.name, customer.organisation, list(customer.units.all())) == (
        "Siti Aminah",
        cast.organisation,
        [cast.unit_a],
    )


def test_customer_api_create_logs_through_service(cast):
    post(client_for(cast.agent_a), payload(cast))

    assert list(ActivityLog.objects.order_by("id").values_list("action", "actor")) == [
        ("customers.customer.created", cast.agent_a.pk),
        ("customers.contact.added", cast.agent_a.pk),
    ]


def test_customer_api_create_bad_phone_is_400_with_contact_error(cast):
    response = post(
        english_client_for(cast.agent_a), payload(cast, contacts=[{"kind": "whatsapp", "value": "021-5551234"}])
    )

    assert (response.status_code, response.json()["errors"]["contacts"]) == (
        400,
        {"0": {"value": ["WhatsApp needs a mobile number (08…); “021-5551234” is a landline."]}},
    )


def test_customer_api_create_bad_phone_creates_nothing(cast):
    post(client_for(cast.agent_a), payload(cast, contacts=[{"kind": "whatsapp", "value": "bukan"}]))

    assert (Customer.objects.count(), ActivityLog.objects.count()) == (0, 0)


def test_customer_api_create_duplicate_contacts_is_400(cast):
    contacts = [{"kind": "whatsapp", "value": "0813-2222-3333"}, {"kind": "whatsapp", "value": "+6281322223333"}]

    response = post(client_for(cast.agent_a), payload(cast, contacts=contacts))

    assert (response.status_code, list(response.json()["errors"]), Customer.objects.count()) == (400, ["value"], 0)


def test_customer_api_create_unit_not_visible_is_400(cast):
    response = post(client_for(cast.agent_a), payload(cast, units=[cast.unit_b.pk]))

    assert (response.status_code, list(response.json()["errors"]), Customer.objects.count()) == (400, ["units"], 0)


def test_customer_api_create_without_units_is_400(cast):
    response = post(client_for(cast.agent_a), payload(cast, units=[]))

    assert (response.status_code, list(response.json()["errors"])) == (400, ["units"])


def test_customer_api_create_units_wrong_type_is_400(cast):
    response = post(client_for(cast.agent_a), payload(cast, units="abc"))

    assert (response.status_code, list(response.json()["errors"])) == (400, ["units"])


def test_customer_api_create_blank_name_is_400(cast):
    response = post(client_for(cast.agent_a), payload(cast, name="  "))

    assert (response.status_code, list(response.json()["errors"])) == (400, ["name"])


def test_customer_api_create_error_body_has_detail(cast):
    response = post(english_client_for(cast.agent_a), payload(cast, name=""))

    assert response.json()["detail"] == "The data sent is not valid; see the errors for each field."


def test_customer_api_create_not_json_object_is_400(cast):
    response = client_for(cast.agent_a).post(URL, "[1, 2]", content_type="application/json")

    assert response.status_code == 400


def test_customer_api_create_malformed_json_is_400(cast):
    response = client_for(cast.agent_a).post(URL, "{nama:", content_type="application/json")

    assert response.status_code == 400


def test_customer_api_create_unauthenticated_is_403(cast):
    response = post(Client(), payload(cast))

    assert (response.status_code, Customer.objects.count()) == (403, 0)


def test_customer_api_create_trainer_is_403(cast):
    response = post(client_for(cast.trainer), payload(cast, units=[cast.head_office.pk]))

    assert (response.status_code, Customer.objects.count()) == (403, 0)


def test_customer_api_update_is_not_allowed(customer_a, cast):
    response = client_for(cast.agent_a).put(
        f"{URL}{customer_a.pk}/", json.dumps({"name": "X"}), content_type="application/json"
    )

    assert response.status_code == 405


def test_api_schema_renders(db):
    response = Client().get("/api/schema/")

    assert response.status_code == 200


def test_api_schema_describes_customer_endpoint(db):
    response = Client().get("/api/schema/", {"format": "json"})

    assert "/api/v1/customers/" in response.json()["paths"]
