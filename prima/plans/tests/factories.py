"""Factories for the plans tests. Behaviour is tested through the services; these only set the stage."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from prima.accounts.models import Role, ServiceUnit, User
from prima.factories import MembershipFactory, UserFactory
from prima.standards.components import FEE, TIME_LIMIT, DurationUnit
from prima.standards.models import Service, ServiceStandard, StandardComponent, StandardStatus


def colleague(unit: ServiceUnit, name: str, role: str = Role.AGENT, email: str | None = None) -> User:
    user = UserFactory(full_name=name, **({"email": email} if email else {}))
    MembershipFactory(user=user, unit=unit, role=role)
    return user


def service_with_standard(
    unit: ServiceUnit,
    author: User,
    *,
    code: str = "izin-usaha",
    days: int | None = 5,
    day_unit: str = DurationUnit.WORKING_DAYS,
    fee: int | None = 50_000,
    status: str | None = StandardStatus.PUBLISHED,
) -> Service:
    """A service whose standard (if ``status``) promises ``days`` and ``fee``."""
    service = Service.objects.create(unit=unit, code=code, name={"id": f"Layanan {code}"})
    if status is not None:
        standard_version(service, author, days=days, day_unit=day_unit, fee=fee, status=status, version=1)
    return service


def standard_version(
    service: Service,
    author: User,
    *,
    version: int,
    status: str,
    days: int | None = 5,
    day_unit: str = DurationUnit.WORKING_DAYS,
    fee: int | None = 50_000,
) -> ServiceStandard:
    published = status == StandardStatus.PUBLISHED
    standard = ServiceStandard.objects.create(
        service=service,
        version=version,
        status=status,
        created_by=author,
        published_at=timezone.now() if published else None,
        effective_from=date.today() if published else None,
    )
    StandardComponent.objects.create(
        standard=standard,
        code=TIME_LIMIT,
        position=3,
        duration_value=days,
        duration_unit=day_unit if days is not None else "",
    )
    StandardComponent.objects.create(standard=standard, code=FEE, position=4, amount=fee)
    return standard
