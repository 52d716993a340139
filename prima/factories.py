"""factory_boy factories shared by every app's tests. They build through the ORM for speed; tests of
behaviour call the service functions."""

from typing import Any

import factory
from factory.django import DjangoModelFactory

from prima.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    ServiceUnit,
    TimeZone,
    User,
)
from prima.customers.models import Contact, ContactKind, Customer, CustomerKind, Segment


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"DPMPTSP Kabupaten {n}")
    kind = OrganisationKind.PUBLIC_SERVICE


class ServiceUnitFactory(DjangoModelFactory[ServiceUnit]):
    class Meta:
        model = ServiceUnit
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Unit Layanan {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    time_zone = TimeZone.WIB
    address = "Jl. Merdeka No. 1, Bandung"

    @factory.post_generation
    def set_path(unit: ServiceUnit, create: bool, extracted: Any, **kwargs: Any) -> None:
        # Mirrors prima.accounts.services.create_service_unit.
        unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        if create:
            unit.save(update_fields=["path"])


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"petugas{n}@prima.test")
    full_name = factory.Faker("name", locale="id_ID")
    language = "id"
    password = factory.PostGenerationMethodCall("set_password", "rahasia-prima-123")

    @factory.post_generation
    def save_password(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            user.save(update_fields=["password"])


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(ServiceUnitFactory)
    role = Role.AGENT


class SegmentFactory(DjangoModelFactory[Segment]):
    class Meta:
        model = Segment

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Segmen {n}")


class CustomerFactory(DjangoModelFactory[Customer]):
    class Meta:
        model = Customer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = CustomerKind.PERSON
    name = factory.Faker("name", locale="id_ID")
    city = "Bandung"

    @factory.post_generation
    def units(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.units.set(extracted)


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    kind = ContactKind.WHATSAPP
    value = factory.Sequence(lambda n: f"+62812{n:08d}")
