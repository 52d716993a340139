"""Lists cost the same number of queries whatever their length: no query per row."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.customers.models import Customer
from prima.customers.services import ContactInput, add_contact, create_customer, record_consent
from prima.factories import SegmentFactory


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm up: session, content types, translations
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_customer(cast, number: int) -> Customer:
    customer = create_customer(
        cast.organisation,
        name=f"Pelanggan {number}",
        units=[cast.unit_a, cast.unit_b],
        segments=[SegmentFactory(organisation=cast.organisation)],
        contacts=[
            ContactInput(kind="whatsapp", value=f"0812-3456-78{number:02d}", is_primary=True),
            ContactInput(kind="email", value=f"pelanggan{number}@contoh.id"),
        ],
        actor=cast.agent_a,
    )
    record_consent(customer, purpose="surveys", channel="counter", actor=cast.agent_a)
    return customer


def test_customer_list_view_queries_do_not_grow_with_rows(cast):
    client = client_for(cast.agent_a)
    make_customer(cast, 1)
    with_one = queries_for(client, reverse("customers:list"))
    make_customer(cast, 2)
    make_customer(cast, 3)

    with_three = queries_for(client, reverse("customers:list"))

    assert with_one == with_three


def test_customer_list_view_search_queries_do_not_grow_with_rows(cast):
    client = client_for(cast.agent_a)
    url = reverse("customers:list") + "?q=pelanggan"
    make_customer(cast, 1)
    with_one = queries_for(client, url)
    make_customer(cast, 2)
    make_customer(cast, 3)

    with_three = queries_for(client, url)

    assert with_one == with_three


def test_customer_api_list_queries_do_not_grow_with_rows(cast):
    client = client_for(cast.agent_a)
    make_customer(cast, 1)
    with_one = queries_for(client, "/api/v1/customers/")
    make_customer(cast, 2)
    make_customer(cast, 3)

    with_three = queries_for(client, "/api/v1/customers/")

    assert with_one == with_three


def test_customer_detail_view_queries_do_not_grow_with_timeline(cast):
    client = client_for(cast.agent_a)
    customer = create_customer(cast.organisation, name="Budi", units=[cast.unit_a], actor=cast.agent_a)
    url = reverse("customers:detail", args=[customer.pk])
    with_one = queries_for(client, url)
    add_contact(customer, ContactInput(kind="whatsapp", value="0812-3456-7890"), actor=cast.supervisor)
    record_consent(customer, purpose="surveys", channel="counter", actor=cast.leader)

    with_three = queries_for(client, url)

    assert (customer.activity.count(), with_one) == (3, with_three)
