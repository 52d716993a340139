"""No input makes a customer page or the customer API answer 500."""

import json

import pytest
from django.urls import reverse

from conftest import client_for
from prima.customers.services import record_consent

LONG = "x" * 10_000
HUGE_NUMBER = "9" * 30
UNICODE = "Budi 🙂 بودي\u200b\u202e \uff22\uff55\uff44\uff49"  # ends in full-width "Budi"

FORM_JUNK = [
    pytest.param({}, id="missing-fields"),
    pytest.param({"name": LONG, "address": LONG, "city": LONG, "notes": LONG}, id="long-strings"),
    pytest.param({"name": UNICODE, "city": UNICODE, "contact_value": UNICODE, "value": UNICODE}, id="unicode"),
    pytest.param({"name": "Budi\x00", "contact_value": "0812\x00", "value": "\x00", "reason": "\x00"}, id="nul"),
    pytest.param({"units": "abc", "segments": "abc"}, id="units-abc"),
    pytest.param({"units": "-1", "segments": "-1"}, id="units-negative"),
    pytest.param({"units": HUGE_NUMBER, "segments": HUGE_NUMBER}, id="units-huge"),
    pytest.param({"units": ["1", "abc", ""], "kind": ["person", "x"]}, id="lists"),
    pytest.param({"kind": LONG, "contact_kind": LONG, "purpose": LONG, "channel": LONG}, id="long-choices"),
    pytest.param({"contact_kind": "whatsapp", "contact_value": "9" * 300, "value": "9" * 300}, id="long-number"),
    pytest.param({"kind": "email", "value": "a@" + "b" * 300 + ".id"}, id="long-email"),
    pytest.param({"is_primary": "abc", "page": "-1"}, id="wrong-types"),
    pytest.param({"page": "abc", "q": LONG, "segment": "abc"}, id="page-abc"),
]


def form_urls(customer, consent) -> dict[str, str]:
    contact = customer.contacts.get()
    return {
        "create": reverse("customers:create"),
        "edit": reverse("customers:edit", args=[customer.pk]),
        "contact_add": reverse("customers:contact_add", args=[customer.pk]),
        "contact_remove": reverse("customers:contact_remove", args=[customer.pk, contact.pk]),
        "consent_add": reverse("customers:consent_add", args=[customer.pk]),
        "consent_withdraw": reverse("customers:consent_withdraw", args=[customer.pk, consent.pk]),
    }


@pytest.mark.parametrize("view", ["create", "edit", "contact_add", "contact_remove", "consent_add", "consent_withdraw"])
@pytest.mark.parametrize("data", FORM_JUNK)
def test_customer_form_views_post_junk_no_server_error(cast, customer_a, view, data):
    consent = record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)
    url = form_urls(customer_a, consent)[view]

    response = client_for(cast.agent_a).post(url, data)

    assert response.status_code < 500


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": HUGE_NUMBER},
        {"page": "0"},
        {"q": LONG},
        {"q": UNICODE},
        {"q": "%_\\'\""},
        {"q": "\x00"},
        {"q": "+62"},
        {"segment": "abc"},
        {"segment": HUGE_NUMBER},
        {"segment": "-1"},
    ],
)
def test_customer_list_view_junk_query_no_server_error(cast, customer_a, query):
    response = client_for(cast.agent_a).get(reverse("customers:list"), query)

    assert response.status_code < 500


@pytest.mark.parametrize("query", [{"page": "-1"}, {"page": "abc"}, {"page": HUGE_NUMBER}])
def test_customer_detail_view_junk_page_no_server_error(cast, customer_a, query):
    response = client_for(cast.agent_a).get(reverse("customers:detail", args=[customer_a.pk]), query)

    assert response.status_code < 500


@pytest.mark.parametrize("name", ["detail", "edit"])
def test_customer_views_huge_pk_is_404(cast, name):
    response = client_for(cast.agent_a).get(reverse(f"customers:{name}", args=[int(HUGE_NUMBER)]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="empty"),
        pytest.param({"name": LONG, "units": [1], "address": LONG, "city": LONG}, id="long"),
        pytest.param({"name": UNICODE, "units": [1]}, id="unicode"),
        pytest.param({"name": "Budi", "units": "abc"}, id="units-abc"),
        pytest.param({"name": "Budi", "units": ["abc"]}, id="units-list-abc"),
        pytest.param({"name": "Budi", "units": [int(HUGE_NUMBER)]}, id="units-huge"),
        pytest.param({"name": "Budi", "units": [{"id": 1}]}, id="units-dict"),
        pytest.param({"name": "Budi", "units": None}, id="units-null"),
        pytest.param({"name": ["Budi"], "units": [1]}, id="name-list"),
        pytest.param({"name": "Budi", "units": [1], "kind": {"a": 1}}, id="kind-dict"),
        pytest.param({"name": "Budi", "units": [1], "contacts": "0812"}, id="contacts-string"),
        pytest.param({"name": "Budi", "units": [1], "contacts": ["0812"]}, id="contacts-list-of-strings"),
        pytest.param({"name": "Budi", "units": [1], "contacts": [{"value": "0812-3456-7890"}]}, id="contact-no-kind"),
        pytest.param({"name": "Budi", "units": [1], "contacts": [{"kind": "fax", "value": "1"}]}, id="contact-kind"),
        pytest.param({"name": "Budi", "units": [1], "contacts": [{"kind": "whatsapp", "value": 812}]}, id="number"),
        pytest.param({"name": "Budi", "units": [1], "contacts": [{"kind": "phone", "value": "9" * 400}]}, id="long"),
        pytest.param({"name": "Budi\x00", "units": [1]}, id="nul"),
        pytest.param([], id="list-body"),
        pytest.param("Budi", id="string-body"),
    ],
)
def test_customer_api_create_junk_no_server_error(cast, body):
    body = json.loads(json.dumps(body).replace("[1]", f"[{cast.unit_a.pk}]"))

    response = client_for(cast.agent_a).post("/api/v1/customers/", json.dumps(body), content_type="application/json")

    assert response.status_code < 500


@pytest.mark.parametrize(
    "query", [{"q": LONG}, {"q": UNICODE}, {"q": "\x00"}, {"cursor": "abc"}, {"cursor": LONG}, {"cursor": "cD0x"}]
)
def test_customer_api_list_junk_query_no_server_error(cast, customer_a, query):
    response = client_for(cast.agent_a).get("/api/v1/customers/", query)

    assert response.status_code < 500


def test_customer_api_retrieve_huge_pk_is_404(cast):
    response = client_for(cast.agent_a).get(f"/api/v1/customers/{HUGE_NUMBER}/")

    assert response.status_code == 404
