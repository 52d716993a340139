import pytest
from django.utils import timezone

from conftest import client_for
from prima.retention.models import Interview, InterviewChannel
from prima.retention.services import ensure_default_reasons
from prima.retention.tests.factories import InterviewFactory


def test_lost_customer_list_is_scoped(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_a).get("/api/v1/retention/customers/")

    assert response.status_code == 200
    assert [row["customer_name"] for row in response.json()["results"]] == ["Budi Hilang"]
    assert response.json()["results"][0]["may_be_contacted"] is True


def test_at_risk_list(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.leader).get("/api/v1/retention/customers/", {"status": "at_risk"})

    assert [row["customer_name"] for row in response.json()["results"]] == ["Citra Ragu"]


def test_lost_customer_list_refuses_trainer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    assert client_for(cast.trainer).get("/api/v1/retention/customers/").status_code == 403


def test_lost_customer_list_rejects_bad_status(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.leader).get("/api/v1/retention/customers/", {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_churn_per_quarter(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.trainer).get("/api/v1/retention/churn/", {"granularity": "quarter", "periods": 4})

    assert response.status_code == 200
    assert len(response.json()) == 4
    assert set(response.json()[0]) == {
        "period_start",
        "period_end",
        "period_label",
        "active_at_start",
        "lost",
        "churn_rate",
        "active_at_end",
    }


def test_churn_refuses_unit_outside_scope(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_a).get("/api/v1/retention/churn/", {"unit": cast.unit_b.pk})

    assert response.status_code == 400


def _payload(cast, customer, **overrides):  # type: ignore[no-untyped-def]
    ensure_default_reasons(cast.organisation)
    return {
        "customer": customer.pk,
        "unit": cast.unit_a.pk,
        "interviewed_on": timezone.localdate().isoformat(),
        "channel": InterviewChannel.COUNTER,
        "reason": cast.organisation.loss_reasons.get(code="price").pk,
        "notes": "Biaya dianggap mahal.",
        "attempt": {"attempted_on": timezone.localdate().isoformat(), "action": "Penjelasan rincian biaya"},
        "submission_key": "api-1",
        **overrides,
    }


def test_interview_create(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.agent_a)

    first = client.post("/api/v1/retention/interviews/", _payload(cast, scene.lost_a), content_type="application/json")
    again = client.post("/api/v1/retention/interviews/", _payload(cast, scene.lost_a), content_type="application/json")

    assert first.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["attempts"][0]["outcome"] == "pending"
    assert Interview.objects.get().interviewer == cast.agent_a


def test_interview_create_for_invisible_customer_is_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_b).post(
        "/api/v1/retention/interviews/", _payload(cast, scene.lost_a), content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"customer", "unit"}


def test_interview_create_without_consent_by_phone_is_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_a).post(
        "/api/v1/retention/interviews/",
        _payload(cast, scene.at_risk_a, channel=InterviewChannel.WHATSAPP),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "channel" in response.json()["errors"]


def test_interview_create_refuses_trainer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.trainer).post(
        "/api/v1/retention/interviews/", _payload(cast, scene.lost_a), content_type="application/json"
    )

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_interview_list_query_count(cast, scene, count, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _number in range(count):
        InterviewFactory(customer=scene.lost_a, unit=cast.unit_a, interviewer=cast.agent_a)
    InterviewFactory(customer=scene.lost_b, unit=cast.unit_b)
    client = client_for(cast.agent_a)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/retention/interviews/")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_lost_customer_list_query_count(cast, count, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from prima.retention.detection import scan_lost_customers
    from prima.retention.tests.factories import recent_customer

    for number in range(count):
        recent_customer(cast.unit_a, (400 + number,))
    scan_lost_customers()
    client = client_for(cast.agent_a)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/retention/customers/")

    assert len(response.json()["results"]) == count
