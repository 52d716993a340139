"""The public results page of a unit: published aggregates only, no login."""

import pytest
from django.urls import reverse

from prima.surveys.services import set_survey_status
from prima.surveys.tests.factories import make_survey, respond, skm_answers

pytestmark = pytest.mark.django_db


def test_public_results_show_the_units_ikm(cast, skm, public_client):
    respond(skm, skm_answers(*(4,) * 9), respondent_name="Budi Santoso", respondent_contact="0812000111")
    respond(skm, skm_answers(*(3,) * 9))

    response = public_client.get(reverse("survey_results:unit", args=[cast.unit_a.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    [entry] = response.context["published"]
    assert (entry.results.skm.respondents, entry.results.skm.ikm_unit) == (2, 87.5)
    assert "87,50" in page or "87.50" in page
    assert "Budi" not in page and "0812000111" not in page


def test_public_results_leave_out_drafts_and_other_units(cast, skm, public_client):
    respond(skm, skm_answers(*(4,) * 9))
    set_survey_status(skm, "draft", actor=None)
    other = make_survey("skm2017", organisation=cast.organisation, unit=cast.unit_b, name="SKM Bangunan")
    respond(other, skm_answers(*(2,) * 9))

    response = public_client.get(reverse("survey_results:unit", args=[cast.unit_a.pk]))

    assert response.context["published"] == []


def test_public_results_organisation_wide_survey_read_for_the_unit(cast, public_client):
    survey = make_survey("skm2017", organisation=cast.organisation, name="SKM Kota")
    respond(survey, skm_answers(*(4,) * 9), unit=cast.unit_a)
    respond(survey, skm_answers(*(1,) * 9), unit=cast.unit_b)

    response = public_client.get(reverse("survey_results:unit", args=[cast.unit_a.pk]))

    [entry] = response.context["published"]
    assert entry.results.skm.ikm_unit == 100


def test_public_results_unknown_unit_is_404(public_client):
    assert public_client.get(reverse("survey_results:unit", args=[999999])).status_code == 404
    assert public_client.get("/public/survey-results/unit/99999999999/").status_code == 404
