"""The compliance API: scoped audits (404 out of scope, 403 when seen but not managed), the write path through
the services, evidence as multipart, and the dashboard figures as JSON."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from prima.accounts.models import Role
from prima.compliance.models import Audit, AuditStatus, ItemResult
from prima.compliance.services import start_audit
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory
from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.services import create_policy

from .conftest import at, received, replied, scanned
from .factories import completed_audit, custom_checklist

pytestmark = pytest.mark.django_db

BASE = "/api/v1/compliance"
PDF = b"%PDF-1.4\n% bukti\n"
DAY = dt.date(2026, 3, 2)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def stranger(db):
    unit = ServiceUnitFactory(organisation=OrganisationFactory(name="PT Lain"), name="Unit Lain", code="lain")
    user = UserFactory(email="lain@prima.test", full_name="Orang Lain")
    MembershipFactory(user=user, unit=unit, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def checklist(cast):
    return custom_checklist(cast.unit_a, cast.supervisor, items=2)


def test_create_record_and_complete_an_audit(cast, checklist):
    client = api(cast.supervisor)

    created = client.post(
        f"{BASE}/audits/",
        {"checklist": checklist.pk, "unit": cast.unit_a.pk, "person": cast.agent_a.pk, "audit_date": "2026-03-02"},
        format="json",
    )
    audit_id = created.json()["id"]
    first, second = (item["id"] for item in created.json()["items"])
    recorded = client.post(
        f"{BASE}/audits/{audit_id}/items/{first}/",
        {"result": "pass", "note": "Lengkap", "evidence": SimpleUploadedFile("sk.pdf", PDF)},
        format="multipart",
    )
    client.post(f"{BASE}/audits/{audit_id}/items/{second}/", {"result": "fail"}, format="json")
    completed = client.post(f"{BASE}/audits/{audit_id}/complete/")

    assert created.status_code == 201
    assert (created.json()["status"], created.json()["person_name"]) == ("draft", "Dewi Lestari")
    assert recorded.status_code == 200
    evidence_url = recorded.json()["items"][0]["evidence_url"]
    assert evidence_url == f"{BASE}/audits/{audit_id}/items/{first}/evidence/"
    assert (completed.json()["status"], completed.json()["score"]) == ("completed", "50.00")
    assert b"".join(client.get(evidence_url).streaming_content) == PDF


def test_create_with_the_same_idempotency_key_gives_one_audit(cast, checklist):
    client = api(cast.supervisor)
    body = {"checklist": checklist.pk, "unit": cast.unit_a.pk, "audit_date": "2026-03-02"}

    first = client.post(f"{BASE}/audits/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    second = client.post(f"{BASE}/audits/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")

    assert first.json()["id"] == second.json()["id"]
    assert Audit.objects.count() == 1


def test_create_refuses_units_and_checklists_outside_scope(cast, checklist, stranger):
    client = api(cast.supervisor)

    other_unit = client.post(
        f"{BASE}/audits/",
        {"checklist": checklist.pk, "unit": cast.unit_b.pk, "audit_date": "2026-03-02"},
        format="json",
    )
    future = client.post(
        f"{BASE}/audits/",
        {"checklist": checklist.pk, "unit": cast.unit_a.pk, "audit_date": "2999-01-01"},
        format="json",
    )
    not_theirs = api(stranger).post(
        f"{BASE}/audits/",
        {"checklist": checklist.pk, "unit": cast.unit_a.pk, "audit_date": "2026-03-02"},
        format="json",
    )

    assert other_unit.status_code == 400
    assert list(other_unit.json()["errors"]) == ["unit"]
    assert (future.status_code, list(future.json()["errors"])) == (400, ["audit_date"])
    assert (not_theirs.status_code, list(not_theirs.json()["errors"])) == (400, ["checklist"])


def test_completed_audit_is_read_only_over_the_api(cast, checklist):
    audit = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=[ItemResult.PASS] * 2, audit_date=DAY
    )
    item = audit.items.first()

    response = api(cast.supervisor).post(
        f"{BASE}/audits/{audit.pk}/items/{item.pk}/", {"result": "fail"}, format="json"
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.result == ItemResult.PASS


def test_agent_sees_own_audit_but_may_not_record(cast, checklist):
    audit = start_audit(checklist, unit=cast.unit_a, person=cast.agent_a, audit_date=DAY, actor=cast.supervisor)
    item = audit.items.first()
    client = api(cast.agent_a)

    assert client.get(f"{BASE}/audits/{audit.pk}/").status_code == 200
    assert (
        client.post(f"{BASE}/audits/{audit.pk}/items/{item.pk}/", {"result": "pass"}, format="json").status_code == 403
    )
    assert client.post(f"{BASE}/audits/{audit.pk}/complete/").status_code == 403
    assert (
        client.post(
            f"{BASE}/audits/",
            {"checklist": checklist.pk, "unit": cast.unit_a.pk, "audit_date": "2026-03-02"},
            format="json",
        ).status_code
        == 403
    )


@pytest.mark.parametrize("who", ["agent_b", "stranger"])
def test_audits_out_of_scope_are_404(cast, checklist, stranger, who):
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)
    item = audit.items.first()
    client = api(stranger if who == "stranger" else cast.agent_b)

    assert client.get(f"{BASE}/audits/{audit.pk}/").status_code == 404
    assert (
        client.post(f"{BASE}/audits/{audit.pk}/items/{item.pk}/", {"result": "pass"}, format="json").status_code == 404
    )
    assert client.get(f"{BASE}/audits/{audit.pk}/items/{item.pk}/evidence/").status_code == 404
    assert client.get(f"{BASE}/audits/99999999999999999999/").status_code == 404


def test_list_is_scoped_and_filtered(cast, checklist, stranger):
    done = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=[ItemResult.PASS] * 2, audit_date=DAY
    )
    draft = start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)

    mine = api(cast.supervisor).get(f"{BASE}/audits/").json()["results"]
    completed = api(cast.supervisor).get(f"{BASE}/audits/?status=completed").json()["results"]
    agent = api(cast.agent_a).get(f"{BASE}/audits/").json()["results"]
    other = api(stranger).get(f"{BASE}/audits/").json()["results"]
    junk = api(cast.supervisor).get(f"{BASE}/audits/?unit=abc")

    assert [row["id"] for row in mine] == [draft.pk, done.pk]
    assert [row["id"] for row in completed] == [done.pk]
    assert [row["id"] for row in agent] == [done.pk]
    assert other == []
    assert junk.status_code == 400


def test_audit_list_query_count_is_bounded(cast, checklist, django_assert_max_num_queries):
    client = api(cast.supervisor)
    start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)
    with django_assert_max_num_queries(10) as one:
        client.get(f"{BASE}/audits/")
    for _index in range(2):
        start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"{BASE}/audits/")

    assert len(response.json()["results"]) == 3


def test_checklists_list(cast, checklist):
    rows = api(cast.supervisor).get(f"{BASE}/checklists/").json()["results"]

    assert rows == [
        {
            "id": checklist.pk,
            "name": "Audit loket",
            "unit": cast.unit_a.pk,
            "unit_name": "Perizinan Usaha",
            "standard": None,
            "is_active": True,
            "item_count": 2,
        }
    ]
    assert api(cast.agent_a).get(f"{BASE}/checklists/").json()["results"] == []


@pytest.fixture
def march(cast):
    """First response within 1 day: one request answered in time, one missed (the scan recorded the breach)."""
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Umum",
        targets=[TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.DAYS, ClockMode.CALENDAR)],
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    answered = received(cast.unit_a, at(2026, 3, 2, 9), owner=cast.agent_a)
    replied(answered, at(2026, 3, 2, 10), cast.agent_a)
    received(cast.unit_a, at(2026, 3, 3, 9), owner=cast.agent_a)
    scanned(at(2026, 3, 5, 9))
    return cast


def test_dashboard_figures_as_json(march):
    response = api(march.supervisor).get(
        f"{BASE}/dashboard/", {"unit": march.unit_a.pk, "preset": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    )

    data = response.json()
    assert response.status_code == 200
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert data["within_standard"]["first_response"] == {"within": 1, "missed": 1, "total": 2, "percent": "50.00"}
    assert (data["breaches"]["first_response"], data["breaches_total"]) == (1, 1)
    assert data["open_load"]["open"] == 2
    people = {row["name"]: row for row in data["people"]}
    assert people["Dewi Lestari"]["within_standard"]["first_response"]["percent"] == "50.00"
    assert people["Bambang Wijaya"]["within_standard"]["first_response"]["percent"] is None
    assert [row["month"] for row in data["trend"]][-1] == "2026-03-01"


def test_dashboard_scoping_over_the_api(march, stranger):
    url = f"{BASE}/dashboard/"

    assert api(march.agent_a).get(url).json()["person"] == {"id": march.agent_a.pk, "name": "Dewi Lestari"}
    assert api(march.agent_a).get(url, {"unit": march.unit_a.pk}).status_code == 404
    assert api(march.supervisor).get(url, {"person": march.agent_b.pk}).status_code == 404
    assert api(stranger).get(url, {"unit": march.unit_a.pk}).status_code == 404
    assert api(march.trainer).get(url).status_code == 403
    assert APIClient().get(url).status_code in (401, 403)


def test_dashboard_bad_period_is_400(march):
    response = api(march.supervisor).get(
        f"{BASE}/dashboard/", {"preset": "custom", "start": "2026-03-10", "end": "2026-03-01"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]


def test_audit_status_values(cast, checklist):
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)

    assert api(cast.supervisor).get(f"{BASE}/audits/{audit.pk}/").json()["status"] == AuditStatus.DRAFT
