"""Fixtures for the collection tests: an SKM survey of unit A (two services) and English messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from prima.standards.models import Service
from prima.surveys.models import Survey
from prima.surveys.tests.factories import ServiceFactory

from .factories import make_survey


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); Indonesian comes from the lead's catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def public_client() -> Client:
    """The anonymous public, reading English (the msgids the tests assert); Indonesian is tested where named."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def services(cast) -> list[Service]:
    return [
        ServiceFactory(unit=cast.unit_a, code="izin-usaha", name={"id": "Izin Usaha Mikro", "en": "Micro permit"}),
        ServiceFactory(unit=cast.unit_a, code="nib", name={"id": "Nomor Induk Berusaha", "en": "Business number"}),
    ]


@pytest.fixture
def skm(cast, services) -> Survey:
    return make_survey(organisation=cast.organisation, unit=cast.unit_a)


@pytest.fixture
def inviting(cast, services) -> Survey:
    """An SKM survey of unit A that invites every requester after resolution."""
    return make_survey(
        organisation=cast.organisation,
        unit=cast.unit_a,
        name="SKM setelah layanan",
        invite_after_resolution=True,
        invitation_sample_percent=100,
        invitation_cooldown_days=30,
    )
