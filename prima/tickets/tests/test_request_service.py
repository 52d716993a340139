"""A request names the catalogue service it is about and records the standard version it was served under."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.accounts.models import User
from prima.standards.models import Service, ServiceStandard, StandardStatus
from prima.tickets.models import IntakeSubmission, Ticket
from prima.tickets.public.qr import qr_svg

from .conftest import error_codes, submit
from .test_api import api_for, detail_url
from .test_public_form import valid_data
from .test_views_create import intake_data


def new_service(unit, code: str = "izin-usaha-mikro", **changes) -> Service:
    values = {"name": {"id": "Izin Usaha Mikro", "en": "Micro Business Permit"}, **changes}
    return Service.objects.create(unit=unit, code=code, **values)


def publish(service: Service, author: User, version: int = 1) -> ServiceStandard:
    ServiceStandard.objects.filter(service=service, status=StandardStatus.PUBLISHED).update(
        status=StandardStatus.SUPERSEDED, superseded_at=timezone.now()
    )
    return ServiceStandard.objects.create(
        service=service,
        version=version,
        status=StandardStatus.PUBLISHED,
        created_by=author,
        published_by=author,
        published_at=timezone.now(),
    )


def test_submit_with_a_service_of_the_unit_records_it_with_the_standard_in_force(cast):
    service = new_service(cast.unit_a)
    publish(service, cast.leader, 1)
    second = publish(service, cast.leader, 2)

    ticket = submit(cast.unit_a, service=service)

    ticket.refresh_from_db()
    assert (ticket.service_id, ticket.standard_id) == (service.pk, second.pk)


def test_submit_with_a_service_id_and_nothing_published_records_no_standard(cast):
    service = new_service(cast.unit_a)

    ticket = submit(cast.unit_a, service=service.pk)

    ticket.refresh_from_db()
    assert (ticket.service_id, ticket.standard_id) == (service.pk, None)


@pytest.mark.parametrize("which", ["other_unit", "archived", "unknown", "huge"])
def test_submit_refuses_a_service_that_is_not_an_active_one_of_the_unit(cast, which):
    service = {
        "other_unit": lambda: new_service(cast.unit_b),
        "archived": lambda: new_service(cast.unit_a, is_active=False),
        "unknown": lambda: 999_999,
        "huge": lambda: 2**70,
    }[which]()

    with pytest.raises(ValidationError) as caught:
        submit(cast.unit_a, service=service)

    assert (error_codes(caught.value), Ticket.objects.count()) == ({"service": ["invalid_choice"]}, 0)


@pytest.mark.django_db(transaction=True)
def test_public_form_with_a_service_creates_the_request_about_it(cast, public_client):
    service = new_service(cast.unit_a)
    standard = publish(service, cast.leader)
    page = public_client.get(f"/public/{cast.unit_a.pk}/", {"service": service.pk}).content.decode()

    response = public_client.post(
        f"/public/{cast.unit_a.pk}/", valid_data(public_client, cast.unit_a, service=str(service.pk))
    )

    ticket = Ticket.objects.get()
    assert (
        "Izin Usaha Mikro" in page,
        f'name="service" value="{service.pk}"' in page,
        response.status_code,
        IntakeSubmission.objects.get().ticket_id,
        ticket.service_id,
        ticket.standard_id,
    ) == (True, True, 302, ticket.pk, service.pk, standard.pk)


@pytest.mark.django_db(transaction=True)
def test_public_form_ignores_a_foreign_service_in_the_address_and_refuses_it_when_sent(cast, public_client):
    foreign = new_service(cast.unit_b)
    page = public_client.get(f"/public/{cast.unit_a.pk}/", {"service": foreign.pk}).content.decode()

    response = public_client.post(
        f"/public/{cast.unit_a.pk}/", valid_data(public_client, cast.unit_a, service=str(foreign.pk))
    )

    assert (
        page.count('name="service"'),
        response.status_code,
        response.context["form"].has_error("service", "invalid_choice"),
        Ticket.objects.count(),
        IntakeSubmission.objects.count(),
    ) == (0, 400, True, 0, 0)


def test_poster_for_one_service_names_it_and_its_qr_opens_the_form_for_it(cast, public_client, settings):
    settings.SITE_URL = "https://layanan.bandung.go.id"
    service = new_service(cast.unit_a)
    form_url = f"https://layanan.bandung.go.id/public/{cast.unit_a.pk}/?service={service.pk}"

    response = public_client.get(f"/public/{cast.unit_a.pk}/poster/", {"service": service.pk})

    content = response.content.decode()
    assert (
        response.status_code,
        "Izin Usaha Mikro" in content,
        "Micro Business Permit" in content,
        str(qr_svg(form_url)) in content,
        f">{form_url}<" in content,
    ) == (200, True, True, True, True)


def test_poster_for_one_service_and_kind_carries_both_in_the_address(cast, public_client, settings):
    settings.SITE_URL = "https://layanan.bandung.go.id"
    service = new_service(cast.unit_a)
    form_url = f"https://layanan.bandung.go.id/public/{cast.unit_a.pk}/?kind=complaint&amp;service={service.pk}"

    content = public_client.get(
        f"/public/{cast.unit_a.pk}/poster/", {"service": service.pk, "kind": "complaint"}
    ).content.decode()

    assert f">{form_url}<" in content


@pytest.mark.parametrize("which", ["other_unit", "archived", "unknown", "junk", "unicode_digit", "too_long"])
def test_poster_of_a_service_the_unit_does_not_offer_is_not_found(cast, public_client, which):
    service_id = {
        "other_unit": lambda: new_service(cast.unit_b).pk,
        "archived": lambda: new_service(cast.unit_a, is_active=False).pk,
        "unknown": lambda: 999_999,
        "junk": lambda: "1x",
        "unicode_digit": lambda: "²",
        "too_long": lambda: "9" * 5000,
    }[which]()

    assert public_client.get(f"/public/{cast.unit_a.pk}/poster/", {"service": service_id}).status_code == 404


def test_api_detail_shows_the_service_and_standard_version(cast):
    service = new_service(cast.unit_a)
    publish(service, cast.leader, 3)
    ticket = submit(cast.unit_a, service=service)
    plain = submit(cast.unit_a, subject="Tanpa layanan")

    client = api_for(cast.agent_a)
    detail, other = client.get(detail_url(ticket)).json(), client.get(detail_url(plain)).json()

    assert (
        {name: detail[name] for name in ("service", "service_name", "standard_version")},
        {name: other[name] for name in ("service", "service_name", "standard_version")},
    ) == (
        {"service": service.pk, "service_name": "Micro Business Permit", "standard_version": 3},
        {"service": None, "service_name": None, "standard_version": None},
    )


def test_request_page_shows_the_service_and_standard_version(cast):
    service = new_service(cast.unit_a)
    publish(service, cast.leader, 2)
    ticket = submit(cast.unit_a, service=service)
    cast.agent_a.language = "en"
    cast.agent_a.save(update_fields=["language"])

    content = client_for(cast.agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()

    assert ("Micro Business Permit" in content, "standard version 2" in content) == (True, True)


def test_staff_intake_offers_and_records_a_service_and_refuses_another_units(cast):
    service, foreign = new_service(cast.unit_a), new_service(cast.unit_b)
    client = client_for(cast.agent_a)
    page = client.get(reverse("tickets:create")).content.decode()
    select = re.search(r'<select name="service".*?</select>', page, re.DOTALL)
    assert select is not None
    offered = re.findall(r'<option value="(\d+)"', select.group(0))
    data = intake_data(cast)

    refused = client.post(reverse("tickets:create"), {**data, "service": foreign.pk})
    response = client.post(reverse("tickets:create"), {**data, "service": service.pk})

    assert (
        offered,
        refused.status_code,
        response.status_code,
        Ticket.objects.get().service_id,
    ) == ([str(service.pk)], 400, 302, service.pk)
