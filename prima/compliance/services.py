"""Writes of the compliance app: checklists, audits, item results and completion.

Each function checks the actor's right (``PermissionDenied``) and the input (``ValidationError`` with a stable
``code``, keyed by the form field), changes the database in one transaction and logs the action.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.models import Membership, ServiceUnit, User
from prima.activity.services import log_action
from prima.compliance.models import Audit, AuditItem, AuditStatus, Checklist, ChecklistItem, ItemResult
from prima.compliance.queries import STAFF_ROLES, may_manage_unit
from prima.standards.components import COMPONENTS, COMPONENTS_BY_CODE
from prima.standards.errors import invalid
from prima.standards.i18n import I18nText, clean_i18n_text, localized
from prima.standards.models import ServiceStandard, StandardStatus

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_NOTE_LENGTH = 2000
MAX_ITEMS = 100
_ZIP = (b"PK\x03\x04",)
# extension → (content type, leading bytes the file must start with)
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
}


@dataclass(frozen=True)
class Evidence:
    file: File
    name: str
    content_type: str
    size: int


def _require_manager(actor: User, unit: ServiceUnit) -> None:
    if not may_manage_unit(actor, unit):
        raise PermissionDenied(
            _("Only a supervisor, leader or administrator of %(unit)s may run its audits.") % {"unit": unit.name}
        )


def _local_today(unit: ServiceUnit) -> dt.date:
    return timezone.localtime(timezone.now(), ZoneInfo(unit.time_zone)).date()


def validate_evidence(file: File) -> Evidence:
    """Check an evidence file: at most 10 MB, a PDF, JPEG, PNG, DOCX or XLSX whose first bytes match its name.
    Raises ``ValidationError`` under ``evidence``."""
    name = os.path.basename(file.name or "").strip()[:255]
    if not name:
        raise invalid(_("The file has no name."), "no_name", "evidence")
    size = file.size or 0
    if size == 0:
        raise invalid(_("“%(name)s” is empty.") % {"name": name}, "empty", "evidence")
    if size > MAX_EVIDENCE_BYTES:
        message = _("“%(name)s” is %(size)s; evidence files may be at most %(limit)s.") % {
            "name": name,
            "size": filesizeformat(size),
            "limit": filesizeformat(MAX_EVIDENCE_BYTES),
        }
        raise invalid(message, "too_large", "evidence")
    allowed = EVIDENCE_TYPES.get(os.path.splitext(name)[1].lower())
    if allowed is None:
        message = _("“%(name)s” is not an accepted kind of file. Send a PDF, JPG, PNG, DOCX or XLSX file.")
        raise invalid(message % {"name": name}, "type_not_allowed", "evidence")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not isinstance(head, bytes) or not head.startswith(allowed[1]):
        raise invalid(
            _("“%(name)s” does not contain what its name says.") % {"name": name}, "content_mismatch", "evidence"
        )
    return Evidence(file=file, name=name, content_type=allowed[0], size=size)


def _component_item_text(code: str) -> I18nText:
    title = COMPONENTS_BY_CODE[code].title
    return {
        "id": f"{title['id']}: dilaksanakan sesuai standar pelayanan",
        "en": f"{title['en']}: applied as set in the service standard",
    }


def _check_standard(standard: ServiceStandard | None, unit: ServiceUnit) -> None:
    if standard is None:
        return
    if standard.status != StandardStatus.PUBLISHED or standard.service.unit.organisation_id != unit.organisation_id:
        raise invalid(_("Choose a published service standard of your organisation."), "not_published", "standard")


def create_checklist(
    unit: ServiceUnit,
    *,
    name: Mapping[str, Any],
    standard: ServiceStandard | None = None,
    components: Sequence[str] = (),
    custom_items: Sequence[Mapping[str, Any]] = (),
    actor: User,
    submission_key: str | None = None,
) -> Checklist:
    """A checklist of ``unit``: one item per chosen component of ``standard`` (in the regulation's order) and
    then the custom items. Side effects: the checklist and its items; activity ``compliance.checklist.created``.
    The same ``submission_key`` twice gives the first checklist back."""
    _require_manager(actor, unit)
    if submission_key and (existing := Checklist.objects.filter(submission_key=submission_key).first()):
        return existing
    cleaned_name = clean_i18n_text(name, field="name", max_length=200, required=True)
    _check_standard(standard, unit)
    unknown = sorted(set(components) - set(COMPONENTS_BY_CODE))
    if unknown:
        raise invalid(
            _("Unknown component %(codes)s.") % {"codes": ", ".join(unknown)}, "unknown_component", "components"
        )
    if components and standard is None:
        raise invalid(_("Choose the standard the components come from."), "required", "standard")
    texts: list[tuple[str, I18nText]] = [
        (spec.code, _component_item_text(spec.code)) for spec in COMPONENTS if spec.code in set(components)
    ]
    for value in custom_items:
        texts.append(("", clean_i18n_text(value, field="items", max_length=500, required=True)))
    if not texts:
        raise invalid(_("Give the checklist at least one item."), "no_items", "items")
    if len(texts) > MAX_ITEMS:
        raise invalid(_("A checklist has at most %(limit)d items.") % {"limit": MAX_ITEMS}, "too_many", "items")
    try:
        with transaction.atomic():
            checklist = Checklist.objects.create(
                organisation_id=unit.organisation_id,
                unit=unit,
                name=cleaned_name,
                standard=standard,
                created_by=actor,
                submission_key=submission_key or None,
            )
            ChecklistItem.objects.bulk_create(
                ChecklistItem(checklist=checklist, position=index, component=code, text=text)
                for index, (code, text) in enumerate(texts, start=1)
            )
            log_action(
                "compliance.checklist.created",
                actor=actor,
                obj=checklist,
                unit=unit,
                data={"name": cleaned_name.get("id", ""), "items": len(texts)},
            )
    except IntegrityError:
        if submission_key and (existing := Checklist.objects.filter(submission_key=submission_key).first()):
            return existing
        raise
    return checklist


def add_checklist_item(checklist: Checklist, *, text: Mapping[str, Any], actor: User) -> ChecklistItem:
    """Append a custom item. Audits already started keep their own copy of the items. Side effects: the item;
    activity ``compliance.checklist.item_added``."""
    _require_manager(actor, checklist.unit)
    cleaned = clean_i18n_text(text, field="text", max_length=500, required=True)
    with transaction.atomic():
        Checklist.objects.select_for_update().filter(pk=checklist.pk).values_list("pk", flat=True).get()
        position = checklist.items.aggregate(last=Max("position"))["last"] or 0
        if position >= MAX_ITEMS:
            raise invalid(_("A checklist has at most %(limit)d items.") % {"limit": MAX_ITEMS}, "too_many", "text")
        item = ChecklistItem.objects.create(checklist=checklist, position=position + 1, text=cleaned)
        log_action(
            "compliance.checklist.item_added",
            actor=actor,
            obj=checklist,
            unit=checklist.unit,
            data={"name": localized(checklist.name, "id"), "text": cleaned["id"][:200]},
        )
    return item


def is_staff_of(person: User, unit: ServiceUnit) -> bool:
    return Membership.objects.filter(user=person, unit=unit, role__in=STAFF_ROLES, user__is_active=True).exists()


def start_audit(
    checklist: Checklist,
    *,
    unit: ServiceUnit,
    person: User | None = None,
    audit_date: dt.date,
    actor: User,
    submission_key: str | None = None,
) -> Audit:
    """A draft audit of ``unit`` (and ``person``, a staff member of it) with a frozen copy of the checklist's
    items and the standard version it was built from. Side effects: the audit and its items; activity
    ``compliance.audit.started``. The same ``submission_key`` twice gives the first audit back."""
    _require_manager(actor, unit)
    if submission_key and (existing := Audit.objects.filter(submission_key=submission_key).first()):
        return existing
    if not checklist.is_active:
        raise invalid(_("This checklist is no longer in use."), "inactive", "checklist")
    if checklist.organisation_id != unit.organisation_id or not unit.path.startswith(checklist.unit.path):
        raise invalid(_("This checklist belongs to another unit."), "other_unit", "checklist")
    if person is not None and not is_staff_of(person, unit):
        raise invalid(_("Choose a staff member of %(unit)s.") % {"unit": unit.name}, "not_staff", "person")
    if audit_date > _local_today(unit):
        raise invalid(_("The audit date cannot be in the future."), "future", "audit_date")
    items = list(checklist.items.order_by("position", "pk"))
    if not items:
        raise invalid(_("Give the checklist at least one item."), "no_items", "checklist")
    try:
        with transaction.atomic():
            audit = Audit.objects.create(
                organisation_id=unit.organisation_id,
                unit=unit,
                person=person,
                checklist=checklist,
                checklist_name=checklist.name,
                standard_id=checklist.standard_id,
                auditor=actor,
                audit_date=audit_date,
                submission_key=submission_key or None,
            )
            AuditItem.objects.bulk_create(
                AuditItem(audit=audit, position=item.position, component=item.component, text=item.text)
                for item in items
            )
            log_action(
                "compliance.audit.started",
                actor=actor,
                obj=audit,
                unit=unit,
                data=_audit_data(audit),
            )
    except IntegrityError:
        if submission_key and (existing := Audit.objects.filter(submission_key=submission_key).first()):
            return existing
        raise
    return audit


def _audit_data(audit: Audit, **extra: Any) -> dict[str, Any]:
    return {
        "checklist": localized(audit.checklist_name, "id"),
        "unit": audit.unit.name,
        "person": audit.person.full_name if audit.person else "",
        "date": audit.audit_date.isoformat(),
        **extra,
    }


def _lock_draft(audit: Audit) -> None:
    status = Audit.objects.select_for_update().filter(pk=audit.pk).values_list("status", flat=True).get()
    if status != AuditStatus.DRAFT:
        raise invalid(_("This audit is completed and can no longer change."), "completed")


def record_result(
    item: AuditItem,
    *,
    result: str,
    note: str = "",
    evidence: File | None = None,
    remove_evidence: bool = False,
    actor: User,
) -> AuditItem:
    """Record an item's result (pass, fail, not applicable), note and evidence file while the audit is a draft.
    Side effects: the item; the evidence stored under MEDIA_ROOT (a replaced file is deleted after the commit);
    activity ``compliance.audit.item_recorded``."""
    audit = item.audit
    _require_manager(actor, audit.unit)
    if result not in ItemResult.values:
        raise invalid(_("Choose pass, fail or not applicable."), "invalid_result", "result")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        message = _("Keep the note under %(limit)s characters (it has %(length)s).")
        raise invalid(message % {"limit": MAX_NOTE_LENGTH, "length": len(note)}, "too_long", "note")
    checked = validate_evidence(evidence) if evidence is not None else None
    with transaction.atomic():
        _lock_draft(audit)
        item.refresh_from_db()
        old_file = item.evidence.name if item.evidence and (checked is not None or remove_evidence) else ""
        item.result = result
        item.note = note
        item.recorded_at = timezone.now()
        item.recorded_by = actor
        if checked is not None:
            item.evidence.save(checked.name, checked.file, save=False)
            item.evidence_name = checked.name
            item.evidence_content_type = checked.content_type
            item.evidence_size = checked.size
        elif remove_evidence:
            item.evidence = ""
            item.evidence_name = ""
            item.evidence_content_type = ""
            item.evidence_size = 0
        item.save()
        log_action(
            "compliance.audit.item_recorded",
            actor=actor,
            obj=audit,
            unit=audit.unit,
            data=_audit_data(audit, position=item.position, result=result),
        )
        if old_file:
            storage = item.evidence.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return item


def score_of(passed: int, failed: int) -> Decimal | None:
    """passed ÷ (passed + failed) in percent, two decimals; None when every item was not applicable."""
    if passed + failed == 0:
        return None
    return (Decimal(passed) * 100 / Decimal(passed + failed)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def complete_audit(audit: Audit, *, actor: User) -> Audit:
    """Complete a draft audit once every item has a result; from then on it is read-only. Completing an audit
    that is already completed changes nothing (a double submit). Side effects: status, counts, score and
    completion time; activity ``compliance.audit.completed``."""
    _require_manager(actor, audit.unit)
    with transaction.atomic():
        status = Audit.objects.select_for_update().filter(pk=audit.pk).values_list("status", flat=True).get()
        if status == AuditStatus.COMPLETED:
            audit.refresh_from_db()
            return audit
        counts = audit.items.aggregate(
            passed=Count("pk", filter=Q(result=ItemResult.PASS)),
            failed=Count("pk", filter=Q(result=ItemResult.FAIL)),
            not_applicable=Count("pk", filter=Q(result=ItemResult.NOT_APPLICABLE)),
            open=Count("pk", filter=Q(result="")),
        )
        if counts["open"]:
            message = _("Record a result for every item first (%(count)d left).") % {"count": counts["open"]}
            raise invalid(message, "incomplete")
        audit.passed = counts["passed"]
        audit.failed = counts["failed"]
        audit.not_applicable = counts["not_applicable"]
        audit.score = score_of(audit.passed, audit.failed)
        audit.status = AuditStatus.COMPLETED
        audit.completed_at = timezone.now()
        audit.save(update_fields=["passed", "failed", "not_applicable", "score", "status", "completed_at"])
        log_action(
            "compliance.audit.completed",
            actor=actor,
            obj=audit,
            unit=audit.unit,
            data=_audit_data(audit, score=str(audit.score) if audit.score is not None else "—"),
        )
    return audit
