"""Acceptance story: a supervisor runs an SOP audit of an agent from a checklist — starts it, records a pass and
a fail with a PDF as evidence, completes it — and the read-only audit shows the score; the agent then finds the
audit and its evidence. The compliance dashboard fits a phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from prima.compliance.models import Audit, AuditStatus
from prima.compliance.services import create_checklist
from tests.browser.conftest import PHONE, PageMaker, login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture


def test_supervisor_audits_an_agent_and_the_agent_sees_the_result(
    new_page: PageMaker, live_server: LiveServer, cast: Cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_checklist(
        cast.unit_a,
        name={"id": "Audit loket"},
        custom_items=[{"id": "Loket buka tepat waktu"}, {"id": "Maklumat terpasang"}],
        actor=cast.supervisor,
    )
    evidence = tmp_path / "foto.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bukti\n")
    page = new_page()
    login(page, live_server, cast.supervisor)

    page.goto(f"{live_server.url}/compliance/audits/new/")
    form = page.locator("main form")
    form.locator("select[name=checklist]").select_option(label="Audit loket · Perizinan Usaha")
    form.locator("select[name=unit]").select_option(value=str(cast.unit_a.pk))
    form.locator("select[name=person]").select_option(label="Dewi Lestari")
    form.locator("input[name=audit_date]").fill("2026-03-02")
    form.locator("button[type=submit]").click()
    audit = Audit.objects.get()
    expect(page).to_have_url(f"{live_server.url}/compliance/audits/{audit.pk}/")

    first, second = audit.items.order_by("position")
    item = page.locator(f"#item-{first.pk}")
    item.locator("input[value=pass]").check()
    item.locator("input[type=file]").set_input_files(str(evidence))
    item.locator("button[type=submit]").click()
    expect(page.locator(f"#item-{first.pk} a[href$='/evidence/']")).to_have_text("foto.pdf")
    page.locator(f"#item-{second.pk} input[value=fail]").check()
    page.locator(f"#item-{second.pk} button[type=submit]").click()
    page.locator(f"form[action$='/audits/{audit.pk}/complete/'] button[type=submit]").click()

    expect(page.locator("dl.facts strong")).to_have_text("50,00\u00a0%")
    expect(page.locator("form[enctype='multipart/form-data']")).to_have_count(0)
    assert Audit.objects.get().status == AuditStatus.COMPLETED

    agent_page = new_page(PHONE)
    login(agent_page, live_server, cast.agent_a)
    agent_page.goto(f"{live_server.url}/compliance/audits/")
    agent_page.locator(f"a[href='/compliance/audits/{audit.pk}/']").click()
    with agent_page.expect_download() as download:
        agent_page.locator("a[href$='/evidence/']").click()
    assert download.value.suggested_filename == "foto.pdf"

    agent_page.goto(f"{live_server.url}/compliance/")
    overflow = agent_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
