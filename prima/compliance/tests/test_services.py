"""Checklists, audits, results, evidence and completion through the services."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prima.activity.models import ActivityLog
from prima.compliance.models import Audit, AuditStatus, Checklist, ItemResult
from prima.compliance.services import (
    MAX_EVIDENCE_BYTES,
    add_checklist_item,
    complete_audit,
    create_checklist,
    record_result,
    score_of,
    start_audit,
    validate_evidence,
)
from prima.standards.components import SERVICE_DELIVERY_CODES

from .factories import completed_audit, custom_checklist, published_standard

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% bukti\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
TODAY = dt.date(2026, 3, 2)


def codes(error: ValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(error, "error_dict"):
        return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}
    return [e.code or "" for e in error.error_list]


@pytest.fixture
def standard(cast):
    return published_standard(cast.unit_a, cast.supervisor, cast.leader)


def test_create_checklist_takes_components_in_the_regulations_order_then_custom_items(cast, standard):
    checklist = create_checklist(
        cast.unit_a,
        name={"id": "Audit loket", "en": "Desk audit"},
        standard=standard,
        components=["complaints", "requirements"],
        custom_items=[{"id": "Loket buka tepat waktu", "en": "Desk opens on time"}],
        actor=cast.supervisor,
    )

    items = list(checklist.items.order_by("position").values_list("position", "component", "text"))
    assert [(position, component) for position, component, _text in items] == [
        (1, "requirements"),
        (2, "complaints"),
        (3, ""),
    ]
    assert items[2][2] == {"id": "Loket buka tepat waktu", "en": "Desk opens on time"}
    assert ActivityLog.objects.filter(action="compliance.checklist.created").count() == 1


def test_create_checklist_refuses_no_items_and_unpublished_standards(cast, standard):
    with pytest.raises(ValidationError) as empty:
        create_checklist(cast.unit_a, name={"id": "Kosong"}, actor=cast.supervisor)
    standard.status = "superseded"
    standard.save(update_fields=["status"])
    with pytest.raises(ValidationError) as superseded:
        create_checklist(cast.unit_a, name={"id": "Lama"}, standard=standard, components=["fee"], actor=cast.supervisor)

    assert codes(empty.value) == {"items": ["no_items"]}
    assert codes(superseded.value) == {"standard": ["not_published"]}


def test_create_checklist_needs_the_indonesian_name(cast):
    with pytest.raises(ValidationError) as error:
        create_checklist(cast.unit_a, name={"en": "Audit"}, custom_items=[{"id": "Butir"}], actor=cast.supervisor)

    assert codes(error.value) == {"name_id": ["required"]}


@pytest.mark.parametrize("who", ["agent_a", "agent_b", "trainer"])
def test_only_managers_create_checklists(cast, who):
    with pytest.raises(PermissionDenied):
        custom_checklist(cast.unit_a, getattr(cast, who))


def test_supervisor_of_another_unit_cannot_audit_unit_a(cast):
    checklist = custom_checklist(cast.unit_a, cast.leader)

    with pytest.raises(PermissionDenied):
        start_audit(checklist, unit=cast.unit_b, audit_date=TODAY, actor=cast.supervisor)


def test_leader_above_may_audit_a_child_unit(cast):
    checklist = custom_checklist(cast.head_office, cast.leader)

    audit = start_audit(checklist, unit=cast.unit_b, audit_date=TODAY, actor=cast.leader)

    assert (audit.unit, audit.status, audit.items.count()) == (cast.unit_b, AuditStatus.DRAFT, 3)


def test_start_audit_freezes_the_items_and_the_standard_version(cast, standard):
    checklist = create_checklist(
        cast.unit_a,
        name={"id": "Audit"},
        standard=standard,
        components=list(SERVICE_DELIVERY_CODES),
        actor=cast.supervisor,
    )
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor)

    add_checklist_item(checklist, text={"id": "Butir baru"}, actor=cast.supervisor)

    assert audit.standard == standard
    assert audit.items.count() == 6
    assert checklist.items.count() == 7


def test_start_audit_refuses_people_outside_the_unit_and_future_dates(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor)

    with pytest.raises(ValidationError) as outsider:
        start_audit(checklist, unit=cast.unit_a, person=cast.agent_b, audit_date=TODAY, actor=cast.supervisor)
    with pytest.raises(ValidationError) as future:
        start_audit(checklist, unit=cast.unit_a, audit_date=dt.date(2999, 1, 1), actor=cast.supervisor)

    assert codes(outsider.value) == {"person": ["not_staff"]}
    assert codes(future.value) == {"audit_date": ["future"]}


def test_start_audit_twice_with_one_submission_key_gives_one_audit(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor)

    first = start_audit(checklist, unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor, submission_key="k1")
    second = start_audit(checklist, unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor, submission_key="k1")

    assert first.pk == second.pk
    assert Audit.objects.count() == 1


def test_complete_audit_scores_passed_over_passed_and_failed(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=4)

    audit = completed_audit(
        checklist,
        unit=cast.unit_a,
        actor=cast.supervisor,
        results=[ItemResult.PASS, ItemResult.FAIL, ItemResult.PASS, ItemResult.NOT_APPLICABLE],
        audit_date=TODAY,
    )

    assert (audit.status, audit.passed, audit.failed, audit.not_applicable) == (AuditStatus.COMPLETED, 2, 1, 1)
    assert audit.score == Decimal("66.67")
    assert audit.completed_at is not None


def test_score_of_only_not_applicable_is_none():
    assert (score_of(0, 0), score_of(1, 0), score_of(1, 2)) == (None, Decimal("100.00"), Decimal("33.33"))


def test_complete_audit_needs_every_result(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor)
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor)
    record_result(audit.items.first(), result=ItemResult.PASS, actor=cast.supervisor)

    with pytest.raises(ValidationError) as error:
        complete_audit(audit, actor=cast.supervisor)

    assert codes(error.value) == ["incomplete"]
    assert Audit.objects.get().status == AuditStatus.DRAFT


def test_completed_audit_is_read_only(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=[ItemResult.PASS], audit_date=TODAY
    )
    item = audit.items.get()

    with pytest.raises(ValidationError) as error:
        record_result(item, result=ItemResult.FAIL, note="Diubah", actor=cast.supervisor)

    item.refresh_from_db()
    assert codes(error.value) == ["completed"]
    assert (item.result, item.note) == (ItemResult.PASS, "")


def test_completing_twice_changes_nothing(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=[ItemResult.PASS], audit_date=TODAY
    )
    completed_at = audit.completed_at

    again = complete_audit(audit, actor=cast.supervisor)

    assert again.completed_at == completed_at
    assert ActivityLog.objects.filter(action="compliance.audit.completed").count() == 1


def test_record_result_stores_evidence_and_replaces_it(cast, django_capture_on_commit_callbacks):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor)
    item = audit.items.get()

    record_result(
        item, result=ItemResult.PASS, evidence=SimpleUploadedFile("foto loket.png", PNG), actor=cast.supervisor
    )
    first_path = item.evidence.path
    with django_capture_on_commit_callbacks(execute=True):
        record_result(item, result=ItemResult.PASS, evidence=SimpleUploadedFile("sk.pdf", PDF), actor=cast.supervisor)

    item.refresh_from_db()
    assert (item.evidence_name, item.evidence_content_type, item.evidence_size) == (
        "sk.pdf",
        "application/pdf",
        len(PDF),
    )
    assert item.evidence.name.startswith(f"compliance/evidence/{audit.pk}/")
    assert "sk" not in item.evidence.name
    assert item.evidence.read() == PDF
    assert not os.path.exists(first_path)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bukti.exe", b"MZ\x90\x00", "type_not_allowed"),
        ("bukti.html", b"<html>", "type_not_allowed"),
        ("bukti.pdf", b"<html><script>", "content_mismatch"),
        ("bukti.docx", b"%PDF-1.4", "content_mismatch"),
        ("bukti.pdf", b"", "empty"),
    ],
)
def test_validate_evidence_refuses_wrong_files(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_evidence(SimpleUploadedFile(name, content))

    assert codes(error.value) == {"evidence": [code]}


def test_validate_evidence_refuses_more_than_ten_megabytes():
    too_big = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * MAX_EVIDENCE_BYTES)

    with pytest.raises(ValidationError) as error:
        validate_evidence(too_big)

    assert codes(error.value) == {"evidence": ["too_large"]}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", PDF),
        ("a.JPG", b"\xff\xd8\xff\xe0"),
        ("a.png", PNG),
        ("a.docx", b"PK\x03\x04"),
        ("a.xlsx", b"PK\x03\x04"),
    ],
)
def test_validate_evidence_accepts_the_five_kinds(name, content):
    assert validate_evidence(SimpleUploadedFile(name, content)).name == name


def test_checklist_survives_in_old_audits_when_the_checklist_is_archived(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=[ItemResult.PASS], audit_date=TODAY
    )
    Checklist.objects.filter(pk=checklist.pk).update(is_active=False, name={"id": "Nama baru"})

    with pytest.raises(ValidationError):
        start_audit(Checklist.objects.get(), unit=cast.unit_a, audit_date=TODAY, actor=cast.supervisor)
    audit.refresh_from_db()
    assert audit.display_checklist_name == "Audit loket"
