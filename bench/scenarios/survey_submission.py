"""The public survey form (prima/surveys/collection): a respondent answers a 10-question survey, no account.

* ``survey_submit_flow``: GET the survey's public form (CSRF token and a fresh signed one-time key), then POST
  all 10 answers; every POST must answer 302 to the thank-you page. Each acknowledged key is written to a file.
* ``survey_submit_verify``: before its load, ``manage.py bench_setup_survey --verify`` (run with the server's
  database) fails the run unless every acknowledged key has its response in the database with its 10 answers
  (the answers go in with one bulk insert). Its load is the thank-you page.

Run both, in this order (they are sorted by name):

    .venv/bin/python bench/run.py --only survey_submit_flow --only survey_submit_verify
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from bench.loadgen import ProtocolError, Session, find_csrf_token
from bench.scenarios import Target, scenario

ROOT = Path(__file__).resolve().parents[2]
# Per benchmark process: several people may run the benchmark in this tree at once.
_FILES = ROOT / "var" / "bench" / f"survey-submission-{os.getpid()}"
STATE_FILE = _FILES.with_suffix(".json")
KEYS_FILE = _FILES.with_suffix(".keys")
VERIFIED_FILE = _FILES.with_suffix(".verified")
_KEY_INPUT = re.compile(r'name="form_key" value="([^"]+)"')
_QUESTION = re.compile(r'name="(q-[A-Z0-9]+)" value="(\d+)"')
_TEXT_QUESTION = re.compile(r'<textarea name="(q-[A-Z0-9]+)"')
QUESTIONS = 10


def _setup_command() -> tuple[str, ...]:
    return (
        "bench_setup_survey",
        *("--state", str(STATE_FILE)),
        *("--verify", str(KEYS_FILE), "--report", str(VERIFIED_FILE)),
    )


class _Run:
    """What the sessions share: the survey's public path and the acknowledged form keys."""

    def __init__(self) -> None:
        self.path = ""
        self.acknowledged = 0
        self._keys_file: Any = None

    def load_state(self) -> str:
        state = json.loads(STATE_FILE.read_text())
        self.path = f"/public/surveys/{state['token']}/"
        if self._keys_file is None:
            KEYS_FILE.parent.mkdir(parents=True, exist_ok=True)
            self._keys_file = KEYS_FILE.open("a", buffering=1)  # line-buffered: on disk before the next command
            atexit.register(self.finish)
        return self.path

    def acknowledge(self, location: str | None, key: str) -> None:
        if location != self.path + "thanks/":
            raise ProtocolError(f"expected a redirect to the thank-you page, got Location: {location!r}")
        self.acknowledged += 1
        self._keys_file.write(key + "\n")

    def finish(self) -> None:
        if self._keys_file is not None:
            self._keys_file.close()
        if VERIFIED_FILE.exists():
            print(f"survey submissions: {VERIFIED_FILE.read_text().strip()}", file=sys.stderr)
        for path in (STATE_FILE, KEYS_FILE, VERIFIED_FILE):
            path.unlink(missing_ok=True)


RUN = _Run()


def _answers(html: str) -> dict[str, str]:
    """One answer to every question of the page: the highest value offered, and a comment."""
    answers: dict[str, str] = {}
    for name, value in _QUESTION.findall(html):
        answers[name] = value  # options come in ascending order: the last one wins
    for name in _TEXT_QUESTION.findall(html):
        answers[name] = "Petugas ramah dan cepat, terima kasih."
    if len(answers) != QUESTIONS:
        raise ProtocolError(f"expected {QUESTIONS} questions in the form, found {len(answers)}")
    return answers


async def _load_state(session: Session) -> None:
    RUN.load_state()


@scenario(
    "survey_submit_flow",
    target=Target("insert", 0.1),
    setup=_load_state,
    commands=[_setup_command()],
)
async def survey_submit_flow(session: Session) -> None:
    """GET a 10-question survey's public form, then POST all answers with its CSRF token and one-time key."""
    page = await session.get(RUN.path)
    key = _KEY_INPUT.search(page.text)
    if key is None:
        raise ProtocolError("no form_key in the survey form")
    form = {"csrfmiddlewaretoken": find_csrf_token(page.text), "form_key": key.group(1), **_answers(page.text)}
    response = await session.post(RUN.path, form)
    RUN.acknowledge(response.header("location"), key.group(1))


async def _need_responses(session: Session) -> None:
    RUN.load_state()
    if not RUN.acknowledged:
        raise ProtocolError("no acknowledged survey response to verify: run survey_submit_flow first")


@scenario("survey_submit_verify", setup=_need_responses, commands=[_setup_command()])
async def survey_submit_verify(session: Session) -> None:
    """GET the thank-you page (after verifying every acknowledged response is stored with its 10 answers)."""
    await session.get(RUN.path + "thanks/")
