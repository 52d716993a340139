"""The public request form (prima/tickets/public): a citizen's complaint, sent without an account.

* ``public_submit_flow``: GET the unit's form (CSRF token and a fresh signed submission key), then POST it.
* ``public_submit_post``: the POST alone. Each session GETs the form once in its setup for the CSRF cookie
  and token; the signed submission keys, one per POST, are minted beforehand by ``manage.py
  bench_setup_public`` with the server's own SECRET_KEY, exactly as the form's GET would mint them.
* ``public_track_status``: GET the public status page of requests acknowledged above.

Every POST must answer 302 to ``/public/receipt/<code>/``; each code seen is written to a file, and the next
scenario's ``bench_setup_public --verify`` (a manage.py command, run with the server's database) fails the
run unless every acknowledged code is in the database ("durable before acknowledged"). Run all three so the
last POSTs are verified too:

    .venv/bin/python bench/run.py --only public_submit_flow --only public_submit_post --only public_track_status
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import json
import os
import random
import re
import sys
from collections import deque
from pathlib import Path
from typing import Any

from bench.loadgen import ProtocolError, Session, find_csrf_token
from bench.scenarios import Target, scenario

ROOT = Path(__file__).resolve().parents[2]
# Per benchmark process: several people may run the benchmark in this tree at once.
_FILES = ROOT / "var" / "bench" / f"public-submission-{os.getpid()}"
STATE_FILE = _FILES.with_suffix(".json")
CODES_FILE = _FILES.with_suffix(".codes")
VERIFIED_FILE = _FILES.with_suffix(".verified")
_KEY_INPUT = re.compile(r'name="submission_key" value="([^"]+)"')
_RECEIPT = re.compile(r"^/public/receipt/(PRM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/$")
# Keys minted per second of warm-up plus measurement: well above what two sync workers can accept.
_KEYS_PER_SECOND = 3000


def _planned_seconds() -> float:
    """Warm-up plus duration of this benchmark run, read from bench/run.py's own arguments."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    try:
        known, _rest = parser.parse_known_args(sys.argv[1:])
    except argparse.ArgumentError:
        return 10.0
    return max(known.duration, 0) + max(known.warmup, 0)


def _setup_command(*extra: str) -> tuple[str, ...]:
    return (
        "bench_setup_public",
        *("--state", str(STATE_FILE)),
        *("--verify", str(CODES_FILE), "--report", str(VERIFIED_FILE)),
        *extra,
    )


class _Run:
    """What the sessions share: the benchmark unit, the unused submission keys, the acknowledged codes."""

    def __init__(self) -> None:
        self.unit_id: int | None = None
        self.keys: deque[str] = deque()
        self.codes: list[str] = []
        self.numbers = itertools.count(1)
        self.csrf_tokens: dict[int, str] = {}  # id(session) -> the token its setup read from the form
        self._codes_file: Any = None

    def load_state(self) -> int:
        """Read what ``bench_setup_public`` wrote before this scenario (a new state file per scenario)."""
        state = json.loads(STATE_FILE.read_text())
        if self.unit_id != state["unit_id"] or not self.keys:
            self.keys = deque(state["keys"])
        self.unit_id = state["unit_id"]
        if self._codes_file is None:
            CODES_FILE.parent.mkdir(parents=True, exist_ok=True)
            self._codes_file = CODES_FILE.open("a", buffering=1)  # line-buffered: on disk before the next command
            atexit.register(self.finish)
        return self.unit_id

    def acknowledge(self, location: str | None) -> str:
        match = _RECEIPT.match(location or "")
        if match is None:
            raise ProtocolError(f"expected a redirect to the receipt, got Location: {location!r}")
        code = match.group(1)
        self.codes.append(code)
        self._codes_file.write(code + "\n")
        return code

    def finish(self) -> None:
        if self._codes_file is not None:
            self._codes_file.close()
        if VERIFIED_FILE.exists():
            print(f"public submissions: {VERIFIED_FILE.read_text().strip()}", file=sys.stderr)
        for path in (STATE_FILE, CODES_FILE, VERIFIED_FILE):
            path.unlink(missing_ok=True)


RUN = _Run()


def _complaint(key: str, token: str) -> dict[str, str]:
    number = next(RUN.numbers)
    return {
        "csrfmiddlewaretoken": token,
        "submission_key": key,
        "kind": "complaint",
        "subject": f"Antrian loket tidak dilayani ({number})",
        "description": "Saya menunggu dua jam di loket 3 tanpa dipanggil, padahal nomor antrean saya sudah lewat.",
        "incident_date": "2025-03-04",
        "incident_place": "Loket 3",
        "remedy_requested": "Berkas saya diproses hari ini.",
        "confidentiality": "normal",
        "requester_name": "Budi Santoso",
        # A new person for every complaint, the common case on a public channel and the heavier path:
        # a customer, two contacts and a consent are created along with the request.
        "requester_email": f"warga{number}.{os.getpid()}@bench.test",
        "requester_phone": f"0812{number % 10**8:08d}",
        "consent": "on",
        "website": "",
    }


async def _open_form(session: Session) -> None:
    """Setup of the POST scenario: the form once, for the CSRF cookie and token."""
    unit_id = RUN.load_state()
    page = await session.get(f"/public/{unit_id}/")
    RUN.csrf_tokens[id(session)] = find_csrf_token(page.text)


async def _load_state(session: Session) -> None:
    RUN.load_state()


@scenario(
    "public_submit_flow",
    target=Target("insert", 0.12),
    setup=_load_state,
    commands=[_setup_command()],
)
async def public_submit_flow(session: Session) -> None:
    """GET a unit's public form, then POST a complaint with its CSRF token and signed key; expect the receipt."""
    path = f"/public/{RUN.unit_id}/"
    page = await session.get(path)
    key = _KEY_INPUT.search(page.text)
    if key is None:
        raise ProtocolError("no submission_key in the form")
    response = await session.post(path, _complaint(key.group(1), find_csrf_token(page.text)))
    RUN.acknowledge(response.header("location"))


@scenario(
    "public_submit_post",
    target=Target("insert", 0.33),
    setup=_open_form,
    commands=[_setup_command("--keys", str(int(max(_planned_seconds(), 10) * _KEYS_PER_SECOND)))],
)
async def public_submit_post(session: Session) -> None:
    """POST a complaint to a unit's public form (a fresh signed key each time); expect the receipt."""
    if not RUN.keys:
        raise ProtocolError("out of pre-minted submission keys")
    form = _complaint(RUN.keys.popleft(), RUN.csrf_tokens[id(session)])
    response = await session.post(f"/public/{RUN.unit_id}/", form)
    RUN.acknowledge(response.header("location"))


async def _need_codes(session: Session) -> None:
    RUN.load_state()
    if not RUN.codes:
        raise ProtocolError("no acknowledged request to track: run public_submit_flow or public_submit_post first")


@scenario("public_track_status", setup=_need_codes, commands=[_setup_command()])
async def public_track_status(session: Session) -> None:
    """GET the public status page of an acknowledged request (after verifying all of them are stored)."""
    code = random.choice(RUN.codes)
    page = await session.get(f"/public/track/{code}/")
    if code not in page.text:
        raise ProtocolError("the status page does not show its code")
