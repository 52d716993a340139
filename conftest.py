"""The cast every test can use: an organisation with a parent unit and two child units, and one person
per role. Unit A and unit B are siblings under the head office; the leader sits at the head office."""

import os
from dataclasses import dataclass

os.environ.setdefault("PRIMA_TESTING", "1")

import pytest
from django.test import Client

from prima.accounts.models import Organisation, Role, ServiceUnit, TimeZone, User
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run browser tests last: Playwright keeps an event loop running in the main thread once started,
    which would break later tests that use asyncio themselves (pytest-django reorders tests by database use)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


PASSWORD = "rahasia-prima-123"  # noqa: S105  (test fixture)


@dataclass
class Cast:
    organisation: Organisation
    head_office: ServiceUnit
    unit_a: ServiceUnit
    unit_b: ServiceUnit
    leader: User
    supervisor: User
    agent_a: User
    agent_b: User
    trainer: User
    admin: User


@pytest.fixture
def cast(db: None) -> Cast:
    organisation = OrganisationFactory(name="DPMPTSP Kota Bandung")
    head_office = ServiceUnitFactory(organisation=organisation, name="Kantor Pusat", code="pusat")
    unit_a = ServiceUnitFactory(organisation=organisation, parent=head_office, name="Perizinan Usaha", code="usaha")
    unit_b = ServiceUnitFactory(
        organisation=organisation,
        parent=head_office,
        name="Perizinan Bangunan",
        code="bangunan",
        time_zone=TimeZone.WITA,
    )

    def person(email: str, name: str, unit: ServiceUnit, role: Role) -> User:
        user = UserFactory(email=email, full_name=name)
        MembershipFactory(user=user, unit=unit, role=role)
        return user

    return Cast(
        organisation=organisation,
        head_office=head_office,
        unit_a=unit_a,
        unit_b=unit_b,
        leader=person("pimpinan@prima.test", "Siti Rahmawati", head_office, Role.LEADER),
        supervisor=person("koordinator@prima.test", "Bambang Wijaya", unit_a, Role.SUPERVISOR),
        agent_a=person("petugas.a@prima.test", "Dewi Lestari", unit_a, Role.AGENT),
        agent_b=person("petugas.b@prima.test", "Agus Setiawan", unit_b, Role.AGENT),
        trainer=person("pelatih@prima.test", "Rina Kusuma", head_office, Role.TRAINER),
        admin=person("admin@prima.test", "Hendra Gunawan", head_office, Role.ADMIN),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def public_client() -> Client:
    """The anonymous public: no account, no session."""
    return Client()
