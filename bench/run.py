"""Prima's benchmark: ``make bench`` (or ``.venv/bin/python bench/run.py --help``).

Starts Prima under gunicorn on a throwaway database, measures the two baselines and then every registered
scenario (bench/scenarios/), prints a table with ratios against the baselines and writes it as JSON to
var/bench/. Exits 1 when any request failed or the server could not start, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
if not __package__:  # run as a script, Python put bench/ itself first on the path; import the `bench` package
    sys.path[0] = str(ROOT)

from bench import report  # noqa: E402
from bench.loadgen import DEFAULT_CONNECTIONS, DEFAULT_MAX_OPERATIONS, LoadConfig, LoadResult, run_load  # noqa: E402
from bench.scenarios import BASELINES, SCALE_ENV, SCALES, Scenario, current_scale, derive, discover  # noqa: E402
from bench.server import (  # noqa: E402
    CONN_MAX_AGE,
    HOST,
    Database,
    Server,
    ServerConfig,
    ServerError,
    bench_environment,
    database_for_run,
    manage,
    prepare,
)

RUN_DIR = ROOT / "var" / "bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=positive_float, default=5.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=non_negative_float, default=1.0, help="unmeasured seconds before each")
    parser.add_argument("--connections", type=positive_int, default=DEFAULT_CONNECTIONS, help="concurrent sessions")
    parser.add_argument(
        "--max-requests",
        type=positive_int,
        default=DEFAULT_MAX_OPERATIONS,
        help="upper bound on operations per scenario (the duration bounds it too)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        default=[],
        help="run only this scenario (repeatable); the baselines always run",
    )
    parser.add_argument(
        "--scale",
        choices=SCALES,
        default=current_scale(),
        help="data volume of the scenarios that seed many rows: full (default; 1,000,000 requests) or small "
        f"(100,000, for quick runs); default from ${SCALE_ENV}",
    )
    parser.add_argument("--list", action="store_true", help="list the registered scenarios and exit")
    return parser.parse_args(argv)


def positive_float(text: str) -> float:
    value = float(text)
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be > 0 and <= 3600")
    return value


def non_negative_float(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def select(scenarios: list[Scenario], only: list[str]) -> list[Scenario]:
    """The baselines plus the scenarios named in ``only`` (all of them when it is empty)."""
    unknown = sorted(set(only) - {item.name for item in scenarios})
    if unknown:
        known = ", ".join(item.name for item in scenarios)
        raise SystemExit(f"unknown scenario(s): {', '.join(unknown)} (registered: {known})")
    return [item for item in scenarios if not only or item.name in BASELINES or item.name in only]


def measure(scenario: Scenario, port: int, args: argparse.Namespace, env: dict[str, str]) -> LoadResult:
    for command in scenario.commands:
        manage(env, *command)
    connections = min(args.connections, scenario.connections or args.connections)
    config = LoadConfig(
        host=HOST,
        port=port,
        connections=connections,
        duration=args.duration,
        warmup=args.warmup,
        max_operations=args.max_requests,
    )
    capped = f" ({connections} connections)" if connections != args.connections else ""
    print(f"  {scenario.name}{capped}: {args.warmup:g} s warm-up + {args.duration:g} s ...", end="", flush=True)
    result = asyncio.run(run_load(scenario.step, config, setup=scenario.setup))
    print(f" {result.operations_per_second:.0f} ops/s, {result.errors} errors", flush=True)
    return result


def run_all(scenarios: list[Scenario], args: argparse.Namespace, server: Server) -> list[report.Summary]:
    results: list[tuple[Scenario, LoadResult]] = []
    for scenario in scenarios:
        results.append((scenario, measure(scenario, server.port, args, server.env)))
        server.check_alive()
    baselines: dict[str, float] = {
        item.name: result.operations_per_second for item, result in results if item.name in BASELINES
    }
    return [report.summarise(item, result, baselines) for item, result in results]


def metadata(args: argparse.Namespace, database: Database, config: ServerConfig, started: str) -> dict[str, Any]:
    return {
        "started_at": started,
        "finished_at": now().isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": database.vendor,
        "scale": args.scale,
        "server": {
            "workers": config.workers,
            "worker_class": config.worker_class,
            "threads": config.threads,
            "conn_max_age": CONN_MAX_AGE,
        },
        "load": {
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "max_operations": args.max_requests,
        },
    }


def git_commit() -> str | None:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() or None


def now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def stop_on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt  # unwinds like Ctrl-C, so the server is stopped and the database removed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ[SCALE_ENV] = args.scale  # read by the scenario modules as discover() imports them
    scenarios = select(discover(), args.only)
    if args.list:
        for item in scenarios:
            print(f"{item.name:24} {item.description}")
        return 0
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = now()
    stamp = started.strftime("%Y%m%d-%H%M%S")
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    database = database_for_run(RUN_DIR, stamp)
    env = bench_environment(database)
    config = ServerConfig()
    log_path = RUN_DIR / f"server-{stamp}.log"
    print(
        f"Prima benchmark: {len(scenarios)} scenario(s), {args.connections} connections, {database.vendor}, "
        f"{args.scale} scale"
    )
    try:
        prepare(env)
        with Server(env, log_path, config) as server:
            print(f"  gunicorn on http://{HOST}:{server.port}/ ({config.workers} {config.worker_class} workers)")
            summaries = run_all(scenarios, args, server)
    except ServerError as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted; server stopped", file=sys.stderr)
        return 130
    finally:
        database.remove()
        keep_log_if_not_empty(log_path)
    results_path = RUN_DIR / f"results-{stamp}.json"
    derived = derive(summaries)
    document = metadata(args, database, config, started.isoformat(timespec="seconds"))
    report.write_json(results_path, {**document, "derived": derived}, summaries)
    print()
    print(report.render_table(summaries))
    if derived:
        print()
        print("\n".join(derived))
    print(f"\nresults: {results_path.relative_to(ROOT)}")
    return finish(summaries)


def keep_log_if_not_empty(path: Path) -> None:
    if path.is_file() and path.stat().st_size == 0:
        path.unlink()
    elif path.is_file():
        print(f"server log (warnings and errors): {path.relative_to(ROOT)}", file=sys.stderr)


def finish(summaries: list[report.Summary]) -> int:
    failed = [summary for summary in summaries if summary.errors]
    for summary in failed:
        kinds = ", ".join(f"{kind} x{count}" for kind, count in sorted(summary.error_kinds.items()))
        print(f"errors in {summary.name}: {kinds}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
