"""Public pages: no account, published content only, in the visitor's language, printable."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prima.standards.components import MANAGEMENT_CODES, SERVICE_DELIVERY_CODES
from prima.standards.services import ComponentInput, archive_service, publish_charter, update_draft
from prima.standards.tests.conftest import new_service, published, written_draft


def english() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_public_service_page_renders_for_an_anonymous_visitor(cast, public_client):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = published(service, cast.supervisor, cast.leader)

    response = public_client.get(reverse("public_standards:service", args=[service.pk]))

    shown = [component.code for component in response.context["components"]]
    assert (response.status_code, response.context["standard"], shown) == (200, standard, list(SERVICE_DELIVERY_CODES))


def test_public_service_page_hides_management_components(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)

    content = english().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    assert (
        [code for code in SERVICE_DELIVERY_CODES if f'id="component-{code}"' in content],
        [code for code in MANAGEMENT_CODES if f'id="component-{code}"' in content],
        "Legal basis v1" in content,
        "Requirements v1" in content,
    ) == (list(SERVICE_DELIVERY_CODES), [], False, True)


def test_public_service_page_shows_published_version_not_the_newer_draft(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    draft = written_draft(service, cast.supervisor, version=2)
    update_draft(draft, components={"requirements": ComponentInput(text={"id": "RAHASIA DRAF"})}, actor=cast.supervisor)

    content = Client().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    assert ("Persyaratan v1" in content, "RAHASIA DRAF" in content) == (True, False)


def test_public_service_page_shows_version_effective_date_fee_and_time_limit_in_english(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = published(service, cast.supervisor, cast.leader)

    content = english().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    effective = f"{standard.effective_from.day} {standard.effective_from:%B %Y}"  # "j F Y", day first
    assert (
        "Service standard, version 1, effective" in content,
        effective in content,
        "Rp50.000" in content,
        "5 working days" in content,
        "Micro Business Permit" in content,
    ) == (True, True, True, True, True)


def test_public_service_page_free_of_charge(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    update_draft(standard, components={"fee": ComponentInput(amount=0)}, actor=cast.supervisor)
    from prima.standards.services import approve_standard, publish_standard

    approve_standard(standard, actor=cast.leader)
    publish_standard(standard, actor=cast.leader)

    content = english().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    assert ("Free of charge" in content, "Rp0" in content) == (True, False)


def test_public_service_page_falls_back_to_indonesian(cast):
    service = new_service(cast.unit_a, cast.supervisor, id="Izin Reklame")
    published(service, cast.supervisor, cast.leader)
    standard = service.standards.get()
    standard.components.filter(code="product").update(text={"id": "Surat izin reklame"})

    content = english().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    assert ("Izin Reklame" in content, "Surat izin reklame" in content, "Requirements" in content) == (
        True,
        True,
        True,
    )


def test_public_service_page_in_indonesian_by_default(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)

    response = Client().get(reverse("public_standards:service", args=[service.pk]))

    content = response.content.decode()
    assert (response["Content-Language"], "Izin Usaha Mikro" in content, "Persyaratan" in content) == (
        "id",
        True,
        True,
    )


def test_public_service_page_has_print_styles(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)

    content = Client().get(reverse("public_standards:service", args=[service.pk])).content.decode()

    assert ("css/standards.css" in content, 'class="print-button"' in content) == (True, True)


@pytest.mark.parametrize("state", ["no-version", "draft", "approved", "archived", "missing"])
def test_public_service_page_not_found_unless_published(cast, state):
    from prima.standards.services import approve_standard

    service = new_service(cast.unit_a, cast.supervisor)
    if state in ("draft", "approved"):
        standard = written_draft(service, cast.supervisor)
        if state == "approved":
            approve_standard(standard, actor=cast.leader)
    if state == "archived":
        published(service, cast.supervisor, cast.leader)
        archive_service(service, actor=cast.leader)
    service_id = service.pk + 1000 if state == "missing" else service.pk

    response = Client().get(reverse("public_standards:service", args=[service_id]))

    assert response.status_code == 404


def test_public_unit_page_lists_published_services_and_charter(cast):
    shown = new_service(cast.unit_a, cast.supervisor)
    published(shown, cast.supervisor, cast.leader)
    hidden = new_service(cast.unit_a, cast.supervisor, code="izin-reklame", id="Izin Reklame Draf")
    written_draft(hidden, cast.supervisor)
    publish_charter(cast.unit_a, text={"id": "Kami sanggup menyelenggarakan pelayanan."}, actor=cast.leader)

    response = Client().get(reverse("public_standards:unit", args=[cast.unit_a.pk]))

    content = response.content.decode()
    assert (
        response.status_code,
        list(response.context["services"]),
        "Kami sanggup menyelenggarakan pelayanan." in content,
        "Izin Reklame Draf" in content,
    ) == (200, [shown], True, False)


def test_public_unit_page_shows_only_the_charter_in_force(cast):
    publish_charter(cast.unit_a, text={"id": "Maklumat lama."}, actor=cast.leader)
    publish_charter(cast.unit_a, text={"id": "Maklumat baru.", "en": "New charter."}, actor=cast.leader)

    content = english().get(reverse("public_standards:unit", args=[cast.unit_a.pk])).content.decode()

    assert ("New charter." in content, "Maklumat lama." in content, "Maklumat baru." in content) == (True, False, False)


def test_public_unit_page_of_an_inactive_unit_is_not_found(cast):
    cast.unit_a.is_active = False
    cast.unit_a.save(update_fields=["is_active"])

    response = Client().get(reverse("public_standards:unit", args=[cast.unit_a.pk]))

    assert response.status_code == 404


def test_public_index_lists_units_with_published_standards(cast):
    service = new_service(cast.unit_b, cast.leader)
    published(service, cast.leader, cast.leader)

    response = Client().get(reverse("public_standards:index"))

    assert (response.status_code, list(response.context["units"])) == (200, [cast.unit_b])


def test_public_pages_refuse_post(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)

    response = Client().post(reverse("public_standards:service", args=[service.pk]))

    assert response.status_code == 405


def _queries(url: str) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_public_service_page_queries(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    publish_charter(cast.unit_a, text={"id": "Kami sanggup."}, actor=cast.leader)

    # the standard with its service and unit, its six components, the charter
    assert _queries(reverse("public_standards:service", args=[service.pk])) == 3


def test_public_unit_page_queries_do_not_grow_with_services(cast):
    url = reverse("public_standards:unit", args=[cast.unit_a.pk])
    first = new_service(cast.unit_a, cast.supervisor, code="a")
    published(first, cast.supervisor, cast.leader)
    with_one = _queries(url)
    for code in ("b", "c"):
        published(new_service(cast.unit_a, cast.supervisor, code=code), cast.supervisor, cast.leader)

    with_three = _queries(url)

    # the unit, its services with their published versions, the charter, the published improvement plans
    assert (with_one, with_three) == (4, 4)
