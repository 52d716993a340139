import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from prima.core.periodic import run_jobs_once


class Command(BaseCommand):
    help = "Run Prima's periodic jobs every PRIMA_PERIODIC_INTERVAL seconds (or once with --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for name, outcome in run_jobs_once().items():
                self.stdout.write(f"{name}: {outcome}")
            if options["once"]:
                return
            time.sleep(settings.PERIODIC_INTERVAL_SECONDS)
