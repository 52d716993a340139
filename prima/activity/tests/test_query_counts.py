"""The audit trail costs the same number of queries whatever its length."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.activity.models import ActivityLog
from prima.customers.services import create_customer, record_consent


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_audit_trail_view_queries_do_not_grow_with_rows(cast):
    client = client_for(cast.admin)
    url = reverse("activity:audit_trail")
    customer = create_customer(cast.organisation, name="Budi", units=[cast.unit_a], actor=cast.agent_a)
    with_one = queries_for(client, url)
    record_consent(customer, purpose="surveys", channel="counter", actor=cast.supervisor)
    record_consent(customer, purpose="marketing", channel="phone", actor=cast.leader)

    with_three = queries_for(client, url)

    assert (ActivityLog.objects.count(), with_one) == (3, with_three)


def test_audit_trail_view_filtered_queries_do_not_grow_with_rows(cast):
    client = client_for(cast.supervisor)
    url = reverse("activity:audit_trail") + f"?unit={cast.unit_a.pk}&action=customers."
    customer = create_customer(cast.organisation, name="Budi", units=[cast.unit_a], actor=cast.agent_a)
    with_one = queries_for(client, url)
    record_consent(customer, purpose="surveys", channel="counter", actor=cast.supervisor)
    record_consent(customer, purpose="marketing", channel="phone", actor=cast.leader)

    with_three = queries_for(client, url)

    assert with_one == with_three
