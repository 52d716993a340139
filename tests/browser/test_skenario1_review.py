"""Acceptance story, Skenario 1: at the evaluation meeting the figures show customers being lost; the meeting's
leader asks all staff for improvement proposals. Three colleagues propose, others vote; two ideas become plan items
with owned actions; the plan is published and the staff acknowledge it.

The lost-customer figures come from the metric registry: the test registers a ``retention.lost_customers`` that
rises (customers falling) over the review's periods, in the same process as the live server."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from prima.core import metrics
from prima.core.metrics import Metric, MetricScope
from prima.improvement.models import Action
from prima.plans.models import Acknowledgement, Idea, IdeaStatus, IdeaVote, Plan, PlanStatus, Review
from prima.plans.services import create_plan
from prima.plans.tests.factories import colleague
from tests.browser.conftest import PageMaker, login

if TYPE_CHECKING:
    from conftest import Cast

QUESTION = "Bagaimana agar pelanggan tidak berpindah ke layanan lain?"


@pytest.fixture
def falling_customers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lost customers per month: 4 long ago, rising to 19 this month; active customers falling from 240 to 180."""
    today = date.today()

    def months_ago(start: date) -> int:
        return (today.year - start.year) * 12 + today.month - start.month

    def lost(scope: MetricScope, start: date, end: date) -> Decimal:
        return Decimal(max(4, 19 - 3 * months_ago(start)))

    def active(scope: MetricScope, start: date, end: date) -> Decimal:
        return Decimal(180 + 12 * months_ago(start))

    registry = dict(metrics._REGISTRY)
    registry["retention.lost_customers"] = Metric("retention.lost_customers", "Pelanggan hilang", lost, decimals=0)
    registry["retention.active_customers"] = Metric("retention.active_customers", "Pelanggan aktif", active, decimals=0)
    monkeypatch.setattr(metrics, "_REGISTRY", registry)


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
    cast: Cast, new_page: PageMaker, live_server: LiveServer, falling_customers
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
    assert leader.goto("/retention/").status == 200
    leader.goto("/plans/reviews/")
    row = leader.locator("li", has_text=cast.unit_a.name).filter(has=leader.locator("form"))
    row.locator("select[name=frequency]").select_option("monthly")
    row.locator("button[type=submit]").click()
    leader.wait_for_load_state()
    review = Review.objects.get(unit=cast.unit_a)
    leader.goto(f"/plans/reviews/{review.pk}/")
    submit(leader, "form[action$='/open/']")

    # The pack shows customers being lost: 19 this month, up from 16 the month before.
    lost = leader.locator("#pack-lost-customers")
    expect(lost).to_contain_text("Pelanggan hilang")
    expect(lost.locator("tr", has_text="Pelanggan hilang").locator("td").last).to_have_text("19")
    expect(lost.locator("tr", has_text="Pelanggan hilang").locator("td").nth(-2)).to_have_text("16")
    expect(lost.locator("tr", has_text="Pelanggan aktif").locator("td").last).to_have_text("180")

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
