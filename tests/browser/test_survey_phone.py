"""A visitor scans the survey poster's QR code with a phone, answers the SKM survey and sees the thank-you page;
at the counter, the kiosk returns to an empty form for the next visitor."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from prima.surveys.models import Answer, Response, ResponseChannel
from prima.surveys.services import create_survey_from_template
from prima.tickets.public.qr import qr_svg

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from conftest import Cast  # the root conftest's fixture


def _indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def _answer_skm(page: Page) -> None:
    form = page.locator("form.survey-form")
    for number in range(1, 10):
        question = form.locator(f"#question-U{number}")
        question.locator("label.choice").nth(3).click()  # the fourth wording, e.g. "Sangat sesuai"
    send = form.locator("button[type=submit]")
    assert send.bounding_box()["height"] >= 44  # a thumb-sized target
    send.click()


def test_a_visitor_answers_the_skm_survey_from_the_poster_on_a_phone(
    phone_page: Page, cast: Cast, live_server: LiveServer
):
    survey = create_survey_from_template(
        "skm2017", name="SKM Semester I", organisation=cast.organisation, unit=cast.unit_a
    )
    poster = phone_page.request.get(f"{live_server.url}{reverse('surveys_public:poster', args=[survey.public_token])}")
    encoded = settings.SITE_URL + reverse("surveys_public:answer", args=[survey.public_token])
    assert str(qr_svg(encoded)) in poster.text()  # the QR code encodes the public link

    page = phone_page
    page.goto(encoded.replace(settings.SITE_URL, live_server.url))  # the link the QR code encodes
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#question-U1")).to_contain_text("Sangat sesuai")
    _answer_skm(page)

    expect(page.get_by_test_id("survey-thanks")).to_have_text(_indonesian("Thank you for your answers"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    response = Response.objects.get()
    assert (response.survey_id, response.channel, Answer.objects.filter(response=response).count()) == (
        survey.pk,
        ResponseChannel.WEB,
        9,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone


def test_the_kiosk_returns_to_an_empty_form(phone_page: Page, cast: Cast):
    survey = create_survey_from_template("skm2017", name="SKM loket", organisation=cast.organisation, unit=cast.unit_a)
    page = phone_page
    page.goto(reverse("surveys_public:kiosk", args=[survey.public_token]))
    expect(page.locator("form.survey-form")).to_have_attribute("autocomplete", "off")
    expect(page.locator("input[name=respondent_name]")).to_have_count(0)
    _answer_skm(page)

    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    page.get_by_role("link", name=re.compile(_indonesian("Next visitor"))).click()

    expect(page.locator("form.survey-form")).to_be_visible()
    expect(page.locator("form.survey-form input:checked")).to_have_count(0)
    assert Response.objects.get().channel == ResponseChannel.KIOSK
