"""Prepare and check the public-submission benchmark (bench/scenarios/public_submission.py).

Run by the benchmark harness with the server's settings (same database, same SECRET_KEY):

* ``--state FILE [--keys N]``: make sure the benchmark unit exists, mint N signed submission keys exactly as
  the form's GET would, and write ``{"unit_id": …, "keys": […]}`` to FILE, so the scenario can POST without
  a GET per request.
* ``--verify FILE [--report FILE]``: every tracking code listed in FILE (one per line: the codes the server
  acknowledged) must be in the database, as a row of the intake journal (registered or still waiting for the
  task queue) or as a request; fails otherwise ("durable before acknowledged").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.accounts.models import Organisation, ServiceUnit
from prima.accounts.services import create_organisation, create_service_unit
from prima.tickets.models import IntakeStatus, IntakeSubmission, Ticket
from prima.tickets.public.keys import new_submission_key

ORGANISATION_NAME = "Prima benchmark"
UNIT_CODE = "bench-public"
VERIFY_BATCH = 500


class Command(BaseCommand):
    help = "Create the public-submission benchmark unit and submission keys, or verify acknowledged codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", type=Path, help="Write the unit id and signed keys to this JSON file.")
        parser.add_argument("--keys", type=int, default=0, help="How many signed submission keys to mint.")
        parser.add_argument("--verify", type=Path, help="Check every tracking code in this file is stored.")
        parser.add_argument("--report", type=Path, help="Write the verification's outcome to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keys"] < 0:
            raise CommandError("--keys must be zero or more.")
        if options["verify"] is not None:
            summary = self._verify(options["verify"])
            self.stdout.write(summary)
            if options["report"] is not None:
                options["report"].write_text(summary + "\n")
        if options["state"] is not None:
            unit = self._bench_unit()
            keys = [new_submission_key(unit.pk) for _ in range(options["keys"])]
            options["state"].write_text(json.dumps({"unit_id": unit.pk, "keys": keys}))
            self.stdout.write(f"Benchmark unit {unit.pk}; {len(keys)} submission keys in {options['state']}.")

    def _bench_unit(self) -> ServiceUnit:
        unit = ServiceUnit.objects.filter(organisation__name=ORGANISATION_NAME, code=UNIT_CODE).first()
        if unit is not None:
            return unit
        organisation = Organisation.objects.filter(name=ORGANISATION_NAME).first() or create_organisation(
            ORGANISATION_NAME, actor=None
        )
        return create_service_unit(
            organisation, name="Loket Pengaduan", code=UNIT_CODE, address="Jl. Benchmark No. 1", actor=None
        )

    def _verify(self, path: Path) -> str:
        """Every acknowledged code must be durable: a row of the intake journal (the public form acknowledges
        once its submission is journaled; registering it as a request is the task queue's work, and the
        benchmark runs no worker) or a request made without the journal."""
        codes = (
            sorted({line.strip() for line in path.read_text().splitlines() if line.strip()}) if path.exists() else []
        )
        journaled: dict[str, str] = {}
        requests: set[str] = set()
        for start in range(0, len(codes), VERIFY_BATCH):
            batch = codes[start : start + VERIFY_BATCH]
            journaled.update(
                IntakeSubmission.objects.filter(tracking_code__in=batch).values_list("tracking_code", "status")
            )
            rest = [code for code in batch if code not in journaled]
            requests.update(Ticket.objects.filter(tracking_code__in=rest).values_list("tracking_code", flat=True))
        missing = len(codes) - len(journaled) - len(requests)
        if missing:
            raise CommandError(f"{missing} of {len(codes)} acknowledged requests are not in the database.")
        registered = sum(status == IntakeStatus.REGISTERED for status in journaled.values())
        bench_unit = {"unit__code": UNIT_CODE, "unit__organisation__name": ORGANISATION_NAME}
        from_journal = IntakeSubmission.objects.filter(ticket__isnull=False).values("ticket")
        total = (
            IntakeSubmission.objects.filter(**bench_unit).count()
            + Ticket.objects.filter(**bench_unit).exclude(pk__in=from_journal).count()
        )
        return (
            f"all {len(codes)} acknowledged requests are in the database "
            f"({len(journaled)} in the intake journal, {registered} of them registered as requests and "
            f"{len(journaled) - registered} waiting for the task queue; {len(requests)} stored as requests directly; "
            f"{total} stored for the benchmark unit; the difference is requests still in flight at a deadline)."
        )
