"""The staff inbox (/requests/) over 100,000 and 1,000,000 requests. Its p95 latency must not grow with the
number of requests: at most 1.2 x from 100k to 1M, for the first page and for a deep page.

Before each scenario ``manage.py bench_seed_requests --profile inbox --count N`` makes sure the benchmark
organisation holds N requests (a realistic mix, inserted in bulk; only what is missing, so the 1M scenarios top
up the 100k data set). ``--scale small`` leaves the 1M scenarios out. Each session logs in once (setup, not
measured), then repeats one GET, which must list a full page of 50 requests, on at most 8 connections (the
concurrency the target is set at; at 16, queueing behind two sync workers pushes slow pages past the 10 s
timeout):

* ``inbox_<size>_unit_first`` / ``inbox_<size>_unit_deep``: a supervisor's "My units" tab (their unit holds
  40 % of the requests): the first page, and the page after an ``after_id`` near the oldest 10 % of the requests;
* ``inbox_<size>_all_first`` / ``inbox_<size>_all_deep``: the same for a leader's "All I can see" tab, which
  spans the four units.

Below the table, per page: p95 at 1M / p95 at 100k against the 1.2 x target, and how long seeding took.
The seeding helpers (``Seeded``, ``log_in``) are shared with ``sla.py``.
"""

from __future__ import annotations

import atexit
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.loadgen import ProtocolError, Session, Step, find_csrf_token
from bench.report import Summary
from bench.scenarios import current_scale, derived, scenario

ROOT = Path(__file__).resolve().parents[2]
PAGE_SIZE = 50  # prima.tickets.views.inbox.PAGE_SIZE
GROWTH_TARGET = 1.2
CONNECTIONS = 8  # the concurrency the latency target is set at (fewer when --connections says so)
SIZES: dict[str, int] = {"100k": 100_000, "1m": 1_000_000}
TABS = {"unit": "supervisor", "all": "leader"}  # inbox view -> who looks at it
PAGES = ("first", "deep")
_ROW = '<li class="request-row'


class Seeded:
    """What ``bench_seed_requests --state`` last wrote for one profile (re-read after every seeding command,
    in the scenarios' setup), and every seeding call of this run, for the report."""

    def __init__(self, profile: str) -> None:
        self.profile = profile
        # Per benchmark process: several people may run the benchmark in this tree at once.
        self.path = ROOT / "var" / "bench" / f"requests-{profile}-{os.getpid()}.json"
        self.calls: dict[str, dict[str, Any]] = {}
        atexit.register(self.path.unlink, missing_ok=True)

    def command(self, count: int) -> tuple[str, ...]:
        return ("bench_seed_requests", "--profile", self.profile, "--count", str(count), "--state", str(self.path))

    def load(self) -> dict[str, Any]:
        state: dict[str, Any] = json.loads(self.path.read_text())
        self.calls.setdefault(state["call"], state)
        return state

    def report(self) -> list[str]:
        """How long each seeding that inserted rows took."""
        lines = []
        for call in self.calls.values():
            inserted, seconds, count = call["inserted"], call["insert_seconds"], call["count"]
            if inserted:
                rate = inserted / seconds if seconds > 0 else 0
                lines.append(
                    f"  seeding ({self.profile}): {inserted:,} requests inserted in {seconds:.1f} s "
                    f"({rate:,.0f}/s), {count:,} in all"
                )
        return lines


INBOX = Seeded("inbox")


async def log_in(session: Session, login: Mapping[str, str]) -> None:
    """The staff login form: GET it for the CSRF token, POST the e-mail address and password."""
    page = await session.get("/accounts/login/")
    form = {
        "csrfmiddlewaretoken": find_csrf_token(page.text),
        "username": login["email"],
        "password": login["password"],
    }
    response = await session.post("/accounts/login/", form)
    if response.status != 302 or "sessionid" not in session.cookies:  # a failed login answers 200 with the form
        raise ProtocolError(f"login as {login['email']} failed (HTTP {response.status})")


@dataclass
class InboxPage:
    """One scenario: which tab, which page; the setup fills in the deep page's ``after_id`` and the row count."""

    name: str
    view: str
    deep: bool
    after_id: int | None = None
    count: int | None = None

    def path(self) -> str:
        after = f"&after_id={self.after_id}" if self.deep else ""
        return f"/requests/?view={self.view}{after}"

    async def setup(self, session: Session) -> None:
        state = INBOX.load()
        self.count = state["count"]
        self.after_id = state["deep_after_id"]
        if self.deep and self.after_id is None:
            raise ProtocolError("the seeding gave no after_id for the deep page")
        await log_in(session, state["logins"][TABS[self.view]])

    async def step(self, session: Session) -> None:
        page = await session.get(self.path())
        rows = page.text.count(_ROW)
        if rows != PAGE_SIZE:
            raise ProtocolError(f"GET {self.path()} listed {rows} requests, expected {PAGE_SIZE}")


PAGES_BY_NAME: dict[str, InboxPage] = {}


def _register(size: str, count: int, view: str, page: str) -> None:
    item = InboxPage(name=f"inbox_{size}_{view}_{page}", view=view, deep=page == "deep")
    PAGES_BY_NAME[item.name] = item
    where = "first page" if page == "first" else "page near the oldest 10 % (after_id)"
    who = f"{TABS[view]}'s {view!r} tab"
    step: Step = item.step
    scenario(
        item.name,
        description=f"GET the {where} of a {who} over {count:,} requests, {CONNECTIONS} connections",
        setup=item.setup,
        commands=[INBOX.command(count)],
        connections=CONNECTIONS,
    )(step)


for _size, _count in SIZES.items():
    if _size == "1m" and current_scale() == "small":
        continue
    for _view in TABS:
        for _page in PAGES:
            _register(_size, _count, _view, _page)


@derived
def inbox_growth(summaries: Mapping[str, Summary]) -> list[str]:
    """p95 at 1M / p95 at 100k for each page, against the target."""
    lines = []
    for view in TABS:
        for page in PAGES:
            small = summaries.get(f"inbox_100k_{view}_{page}")
            if small is None:
                continue
            large = summaries.get(f"inbox_1m_{view}_{page}")
            label = f"  {view} tab, {page} page:"
            if large is None:
                lines.append(f"{label} p95 {_ms(small.p95_ms)} at {_rows(small)}; 1M not measured (--scale small)")
                continue
            lines.append(f"{label} p95 {_ms(small.p95_ms)} at {_rows(small)}, {_ms(large.p95_ms)} at {_rows(large)}")
            lines[-1] += f": {_growth(small, large)}"
    if not lines:
        return []
    connections = f"at most {CONNECTIONS} connections"
    title = f"Staff inbox, p95 latency at 1M / at 100k requests, {connections} (target <= {GROWTH_TARGET:g}x):"
    return [title, *lines, *INBOX.report()]


def _growth(small: Summary, large: Summary) -> str:
    if not small.p95_ms or large.p95_ms is None:
        return "MISS (no latency measured)"
    ratio = large.p95_ms / small.p95_ms
    met = ratio <= GROWTH_TARGET and not small.errors and not large.errors
    errors = " with errors" if small.errors or large.errors else ""
    # The median moves less with whatever else the machine is doing; shown for reading, not checked.
    median = f" (p50 x{large.p50_ms / small.p50_ms:.2f})" if small.p50_ms and large.p50_ms is not None else ""
    return f"x{ratio:.2f} {'PASS' if met else 'MISS'}{errors}{median}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def _rows(summary: Summary) -> str:
    page = PAGES_BY_NAME.get(summary.name)
    return f"{page.count:,} requests" if page is not None and page.count is not None else "? requests"
