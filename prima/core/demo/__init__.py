"""The demo organisation: a regional one-stop licensing office and a small trading company.

Everything is created through the service functions (``prima.accounts.services``,
``prima.customers.services``, ``prima.tickets.services``), so the activity log and the outbox fill exactly
as they would in real use. The data is generated from one seed: the same seed gives the same names,
addresses, contacts and requests on every machine.

Two steps, kept apart so tests can check them separately:

* ``generate_customer_specs`` and ``generate_request_specs`` are pure: seed in, plain data out, no database.
* ``build_demo`` writes the organisations, staff, customers and requests, then moves the timestamps into
  the past.

The modules: ``plans`` (constants, organisations, units, staff), ``people`` (places, names, phone numbers,
e-mail addresses), ``customers`` (customer specs and their generator), ``request_texts`` (what requesters
and staff write), ``requests`` (request specs and their generator), ``request_build`` (running the requests
through the ticket services) and ``build`` (the database build, timestamp stamping and summary). Import
from this package; the names below are its public API.
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
from prima.core.demo.requests import (
    REQUEST_HISTORY_DAYS,
    RequestEvent,
    RequestSpec,
    generate_request_specs,
    request_count,
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
    "REQUEST_HISTORY_DAYS",
    "SLEMAN",
    "SUPERUSER_EMAIL",
    "CustomerSpec",
    "DemoError",
    "DemoSummary",
    "RequestEvent",
    "RequestSpec",
    "build_demo",
    "demo_exists",
    "demo_staff_emails",
    "generate_customer_specs",
    "generate_request_specs",
    "local_moment",
    "mobile_number",
    "request_count",
]
