"""QR posters and the landing page that lists the units taking requests."""

from __future__ import annotations

import pytest

from prima.accounts.models import ServiceUnit
from prima.tickets.public.qr import qr_svg


def test_poster_has_an_svg_qr_code_of_the_forms_absolute_address(cast, public_client, settings):
    settings.SITE_URL = "https://layanan.bandung.go.id"
    form_url = f"https://layanan.bandung.go.id/public/{cast.unit_a.pk}/"

    response = public_client.get(f"/public/{cast.unit_a.pk}/poster/")

    content = response.content.decode()
    assert (
        response.status_code,
        str(qr_svg(form_url)) in content,
        f">{form_url}<" in content,
        ">https://layanan.bandung.go.id/public/track/<" in content,
        cast.unit_a.name in content,
        cast.unit_a.address in content,
    ) == (200, True, True, True, True, True)


def test_poster_for_one_kind_points_at_the_form_with_that_kind_chosen(cast, public_client, settings):
    settings.SITE_URL = "https://layanan.bandung.go.id"
    form_url = f"https://layanan.bandung.go.id/public/{cast.unit_a.pk}/?kind=complaint"

    content = public_client.get(f"/public/{cast.unit_a.pk}/poster/", {"kind": "complaint"}).content.decode()

    assert (str(qr_svg(form_url)) in content, f">{form_url}<" in content) == (True, True)


def test_poster_ignores_a_kind_the_public_form_does_not_offer(cast, public_client, settings):
    settings.SITE_URL = "https://layanan.bandung.go.id"

    content = public_client.get(f"/public/{cast.unit_a.pk}/poster/", {"kind": "order"}).content.decode()

    assert f">https://layanan.bandung.go.id/public/{cast.unit_a.pk}/<" in content


def test_poster_says_what_to_do_in_indonesian_and_in_english(cast, public_client):
    content = public_client.get(f"/public/{cast.unit_a.pk}/poster/").content.decode()

    assert (
        'class="poster-call" lang="id"' in content,
        "Scan to send a request, complaint or suggestion" in content,
    ) == (
        True,
        True,
    )


def test_qr_svg_is_inline_svg_without_an_xml_declaration():
    svg = str(qr_svg("https://layanan.bandung.go.id/public/1/"))

    assert (svg.startswith("<svg"), svg.endswith("</svg>"), "<?xml" in svg) == (True, True, False)


def test_poster_of_an_inactive_unit_is_not_found(cast, public_client):
    ServiceUnit.objects.filter(pk=cast.unit_b.pk).update(is_active=False)

    assert public_client.get(f"/public/{cast.unit_b.pk}/poster/").status_code == 404


@pytest.mark.parametrize("junk", ["\x00", "x" * 5000, "<svg>", "complaint&kind=order"])
def test_poster_never_fails_on_junk(cast, public_client, junk):
    assert public_client.get(f"/public/{cast.unit_a.pk}/poster/", {"kind": junk}).status_code < 500


def test_landing_lists_active_units_with_links_to_their_forms(cast, public_client):
    ServiceUnit.objects.filter(pk=cast.unit_b.pk).update(is_active=False)

    content = public_client.get("/public/").content.decode()

    assert (
        f'href="/public/{cast.unit_a.pk}/"' in content,
        f'href="/public/{cast.head_office.pk}/"' in content,
        f'href="/public/{cast.unit_b.pk}/"' in content,
    ) == (True, True, False)


def test_landing_costs_the_same_queries_with_one_or_three_units(cast, public_client, django_assert_num_queries):
    ServiceUnit.objects.exclude(pk=cast.unit_a.pk).update(is_active=False)
    with django_assert_num_queries(1):
        public_client.get("/public/")
    ServiceUnit.objects.update(is_active=True)

    with django_assert_num_queries(1):
        response = public_client.get("/public/")

    assert response.content.decode().count('class="unit-link"') == 3
