import pytest
from django.urls import reverse

from conftest import client_for


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "abc", "segment": "-1", "granularity": "year"},
        {"unit": "999999", "page": "xyz", "status": "gone"},
        {"granularity": "quarter", "page": "-5"},
    ],
)
def test_pages_survive_bad_filters(cast, scene, query) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.leader)

    for name in ("retention:home", "retention:list", "retention:cohorts"):
        assert client.get(reverse(name), query).status_code == 200


def test_forms_survive_garbage(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.leader)
    garbage = {"unit": "x", "interviewed_on": "kemarin", "reason": "0", "channel": "pigeon", "submission_key": ""}

    interview = client.post(reverse("retention:interview_create", args=[scene.lost_a.pk]), garbage)
    thresholds = client.post(reverse("retention:thresholds", args=[cast.unit_a.pk]), {"one_off_days": "lama"})
    reason = client.post(reverse("retention:reason_add", args=[cast.organisation.pk]), {"name_id": ""})
    missing = client.get(reverse("retention:customer", args=[999999]))

    assert (interview.status_code, thresholds.status_code, reason.status_code, missing.status_code) == (
        400,
        400,
        302,
        404,
    )


def test_api_survives_bad_parameters(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.leader)

    assert client.get("/api/v1/retention/churn/", {"periods": "0"}).status_code == 400
    assert client.get("/api/v1/retention/churn/", {"granularity": "week"}).status_code == 400
    assert client.get("/api/v1/retention/customers/", {"unit": "abc"}).status_code == 400
    response = client.post("/api/v1/retention/interviews/", {"customer": "x"}, content_type="application/json")
    assert response.status_code == 400
