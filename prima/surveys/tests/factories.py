"""Factories for the surveys tests. Surveys are built through the service (a template copy); responses through
``record_response`` so that the denormalised answer rows are always right."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from prima.accounts.models import Organisation, ServiceUnit
from prima.standards.models import Service
from prima.surveys.models import Response, ResponseChannel, Survey
from prima.surveys.services import create_survey_from_template, record_response


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    unit = factory.SubFactory("prima.factories.ServiceUnitFactory")
    code = factory.Sequence(lambda n: f"layanan-{n}")
    name = factory.Sequence(lambda n: {"id": f"Layanan {n}", "en": f"Service {n}"})


def make_survey(
    template: str = "skm2017",
    *,
    organisation: Organisation,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    name: str = "SKM Semester I",
    **extra: Any,
) -> Survey:
    return create_survey_from_template(
        template, name=name, organisation=organisation, unit=unit, service=service, **extra
    )


def skm_answers(*scores: int | None) -> dict[str, object]:
    """U1…Uk answers from a list of scores (None = not answered)."""
    return {f"U{index}": score for index, score in enumerate(scores, start=1) if score is not None}


def respond(
    survey: Survey,
    answers: Mapping[str, object],
    *,
    channel: str = ResponseChannel.WEB,
    submitted_at: datetime | None = None,
    **extra: Any,
) -> Response:
    return record_response(survey, answers, channel=channel, submitted_at=submitted_at, **extra)


def skm_response(survey: Survey, *scores: int | None, **extra: Any) -> Response:
    """A response to an SKM survey whose unsur are not required (see ``optional_unsur``)."""
    return respond(survey, skm_answers(*scores), **extra)


def optional_unsur(survey: Survey) -> Survey:
    """Make the unsur optional in place (tests of blanks): the template makes them required."""
    version = survey.current_version()
    assert version is not None
    version.items.filter(is_unsur=True).update(required=False)
    return survey
