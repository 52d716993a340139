"""Time the SLA breach scan and show that it works in SQL (bench/scenarios/sla.py).

``manage.py bench_sla_scan --report FILE`` runs ``prima.sla.breaches.scan_for_breaches()`` over whatever the
database holds (``bench_seed_requests --profile sla`` fills it) and writes JSON to FILE:

* ``scan``: the first scan, which records and escalates every breach: ``seconds`` (wall time), ``queries`` (SQL
  statements executed, counted by a ``connection.execute_wrapper``),
  ``tickets_loaded`` (Ticket rows the ORM turned into Python objects, counted with the ``post_init`` signal,
  which fires once per row read into a model instance), and the scan's own result (candidates, events
  recorded, escalations, e-mails, ...);
* ``rescan``: the same right after, when every breach is already recorded and escalated: the steady state
  of the periodic job, finding and evaluating the candidates only;
* ``past_due``/``count_s``: the plain ``SELECT COUNT(*) FROM tickets_ticket WHERE due_at < now AND status IN
  (open or paused)`` and its time, in the same run, as the yardstick: a scan that works in SQL loads about as
  many requests as that count (its candidates), not the ``open_requests``.

Nothing is checked here; the scenario reports the ratios against their targets.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models.signals import post_init
from django.utils import timezone

from prima.sla.breaches import scan_for_breaches
from prima.sla.models import SlaPolicy
from prima.tickets.models import Ticket
from prima.tickets.workflow import ACTIVE_STATUSES


@dataclass
class Tally:
    """What one scan did to the database, seen from this connection and the ORM."""

    queries: int = 0
    tickets_loaded: int = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        return execute(sql, params, many, context)

    def loaded(self, sender: type[Ticket], instance: Ticket, **kwargs: Any) -> None:
        self.tickets_loaded += 1


class Command(BaseCommand):
    help = "Run the SLA breach scan (twice), timed, counting its queries and the requests it loads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--report", type=Path, required=True, help="Write the figures to this JSON file.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        statuses = sorted(ACTIVE_STATUSES)
        open_requests = Ticket.objects.filter(status__in=statuses)
        scanned = SlaPolicy.objects.values("organisation_id")
        past_due, count_s = self._plain_count(now, statuses)
        report: dict[str, Any] = {
            "open_requests": open_requests.count(),
            "open_requests_with_policy": open_requests.filter(organisation_id__in=scanned).count(),
            "past_due": past_due,
            "count_s": round(count_s, 6),
        }
        # The first scan records and escalates every breach; the second finds them all done (the steady state
        # of a periodic job), so it shows the cost of finding and evaluating the candidates alone.
        for prefix in ("scan", "rescan"):
            tally = Tally()
            post_init.connect(tally.loaded, sender=Ticket, weak=False)
            try:
                with connection.execute_wrapper(tally):
                    started = time.perf_counter()
                    result = scan_for_breaches(now)
                    elapsed = time.perf_counter() - started
            finally:
                post_init.disconnect(tally.loaded, sender=Ticket)
            report[prefix] = {
                "seconds": round(elapsed, 3),
                "queries": tally.queries,
                "tickets_loaded": tally.tickets_loaded,
                **asdict(result),
            }
            self.stdout.write(
                f"{prefix}: {elapsed:.2f} s, {tally.queries:,} queries, "
                f"{tally.tickets_loaded:,} requests loaded; {result}"
            )
        options["report"].write_text(json.dumps(report, indent=1))
        self.stdout.write(
            f"{report['open_requests']:,} open requests ({report['open_requests_with_policy']:,} under a policy); "
            f"COUNT(*) of the past-due ones: {past_due:,} in {count_s:.4f} s"
        )

    def _plain_count(self, now: dt.datetime, statuses: list[str]) -> tuple[int, float]:
        table = connection.ops.quote_name(Ticket._meta.db_table)
        placeholders = ", ".join(["%s"] * len(statuses))
        sql = f"SELECT COUNT(*) FROM {table} WHERE due_at < %s AND status IN ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), *statuses])
            (count,) = cursor.fetchone()
            return int(count), time.perf_counter() - started
