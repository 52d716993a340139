"""Kiosk mode and the QR poster."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from prima.surveys.models import Response, ResponseChannel
from prima.surveys.tests.factories import ServiceFactory
from prima.tickets.public.qr import qr_svg

from .factories import SKM_ANSWERS

KEY = re.compile(r'name="form_key" value="([^"]+)"')


def _kiosk(survey):
    return reverse("surveys_public:kiosk", args=[survey.public_token])


def _post(client, url, **extra):
    key = KEY.search(client.get(url).content.decode()).group(1)  # type: ignore[union-attr]
    data = {"form_key": key, **{f"q-{code}": value for code, value in SKM_ANSWERS.items()}, **extra}
    return client.post(url, data)


def test_kiosk_form_asks_no_identity_and_is_never_stored(public_client, skm):
    page = public_client.get(_kiosk(skm))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'autocomplete="off"' in html
    assert 'name="respondent_name"' not in html and 'name="share_identity"' not in html
    assert "no-store" in page["Cache-Control"]


def test_kiosk_records_an_anonymous_kiosk_response_even_with_identity_fields(public_client, skm):
    posted = _post(public_client, _kiosk(skm), share_identity="1", respondent_name="Rina", respondent_contact="r@x.id")

    assert posted.status_code == 302
    assert posted["Location"] == reverse("surveys_public:kiosk_thanks", args=[skm.public_token])
    response = Response.objects.get()
    assert (response.channel, response.is_anonymous, response.respondent_name) == (ResponseChannel.KIOSK, True, "")


def test_kiosk_thank_you_returns_to_an_empty_form(public_client, skm):
    posted = _post(public_client, _kiosk(skm))

    thanks = public_client.get(posted["Location"])
    fresh = public_client.get(_kiosk(skm))

    html = thanks.content.decode()
    assert f'<meta http-equiv="refresh" content="6;url={_kiosk(skm)}">' in html
    assert f'href="{_kiosk(skm)}"' in html
    assert "no-store" in thanks["Cache-Control"]
    assert " checked" not in fresh.content.decode()


def test_poster_encodes_the_absolute_public_link(public_client, skm):
    page = public_client.get(reverse("surveys_public:poster", args=[skm.public_token]))

    url = settings.SITE_URL + reverse("surveys_public:answer", args=[skm.public_token])
    html = page.content.decode()
    assert page.status_code == 200
    assert str(qr_svg(url)) in html
    assert f'data-testid="poster-url">{url}<' in html
    assert "css/public.css" in html  # its print CSS lays the poster out on one A4 page


def test_poster_for_a_service_passes_it_through_the_link(public_client, skm, services):
    page = public_client.get(reverse("surveys_public:poster", args=[skm.public_token]) + f"?service={services[0].pk}")

    url = settings.SITE_URL + reverse("surveys_public:answer", args=[skm.public_token]) + f"?service={services[0].pk}"
    html = page.content.decode()
    assert str(qr_svg(url)) in html
    assert "Izin Usaha Mikro" in html


def test_poster_for_a_service_of_another_unit_is_404(public_client, cast, skm):
    other = ServiceFactory(unit=cast.unit_b)

    page = public_client.get(reverse("surveys_public:poster", args=[skm.public_token]) + f"?service={other.pk}")

    assert page.status_code == 404


def test_poster_lists_posters_for_each_service(public_client, skm, services):
    html = public_client.get(reverse("surveys_public:poster", args=[skm.public_token])).content.decode()

    for service in services:
        assert f"?service={service.pk}" in html
