"""Acceptance story, Skenario 2 (in Indonesian): an order letter arrives and an agent logs it as a request;
stock covers only part of it. The leader above the unit assigns two staff: an owner, and a colleague from
another unit as collaborator. The order changes (a partial delivery, a new promised date, the rest of the stock
arriving and being delivered), the customer hears of each change by e-mail (a real local SMTP server receives
them), and the request is resolved and closed before the date promised."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from aiosmtpd.controller import Controller
from django.utils import formats, translation
from playwright.sync_api import Locator, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from prima.notify.models import EmailStatus, OutboundEmail
from prima.notify.tests.conftest import CollectingHandler, SmtpServer, free_port, use_smtp
from prima.tickets.choices import Status
from prima.tickets.dates import end_of_day, unit_today
from prima.tickets.models import Order, Ticket
from tests.browser.conftest import PageMaker, login

if TYPE_CHECKING:
    from conftest import Cast  # the root conftest's fixture

SUBJECT = "Pesanan beras dan minyak goreng PT Sumber Makmur"
CUSTOMER_NAME = "Rudi Hartono"
CUSTOMER_EMAIL = "rudi.hartono@sumbermakmur.co.id"
RICE, OIL = "Beras premium 5 kg", "Minyak goreng 2 L"
DELAY_REASON = "Sisa stok beras baru tiba dari gudang Cianjur minggu depan."


@pytest.fixture
def mailbox(settings: Settings) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd, as in prima/notify/tests) that the live server's outbox delivers to:
    with PRIMA_TESTING the send task runs as soon as the change that queued the e-mail commits."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="smtp.prima.test")
    controller.start()
    use_smtp(settings, port)
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()


def long_date(day: dt.date) -> str:
    """A day as the Indonesian pages print it (DATE_FORMAT, e.g. "5 Mei 2025")."""
    with translation.override("id"):
        return formats.date_format(day, "DATE_FORMAT")


def expect_notice(page: Page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def order_line(page: Page, item: str) -> Locator:
    return page.locator(".order-panel .order-line").filter(has_text=item)


def update_line(page: Page, item: str, *, stock: str | None = None, delivered: str | None = None) -> None:
    line = order_line(page, item)
    if stock is not None:
        line.locator("input[name$='-quantity_in_stock']").fill(stock)
    if delivered is not None:
        line.locator("input[name$='-quantity_delivered']").fill(delivered)
    line.get_by_role("button", name="Perbarui").click()  # "Update"
    expect_notice(page, "Baris pesanan diperbarui.")  # "Order line updated."


def change_status(page: Page, label: str) -> None:
    action = page.locator("#action-status")
    action.locator("summary").click()
    action.locator("select[name='status-to_status']").select_option(label=label)
    action.get_by_role("button", name="Ubah status").click()  # "Change status"
    expect_notice(page, f"Status diubah menjadi “{label}”.")


def log_the_order_letter(page: Page, promised: dt.date, letter_date: dt.date) -> None:
    page.goto("/requests/new/")
    expect(page.locator("main h1")).to_have_text("Catat permohonan")  # "Log a request"
    form = page.locator("form.intake-form")
    form.locator("#id_unit").select_option(label="Perizinan Usaha")
    form.locator("#id_channel").select_option(label="Surat")  # "Letter"
    form.locator("#id_kind").select_option(label="Pesanan")  # "Order"
    form.locator("#id_subject").fill(SUBJECT)
    form.locator("#id_description").fill(
        "Surat pesanan untuk 200 karung beras premium 5 kg dan 100 botol minyak goreng 2 L, dikirim ke gudang kami."
    )
    form.locator("#id_requester_name").fill(CUSTOMER_NAME)
    form.locator("#id_requester_email").fill(CUSTOMER_EMAIL)
    form.locator("#id_language").select_option("id")

    letter = form.locator("fieldset.kind-letter")
    expect(letter).to_be_visible()  # shown because the request came by letter
    letter.locator("#id_letter_number").fill("017/SM-PBL/V/2025")
    letter.locator("#id_letter_date").fill(letter_date.isoformat())
    letter.locator("#id_sender").fill("PT Sumber Makmur")

    order = form.locator("fieldset.kind-order")
    expect(order).to_be_visible()
    for row, (item, quantity, unit, stock) in enumerate([(RICE, "200", "karung", "120"), (OIL, "100", "botol", "100")]):
        order.locator(f"#id_line_{row}_item").fill(item)
        order.locator(f"#id_line_{row}_quantity").fill(quantity)
        order.locator(f"#id_line_{row}_unit_of_measure").fill(unit)
        order.locator(f"#id_line_{row}_quantity_in_stock").fill(stock)
    order.locator("#id_promised_date").fill(promised.isoformat())
    form.get_by_role("button", name="Simpan permohonan").click()  # "Record the request"
    expect(page).to_have_url(re.compile(r"/requests/\d+/$"))


def test_order_letter_partly_in_stock_is_changed_told_and_closed_on_time(
    new_page: PageMaker, live_server: LiveServer, cast: Cast, mailbox: SmtpServer
):
    today = unit_today(cast.unit_a)
    promised, new_promised = today + dt.timedelta(days=5), today + dt.timedelta(days=8)

    # 1. The agent logs the order letter; the request page shows what stock does not cover.
    agent = new_page()
    login(agent, live_server, cast.agent_a)
    log_the_order_letter(agent, promised, letter_date=today - dt.timedelta(days=1))
    ticket = Ticket.objects.get(subject=SUBJECT)
    expect(agent).to_have_url(f"{live_server.url}/requests/{ticket.pk}/")
    expect_notice(agent, f"Permohonan {ticket.tracking_code} dicatat.")  # "Request … recorded."
    expect(agent.locator("main h1")).to_have_text(SUBJECT)
    facts = agent.locator(".request-facts")
    expect(facts).to_contain_text("Pesanan")
    expect(facts).to_contain_text("Surat")
    expect(agent.locator(".letter-panel")).to_contain_text("017/SM-PBL/V/2025")
    expect(agent.locator(".letter-panel")).to_contain_text("PT Sumber Makmur")
    expect(agent.locator(".order-panel .promised-date")).to_have_text(long_date(promised))
    rice, oil = order_line(agent, RICE), order_line(agent, OIL)
    expect(rice.locator(".shortfall")).to_have_text("80")  # 200 ordered, 120 in stock
    expect(rice).to_have_class(re.compile(r"\bis-short\b"))
    expect(oil.locator(".shortfall")).to_have_text("0")
    expect(oil).not_to_have_class(re.compile(r"\bis-short\b"))
    assert ticket.due_at == end_of_day(promised, cast.unit_a)  # the promised date is when the request is due

    # 2. The leader (head office, above unit A) assigns an owner and brings in a colleague from unit B.
    leader = new_page()
    login(leader, live_server, cast.leader)
    leader.goto(f"/requests/{ticket.pk}/")
    assign = leader.locator("#action-assign")
    assign.locator("summary").click()
    assign.locator("select[name='assign-owner']").select_option(label=cast.agent_a.full_name)
    assign.get_by_role("button", name="Tugaskan").click()  # "Assign"
    expect_notice(leader, f"Ditugaskan kepada {cast.agent_a.full_name}.")
    collaborators = leader.locator("#action-collaborators")
    collaborators.locator("summary").click()
    collaborators.locator("select[name='collaborators-collaborators']").select_option(label=[cast.agent_b.full_name])
    collaborators.get_by_role("button", name="Tambah").click()  # "Add"
    expect_notice(leader, "1 kolaborator ditambahkan.")
    expect(leader.locator(".request-facts .owner")).to_have_text(cast.agent_a.full_name)
    expect(leader.locator(".request-facts")).to_contain_text(cast.agent_b.full_name)

    # 3. The owner records a partial delivery and promises a later date for the rest.
    agent.reload()
    expect(agent.locator(".request-facts .owner")).to_have_text(cast.agent_a.full_name)
    update_line(agent, RICE, delivered="120")
    expect(order_line(agent, RICE).locator(".delivered")).to_have_text("120")
    promise = agent.locator(".order-panel details").filter(has_text="Ubah tanggal yang dijanjikan")
    promise.locator("summary").click()
    promise.locator("input[name='promise-promised_date']").fill(new_promised.isoformat())
    promise.locator("textarea[name='promise-reason']").fill(DELAY_REASON)
    promise.get_by_role("button", name="Ubah tanggal").click()  # "Change the date"
    expect_notice(agent, "Tanggal yang dijanjikan diubah; pelanggan telah diberi tahu.")
    expect(agent.locator(".order-panel .promised-date")).to_have_text(long_date(new_promised))

    # The collaborator (unit B, who sees this request only as a collaborator) records the stock that arrived.
    colleague = new_page()
    login(colleague, live_server, cast.agent_b)
    colleague.goto(f"/requests/{ticket.pk}/")
    update_line(colleague, RICE, stock="200")
    expect(order_line(colleague, RICE).locator(".shortfall")).to_have_text("0")

    # The owner delivers the rest of the rice and all the oil, then resolves and closes the request.
    agent.reload()
    update_line(agent, RICE, delivered="200")
    update_line(agent, OIL, delivered="100")
    expect(order_line(agent, RICE).locator(".delivered")).to_have_text("200")
    expect(order_line(agent, OIL).locator(".delivered")).to_have_text("100")
    expect(agent.locator(".order-log li")).to_have_count(6)  # recorded + five changes
    change_status(agent, "Selesai")  # "Resolved"
    change_status(agent, "Ditutup")  # "Closed"
    expect(agent.locator(".request-facts .status")).to_have_text("Ditutup")

    # 4. The customer was told of each change of the order, in Indonesian, by e-mail actually delivered.
    code = ticket.tracking_code
    to_customer = OutboundEmail.objects.filter(to_address=CUSTOMER_EMAIL).order_by("pk")
    # Received + order recorded, four line updates, one new date; resolved; closed.
    assert to_customer.count() == 9
    delivered = mailbox.wait_for(OutboundEmail.objects.count())  # staff e-mails (the assignment) go there too
    received = [m for m in delivered if m.recipients == [CUSTOMER_EMAIL]]
    assert len(received) == 9, [m.message["Subject"] for m in received]
    assert set(to_customer.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert {m.message["Content-Language"] for m in received} == {"id"}
    assert all(m.plain_body().startswith(f"Yth. {CUSTOMER_NAME},") for m in received)
    order_mails = [m.plain_body() for m in received if m.message["Subject"] == f"Perkembangan pesanan Anda {code}"]
    expected = [
        f"Kami telah mencatat pesanan Anda:\n- {RICE}: 200 karung\n- {OIL}: 100 botol",
        f"{RICE}: sejauh ini 120 dari 200 karung telah dikirim.",
        f"Tanggal yang dijanjikan untuk pesanan Anda kini {new_promised.isoformat()}. Alasan: {DELAY_REASON}",
        f"{RICE}: sejauh ini 120 dari 200 karung telah dikirim.",  # the stock arrived; nothing delivered yet
        f"{RICE}: sejauh ini 200 dari 200 karung telah dikirim.",
        f"{OIL}: sejauh ini 100 dari 100 botol telah dikirim.",
    ]
    assert len(order_mails) == len(expected) == Order.objects.get(ticket=ticket).changes.count()
    for body, sentence in zip(order_mails, expected, strict=True):
        assert sentence in body
        assert f"Kode pelacakan: {code}" in body  # "Tracking code"
    subjects = [m.message["Subject"] for m in received]
    assert f"Permohonan {code} telah diterima" in subjects  # "Request … received"
    assert subjects[-2:] == [f"Permohonan Anda {code}: Selesai", f"Permohonan Anda {code}: Ditutup"]

    # 5. Closed on time: before the end of the (new) promised date, which is when the request was due.
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.owner == cast.agent_a
    assert list(ticket.collaborators.all()) == [cast.agent_b]
    assert ticket.due_at == end_of_day(new_promised, cast.unit_a)
    assert ticket.resolved_at is not None and ticket.closed_at is not None
    assert ticket.resolved_at <= ticket.closed_at <= ticket.due_at
    expect(agent.locator(".request-facts .due .overdue-marker")).to_have_count(0)
