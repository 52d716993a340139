"""Browser-test harness: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Every test under tests/browser is marked ``browser`` and runs on ``transactional_db`` (the live server answers
from another thread, so it must see committed rows). Chromium is never downloaded: the binary comes from
PRIMA_CHROMIUM or /usr/bin/chromium, and a missing binary fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pytest_django.live_server_helper import LiveServer

from prima.accounts.models import User

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("PRIMA_CHROMIUM") or "/usr/bin/chromium"
# The machine has no internet: these flags stop Chromium phoning home (updates, sync, QUIC probes) at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=390, height=844)
# The password every factory-made user has (prima.factories.UserFactory, the root conftest's PASSWORD).
PASSWORD = "rahasia-prima-123"

# Playwright's sync API keeps an asyncio event loop running in the main thread while the browser is open, and
# Django then refuses ORM calls from that thread (SynchronousOnlyOperation) — in the tests' own set-up as well
# as in their assertions. The calls are really synchronous, so tell Django to allow them. This conftest is
# loaded whenever tests/ is collected, so the setting covers the whole test process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(tryfirst=True)  # before `-m browser` / `-m "not browser"` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None) -> None:
    """The live server runs in another thread: test data must be committed for it to see."""


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Browser tests need Debian's chromium package "
            "(`apt-get install chromium`, or `make chromium`) or PRIMA_CHROMIUM pointing at a Chromium binary. "
            "Never run `playwright install`.",
            pytrace=False,
        )
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def viewport() -> ViewportSize:
    """The `page` fixture's window size; override this fixture in a module or class to change it."""
    return DESKTOP


@pytest.fixture
def browser_locale() -> str:
    """What the browser sends as Accept-Language: an Indonesian browser unless a test says otherwise."""
    return "id-ID"


class PageMaker(Protocol):
    def __call__(self, viewport: ViewportSize = DESKTOP, locale: str = "id-ID") -> Page: ...


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[PageMaker]:
    """Open pages, each in its own fresh browser profile (no cookies), closed when the test ends.

    Relative URLs go to the live server: ``page.goto("/customers/")``.
    """
    expect.set_options(timeout=TIMEOUT_MS)
    contexts: list[BrowserContext] = []

    def make(viewport: ViewportSize = DESKTOP, locale: str = "id-ID") -> Page:
        is_phone = viewport["width"] < 760  # the CSS breakpoint below which the top bar hides behind "Menu"
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale=locale,
            timezone_id="Asia/Jakarta",
            is_mobile=is_phone,
            has_touch=is_phone,
            service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: PageMaker, viewport: ViewportSize, browser_locale: str) -> Page:
    """A desktop-sized page (see the `viewport` fixture) in a fresh profile."""
    return new_page(viewport, browser_locale)


@pytest.fixture
def phone_page(new_page: PageMaker, browser_locale: str) -> Page:
    """A page in a phone-sized window (390 x 844, touch) in a fresh profile."""
    return new_page(PHONE, browser_locale)


def login(page: Page, live_server: LiveServer, user: User, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would, and wait until Prima lets them in."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(user.email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    try:
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    except PlaywrightTimeoutError:
        errors = page.locator("main [role=alert]").all_inner_texts()
        pytest.fail(f"Could not sign in as {user.email}; the login page says: {errors}", pytrace=False)
