"""The ID/EN switch in the top bar, and the top bar on a phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import PageMaker, login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture


def test_switching_to_english_is_kept_on_the_staff_members_profile(
    page: Page, new_page: PageMaker, live_server: LiveServer, cast: Cast
):
    login(page, live_server, cast.agent_a)
    page.goto("/customers/")
    html = page.locator("html")
    switch = page.locator("form.language-switch")
    expect(html).to_have_attribute("lang", "id")
    expect(switch.get_by_role("button", name="ID", exact=True)).to_have_attribute("aria-pressed", "true")

    switch.get_by_role("button", name="EN", exact=True).click()

    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/customers/")  # back where the switch was pressed
    expect(page.locator("main h1")).to_have_text("Customers")
    expect(page.locator("nav.mainnav a[href='/customers/']")).to_have_text("Customers")
    expect(switch.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(switch.locator("[aria-pressed]")).to_have_count(1)
    cast.agent_a.refresh_from_db()
    assert cast.agent_a.language == "en"

    page.goto("/")  # the next page load
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Welcome, Dewi")

    # Another browser, with no cookie and an Indonesian Accept-Language: the profile still says English.
    other = new_page()
    login(other, live_server, cast.agent_a)
    expect(other.locator("html")).to_have_attribute("lang", "en")
    expect(other.locator("nav.mainnav a[href='/customers/']")).to_have_text("Customers")


def test_the_public_can_switch_the_login_page_to_english(page: Page):
    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")

    page.locator("form.language-switch").get_by_role("button", name="EN", exact=True).click()

    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign in to Prima")
    expect(page.locator("main form button[type=submit]")).to_have_text("Sign in")
    page.reload()  # kept in a cookie: the public has no profile
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign in to Prima")


def test_on_a_phone_the_menu_button_reveals_the_navigation(phone_page: Page, live_server: LiveServer, cast: Cast):
    page = phone_page
    login(page, live_server, cast.agent_a)
    nav = page.locator("nav.mainnav")
    toggle = page.locator("label.nav-toggle-label")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Menu")

    toggle.tap()
    expect(nav).to_be_visible()
    nav.locator("a[href='/customers/']").tap()

    expect(page).to_have_url(f"{live_server.url}/customers/")
    expect(nav).to_be_hidden()  # a new page starts with the menu folded
    toggle.tap()
    expect(nav.locator("a[href='/customers/']")).to_have_attribute("aria-current", "page")
