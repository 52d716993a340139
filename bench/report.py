"""Turning load results into the printed table and the JSON file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.loadgen import LoadResult
from bench.scenarios import Scenario


@dataclass(frozen=True)
class Summary:
    """One scenario's figures. Throughput and ratios count successful operations (scenario steps)."""

    name: str
    description: str
    operations: int
    requests: int
    errors: int
    error_kinds: dict[str, int]
    elapsed_s: float
    client_cpu_s: float
    ops_per_s: float
    requests_per_s: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    vs_bare: float | None
    vs_insert: float | None
    target: str | None
    target_met: bool | None


def ratio(value: float, baseline: float) -> float | None:
    return value / baseline if baseline > 0 else None


def summarise(scenario: Scenario, result: LoadResult, baselines: Mapping[str, float]) -> Summary:
    """``baselines`` maps baseline name to its ops/s measured earlier in the same run."""
    ops = result.operations_per_second
    ratios = {name: ratio(ops, value) for name, value in baselines.items()}
    target_ratio = ratios.get(scenario.target.baseline) if scenario.target else None
    return Summary(
        name=scenario.name,
        description=scenario.description,
        operations=result.operations,
        requests=result.requests,
        errors=result.errors,
        error_kinds=dict(result.error_kinds),
        elapsed_s=round(result.elapsed, 3),
        client_cpu_s=round(result.client_cpu, 3),
        ops_per_s=round(ops, 1),
        requests_per_s=round(result.requests_per_second, 1),
        p50_ms=_round(result.latency_ms(50)),
        p95_ms=_round(result.latency_ms(95)),
        p99_ms=_round(result.latency_ms(99)),
        vs_bare=_round(ratios.get("bare"), 3),
        vs_insert=_round(ratios.get("insert"), 3),
        target=scenario.target.describe() if scenario.target else None,
        target_met=(
            None
            if scenario.target is None
            else target_ratio is not None and result.errors == 0 and target_ratio >= scenario.target.min_ratio
        ),
    )


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


COLUMNS = ("scenario", "ops/s", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "vs bare", "vs insert", "target")


def table_row(summary: Summary) -> tuple[str, ...]:
    return (
        summary.name,
        f"{summary.ops_per_s:.0f}",
        f"{summary.requests_per_s:.0f}",
        _cell(summary.p50_ms, ".1f"),
        _cell(summary.p95_ms, ".1f"),
        _cell(summary.p99_ms, ".1f"),
        str(summary.errors),
        _cell(summary.vs_bare, ".2f"),
        _cell(summary.vs_insert, ".2f"),
        _target_cell(summary),
    )


def _cell(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _target_cell(summary: Summary) -> str:
    if summary.target is None:
        return ""
    return f"{'PASS' if summary.target_met else 'MISS'} ({summary.target})"


_LEFT_ALIGNED = {"scenario", "target"}


def render_table(summaries: list[Summary]) -> str:
    rows = [COLUMNS, *(table_row(summary) for summary in summaries)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(COLUMNS))]

    def line(row: tuple[str, ...]) -> str:
        cells = (
            cell.ljust(width) if column in _LEFT_ALIGNED else cell.rjust(width)
            for column, cell, width in zip(COLUMNS, row, widths, strict=True)
        )
        return "  ".join(cells).rstrip()

    header = line(COLUMNS)
    return "\n".join([header, "-" * len(header), *(line(row) for row in rows[1:])])


def write_json(path: Path, metadata: dict[str, Any], summaries: list[Summary]) -> None:
    document = {**metadata, "scenarios": [asdict(summary) for summary in summaries]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
