"""The demo organisation: ``load_demo`` and ``demo_logins``, and the pure generators behind them."""

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, OrganisationKind, Role, ServiceUnit, TimeZone, User
from prima.activity.models import ActivityLog
from prima.core.demo import (
    COMPANY,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    HISTORY_DAYS,
    MOBILE_PREFIXES,
    REQUEST_HISTORY_DAYS,
    SLEMAN,
    SUPERUSER_EMAIL,
    build_demo,
    demo_staff_emails,
    generate_customer_specs,
    generate_request_specs,
    local_moment,
    mobile_number,
    request_count,
)
from prima.customers.contacts import normalize_contact, normalize_indonesian_number
from prima.customers.models import Consent, Contact, ContactKind, Customer
from prima.notify.models import EmailStatus, OutboundEmail
from prima.tickets.choices import Channel, Confidentiality, OrderChangeKind, RequestKind, Status, Visibility
from prima.tickets.models import (
    Appointment,
    CannedReply,
    Category,
    Order,
    OrderChange,
    OrderLine,
    OwnershipChange,
    StatusChange,
    Ticket,
    TicketMessage,
)
from prima.tickets.workflow import can_transition

CUSTOMERS = 20  # and request_count(20) == 16 requests: the coverage plan, every kind and status


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", "--customers", str(CUSTOMERS), "--core-only", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    """The whole demo, requests included, loaded the way ``make run`` does."""
    return load()


@pytest.fixture(scope="class")
def shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """One load for a class of read-only tests (loading takes a second or two), rolled back after the class;
    each test still runs in its own savepoint through ``db``."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def people(db: None) -> None:
    """Organisations, staff and customers only: faster, for tests that do not look at requests."""
    build_demo(customers=CUSTOMERS, requests=0)


def request_specs(seed: int = 2026, customers: int = CUSTOMERS):
    return generate_request_specs(seed, generate_customer_specs(seed, customers), request_count(customers))


def new_requesters(specs) -> set[str]:
    """The people a request registers as customers, by the address or number that identifies them."""
    return {
        spec.requester_email or normalize_indonesian_number(spec.requester_phone)
        for spec in specs
        if spec.creates_customer
    }


# --- Organisations, units and staff ---------------------------------------------------------------


def test_load_demo_creates_two_organisations(people):
    assert sorted(Organisation.objects.values_list("name", "kind")) == [
        ("CV Sumber Rejeki Makmur", OrganisationKind.COMPANY),
        ("DPMPTSP Kabupaten Sleman", OrganisationKind.PUBLIC_SERVICE),
    ]


def test_load_demo_creates_head_office_and_three_service_units_in_wib(people):
    units = ServiceUnit.objects.filter(organisation__name=SLEMAN.name)

    assert [(u.name, u.parent.name if u.parent else None, u.time_zone) for u in units] == [
        ("Kantor Pusat", None, TimeZone.WIB),
        ("Perizinan Usaha", "Kantor Pusat", TimeZone.WIB),
        ("Perizinan Bangunan (PBG)", "Kantor Pusat", TimeZone.WIB),
        ("Informasi dan Pengaduan", "Kantor Pusat", TimeZone.WIB),
    ]
    assert all(u.address and u.email and u.phone for u in units)


def test_load_demo_creates_company_desk_in_makassar_in_wita(people):
    unit = ServiceUnit.objects.get(organisation__name=COMPANY.name)

    assert (unit.name, unit.time_zone, "Makassar" in unit.address) == ("Layanan Pelanggan", TimeZone.WITA, True)


def test_load_demo_grants_every_role(people):
    counts = Counter(Membership.objects.values_list("role", flat=True))

    assert counts == {
        Role.LEADER: 2,
        Role.ADMIN: 1,
        Role.SUPERVISOR: 4,
        Role.AGENT: 14,
        Role.TRAINER: 3,
        Role.MYSTERY_SHOPPER: 3,
    }
    assert Membership.objects.filter(unit__organisation__name=SLEMAN.name).count() == 23


def test_load_demo_creates_staff_with_shared_password_and_indonesian_language(people):
    emails = demo_staff_emails()
    users = User.objects.filter(email__in=emails)

    assert users.count() == len(emails) == 24
    assert set(users.values_list("language", flat=True)) == {"id"}
    assert User.objects.get(email="suryo@sleman.prima.test").check_password(DEMO_PASSWORD) is True
    assert list(User.objects.filter(is_staff=True).order_by("email").values_list("email", flat=True)) == [
        SUPERUSER_EMAIL,
        "hendra@sleman.prima.test",
    ]


def test_load_demo_creates_superuser(people):
    admin = User.objects.get(email=SUPERUSER_EMAIL)

    assert (admin.is_superuser, admin.is_staff, admin.check_password(DEMO_PASSWORD)) == (True, True, True)


def test_load_demo_leader_sits_at_head_office(people):
    membership = Membership.objects.get(user__email="suryo@sleman.prima.test")

    assert (membership.role, membership.unit.code) == (Role.LEADER, "pusat")


# --- Customers ------------------------------------------------------------------------------------


def test_load_demo_creates_the_requested_number_of_customers(people):
    assert Customer.objects.count() == CUSTOMERS
    assert Customer.objects.filter(organisation__name=COMPANY.name).count() == CUSTOMERS // 10


def test_load_demo_customers_match_the_seeded_specs(demo):
    # Registered at the desk (with consents); people new to the office register through their request.
    registered = Customer.objects.filter(consents__isnull=False).distinct()
    expected = sorted(spec.name for spec in generate_customer_specs(2026, CUSTOMERS))

    assert sorted(registered.values_list("name", flat=True)) == expected


def test_new_requesters_become_customers_through_their_request(demo):
    created_by_requests = Customer.objects.filter(consents__isnull=True)

    assert created_by_requests.count() == len(new_requesters(request_specs())) > 0
    assert Customer.objects.count() == CUSTOMERS + created_by_requests.count()
    assert [c.pk for c in created_by_requests if not c.tickets.exists()] == []


def test_every_customer_has_a_unit_of_its_own_organisation(people):
    customers = Customer.objects.prefetch_related("units")

    assert [c.pk for c in customers if {u.organisation_id for u in c.units.all()} != {c.organisation_id}] == []


def test_every_stored_contact_passes_normalize_contact(people):
    contacts = list(Contact.objects.all())

    assert [c.value for c in contacts if normalize_contact(c.kind, c.value) != c.value] == []
    assert Contact.objects.filter(kind=ContactKind.WHATSAPP).exists() is True


def test_every_generated_contact_passes_normalize_contact():
    specs = generate_customer_specs(7, 500)
    contacts = [c for spec in specs for c in spec.contacts]
    contacts += [spec.extra_contact[1] for spec in specs if spec.extra_contact]

    failures = []
    for contact in contacts:
        try:
            normalize_contact(contact.kind, contact.value)
        except ValidationError:
            failures.append(contact.value)
    assert failures == []


def test_mobile_numbers_have_10_to_12_digits_and_a_known_prefix():
    rng = random.Random(1)
    national = ["0" + normalize_contact(ContactKind.WHATSAPP, mobile_number(rng))[3:] for _ in range(200)]

    assert [n for n in national if not (10 <= len(n) <= 12 and n[:4] in MOBILE_PREFIXES)] == []


def test_mobile_numbers_are_unique_when_tracked():
    rng, used = random.Random(1), set[str]()

    numbers = {normalize_contact(ContactKind.WHATSAPP, mobile_number(rng, used)) for _ in range(300)}

    assert len(numbers) == len(used) == 300


def test_load_demo_withdraws_some_consents_and_keeps_them(db):
    build_demo(customers=200, requests=0)

    withdrawn = Consent.objects.filter(withdrawn_at__isnull=False)
    assert withdrawn.filter(withdrawn_at__lte=timezone.now()).count() == withdrawn.count() > 0
    assert ActivityLog.objects.filter(action="customers.consent.withdrawn").count() == withdrawn.count()


# --- Determinism ----------------------------------------------------------------------------------


def test_same_seed_gives_same_customers():
    assert generate_customer_specs(2026, 50) == generate_customer_specs(2026, 50)


def test_different_seed_gives_different_customers():
    first = [spec.name for spec in generate_customer_specs(2026, 50)]
    second = [spec.name for spec in generate_customer_specs(2027, 50)]

    assert first != second


def test_seed_option_is_used(db):
    call_command("load_demo", "--customers", "5", "--seed", "99", "--core-only", stdout=StringIO())

    assert sorted(Customer.objects.filter(consents__isnull=False).distinct().values_list("name", flat=True)) == sorted(
        spec.name for spec in generate_customer_specs(99, 5)
    )
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == sorted(
        spec.subject for spec in request_specs(99, 5)
    )


# --- Timestamps and activity ----------------------------------------------------------------------


@pytest.mark.usefixtures("shared_demo", "db")
class TestTimestampsAndActivity:
    def test_every_customer_has_a_creation_log_at_its_creation_time(self):
        logs = ActivityLog.objects.filter(action="customers.customer.created").select_related("customer")

        assert logs.count() == Customer.objects.count() > CUSTOMERS
        assert [log.pk for log in logs if log.created_at != log.customer.created_at] == []

    def test_no_demo_timestamp_is_left_at_now(self):
        # The last request events happen up to half an hour before loading; nothing may keep the services' "now".
        recent = timezone.now() - timedelta(minutes=20)

        assert ActivityLog.objects.filter(created_at__gte=recent).count() == 0
        assert Customer.objects.filter(created_at__gte=recent).count() == 0
        assert Contact.objects.filter(created_at__gte=recent).count() == 0
        assert Consent.objects.filter(given_at__gte=recent).count() == 0
        assert Ticket.objects.filter(updated_at__gte=recent).count() == 0
        for model in (StatusChange, TicketMessage, OwnershipChange, OrderChange, OutboundEmail):
            assert model._default_manager.filter(created_at__gte=recent).count() == 0, model.__name__
        assert Appointment.objects.filter(created_at__gte=recent).count() == 0

    def test_customers_are_spread_over_the_past_18_months(self):
        created = sorted(Customer.objects.values_list("created_at", flat=True))

        assert (created[-1] - created[0]).days >= 365
        assert (timezone.now() - created[0]).days <= HISTORY_DAYS + 7

    def test_customer_activity_never_precedes_registration(self):
        logs = ActivityLog.objects.filter(customer__isnull=False).select_related("customer")

        assert [log.pk for log in logs if log.created_at < log.customer.created_at] == []

    def test_customer_activity_actors_work_in_the_logged_unit(self):
        members = set(Membership.objects.values_list("user_id", "unit_id"))
        logs = ActivityLog.objects.filter(customer__isnull=False, action__startswith="customers.", actor__isnull=False)

        assert logs.exists()
        assert [log.pk for log in logs if (log.actor_id, log.unit_id) not in members] == []


def test_local_moment_falls_on_a_workday_before_today():
    today = date(2026, 3, 2)  # a Monday

    moments = [local_moment(today, days, days * 997, SLEMAN.hours) for days in range(1, 60)]

    assert [m for m in moments if m.weekday() >= 5 or m.date() >= today] == []
    assert [m for m in moments if not 8 <= m.hour < 15] == []


# --- Requests -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("shared_demo", "db")
class TestRequests:
    def test_load_demo_creates_the_generated_requests(self):
        expected = sorted(
            (spec.subject, spec.kind, spec.channel, spec.confidentiality, spec.priority, spec.final_status)
            for spec in request_specs()
        )
        stored = Ticket.objects.values_list("subject", "kind", "channel", "confidentiality", "priority", "status")

        assert len(expected) == request_count(CUSTOMERS) == 16
        assert sorted(stored) == expected

    def test_requests_of_every_kind_and_status_exist(self):
        assert set(Ticket.objects.values_list("kind", flat=True)) == set(RequestKind.values)
        assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)

    def test_most_requests_go_to_the_sleman_units(self):
        counts = Counter(Ticket.objects.values_list("organisation__name", flat=True))

        assert counts[SLEMAN.name] > counts[COMPANY.name] > 0
        assert set(Ticket.objects.filter(organisation__name=SLEMAN.name).values_list("unit__code", flat=True)) == {
            "perizinan-usaha",
            "pbg",
            "informasi-pengaduan",
        }

    def test_requests_come_after_their_customer_registered(self):
        tickets = Ticket.objects.filter(customer__isnull=False).select_related("customer")

        assert tickets.exists()
        assert [t.pk for t in tickets if t.created_at < t.customer.created_at] == []

    def test_request_timestamps_are_in_order(self):
        now = timezone.now()
        problems = []
        for ticket in Ticket.objects.prefetch_related("status_changes", "messages", "ownership_changes"):
            moments = [ticket.created_at, ticket.first_response_at, ticket.resolved_at, ticket.closed_at]
            given = [moment for moment in moments if moment is not None]
            changes = [change.created_at for change in ticket.status_changes.all()]
            later = changes + [m.created_at for m in ticket.messages.all()]
            later += [o.created_at for o in ticket.ownership_changes.all()]
            if given != sorted(given) or changes != sorted(changes) or changes[0] != ticket.created_at:
                problems.append(ticket.subject)
            if not ticket.created_at <= min(later) <= max(later) <= ticket.updated_at < now:
                problems.append(ticket.subject)
            if ticket.status_changes.all()[len(changes) - 1].to_status != ticket.status:
                problems.append(ticket.subject)
            if ticket.first_response_at is not None and ticket.first_response_at not in [
                m.created_at for m in ticket.messages.all() if m.visibility == Visibility.PUBLIC and not m.from_public
            ]:
                problems.append(ticket.subject)

        assert problems == []

    def test_request_activity_is_logged_when_it_happened(self):
        submitted = ActivityLog.objects.filter(action="tickets.ticket.submitted")
        tickets = {t.tracking_code: t for t in Ticket.objects.all()}

        assert submitted.count() == len(tickets)
        assert [log.pk for log in submitted if log.created_at != tickets[log.data["code"]].created_at] == []
        messages = {m.pk: m.created_at for m in TicketMessage.objects.all()}
        replies = ActivityLog.objects.filter(action__in=["tickets.reply.sent", "tickets.note.added"])
        assert [log.pk for log in replies if log.created_at != messages[int(log.object_id)]] == []

    def test_request_actors_work_in_the_unit(self):
        members = set(Membership.objects.values_list("user_id", "unit_id"))
        # A transfer is logged in the receiving unit by someone of the sending unit.
        logs = ActivityLog.objects.filter(action__startswith="tickets.", actor__isnull=False).exclude(
            action="tickets.ticket.transferred"
        )

        assert logs.exists()
        assert [log.action for log in logs if (log.actor_id, log.unit_id) not in members] == []

    def test_supervisors_assign_owners_and_verify_complaints(self):
        supervisors = set(Membership.objects.filter(role=Role.SUPERVISOR).values_list("user_id", "unit_id"))
        assignments = OwnershipChange.objects.filter(from_unit=F("to_unit"))

        assert assignments.exists()
        for change in assignments:
            # Assigned by the unit's supervisor, or taken by the agent themselves.
            assert (change.actor_id, change.to_unit_id) in supervisors or change.actor_id == change.to_owner_id
        verified = Ticket.objects.filter(verified_at__isnull=False)
        assert verified.exists()
        assert [t.pk for t in verified if (t.verified_by_id, t.unit_id) not in supervisors] == []
        assert [t.pk for t in verified if t.kind != RequestKind.COMPLAINT or t.verified_at < t.created_at] == []

    def test_anonymous_requests_store_no_identity(self):
        anonymous = Ticket.objects.filter(confidentiality=Confidentiality.ANONYMOUS)

        assert anonymous.exists()
        assert set(anonymous.values_list("requester_name", "requester_email", "requester_phone", "customer")) == {
            ("", "", "", None)
        }

    def test_confidential_requests_keep_the_identity_off_the_customer_timeline(self):
        confidential = Ticket.objects.filter(confidentiality=Confidentiality.CONFIDENTIAL)
        codes = set(confidential.values_list("tracking_code", flat=True))
        logs = [
            log for log in ActivityLog.objects.filter(action__startswith="tickets.") if log.data.get("code") in codes
        ]

        assert confidential.exists()
        assert all(ticket.requester_name and ticket.customer_id for ticket in confidential)
        assert logs
        assert [log.pk for log in logs if log.customer_id is not None] == []

    def test_orders_have_a_shortfall_a_partial_delivery_and_a_new_promised_date(self):
        orders = Order.objects.filter(ticket__organisation__name=COMPANY.name)
        lines = OrderLine.objects.filter(order__in=orders)

        assert orders.count() >= 2
        assert Ticket.objects.filter(subject__startswith="Pesanan 200 karung beras premium 5 kg").exists()
        assert [line for line in lines if line.shortfall > 0]
        assert [line for line in lines if 0 < line.quantity_delivered < line.quantity]
        kinds = set(OrderChange.objects.filter(order__in=orders).values_list("kind", flat=True))
        assert {OrderChangeKind.RECORDED, OrderChangeKind.LINE_UPDATED, OrderChangeKind.PROMISED_DATE_CHANGED} <= kinds
        assert all(order.promised_date and order.promised_date >= timezone.localdate() for order in orders)

    def test_upcoming_appointments_are_booked_in_the_future(self):
        appointments = Appointment.objects.all()

        assert appointments.exists()
        assert all(a.created_at < timezone.now() < a.starts_at for a in appointments)

    def test_no_outbound_email_is_left_pending(self):
        emails = OutboundEmail.objects.all()

        assert emails.exists()
        assert set(emails.values_list("status", flat=True)) == {EmailStatus.SENT}
        assert all(e.sent_at and e.created_at <= e.sent_at < timezone.now() for e in emails)
        assert all(e.to_address.endswith(".test") for e in emails)

    def test_units_have_categories_and_canned_replies(self):
        for code in ("perizinan-usaha", "pbg", "informasi-pengaduan", "layanan-pelanggan"):
            unit = ServiceUnit.objects.get(code=code)
            assert Category.objects.filter(unit=unit).count() >= 5
            assert 3 <= CannedReply.objects.filter(unit=unit).count() <= 4
        filed = Ticket.objects.filter(category__isnull=False)
        assert filed.exists()
        assert [t.pk for t in filed if t.category.unit_id != t.unit_id] == []


def test_full_demo_has_a_realistic_mix_of_requests():
    specs = request_specs(customers=500)
    statuses = Counter(spec.final_status for spec in specs)
    channels = {spec.channel for spec in specs}

    assert len(specs) == 200
    assert statuses[Status.CLOSED] + statuses[Status.RESOLVED] > len(specs) / 2
    assert all(statuses[status] for status in Status.values)
    assert channels >= set(Channel.values) - {Channel.API}
    assert 4 <= sum(spec.kind == RequestKind.ORDER for spec in specs) <= 12
    assert sum(spec.customer_index is not None for spec in specs) > len(specs) / 2
    assert sum(spec.creates_customer for spec in specs) > 0


def test_stories_follow_the_workflow():
    for seed in (1, 2, 3):
        for spec in request_specs(seed, customers=300):
            status = Status.NEW
            for event in spec.events:
                if event.kind == "status":
                    assert can_transition(status, event.status), (spec.subject, status, event.status)
                    status = event.status
                elif event.kind == "confirm":
                    assert status == Status.RESOLVED
                    status = Status.CLOSED
                elif event.kind == "reopen":
                    assert status == Status.RESOLVED
                    status = Status.IN_PROGRESS
                elif event.kind == "requester" and status == Status.WAITING_CUSTOMER:
                    status = Status.IN_PROGRESS
            assert status == spec.final_status, spec.subject


def test_requesters_give_what_their_channel_needs():
    for spec in request_specs(5, customers=500):
        if spec.is_anonymous:
            assert (spec.requester_name, spec.requester_email, spec.requester_phone) == ("", "", "")
            assert spec.customer_index is None
            continue
        assert spec.requester_name
        if spec.channel == Channel.EMAIL:
            assert spec.requester_email, spec.subject
        if spec.channel == Channel.WEB:
            assert spec.requester_email or spec.requester_phone, spec.subject


def test_same_seed_gives_same_requests():
    assert request_specs(2026) == request_specs(2026)


def test_different_seed_gives_different_requests():
    assert [s.subject for s in request_specs(2026, 100)] != [s.subject for s in request_specs(2027, 100)]


def test_requests_spread_over_the_past_six_months(db):
    now = timezone.now()
    build_demo(customers=60)  # 24 requests; the database is rolled back after the test
    created = sorted(Ticket.objects.values_list("created_at", flat=True))

    assert (now - created[0]).days <= REQUEST_HISTORY_DAYS + 7
    assert (created[-1] - created[0]).days >= 60
    ids = list(Ticket.objects.order_by("id").values_list("created_at", flat=True))
    assert ids == sorted(ids)  # the inbox pages by id: newest id, newest request


def test_no_requests_without_customers(db):
    build_demo(customers=0)

    assert Ticket.objects.count() == 0


# --- Running twice --------------------------------------------------------------------------------


def test_if_empty_does_nothing_when_an_organisation_exists(demo):
    before = (Customer.objects.count(), ActivityLog.objects.count(), User.objects.count())

    output = load("--if-empty")

    assert output == "Organisations already exist; demo data not loaded.\n"
    assert (Customer.objects.count(), ActivityLog.objects.count(), User.objects.count()) == before


def test_if_empty_loads_into_an_empty_database(db):
    load("--if-empty")

    assert Organisation.objects.count() == 2


def test_second_run_is_refused(demo):
    before = (Customer.objects.count(), Ticket.objects.count())

    with pytest.raises(CommandError, match="already exists"):
        load()

    assert Organisation.objects.count() == 2
    assert (Customer.objects.count(), Ticket.objects.count()) == before


def test_run_is_refused_and_rolled_back_when_a_demo_account_exists(db):
    User.objects.create_user(SUPERUSER_EMAIL, "something-else-123", full_name="Someone")

    with pytest.raises(CommandError, match="Demo accounts already exist"):
        load()

    assert (Organisation.objects.count(), User.objects.count()) == (0, 1)


def test_summary_is_printed(demo):
    assert f"{Customer.objects.count()} customers" in demo
    assert "2 organisations, 5 units, 23 staff (27 roles), 5 segments" in demo


# --- demo_logins ----------------------------------------------------------------------------------


def test_demo_logins_lists_every_account_password_and_url(people):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    output = out.getvalue()

    assert [email for email in demo_staff_emails() if email not in output] == []
    assert "Password for every account: prima-demo-2026" in output
    assert "http://127.0.0.1:8000/" in output
    assert output.splitlines()[2].startswith(SUPERUSER_EMAIL)
    assert output.splitlines()[3].startswith("suryo@sleman.prima.test")


def test_demo_logins_shows_role_and_unit(people):
    out = StringIO()
    call_command("demo_logins", stdout=out)

    line = next(line for line in out.getvalue().splitlines() if line.startswith("sri@"))
    assert line.split("  ")[0] == "sri@sleman.prima.test"
    assert "Supervisor (koordinator)" in line
    assert line.endswith("DPMPTSP Kabupaten Sleman: Perizinan Usaha")


def test_demo_logins_without_demo_data(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)

    assert out.getvalue() == "No demo data found. Load it with: python manage.py load_demo\n"


def test_full_demo_adds_every_apps_data_once(db: None) -> None:
    """Without --core-only the apps' demos run after the core (surveys, audits, lost customers, objectives, plans)."""
    from prima.compliance.models import Audit
    from prima.improvement.models import Objective
    from prima.plans.models import Plan
    from prima.retention.models import Interview
    from prima.surveys.models import Response, Survey

    out = StringIO()
    call_command("load_demo", "--customers", "200", stdout=out)

    assert "Surveys, audits, lost customers, objectives and plans added" in out.getvalue()
    counts = [model.objects.count() for model in (Survey, Response, Audit, Interview, Objective, Plan)]
    assert all(counts), counts
    # The apps' loaders add nothing when run again.
    from prima.core.demo.apps import load_app_demos

    load_app_demos(DEFAULT_SEED)
    assert [model.objects.count() for model in (Survey, Response, Audit, Interview, Objective, Plan)] == counts
