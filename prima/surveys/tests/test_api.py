import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from prima.surveys.models import Response, Survey
from prima.surveys.tests.factories import make_survey, skm_answers, skm_response

pytestmark = pytest.mark.django_db

FOURS = skm_answers(*(4,) * 9)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    user.language = "en"
    user.save(update_fields=["language"])
    return client


def test_list_is_scoped(cast, skm):
    other = make_survey("nps", organisation=cast.organisation, unit=cast.unit_b)
    ids = [row["id"] for row in api(cast.agent_a).get("/api/v1/surveys/").json()["results"]]
    assert ids == [skm.pk]
    ids = {row["id"] for row in api(cast.leader).get("/api/v1/surveys/").json()["results"]}
    assert ids == {skm.pk, other.pk}


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count(cast, count, django_assert_max_num_queries):
    for number in range(count):
        make_survey("csat", organisation=cast.organisation, unit=cast.unit_a, name=f"CSAT {number}")
    client = api(cast.leader)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/surveys/")
    assert len(response.json()["results"]) == count


def test_detail_has_the_items(cast, skm):
    data = api(cast.agent_a).get(f"/api/v1/surveys/{skm.pk}/").json()
    assert data["version"] == 1
    assert [item["code"] for item in data["items"] if item["is_unsur"]] == [f"U{n}" for n in range(1, 10)]
    assert data["items"][5]["options"][0]["label"]["id"] == "Tidak sesuai"


def test_detail_out_of_scope_is_404(cast, skm):
    assert api(cast.agent_b).get(f"/api/v1/surveys/{skm.pk}/").status_code == 404
    assert api(cast.agent_b).get(f"/api/v1/surveys/{skm.pk}/skm/").status_code == 404
    assert api(cast.agent_b).get("/api/v1/surveys/abc/").status_code == 404


def test_anonymous_is_refused(skm):
    assert APIClient().get("/api/v1/surveys/").status_code == 403


def test_create_from_template(cast, services):
    response = api(cast.supervisor).post(
        "/api/v1/surveys/", {"template": "skm2017", "name": "SKM 2026", "unit": cast.unit_a.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    survey = Survey.objects.get(pk=response.json()["id"])
    assert (survey.unit, survey.created_by) == (cast.unit_a, cast.supervisor)


def test_create_needs_manage_permission_and_valid_input(cast):
    response = api(cast.agent_a).post(
        "/api/v1/surveys/", {"template": "csat", "name": "CSAT", "unit": cast.unit_a.pk}, format="json"
    )
    assert response.status_code == 403
    response = api(cast.supervisor).post(
        "/api/v1/surveys/", {"template": "csat", "name": "CSAT", "unit": cast.unit_b.pk}, format="json"
    )
    assert response.status_code == 403
    response = api(cast.supervisor).post("/api/v1/surveys/", {"template": "skm1999", "name": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"template", "name"}


def test_skm_endpoint_is_the_command_json(cast, skm, services):
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2, service=services[0])
    skm_response(skm, *(1,) * 9, service=services[1])
    client = api(cast.agent_a)
    data = client.get(f"/api/v1/surveys/{skm.pk}/skm/").json()
    assert data["respondents"] == 2
    data = client.get(f"/api/v1/surveys/{skm.pk}/skm/", {"service": services[0].pk, "from": "2000-01-01"}).json()
    assert (data["respondents"], data["ikm"], data["mutu"], data["filters"]["from"]) == (1, 29 / 9, "B", "2000-01-01")
    response = client.get(f"/api/v1/surveys/{skm.pk}/skm/", {"from": "kemarin", "unit": 0})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"from", "unit"}


def test_servqual_endpoint(cast):
    survey = make_survey("servqual", organisation=cast.organisation, unit=cast.unit_a)
    skm_payload = {"E1": 6, "P1": 5}
    api(cast.agent_a).post(f"/api/v1/surveys/{survey.pk}/responses/", {"answers": skm_payload}, format="json")
    data = api(cast.agent_a).get(f"/api/v1/surveys/{survey.pk}/servqual/", {"weights": "zeithaml"}).json()
    assert data["items"][0]["gap"] == -1
    assert data["weights"]["reliability"] == 0.32


def test_post_response_with_idempotency_key(cast, skm):
    client = api(cast.agent_a)
    url = f"/api/v1/surveys/{skm.pk}/responses/"
    first = client.post(url, {"answers": FOURS}, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = client.post(url, {"answers": FOURS}, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["answers"]["U1"] == 4
    assert Response.objects.get().channel == "api"


def test_post_response_errors_per_item(cast, skm):
    response = api(cast.agent_a).post(
        f"/api/v1/surveys/{skm.pk}/responses/", {"answers": {**FOURS, "U1": 9, "U9": None}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["answers"] == {
        "U1": ["Give a number from 1 to 4."],
        "U9": ["This question needs an answer."],
    }


def test_post_response_permissions(cast, skm):
    organisation_wide = make_survey("csat", organisation=cast.organisation)
    url = f"/api/v1/surveys/{organisation_wide.pk}/responses/"
    assert api(cast.trainer).post(url, {"answers": {"CSAT": 3}}, format="json").status_code == 403
    assert api(cast.agent_b).post(url, {"answers": {"CSAT": 3}}, format="json").status_code == 201
    url = f"/api/v1/surveys/{skm.pk}/responses/"
    assert api(cast.agent_b).post(url, {"answers": FOURS}, format="json").status_code == 404


def test_import_endpoint(cast, skm):
    url = f"/api/v1/surveys/{skm.pk}/imports/"
    good = SimpleUploadedFile("k.csv", b"U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n", content_type="text/csv")
    response = api(cast.supervisor).post(url, {"file": good}, format="multipart")
    assert response.status_code == 201 and response.json()["imported"] == 1
    bad = SimpleUploadedFile("b.csv", b"U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,7\n", content_type="text/csv")
    response = api(cast.supervisor).post(url, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["cells"] == [
        {"row": 2, "column": "I", "code": "U9", "message": "Give a number from 1 to 4."}
    ]
    other = SimpleUploadedFile("c.csv", b"U1\n4\n", content_type="text/csv")
    assert api(cast.agent_a).post(url, {"file": other}, format="multipart").status_code == 403
