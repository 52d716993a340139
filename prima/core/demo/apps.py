"""Demo data of the apps built on the core demo (surveys, compliance, retention, improvement, plans).

Each app writes its demo through its own services in ``prima/<app>/demo.py``; the order matters because later
apps read earlier apps' figures (improvement detects signals in survey and SLA data; plans' reviews read all).
Each loader is deterministic for a seed and adds nothing when run again.
"""

from __future__ import annotations

import importlib
import time

from django.db import transaction

APP_DEMOS = (
    "prima.surveys.demo",
    "prima.surveys.collection.demo",
    "prima.compliance.demo",
    "prima.retention.demo",
    "prima.improvement.demo",
    "prima.plans.demo",
)


def load_app_demos(seed: int) -> dict[str, float]:
    """Run every app's ``load_demo(seed)`` in order, each all-or-nothing; returns the seconds each took."""
    timings: dict[str, float] = {}
    for module_name in APP_DEMOS:
        started = time.monotonic()
        with transaction.atomic():
            importlib.import_module(module_name).load_demo(seed)
        timings[module_name] = time.monotonic() - started
    return timings
