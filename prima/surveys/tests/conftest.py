"""Fixtures for the surveys tests: an SKM survey of unit A with two services."""

from __future__ import annotations

import pytest
from django.utils import translation

from prima.standards.models import Service
from prima.surveys.models import Survey
from prima.surveys.tests.factories import ServiceFactory, make_survey


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); Indonesian comes from the lead's catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def services(cast) -> list[Service]:
    return [
        ServiceFactory(unit=cast.unit_a, code="izin-usaha", name={"id": "Izin Usaha Mikro", "en": "Micro permit"}),
        ServiceFactory(unit=cast.unit_a, code="nib", name={"id": "Nomor Induk Berusaha", "en": "Business number"}),
    ]


@pytest.fixture
def skm(cast, services) -> Survey:
    return make_survey("skm2017", organisation=cast.organisation, unit=cast.unit_a, name="SKM 2026 Semester I")
