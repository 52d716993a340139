"""Acceptance story: an agent finds a customer of their own unit and reads the customer's timeline, in
Indonesian; another unit's customer stays out of reach even by URL."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from prima.accounts.models import ServiceUnit, User
from prima.customers.models import ConsentChannel, ConsentPurpose, ContactKind, Customer
from prima.customers.services import ContactInput, create_customer, record_consent
from tests.browser.conftest import login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture


def customer_with_history(unit: ServiceUnit, actor: User, name: str, whatsapp: str) -> Customer:
    """A customer with three timeline entries: registered, contact added, consent given."""
    customer = create_customer(
        unit.organisation,
        name=name,
        units=[unit],
        city="Bandung",
        contacts=[ContactInput(kind=ContactKind.WHATSAPP, value=whatsapp, is_primary=True)],
        actor=actor,
    )
    record_consent(customer, purpose=ConsentPurpose.FOLLOW_UP, channel=ConsentChannel.COUNTER, actor=actor)
    return customer


def test_agent_finds_own_units_customer_and_reads_the_timeline(page: Page, live_server: LiveServer, cast: Cast):
    wulan = customer_with_history(cast.unit_a, cast.agent_a, "Wulan Sari", "0812-3456-7890")
    create_customer(cast.organisation, name="Budi Santoso", units=[cast.unit_a], actor=cast.agent_a)
    create_customer(cast.organisation, name="Rahmat Hidayat", units=[cast.unit_b], actor=cast.agent_b)

    login(page, live_server, cast.agent_a)
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.locator("nav.mainnav a[href='/customers/']").click()
    expect(page).to_have_url(f"{live_server.url}/customers/")
    rows = page.locator("#results li.row")
    expect(rows.locator("a strong")).to_have_text(["Budi Santoso", "Wulan Sari"])  # not unit B's Rahmat

    # The customer gives their number the way people say it; the list narrows as the agent types (htmx).
    page.locator("input[name=q]").fill("0812-3456-7890")
    expect(rows.locator("a strong")).to_have_text(["Wulan Sari"])
    expect(page).to_have_url(re.compile(r"/customers/\?q=0812-3456-7890(&|$)"))

    rows.get_by_role("link", name="Wulan Sari").click()
    expect(page).to_have_url(f"{live_server.url}/customers/{wulan.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main h1")).to_have_text("Wulan Sari")

    entries = page.locator("ol.timeline > li")
    expect(entries).to_have_count(3)  # newest first: consent given, contact added, customer registered
    expect(entries.nth(1).locator(".what")).to_contain_text("+6281234567890")
    expect(entries.nth(2).locator(".what")).to_contain_text("Wulan Sari")
    expect(entries.locator(".muted")).to_have_text(["Dewi Lestari · Perizinan Usaha"] * 3)
    for entry in entries.all():
        expect(entry.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))


def test_agent_cannot_open_another_units_customer_by_url(page: Page, live_server: LiveServer, cast: Cast):
    rahmat = customer_with_history(cast.unit_b, cast.agent_b, "Rahmat Hidayat", "0813-2222-3333")
    url = f"{live_server.url}/customers/{rahmat.pk}/"

    login(page, live_server, cast.agent_a)
    response = page.goto(url)
    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main h1")).to_have_count(1)  # Prima's own error page, inside the usual layout
    expect(page.locator("header.topbar")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Rahmat")
    expect(page.locator("body")).not_to_contain_text("+6281322223333")

    # Control: the address is real — unit B's agent opens it.
    page.locator("form[action='/accounts/logout/'] button").click()
    login(page, live_server, cast.agent_b)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200
    expect(page.locator("main h1")).to_have_text("Rahmat Hidayat")


def test_customer_pages_speak_indonesian(page: Page, live_server: LiveServer, cast: Cast):
    wulan = customer_with_history(cast.unit_a, cast.agent_a, "Wulan Sari", "0812-3456-7890")

    page.goto("/accounts/login/")
    expect(page.locator("main form button[type=submit]")).to_have_text("Masuk", timeout=2_000)  # "Sign in"

    login(page, live_server, cast.agent_a)
    expect(page.locator("nav.mainnav a[href='/customers/']")).to_have_text("Pelanggan", timeout=2_000)  # "Customers"

    page.goto("/customers/")
    expect(page.locator("main h1")).to_have_text("Pelanggan", timeout=2_000)
    expect(page).to_have_title("Pelanggan · Prima", timeout=2_000)

    page.goto(f"/customers/{wulan.pk}/")
    expect(page.locator("section.card:has(ol.timeline) h2")).to_have_text("Linimasa", timeout=2_000)  # "Timeline"
