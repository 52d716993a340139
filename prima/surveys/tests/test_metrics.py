"""The survey metrics in the registry: IKM unit (pooled per unsur code), CSAT satisfied share, NPS."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from prima.core.metrics import MetricScope, get_metric
from prima.surveys.tests.factories import make_survey, respond, skm_response

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 10, 2, tzinfo=UTC)
START, END = date(2026, 1, 1), date(2026, 7, 1)


def value(code, scope, start=START, end=END):
    return get_metric(code).value(scope, start, end)


def test_ikm_unit_pools_answers_per_unsur_code_over_surveys(cast):
    first = make_survey("skm2017", organisation=cast.organisation, unit=cast.unit_a, name="SKM A")
    second = make_survey("skm2017", organisation=cast.organisation, unit=cast.unit_b, name="SKM B")
    legacy = make_survey("kep25", organisation=cast.organisation, unit=cast.unit_a, name="IKM lama")
    skm_response(first, *(4,) * 9, submitted_at=WHEN)
    skm_response(second, *(2,) * 9, submitted_at=WHEN)
    skm_response(second, *(2,) * 9, submitted_at=WHEN)
    respond(legacy, {f"U{n}": 1 for n in range(1, 15)}, submitted_at=WHEN)
    organisation = MetricScope(cast.organisation.pk)

    # per code: (4 + 2 + 2) / 3 = 8/3 -> IKM unit 25 x 8/3 = 66.6667; the KEP/25 survey is left out
    assert value("surveys.ikm_unit", organisation) == Decimal("66.6667")
    assert value("surveys.ikm_unit", MetricScope(cast.organisation.pk, unit_id=cast.unit_a.pk)) == Decimal("100.0000")
    assert value("surveys.ikm_unit", MetricScope(cast.organisation.pk, unit_id=cast.unit_b.pk)) == Decimal("50.0000")
    assert value("surveys.ikm_unit", MetricScope(cast.organisation.pk, unit_id=cast.head_office.pk)) == Decimal(
        "66.6667"
    )


def test_ikm_unit_without_answers_in_the_period_is_none(cast):
    survey = make_survey("skm2017", organisation=cast.organisation, unit=cast.unit_a)
    skm_response(survey, *(4,) * 9, submitted_at=WHEN)
    assert value("surveys.ikm_unit", MetricScope(cast.organisation.pk), date(2026, 7, 1), date(2027, 1, 1)) is None


def test_csat_satisfied_share_per_organisation_unit_and_person(cast):
    survey = make_survey("csat", organisation=cast.organisation, unit=cast.unit_a)
    respond(survey, {"CSAT": 3}, owner=cast.agent_a, submitted_at=WHEN)
    respond(survey, {"CSAT": 1}, owner=cast.agent_a, submitted_at=WHEN)
    respond(survey, {"CSAT": 2}, owner=cast.agent_b, submitted_at=WHEN)

    assert value("surveys.csat_satisfied_share", MetricScope(cast.organisation.pk)) == Decimal("66.6667")
    person = MetricScope(cast.organisation.pk, user_id=cast.agent_a.pk)
    assert value("surveys.csat_satisfied_share", person) == Decimal("50.0000")
    assert value("surveys.csat_satisfied_share", MetricScope(cast.organisation.pk, unit_id=cast.unit_b.pk)) is None


def test_nps_metric(cast):
    survey = make_survey("nps", organisation=cast.organisation, unit=cast.unit_a)
    for score in (10, 9, 3, 8):
        respond(survey, {"NPS": score}, submitted_at=WHEN)
    assert value("surveys.nps", MetricScope(cast.organisation.pk)) == Decimal("25.0000")
    with pytest.raises(ValueError):
        value("surveys.nps", MetricScope(cast.organisation.pk, user_id=cast.agent_a.pk))
