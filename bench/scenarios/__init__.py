"""The scenario registry. A scenario is an async *step* repeated by every virtual user (session) under load.

Register one with the ``scenario`` decorator in any module of this package; ``discover()`` imports them all.
The two baselines (``bare`` and ``insert``, in ``baselines.py``) always run first, and every other scenario
is reported as a ratio of them::

    @scenario("customer-create", target=Target("insert", 0.33), setup=log_in)
    async def customer_create(session: Session) -> None:
        page = await session.get("/customers/new/")
        await session.post("/customers/new/", {"csrfmiddlewaretoken": find_csrf_token(page.text), ...})
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bench.loadgen import Step

if TYPE_CHECKING:
    from bench.report import Summary

BaselineName = Literal["bare", "insert"]
BASELINES: tuple[BaselineName, ...] = ("bare", "insert")

# How much data the scenarios that seed many rows create: "full" (make bench) or "small" (quick runs). bench/run.py
# sets it from --scale before importing the scenario modules, which read it when they register.
SCALE_ENV = "PRIMA_BENCH_SCALE"
Scale = Literal["small", "full"]
SCALES: tuple[Scale, ...] = ("small", "full")


def current_scale() -> Scale:
    value = os.environ.get(SCALE_ENV, "full")
    return "small" if value == "small" else "full"


@dataclass(frozen=True)
class Target:
    """The scenario passes when its throughput is at least ``min_ratio`` times that of ``baseline``."""

    baseline: BaselineName
    min_ratio: float

    def describe(self) -> str:
        return f">={self.min_ratio:g}x {self.baseline}"


@dataclass(frozen=True)
class Scenario:
    name: str
    step: Step
    description: str = ""
    setup: Step | None = None  # run once per session before the warm-up, e.g. to log in
    target: Target | None = None
    # manage.py commands run once before the scenario with the benchmark's settings, e.g. (("load_demo",),)
    commands: tuple[tuple[str, ...], ...] = ()
    # At most this many sessions, whatever --connections says: for a latency target set at a fixed concurrency.
    connections: int | None = None


_registry: dict[str, Scenario] = {}
# Figures computed from several scenarios' summaries (e.g. the ratio of two p95 latencies), printed below the table.
Derivation = Callable[[Mapping[str, "Summary"]], list[str]]
_derivations: list[Derivation] = []


def scenario(
    name: str,
    *,
    description: str | None = None,
    setup: Step | None = None,
    target: Target | None = None,
    commands: Sequence[Sequence[str]] = (),
    connections: int | None = None,
) -> Callable[[Step], Step]:
    """Register the decorated coroutine function as the step of scenario ``name``."""

    def register(step: Step) -> Step:
        if name in _registry:
            raise ValueError(f"benchmark scenario {name!r} is registered twice")
        _registry[name] = Scenario(
            name=name,
            step=step,
            description=description if description is not None else (step.__doc__ or "").strip(),
            setup=setup,
            target=target,
            commands=tuple(tuple(command) for command in commands),
            connections=connections,
        )
        return step

    return register


def derived(derivation: Derivation) -> Derivation:
    """Register a function of the run's summaries (by scenario name, only those that ran) returning lines to
    print below the table and store in the JSON as ``derived``; it should return [] when its scenarios did
    not run."""
    _derivations.append(derivation)
    return derivation


def derive(summaries: Sequence[Summary]) -> list[str]:
    """The lines of every registered derivation; one that raises gives a line saying so, not a failed run."""
    by_name = {summary.name: summary for summary in summaries}
    lines: list[str] = []
    for derivation in _derivations:
        try:
            lines += derivation(by_name)
        except Exception as error:  # measured results must still be written
            name = getattr(derivation, "__qualname__", repr(derivation))
            lines.append(f"derived figures ({name}) failed: {type(error).__name__}: {error}")
    return lines


def discover() -> list[Scenario]:
    """Import every module of this package and return the scenarios: baselines first, then the rest by name."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        importlib.import_module(f"{__name__}.{module.name}")
    missing = [name for name in BASELINES if name not in _registry]
    if missing:
        raise LookupError(f"baseline scenarios missing from the registry: {', '.join(missing)}")
    baselines = [_registry[name] for name in BASELINES]
    others = sorted((item for item in _registry.values() if item.name not in BASELINES), key=lambda item: item.name)
    return baselines + others
