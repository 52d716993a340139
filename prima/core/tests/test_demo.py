"""The demo organisation: ``load_demo`` and ``demo_logins``, and the pure generator behind them."""

import random
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, OrganisationKind, Role, ServiceUnit, TimeZone, User
from prima.activity.models import ActivityLog
from prima.core.demo import (
    COMPANY,
    DEMO_PASSWORD,
    HISTORY_DAYS,
    MOBILE_PREFIXES,
    SLEMAN,
    SUPERUSER_EMAIL,
    demo_staff_emails,
    generate_customer_specs,
    local_moment,
    mobile_number,
)
from prima.customers.contacts import normalize_contact
from prima.customers.models import Consent, Contact, ContactKind, Customer

CUSTOMERS = 20


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", "--customers", str(CUSTOMERS), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    return load()


# --- Organisations, units and staff ---------------------------------------------------------------


def test_load_demo_creates_two_organisations(demo):
    assert sorted(Organisation.objects.values_list("name", "kind")) == [
        ("CV Sumber Rejeki Makmur", OrganisationKind.COMPANY),
        ("DPMPTSP Kabupaten Sleman", OrganisationKind.PUBLIC_SERVICE),
    ]


def test_load_demo_creates_head_office_and_three_service_units_in_wib(demo):
    units = ServiceUnit.objects.filter(organisation__name=SLEMAN.name)

    assert [(u.name, u.parent.name if u.parent else None, u.time_zone) for u in units] == [
        ("Kantor Pusat", None, TimeZone.WIB),
        ("Perizinan Usaha", "Kantor Pusat", TimeZone.WIB),
        ("Perizinan Bangunan (PBG)", "Kantor Pusat", TimeZone.WIB),
        ("Informasi dan Pengaduan", "Kantor Pusat", TimeZone.WIB),
    ]
    assert all(u.address and u.email and u.phone for u in units)


def test_load_demo_creates_company_desk_in_makassar_in_wita(demo):
    unit = ServiceUnit.objects.get(organisation__name=COMPANY.name)

    assert (unit.name, unit.time_zone, "Makassar" in unit.address) == ("Layanan Pelanggan", TimeZone.WITA, True)


def test_load_demo_grants_every_role(demo):
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


def test_load_demo_creates_staff_with_shared_password_and_indonesian_language(demo):
    emails = demo_staff_emails()
    users = User.objects.filter(email__in=emails)

    assert users.count() == len(emails) == 24
    assert set(users.values_list("language", flat=True)) == {"id"}
    assert User.objects.get(email="suryo@sleman.prima.test").check_password(DEMO_PASSWORD) is True
    assert list(User.objects.filter(is_staff=True).order_by("email").values_list("email", flat=True)) == [
        SUPERUSER_EMAIL,
        "hendra@sleman.prima.test",
    ]


def test_load_demo_creates_superuser(demo):
    admin = User.objects.get(email=SUPERUSER_EMAIL)

    assert (admin.is_superuser, admin.is_staff, admin.check_password(DEMO_PASSWORD)) == (True, True, True)


def test_load_demo_leader_sits_at_head_office(demo):
    membership = Membership.objects.get(user__email="suryo@sleman.prima.test")

    assert (membership.role, membership.unit.code) == (Role.LEADER, "pusat")


# --- Customers ------------------------------------------------------------------------------------


def test_load_demo_creates_the_requested_number_of_customers(demo):
    assert Customer.objects.count() == CUSTOMERS
    assert Customer.objects.filter(organisation__name=COMPANY.name).count() == CUSTOMERS // 10


def test_load_demo_customers_match_the_seeded_specs(demo):
    expected = sorted(spec.name for spec in generate_customer_specs(2026, CUSTOMERS))

    assert sorted(Customer.objects.values_list("name", flat=True)) == expected


def test_every_customer_has_a_unit_of_its_own_organisation(demo):
    customers = Customer.objects.prefetch_related("units")

    assert [c.pk for c in customers if {u.organisation_id for u in c.units.all()} != {c.organisation_id}] == []


def test_every_stored_contact_passes_normalize_contact(demo):
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
    call_command("load_demo", "--customers", "200", stdout=StringIO())

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
    call_command("load_demo", "--customers", "5", "--seed", "99", stdout=StringIO())

    assert sorted(Customer.objects.values_list("name", flat=True)) == sorted(
        spec.name for spec in generate_customer_specs(99, 5)
    )


# --- Timestamps and activity ----------------------------------------------------------------------


def test_every_customer_has_a_creation_log_at_its_creation_time(demo):
    logs = ActivityLog.objects.filter(action="customers.customer.created").select_related("customer")

    assert logs.count() == CUSTOMERS
    assert [log.pk for log in logs if log.created_at != log.customer.created_at] == []


def test_no_demo_timestamp_is_left_at_now(demo):
    recent = timezone.now() - timedelta(hours=12)

    assert ActivityLog.objects.filter(created_at__gte=recent).count() == 0
    assert Customer.objects.filter(created_at__gte=recent).count() == 0
    assert Contact.objects.filter(created_at__gte=recent).count() == 0
    assert Consent.objects.filter(given_at__gte=recent).count() == 0


def test_customers_are_spread_over_the_past_18_months(demo):
    created = sorted(Customer.objects.values_list("created_at", flat=True))

    assert (created[-1] - created[0]).days >= 365
    assert (timezone.now() - created[0]).days <= HISTORY_DAYS + 7


def test_customer_activity_never_precedes_registration(demo):
    logs = ActivityLog.objects.filter(customer__isnull=False).select_related("customer")

    assert [log.pk for log in logs if log.created_at < log.customer.created_at] == []


def test_customer_activity_actors_work_in_the_logged_unit(demo):
    members = set(Membership.objects.values_list("user_id", "unit_id"))
    logs = ActivityLog.objects.filter(customer__isnull=False)

    assert [log.pk for log in logs if (log.actor_id, log.unit_id) not in members] == []


def test_local_moment_falls_on_a_workday_before_today():
    today = date(2026, 3, 2)  # a Monday

    moments = [local_moment(today, days, days * 997, SLEMAN.hours) for days in range(1, 60)]

    assert [m for m in moments if m.weekday() >= 5 or m.date() >= today] == []
    assert [m for m in moments if not 8 <= m.hour < 15] == []


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
    with pytest.raises(CommandError, match="already exists"):
        load()

    assert Organisation.objects.count() == 2
    assert Customer.objects.count() == CUSTOMERS


def test_run_is_refused_and_rolled_back_when_a_demo_account_exists(db):
    User.objects.create_user(SUPERUSER_EMAIL, "something-else-123", full_name="Someone")

    with pytest.raises(CommandError, match="Demo accounts already exist"):
        load()

    assert (Organisation.objects.count(), User.objects.count()) == (0, 1)


def test_summary_is_printed(demo):
    assert f"{CUSTOMERS} customers" in demo
    assert "2 organisations, 5 units, 23 staff (27 roles), 5 segments" in demo


# --- demo_logins ----------------------------------------------------------------------------------


def test_demo_logins_lists_every_account_password_and_url(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    output = out.getvalue()

    assert [email for email in demo_staff_emails() if email not in output] == []
    assert "Password for every account: prima-demo-2026" in output
    assert "http://127.0.0.1:8000/" in output
    assert output.splitlines()[2].startswith(SUPERUSER_EMAIL)
    assert output.splitlines()[3].startswith("suryo@sleman.prima.test")


def test_demo_logins_shows_role_and_unit(demo):
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
