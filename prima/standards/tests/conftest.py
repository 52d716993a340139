"""Helpers for the standards tests: services and fully written standards built through the service functions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from prima.accounts.models import Role, ServiceUnit, User
from prima.factories import MembershipFactory, UserFactory
from prima.standards.components import COMPONENTS, FEE, TIME_LIMIT
from prima.standards.models import Service, ServiceStandard
from prima.standards.services import (
    ComponentInput,
    approve_standard,
    create_service,
    draft_standard,
    publish_standard,
    update_draft,
)


@pytest.fixture(autouse=True)
def standards_urls(settings):
    settings.ROOT_URLCONF = "prima.standards.tests.urls"


@pytest.fixture
def unit_leader(cast) -> User:
    """A leader (pimpinan) of unit A itself; the cast's leader sits at the head office above it."""
    user = UserFactory(email="pimpinan.a@prima.test", full_name="Yusuf Hidayat")
    MembershipFactory(user=user, unit=cast.unit_a, role=Role.LEADER)
    return user


def new_service(unit: ServiceUnit, actor: User, *, code: str = "izin-usaha-mikro", **names: str) -> Service:
    name = names or {"id": "Izin Usaha Mikro", "en": "Micro Business Permit"}
    return create_service(unit, code=code, name=name, actor=actor)


def full_text(version: int = 1) -> dict[str, ComponentInput]:
    """Every component written, the fee Rp50.000 and the time limit 5 working days (v1), 3 (later)."""
    components = {
        spec.code: ComponentInput(text={"id": f"{spec.title['id']} v{version}", "en": f"{spec.title['en']} v{version}"})
        for spec in COMPONENTS
    }
    components[FEE] = ComponentInput(text={"id": "Sesuai Perda"}, amount=50_000)
    components[TIME_LIMIT] = ComponentInput(
        text={"id": "Sejak berkas lengkap"}, duration_value=5 if version == 1 else 3, duration_unit="working_days"
    )
    return components


def written_draft(service: Service, editor: User, version: int = 1) -> ServiceStandard:
    standard = draft_standard(service, actor=editor, change_note=f"Versi {version}")
    update_draft(standard, components=full_text(version), actor=editor)
    return standard


def published(service: Service, editor: User, leader: User, version: int = 1, **kwargs: Any) -> ServiceStandard:
    """Draft, write, approve and publish the next version."""
    standard = written_draft(service, editor, version)
    approve_standard(standard, actor=leader)
    return publish_standard(standard, actor=leader, **kwargs)


def error_codes(error: ValidationError) -> dict[str, list[str]] | list[str]:
    """{field: [codes]} (or [codes] without fields): exact and independent of the message language."""
    if hasattr(error, "error_dict"):
        return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}
    return [e.code or "" for e in error.error_list]


def speak_english(*users: User) -> None:
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])
