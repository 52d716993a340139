"""Acceptance story: an agent opens the inbox (in Indonesian), opens a request of their own, answers the
requester and leaves an internal note for colleagues; the page tells the two apart. On a phone the inbox rows
stack, so nothing has to be scrolled sideways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from prima.tickets.models import Ticket, TicketMessage
from prima.tickets.services import assign_ticket, create_canned_reply, submit_request
from tests.browser.conftest import login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture


def request_for(cast: Cast, subject: str) -> Ticket:
    ticket = submit_request(
        cast.unit_a,
        kind="information",
        channel="web",
        subject=subject,
        description="Apa saja syarat untuk mengurus NIB usaha mikro?",
        requester_name="Wulan Sari",
        requester_email="wulan@contoh.id",
        actor=None,
    )
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    return ticket


def test_agent_answers_the_requester_and_leaves_an_internal_note(page: Page, live_server: LiveServer, cast: Cast):
    ticket = request_for(cast, "Syarat NIB usaha mikro")
    submit_request(
        cast.unit_b,
        kind="information",
        channel="phone",
        subject="IMB unit lain",
        description="-",
        actor=None,
        requester_name="Rahmat",
    )
    create_canned_reply(cast.unit_a, title="Syarat NIB", body="Syaratnya KTP dan NPWP.", actor=cast.supervisor)

    login(page, live_server, cast.agent_a)
    page.locator("nav.mainnav a[href='/requests/']").click()
    expect(page).to_have_url(f"{live_server.url}/requests/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main h1")).to_have_text("Permohonan")  # "Requests"
    expect(page.locator(".inbox-tabs a[aria-current=page]")).to_have_text("Tugas saya")  # "Mine"
    rows = page.locator("li.request-row")
    expect(rows.locator(".request-subject")).to_have_text(["Syarat NIB usaha mikro"])  # not unit B's request
    expect(rows.locator(".requester")).to_have_text(["Wulan Sari"])
    expect(rows.locator(".status")).to_have_text(["Baru"])  # "New"

    rows.get_by_role("link", name="Syarat NIB usaha mikro").click()
    expect(page).to_have_url(f"{live_server.url}/requests/{ticket.pk}/")
    expect(page.locator("main h1")).to_have_text("Syarat NIB usaha mikro")
    expect(page.locator(".request-code").first).to_have_text(ticket.tracking_code)

    reply = page.locator("form.reply-form")
    reply.locator("select#canned-reply").select_option(label="Syarat NIB (Bahasa Indonesia)")
    expect(reply.locator("textarea")).to_have_value("Syaratnya KTP dan NPWP.")
    reply.locator("textarea").fill("Syaratnya KTP dan NPWP. Silakan datang ke loket 2.")
    reply.locator("button[type=submit]").click()
    expect(page.locator(".thread-message")).to_have_count(1)

    reply = page.locator("form.reply-form")
    reply.locator("input[name='reply-visibility'][value='internal']").check()
    reply.locator("textarea").fill("Pemohon sudah dua kali bertanya; mohon dipercepat.")
    reply.locator("button[type=submit]").click()

    messages = page.locator(".thread-message")
    expect(messages).to_have_count(2)
    public, internal = page.locator(".thread-message.is-public"), page.locator(".thread-message.is-internal")
    expect(public.locator(".thread-body")).to_have_text("Syaratnya KTP dan NPWP. Silakan datang ke loket 2.")
    expect(internal.locator(".thread-body")).to_have_text("Pemohon sudah dua kali bertanya; mohon dipercepat.")
    expect(internal.locator(".thread-kind")).to_have_text("Catatan internal")  # "Internal note"
    expect(public.locator(".thread-kind")).not_to_have_text("Catatan internal")
    # Told apart at a glance, not only by the label: a different background and a dashed border.
    assert public.evaluate("e => getComputedStyle(e).backgroundColor") != internal.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert internal.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert list(TicketMessage.objects.order_by("id").values_list("visibility", flat=True)) == ["public", "internal"]
    assert Ticket.objects.get(pk=ticket.pk).first_response_at is not None


def test_on_a_phone_inbox_rows_stack(phone_page: Page, live_server: LiveServer, cast: Cast):
    request_for(cast, "Syarat NIB usaha mikro dengan judul yang cukup panjang untuk layar kecil")

    login(phone_page, live_server, cast.agent_a)
    phone_page.goto("/requests/")

    row = phone_page.locator("li.request-row").first
    what, when = row.locator(".request-what").bounding_box(), row.locator(".request-when").bounding_box()
    assert what is not None and when is not None
    assert (when["y"] >= what["y"] + what["height"], abs(when["x"] - what["x"]) < 2) == (True, True)
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390  # nothing sticks out sideways
