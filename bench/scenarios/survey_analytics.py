"""Survey analytics at scale: the IKM (``compute_skm``) and SERVQUAL (``compute_servqual``) over many answers.

Before the load, ``manage.py shell`` runs this module's seeding and measuring functions (raw bulk INSERTs, COPY on
PostgreSQL; each call tops up to its size, so a second run inserts nothing):

* SKM surveys of 100,000 and 1,000,000 responses (9 answers each: 0.9 M and 9 M ``surveys_answer`` rows);
* SERVQUAL surveys of 10,000 and 100,000 responses (44 answers each: 0.44 M and 4.4 M rows);
  ``--scale small`` divides every size by 10.

The measurement, in one process on the same database, times each analytic (best of 3 after a warm-up) against
the plain ``SELECT item_id, SUM(value), COUNT(value) FROM surveys_answer WHERE survey_id = %s GROUP BY item_id``
over the same survey's rows, and records the peak Python memory of each analytic (``tracemalloc``). Below the table:
time ratio to the plain query (target <= 1.5x) and peak memory at the large size / at the small size (must not grow:
target <= 1.2x), with the seeding time. The load itself is a signed-in supervisor requesting the SKM result of the
small SKM survey through the API (``/api/v1/surveys/<id>/skm/``).

Run it alone: ``.venv/bin/python bench/run.py --only survey_analytics --duration 3``.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.loadgen import ProtocolError, Session
from bench.report import Summary
from bench.scenarios import current_scale, derived, scenario
from bench.scenarios.inbox import ROOT, log_in

DIVISOR = 1 if current_scale() == "full" else 10
SKM_SIZES = {"small": 100_000 // DIVISOR, "large": 1_000_000 // DIVISOR}
SERVQUAL_SIZES = {"small": 10_000 // DIVISOR, "large": 100_000 // DIVISOR}
TIME_TARGET = 1.5
MEMORY_TARGET = 1.2
STATE = ROOT / "var" / "bench" / f"survey-analytics-{os.getpid()}.json"
atexit.register(STATE.unlink, missing_ok=True)
BATCH = 20_000
PLAIN_SQL = "SELECT item_id, SUM(value), COUNT(value) FROM surveys_answer WHERE survey_id = %s GROUP BY item_id"


def _code(function: str, *args: object) -> tuple[str, ...]:
    arguments = ", ".join(repr(argument) for argument in args)
    return ("shell", "-c", f"from bench.scenarios import survey_analytics as m; m.{function}({arguments})")


# --- inside manage.py shell (Django is set up) -------------------------------------------------------------------


def _read_state(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text()) if path.exists() else {"surveys": {}, "seeding": [], "measure": {}}


def _write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2))


def _fixture(password: str) -> tuple[Any, Any, Any]:
    """The benchmark organisation, its unit with two services, and a supervisor (fresh password)."""
    from prima.accounts.models import Membership, Organisation, OrganisationKind, Role, ServiceUnit, User
    from prima.standards.models import Service

    organisation, _ = Organisation.objects.get_or_create(
        name="Bench Survey Analytics", defaults={"kind": OrganisationKind.PUBLIC_SERVICE}
    )
    unit = ServiceUnit.objects.filter(organisation=organisation, code="bench-skm").first()
    if unit is None:
        unit = ServiceUnit.objects.create(organisation=organisation, name="Unit Benchmark SKM", code="bench-skm")
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
    for code in ("izin-a", "izin-b"):
        Service.objects.get_or_create(unit=unit, code=code, defaults={"name": {"id": f"Layanan {code}"}})
    user = User.objects.filter(email="bench.surveys@prima.test").first()
    if user is None:
        user = User.objects.create_user("bench.surveys@prima.test", password, full_name="Bench Surveys")
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.SUPERVISOR)
    return organisation, unit, user


def seed(template: str, label: str, size: int, state_path: str) -> None:
    """Make sure the survey ``<template>-<label>`` holds ``size`` responses (raw bulk INSERT of the missing ones)."""
    from django.db import connection, transaction

    from prima.surveys.models import Item, Response, Survey
    from prima.surveys.services import create_survey_from_template, load_version
    from prima.surveys.services.responses import answer_rows

    path = Path(state_path)
    state = _read_state(path)
    password = secrets.token_urlsafe(16)
    organisation, unit, user = _fixture(password)
    name = f"bench-{template}-{label}"
    survey = Survey.objects.filter(organisation=organisation, name=name).first()
    if survey is None:
        survey = create_survey_from_template(template, name=name, organisation=organisation, unit=unit)
    version = survey.current_version()
    assert version is not None
    if template == "skm2017":
        items = list(Item.objects.filter(version=version, is_unsur=True).order_by("position"))
    else:
        items = list(Item.objects.filter(version=version).exclude(pair_role="").order_by("position"))
    services = list(unit.services.order_by("code").values_list("pk", flat=True))
    existing = Response.objects.filter(survey=survey).count()
    missing = max(0, size - existing)
    started = time.perf_counter()
    rng = random.Random(f"{name}-{existing}")
    low, high = items[0].scale_min or 1, items[0].scale_max or 4
    spec = load_version(version)
    # 4,096 answer sheets with their respondent facts, computed as the services compute them.
    patterns = []
    for _ in range(4096):
        base = rng.choice(range(low + 1, high + 1))
        cleaned = {item.code: min(high, max(low, base + rng.choice((-1, 0, 0, 0, 1)))) for item in items}
        rows = answer_rows(spec, cleaned, response=Response(survey_id=survey.pk))
        patterns.append(
            [(row.item_id, row.value, row.respondent_tally, row.gap, row.group_sum, row.group_pairs) for row in rows]
        )
    origin = datetime(2025, 1, 1, tzinfo=UTC)
    next_id = (Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    postgres = connection.vendor == "postgresql"
    counted = len(items) if template == "skm2017" else len(items) // 2  # unsur, or complete pairs
    done = 0
    while done < missing:
        count = min(BATCH, missing - done)
        responses: list[tuple[Any, ...]] = []
        answers: list[tuple[Any, ...]] = []
        for offset in range(count):
            response_id = next_id + done + offset
            when = origin + timedelta(seconds=(existing + done + offset) * 47 % (540 * 86400))
            moment: Any = when if postgres else connection.ops.adapt_datetimefield_value(when)
            service = services[response_id % len(services)]
            responses.append(
                (response_id, survey.pk, version.pk, unit.pk, service, "paper", moment, True, "", "", "", counted)
            )
            answers.extend(
                (response_id, item_id, survey.pk, unit.pk, service, moment, value, "", tally, gap, total, pairs)
                for item_id, value, tally, gap, total, pairs in patterns[rng.randrange(4096)]
            )
        _insert(connection, responses, answers, postgres)
        done += count
    if postgres and missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('surveys_response', 'id'), "
                "(SELECT MAX(id) FROM surveys_response))"
            )
            # As autovacuum would: statistics, and the visibility map that index-only scans rely on.
            cursor.execute("VACUUM ANALYZE surveys_answer")
            cursor.execute("VACUUM ANALYZE surveys_response")
    elif missing:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    state["surveys"][name] = {"id": survey.pk, "size": size, "template": template}
    state["login"] = {"email": user.email, "password": password}
    state["seeding"].append({"survey": name, "inserted": missing, "seconds": time.perf_counter() - started})
    _write_state(path, state)


RESPONSE_COLUMNS = (
    "id, survey_id, version_id, unit_id, service_id, channel, submitted_at, is_anonymous, respondent_name, "
    "respondent_contact, import_batch, index_items_answered"
)
ANSWER_COLUMNS = (
    "response_id, item_id, survey_id, unit_id, service_id, submitted_at, value, text, respondent_tally, gap, "
    "group_sum, group_pairs"
)


def _insert(connection: Any, responses: list[tuple[Any, ...]], answers: list[tuple[Any, ...]], postgres: bool) -> None:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            raw = cursor.cursor
            if _fast_postgres(cursor):
                # Consistent rows of a throwaway data set: skip the per-row foreign-key triggers (superuser only).
                cursor.execute("SET LOCAL session_replication_role = replica")
            with raw.copy(f"COPY surveys_response ({RESPONSE_COLUMNS}) FROM STDIN") as copy:
                for row in responses:
                    copy.write_row(row)
            with raw.copy(f"COPY surveys_answer ({ANSWER_COLUMNS}) FROM STDIN") as copy:
                for row in answers:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO surveys_response ({RESPONSE_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})",  # noqa: S608
                responses,
            )
            cursor.executemany(
                f"INSERT INTO surveys_answer ({ANSWER_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})",  # noqa: S608
                answers,
            )


def _fast_postgres(cursor: Any) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def _best(function: Any, repeat: int = 3) -> float:
    function()  # warm-up: caches, query plans
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def _peak(function: Any) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(state_path: str) -> None:
    """Time each analytic against the plain GROUP BY over the same survey, and record its peak memory."""
    from django.db import connection, reset_queries

    from prima.surveys.analytics.servqual import compute_servqual
    from prima.surveys.analytics.skm import compute_skm
    from prima.surveys.models import Survey

    path = Path(state_path)
    state = _read_state(path)
    results: dict[str, Any] = {}
    for name, info in state["surveys"].items():
        survey = Survey.objects.select_related("unit").get(pk=info["id"])
        analytic = compute_skm if info["template"] == "skm2017" else compute_servqual

        def plain(survey_id: int = survey.pk) -> None:
            with connection.cursor() as cursor:
                cursor.execute(PLAIN_SQL, [survey_id])
                cursor.fetchall()

        def run(survey: Survey = survey, analytic: Any = analytic) -> None:
            analytic(survey)

        reset_queries()
        plain_s = _best(plain)
        analytic_s = _best(run)
        results[name] = {
            "size": info["size"],
            "plain_s": plain_s,
            "analytic_s": analytic_s,
            "peak_bytes": _peak(run),
        }
    state["measure"] = results
    _write_state(path, state)


# --- in the benchmark runner -------------------------------------------------------------------------------------


class _Target:
    survey_id: int | None = None

    async def setup(self, session: Session) -> None:
        state = json.loads(STATE.read_text())
        self.survey_id = state["surveys"]["bench-skm2017-small"]["id"]
        await log_in(session, state["login"])


TARGET = _Target()


@scenario(
    "survey_analytics",
    setup=TARGET.setup,
    commands=[
        _code("seed", "skm2017", "small", SKM_SIZES["small"], str(STATE)),
        _code("seed", "skm2017", "large", SKM_SIZES["large"], str(STATE)),
        _code("seed", "servqual", "small", SERVQUAL_SIZES["small"], str(STATE)),
        _code("seed", "servqual", "large", SERVQUAL_SIZES["large"], str(STATE)),
        _code("measure", str(STATE)),
    ],
    connections=4,
)
async def survey_analytics(session: Session) -> None:
    """The SKM result (IKM) of a survey of 100,000 responses through the API; compute_skm and compute_servqual timed
    against a plain GROUP BY at 100k and 1M responses (below the table)."""
    response = await session.get(f"/api/v1/surveys/{TARGET.survey_id}/skm/")
    if b'"ikm_unit"' not in response.body:
        raise ProtocolError("the SKM result has no ikm_unit")


@derived
def survey_analytics_figures(summaries: Mapping[str, Summary]) -> list[str]:
    if "survey_analytics" not in summaries or not STATE.exists():
        return []
    state = json.loads(STATE.read_text())
    measured: dict[str, Any] = state.get("measure", {})
    if not measured:
        return ["Survey analytics: no measurement (the measuring command did not run)"]
    lines = ["Survey analytics (best of 3, same run, same database):"]
    for template, label in (("skm2017", "compute_skm"), ("servqual", "compute_servqual")):
        peaks = {}
        for size in ("small", "large"):
            row = measured.get(f"bench-{template}-{size}")
            if row is None:
                continue
            ratio = row["analytic_s"] / row["plain_s"] if row["plain_s"] else float("inf")
            verdict = "PASS" if ratio <= TIME_TARGET else "MISS"
            peaks[size] = row["peak_bytes"]
            lines.append(
                f"  {label} at {row['size']:,} responses: {row['analytic_s'] * 1000:.1f} ms vs plain GROUP BY "
                f"{row['plain_s'] * 1000:.1f} ms = {ratio:.2f}x {verdict} (<= {TIME_TARGET:g}x); "
                f"peak Python memory {row['peak_bytes'] / 1024:.0f} KiB"
            )
        if len(peaks) == 2 and peaks["small"]:
            growth = peaks["large"] / peaks["small"]
            verdict = "PASS" if growth <= MEMORY_TARGET else "MISS"
            lines.append(f"  {label} peak memory large/small = {growth:.2f}x {verdict} (<= {MEMORY_TARGET:g}x)")
    for call in state.get("seeding", []):
        if call["inserted"]:
            lines.append(f"  seeding {call['survey']}: {call['inserted']:,} responses in {call['seconds']:.1f} s")
    return lines
