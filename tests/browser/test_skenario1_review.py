"""Acceptance story, Skenario 1: at the evaluation meeting the figures show customers being lost; the meeting's
leader asks all staff for improvement proposals. Three colleagues propose, others vote; two ideas become plan items
with owned actions; the plan is published and the staff acknowledge it.

The lost-customer figures are real: regular customers of the unit stop coming over the last months (backdated
timeline entries, see ``tests.browser.retention_data``), the lost-customer scan runs, and the retention pages and
the review pack read the registered ``retention.*`` metrics in the live server."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from prima.core.metrics import get_metric
from prima.improvement.models import Action
from prima.plans.models import Acknowledgement, Idea, IdeaStatus, IdeaVote, Plan, PlanStatus, Review
from prima.plans.services import create_plan
from prima.plans.tests.factories import colleague
from tests.browser.conftest import PageMaker, login
from tests.browser.retention_data import FallingCustomers, falling_customers

if TYPE_CHECKING:
    from conftest import Cast

QUESTION = "Bagaimana agar pelanggan tidak berpindah ke layanan lain?"


@pytest.fixture
def lost_customers(cast: Cast) -> FallingCustomers:
    """Customers of unit A lost month after month (1, 1, 2, 2, 3, then 4 this month); 8 regulars remain."""
    return falling_customers(cast.unit_a)


def label(code: str) -> str:
    """A metric's label as the Indonesian pages show it."""
    with translation.override("id"):
        return str(get_metric(code).label)


def period_label(data: FallingCustomers, back: int) -> str:
    """The Indonesian label of the month ``back`` months before the current one."""
    with translation.override("id"):
        return data.periods[-1 - back].label


def submit(page: Page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state()


def propose(new_page: PageMaker, live_server: LiveServer, person, call_url: str, title: str) -> Page:
    page = new_page()
    login(page, live_server, person)
    page.goto(call_url)
    page.fill("#propose #id_title", title)
    page.fill("#propose #id_body", f"{title}: usulan dari {person.full_name}.")
    submit(page, "#propose")
    expect(page.locator("#ideas")).to_contain_text(title)
    return page


def vote(page: Page, title: str) -> None:
    page.reload()
    item = page.locator("#ideas li.plans-item", has_text=title)
    item.locator("form[action$='/vote/'] button").click()
    page.wait_for_load_state()


def test_skenario1_review_to_published_plan(
    cast: Cast, new_page: PageMaker, live_server: LiveServer, lost_customers: FallingCustomers
):
    rina = colleague(cast.unit_a, "Rina Wulandari", email="rina@prima.test")
    joko = colleague(cast.unit_a, "Joko Susilo", email="joko@prima.test")
    maya = colleague(cast.unit_a, "Maya Sari", email="maya@prima.test")
    plan = create_plan(
        cast.unit_a,
        title="Rencana kerja peningkatan layanan",
        period_start=date.today(),
        period_end=date.today() + timedelta(days=180),
        actor=cast.leader,
    )

    # The leader looks at the lost-customer analysis, then schedules and opens the unit's review.
    leader = new_page()
    login(leader, live_server, cast.leader)
    response = leader.goto("/retention/")
    assert response is not None and response.status == 200
    data = lost_customers
    now_active = str(data.active[-1])
    active_tile = leader.locator(".tile").first
    expect(active_tile.locator(".figure")).to_have_text(now_active)
    # Down from the end of the month three periods back: the figure is marked falling, with a warning.
    expect(active_tile.locator(".falling")).to_contain_text(str(data.active[-4] - data.active[-1]))
    expect(leader.locator("#falling-warning")).to_be_visible()
    for back in (0, 1):  # this month's and last month's rows: became lost, active at the end
        month = leader.locator("tbody tr").filter(
            has=leader.locator("td:first-child", has_text=re.compile(rf"^\s*{re.escape(period_label(data, back))}\s*$"))
        )
        cells = month.locator("td.num")
        expect(cells.nth(1)).to_have_text(str(data.lost[-1 - back]))
        expect(cells.last).to_have_text(str(data.active[-1 - back]))
    for name in data.lost_names[-1]:  # this month's lost customers head the "recently lost" list
        expect(leader.locator("main").get_by_role("link", name=name, exact=True)).to_be_visible()
    leader.goto("/plans/reviews/")
    row = leader.locator("li", has_text=cast.unit_a.name).filter(has=leader.locator("form"))
    row.locator("select[name=frequency]").select_option("monthly")
    row.locator("button[type=submit]").click()
    leader.wait_for_load_state()
    review = Review.objects.get(unit=cast.unit_a)
    leader.goto(f"/plans/reviews/{review.pk}/")
    submit(leader, "form[action$='/open/']")

    # The pack shows the same real figures for the review's six months: customers lost each month (4 this month,
    # up from 3) and active customers falling to the 8 regulars.
    lost = leader.locator("#pack-lost-customers")
    lost_row = lost.locator("tr", has_text=label("retention.lost_customers"))
    expect(lost_row.locator("td")).to_have_text([str(value) for value in data.lost])
    active_row = lost.locator("tr", has_text=label("retention.active_customers"))
    expect(active_row.locator("td")).to_have_text([str(value) for value in data.active])

    # The leader asks all staff for proposals, for the unit's plan.
    leader.fill("#decision-form #id_text", "Jumlah pelanggan turun; semua staf diminta memberi usulan perbaikan.")
    leader.select_option("#decision-form #id_plan", str(plan.pk))
    leader.fill("#decision-form #id_call_question", QUESTION)
    submit(leader, "#decision-form")
    expect(leader.locator("#decisions")).to_contain_text(QUESTION)
    call_url = leader.locator("#decisions a", has_text=QUESTION).get_attribute("href") or ""

    # Three colleagues propose; the others vote.
    rina_page = propose(new_page, live_server, rina, call_url, "Layanan antar dokumen")
    joko_page = propose(new_page, live_server, joko, call_url, "Pengingat WhatsApp")
    maya_page = propose(new_page, live_server, maya, call_url, "Jam layanan Sabtu")
    vote(rina_page, "Pengingat WhatsApp")
    vote(maya_page, "Pengingat WhatsApp")
    vote(joko_page, "Layanan antar dokumen")
    agent = new_page()
    login(agent, live_server, cast.agent_a)
    agent.goto(call_url)
    vote(agent, "Layanan antar dokumen")
    assert IdeaVote.objects.count() == 4

    # Two ideas become plan items, each with an action owned by its author.
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    for title in ("Pengingat WhatsApp", "Layanan antar dokumen"):
        idea = Idea.objects.get(title=title)
        leader.goto(f"/plans/ideas/{idea.pk}/accept/")
        leader.fill("#id_due_date", due)
        leader.check("#id_open_action")
        submit(leader, "main form")
        expect(leader.locator("main")).to_contain_text(title)
    assert Idea.objects.filter(status=IdeaStatus.ACCEPTED).count() == 2
    assert sorted(Action.objects.values_list("owner__full_name", flat=True)) == ["Joko Susilo", "Rina Wulandari"]

    # The plan is published; the staff acknowledge it from their list.
    leader.goto(f"/plans/{plan.pk}/")
    expect(leader.locator("#items")).to_contain_text("Pengingat WhatsApp")
    expect(leader.locator("#participation")).to_contain_text("Maya Sari")
    submit(leader, "form[action$='/publish/']")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED

    for page in (rina_page, joko_page, maya_page):
        page.goto("/plans/")
        submit(page, "#acknowledge form")
    assert Acknowledgement.objects.filter(plan=plan, acknowledged_at__isnull=False).count() == 3

    leader.goto(f"/plans/{plan.pk}/")
    expect(leader.locator("#acknowledged")).to_contain_text("Maya Sari")
    expect(leader.locator("#not-acknowledged")).to_contain_text("Dewi Lestari")
