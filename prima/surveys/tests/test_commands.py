import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prima.accounts.models import Organisation
from prima.factories import OrganisationFactory
from prima.surveys.models import Response, Survey
from prima.surveys.tests.factories import skm_response

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_survey_prints_only_the_id(cast):
    out, err = run("create_survey", "--template", "skm2017", "--name", "SKM 2026", "--unit", str(cast.unit_a.pk))
    survey = Survey.objects.get()
    assert out.strip() == str(survey.pk)
    assert (survey.unit, survey.organisation, survey.name, err) == (cast.unit_a, cast.organisation, "SKM 2026", "")


@pytest.mark.parametrize("template", ["servqual", "csat", "nps", "ipa"])
def test_create_survey_other_templates_with_the_only_organisation(cast, template):
    out, _err = run("create_survey", "--template", template, "--name", "Survei")
    assert Survey.objects.get(pk=int(out)).method == template


def test_create_survey_several_organisations_warns_and_takes_the_first(cast):
    OrganisationFactory(name="PT Lain")
    out, err = run("create_survey", "--template", "csat", "--name", "CSAT")
    first = Organisation.objects.order_by("pk").first()
    assert Survey.objects.get(pk=int(out)).organisation == first
    assert "Several organisations" in err


def test_create_survey_without_any_organisation_creates_prima(db):
    out, _err = run("create_survey", "--template", "nps", "--name", "NPS")
    assert Survey.objects.get(pk=int(out)).organisation.name == "Prima"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "skm1999", "--name", "x"], "Unknown template"),
        (["--template", "skm2017", "--name", "x", "--unit", "999999"], "No service unit with id 999999"),
        (["--template", "skm2017", "--name", "x", "--service", "999999"], "No service with id 999999"),
        (["--template", "skm2017", "--name", " "], "name"),
    ],
)
def test_create_survey_errors(cast, args, message):
    with pytest.raises(CommandError, match=message):
        run("create_survey", *args)


def test_skm_report_prints_the_json(cast, skm):
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    skm_response(skm, 3, 3, 2, 2, 3, 4, 4, 3, 1)
    skm_response(skm, 4, 4, 3, 3, 4, 4, 3, 3, 2)
    out, _err = run("skm_report", "--survey", str(skm.pk), "--format", "json")
    data = json.loads(out)
    assert data["respondents"] == 3
    assert data["ikm"] == 28 / 9
    assert data["ikm_unit"] == 700 / 9
    assert (data["mutu"], data["mutu_label"]) == ("B", "Baik")
    assert [unsur["code"] for unsur in data["unsur"]] == [f"U{n}" for n in range(1, 10)]
    assert data["unsur"][0]["name"] == "Persyaratan"
    assert data["unsur"][3]["mutu"] == "D"


def test_skm_report_filters_and_errors(cast, skm, services):
    skm_response(skm, *(4,) * 9, service=services[0])
    out, _err = run(
        "skm_report",
        "--survey",
        str(skm.pk),
        "--service",
        str(services[1].pk),
        "--from",
        "2020-01-01",
        "--to",
        "2099-12-31",
    )
    data = json.loads(out)
    assert (data["respondents"], data["ikm"], data["filters"]["from"]) == (0, None, "2020-01-01")
    out, _err = run("skm_report", "--survey", str(skm.pk), "--unit", str(cast.unit_a.pk))
    assert json.loads(out)["ikm_unit"] == 100
    with pytest.raises(CommandError, match="No survey"):
        run("skm_report", "--survey", "999999")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("skm_report", "--survey", str(skm.pk), "--from", "03/02/2026")


def test_import_survey_responses_command(skm, tmp_path):
    good = tmp_path / "kuesioner.csv"
    good.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n3,3,3,3,3,3,3,3,3\n", encoding="utf-8")
    out, _err = run("import_survey_responses", "--survey", str(skm.pk), str(good))
    assert out.strip() == "Imported 2 responses"
    bad = tmp_path / "salah.csv"
    bad.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,9\n0,4,4,4,4,4,4,4,4\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_survey_responses", "--survey", str(skm.pk), str(bad), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2, column I (U9): Give a number from 1 to 4.",
        "row 3, column A (U1): Give a number from 1 to 4.",
    ]
    assert Response.objects.count() == 2
