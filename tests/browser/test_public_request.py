"""A citizen sends a complaint from a phone, without an account, and follows it with the tracking code."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from prima.tickets.choices import Channel, RequestKind
from prima.tickets.models import ComplaintDetails, Ticket

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture

CODE = re.compile(r"^PRM(-[0-9A-Z]{4}){3}$")


def test_a_visitor_sends_a_complaint_from_a_phone_and_follows_it(phone_page: Page, cast: Cast):
    page = phone_page
    page.goto(f"/public/{cast.unit_a.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main h1")).to_have_text(cast.unit_a.name)
    form = page.locator("form.public-form")

    form.locator("label.choice", has=page.locator("input[value=complaint]")).click()
    expect(form.locator(".kind-complaint")).to_be_visible()  # its particulars appear once "complaint" is chosen
    expect(form.locator(".kind-appointment")).to_be_hidden()
    form.locator("input[name=subject]").fill("Antrian loket tidak dilayani")
    form.locator("textarea[name=description]").fill("Saya menunggu dua jam tanpa dipanggil.")
    form.locator("input[name=incident_place]").fill("Loket 3")
    form.locator("input[name=requester_name]").fill("Budi Santoso")
    form.locator("input[name=requester_email]").fill("budi@contoh.id")
    form.locator("input[name=requester_phone]").fill("0812-3456-7890")
    form.locator("input[name=consent]").check()
    send = form.locator("button[type=submit]")
    assert send.bounding_box()["height"] >= 44  # a thumb-sized target
    send.click()

    code_box = page.get_by_test_id("tracking-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert CODE.match(code) is not None
    ticket = Ticket.objects.get()
    assert (ticket.tracking_code, ticket.channel, ticket.kind, ComplaintDetails.objects.get().incident_place) == (
        code,
        Channel.WEB,
        RequestKind.COMPLAINT,
        "Loket 3",
    )

    page.goto("/public/track/")  # as they would days later, typing the code from the receipt
    page.locator("input[name=code]").fill(code.lower().replace("-", " "))
    page.locator("form.track-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/public/track/{code}/$"))
    expect(page.get_by_test_id("status")).to_have_text("Baru")
    expect(page.locator("main")).to_contain_text("Antrian loket tidak dilayani")
    expect(page.locator("main")).not_to_contain_text("Budi Santoso")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
