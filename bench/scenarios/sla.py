"""SLA at scale, on 1,000,000 open requests (100,000 with ``--scale small``).

``manage.py bench_seed_requests --profile sla`` fills a second benchmark organisation: every request open, an
organisation-wide policy "resolved within 30 calendar days", ``due_at`` as the clocks compute it, and exactly
one request in 1,000 past due (by 10 minutes to 3 days, so every escalation level is reached).

* ``request_detail``: a supervisor opens requests of their unit (``/requests/<pk>/``, a quarter of them past
  due): the request page with its SLA clocks. Below the table: its p95 as a ratio to the bare baseline's p95,
  and whether the page showed clocks at all.
* ``sla_breach_scan``: before the load, ``manage.py bench_sla_scan`` runs ``scan_for_breaches()`` twice (the
  first records and escalates every breach, the second finds nothing new) and reports, below the table, its
  time, its SQL statements and the Ticket rows it loaded, against a plain ``SELECT COUNT(*)`` of the past-due
  requests in the same run: loading about that many rows, not the million open ones, shows the scan selects
  in SQL rather than looping in Python (target: rows loaded <= 1.1 x COUNT(*)). The load itself is the
  supervisor's "Overdue" inbox tab over the same requests, on at most 8 connections like the inbox.

``request_detail`` runs on ``--connections`` sessions, like the bare baseline its p95 is compared with.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import re
from collections.abc import Mapping
from typing import Any

from bench.loadgen import ProtocolError, Session
from bench.report import Summary
from bench.scenarios import current_scale, derived, scenario
from bench.scenarios.inbox import CONNECTIONS, PAGE_SIZE, ROOT, Seeded, log_in

SIZE = 1_000_000 if current_scale() == "full" else 100_000
LOADED_TARGET = 1.1  # Ticket rows loaded by the scan / past-due requests counted in SQL
SLA = Seeded("sla")
SCAN_REPORT = ROOT / "var" / "bench" / f"sla-scan-{os.getpid()}.json"
_CLOCK = re.compile(r"""class=["']clock[\s"']""")  # one <li> per clock in templates/tickets/staff/_clocks.html
_ROW = '<li class="request-row'
_EMPTY = '<li class="request-row empty"'


class _Detail:
    """The ids to open, from the seeding; what the pages showed (counted in the warm-up too)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.pages = 0
        self.pages_with_clocks = 0
        self.clocks = 0
        self.count: int | None = None

    async def setup(self, session: Session) -> None:
        state = SLA.load()
        self.ids, self.count = state["detail_ids"], state["count"]
        if not self.ids:
            raise ProtocolError("the seeding gave no request to open")
        await log_in(session, state["logins"]["supervisor"])

    def saw(self, html: str) -> None:
        clocks = len(_CLOCK.findall(html))
        self.pages += 1
        self.clocks += clocks
        self.pages_with_clocks += clocks > 0 or "sla-clocks" in html


DETAIL = _Detail()


@scenario("request_detail", setup=DETAIL.setup, commands=[SLA.command(SIZE)])
async def request_detail(session: Session) -> None:
    """GET the page of a request of the supervisor's unit (with its SLA clocks, if shown), 1 in 4 past due."""
    pk = random.choice(DETAIL.ids)
    page = await session.get(f"/requests/{pk}/")
    if "<h1" not in page.text:
        raise ProtocolError(f"GET /requests/{pk}/ is not the request page (redirected to log in?)")
    DETAIL.saw(page.text)


async def _overdue_setup(session: Session) -> None:
    state = SLA.load()
    await log_in(session, state["logins"]["supervisor"])


@scenario(
    "sla_breach_scan",
    setup=_overdue_setup,
    commands=[SLA.command(SIZE), ("bench_sla_scan", "--report", str(SCAN_REPORT))],
    connections=CONNECTIONS,
)
async def sla_breach_scan(session: Session) -> None:
    """Breach scan over the open requests before the load (figures below the table); load: the Overdue tab."""
    page = await session.get("/requests/?view=overdue")
    rows = page.text.count(_ROW)
    if not 0 < rows <= PAGE_SIZE or _EMPTY in page.text:
        raise ProtocolError(f"the Overdue tab listed {rows} requests, expected 1 to {PAGE_SIZE}")


atexit.register(SCAN_REPORT.unlink, missing_ok=True)


@derived
def sla_figures(summaries: Mapping[str, Summary]) -> list[str]:
    lines = _detail_lines(summaries) + _scan_lines(summaries)
    if not lines:
        return []
    return [f"SLA at scale ({SIZE:,} open requests):", *lines, *SLA.report()]


def _detail_lines(summaries: Mapping[str, Summary]) -> list[str]:
    detail, bare = summaries.get("request_detail"), summaries.get("bare")
    if detail is None:
        return []
    line = f"  request page: p95 {_ms(detail.p95_ms)}"
    if bare is not None and bare.p95_ms and detail.p95_ms is not None:
        line += f" = {detail.p95_ms / bare.p95_ms:.1f}x the bare view's p95 ({_ms(bare.p95_ms)})"
    if detail.vs_bare is not None:
        line += f"; throughput {detail.vs_bare:.2f}x bare"
    if detail.errors:
        line += f"; {detail.errors} errors"
    if not DETAIL.pages:
        clocks = "no page seen"
    elif DETAIL.pages_with_clocks:
        average = DETAIL.clocks / DETAIL.pages_with_clocks
        clocks = f"SLA clocks shown on {DETAIL.pages_with_clocks:,} of {DETAIL.pages:,} pages ({average:.1f} per page)"
    else:
        clocks = f"the page shows no SLA clocks (none on {DETAIL.pages:,} pages): measured without them"
    return [line, f"    {clocks}"]


def _scan_lines(summaries: Mapping[str, Summary]) -> list[str]:
    if "sla_breach_scan" not in summaries or not SCAN_REPORT.exists():
        return []
    report: dict[str, Any] = json.loads(SCAN_REPORT.read_text())
    past_due, count_s = report["past_due"], report["count_s"]
    lines = [
        f"  breach scan: {report['open_requests_with_policy']:,} open requests under a policy "
        f"({report['open_requests']:,} open in all); plain SELECT COUNT(*) of the past-due ones: {past_due:,} "
        f"in {count_s * 1000:.1f} ms"
    ]
    for key, label in (("scan", "first scan"), ("rescan", "repeat scan")):
        scan = report[key]
        loaded, candidates, seconds = scan["tickets_loaded"], scan["candidates"], scan["seconds"]
        ratio = loaded / past_due if past_due else float("inf") if loaded else 0.0
        verdict = "PASS" if ratio <= LOADED_TARGET and not scan["failed"] else "MISS"
        per_candidate = (
            f", {seconds / candidates * 1000:.1f} ms and {scan['queries'] / candidates:.1f} statements per candidate"
        )
        lines += [
            f"    {label}: {seconds:.2f} s (x{seconds / count_s:,.0f} the COUNT(*)), "
            f"{scan['queries']:,} SQL statements, "
            f"{loaded:,} requests loaded for {candidates:,} candidates" + (per_candidate if candidates else ""),
            f"      rows loaded / COUNT(*) = {ratio:.2f} {verdict} (<= {LOADED_TARGET:g}x); "
            f"{scan['recorded']:,} events recorded, {scan['escalations']:,} escalations, {scan['emails']:,} e-mails, "
            f"{scan['due_dates_fixed']:,} due dates fixed, {scan['failed']:,} failed",
        ]
    return lines


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"
