"""Load the demo organisations, staff and customers (``make run`` calls it with ``--if-empty``)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.accounts.models import Organisation
from prima.core.demo import DEFAULT_CUSTOMERS, DEFAULT_SEED, DEMO_PASSWORD, DemoError, DemoSummary, build_demo
from prima.core.demo.apps import load_app_demos


class Command(BaseCommand):
    help = "Create the demo organisations (DPMPTSP Kabupaten Sleman, CV Sumber Rejeki Makmur) with staff and customers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data).")
        parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS, help="How many customers to create.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any organisation exists (for `make run`)."
        )
        parser.add_argument(
            "--core-only",
            action="store_true",
            help="Only organisations, staff, customers and requests; no surveys, audits, objectives or plans.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["customers"] < 0:
            raise CommandError("--customers must be zero or more.")
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("Organisations already exist; demo data not loaded.")
            return
        try:
            summary = build_demo(seed=options["seed"], customers=options["customers"])
        except DemoError as error:
            raise CommandError(str(error)) from None
        self._report(summary)
        if options["core_only"]:
            return
        timings = load_app_demos(options["seed"])
        self.stdout.write(
            f"Surveys, audits, lost customers, objectives and plans added in {sum(timings.values()):.1f} s."
        )

    def _report(self, summary: DemoSummary) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {summary.seconds:.1f} s: {summary.organisations} organisations, "
                f"{summary.units} units, {summary.staff} staff ({summary.memberships} roles), "
                f"{summary.segments} segments, {summary.customers} customers, {summary.contacts} contacts, "
                f"{summary.consents} consents ({summary.withdrawn_consents} withdrawn), "
                f"{summary.requests} requests ({summary.orders} orders, {summary.appointments} appointments, "
                f"{summary.request_messages} messages), {summary.activity} activity entries."
            )
        )
        self.stdout.write(f"All demo accounts use the password {DEMO_PASSWORD!r}; `manage.py demo_logins` lists them.")
