"""Acceptance story (KUK 1.3, 2.5): an agent proposes an improvement on a phone; the supervisor accepts it as an
action owned by the agent; the agent finds it under "My actions" and marks it done; the supervisor verifies it
effective. The objective page shows a target's live actual."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from prima.core.metrics import Metric, MetricScope, register, unregister
from prima.improvement.models import Action, ActionStatus
from prima.improvement.services import add_target, create_objective
from tests.browser.conftest import PHONE, PageMaker, login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture


def test_agent_proposes_supervisor_accepts_and_verifies(new_page: PageMaker, live_server: LiveServer, cast: Cast):
    agent = new_page(PHONE)
    login(agent, live_server, cast.agent_a)
    agent.goto(f"{live_server.url}/improvement/proposals/new/")
    form = agent.locator("main form")
    form.locator("select[name=unit]").select_option(value=str(cast.unit_a.pk))
    form.locator("input[name=title]").fill("Kursi prioritas untuk lansia")
    form.locator("button[type=submit]").click()
    expect(agent.locator("main h1")).to_have_text("Kursi prioritas untuk lansia")

    supervisor = new_page()
    login(supervisor, live_server, cast.supervisor)
    supervisor.goto(f"{live_server.url}/improvement/proposals/")
    supervisor.get_by_role("link", name="Kursi prioritas untuk lansia").click()
    accept = supervisor.locator("form[action$='/accept/']")
    accept.locator("select[name=owner]").select_option(label="Dewi Lestari")
    accept.locator("input[name=due_date]").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    accept.locator("button[type=submit]").click()
    action = Action.objects.get()
    expect(supervisor).to_have_url(f"{live_server.url}/improvement/actions/{action.pk}/")

    agent.goto(f"{live_server.url}/improvement/actions/mine/")
    agent.get_by_role("link", name="Kursi prioritas untuk lansia").click()
    progress = agent.locator("form[action$='/progress/']")
    progress.locator("select[name=status]").select_option(value="done")
    progress.locator("button[type=submit]").click()
    expect(agent.locator("form[action$='/verify/']")).to_have_count(0)

    supervisor.goto(f"{live_server.url}/improvement/actions/{action.pk}/")
    verify = supervisor.locator("form[action$='/verify/']")
    verify.locator("input[value='1']").check()
    verify.locator("button[type=submit]").click()
    with translation.override("id"):  # the Indonesian label, as the browser asks for Indonesian
        verified = str(ActionStatus.VERIFIED_EFFECTIVE.label)
    expect(supervisor.locator("dl.facts strong").first).to_have_text(verified)
    assert Action.objects.get().status == ActionStatus.VERIFIED_EFFECTIVE


def test_objective_page_shows_the_live_actual_on_a_phone(new_page: PageMaker, live_server: LiveServer, cast: Cast):
    def waiting_minutes(scope: MetricScope, start: dt.date, end: dt.date) -> Decimal | None:
        return Decimal("12.5") if scope.unit_id == cast.head_office.pk else None

    register(Metric(code="browser.waiting", label="Waktu tunggu", compute=waiting_minutes))
    try:
        today = timezone.localdate()
        objective = create_objective(
            organisation=cast.organisation,
            unit=cast.head_office,
            title="Antrean lebih singkat",
            period_start=today.replace(day=1),
            period_end=today.replace(day=1) + dt.timedelta(days=200),
            actor=cast.leader,
        )
        add_target(objective, metric_code="browser.waiting", target_value=10, actor=cast.leader)
        page = new_page(PHONE)
        login(page, live_server, cast.leader)

        page.goto(f"{live_server.url}/improvement/objectives/{objective.pk}/")

        expect(page.locator("section.target h3")).to_have_text("Waktu tunggu")
        with translation.override("id"):
            met = gettext("met")
        expect(page.locator("section.target .met")).to_have_text(met)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        unregister("browser.waiting")
