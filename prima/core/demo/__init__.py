"""The demo organisation: a regional one-stop licensing office and a small trading company.

Everything is created through the service functions (``prima.accounts.services``,
``prima.customers.services``), so the activity log fills exactly as it would in real use. The data is
generated from one seed: the same seed gives the same names, addresses and contacts on every machine.

Two steps, kept apart so tests can check them separately:

* ``generate_customer_specs`` is pure: seed in, plain data out, no database.
* ``build_demo`` writes the organisations, staff and customers, then moves the timestamps into the past.

The modules: ``plans`` (constants, organisations, units, staff), ``people`` (places, names, phone numbers,
e-mail addresses), ``customers`` (customer specs and their generator) and ``build`` (the database build,
timestamp stamping and summary). Import from this package; the names below are its public API.
"""

from prima.core.demo.build import DemoError, DemoSummary, build_demo, demo_exists, local_moment
from prima.core.demo.customers import CustomerSpec, generate_customer_specs
from prima.core.demo.people import MOBILE_PREFIXES, mobile_number
from prima.core.demo.plans import (
    COMPANY,
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    DEMO_ORGANISATION_NAMES,
    DEMO_PASSWORD,
    HISTORY_DAYS,
    ORGANISATIONS,
    SLEMAN,
    SUPERUSER_EMAIL,
    demo_staff_emails,
)

__all__ = [
    "COMPANY",
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "DEMO_ORGANISATION_NAMES",
    "DEMO_PASSWORD",
    "HISTORY_DAYS",
    "MOBILE_PREFIXES",
    "ORGANISATIONS",
    "SLEMAN",
    "SUPERUSER_EMAIL",
    "CustomerSpec",
    "DemoError",
    "DemoSummary",
    "build_demo",
    "demo_exists",
    "demo_staff_emails",
    "generate_customer_specs",
    "local_moment",
    "mobile_number",
]
