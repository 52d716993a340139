"""Staff list pages cost the same number of queries whatever their length."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.standards.tests.conftest import new_service, published, written_draft


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_catalogue_queries_do_not_grow_with_services(cast):
    client = client_for(cast.leader)
    url = reverse("standards:catalogue")
    first = new_service(cast.unit_a, cast.supervisor, code="a")
    published(first, cast.supervisor, cast.leader)
    with_one = queries_for(client, url)
    written_draft(new_service(cast.unit_a, cast.supervisor, code="b"), cast.supervisor)
    new_service(cast.unit_b, cast.leader, code="c")

    with_three = queries_for(client, url)

    # session, user, memberships, visible units, count, services with their versions, the units' charter links
    assert (with_one, with_three) == (7, 7)


def test_service_detail_queries_do_not_grow_with_versions(cast):
    client = client_for(cast.supervisor)
    service = new_service(cast.unit_a, cast.supervisor)
    url = reverse("standards:service", args=[service.pk])
    published(service, cast.supervisor, cast.leader)
    with_one = queries_for(client, url)
    published(service, cast.supervisor, cast.leader, version=2)
    written_draft(service, cast.supervisor, version=3)

    with_three = queries_for(client, url)

    # session, user, memberships, visible units, the service, its versions with their people
    assert (with_one, with_three) == (6, 6)
