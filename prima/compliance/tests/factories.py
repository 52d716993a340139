"""Builders for the compliance tests: a published standard, checklists and audits, all through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from prima.accounts.models import ServiceUnit, User
from prima.compliance.models import Audit, Checklist
from prima.compliance.services import complete_audit, create_checklist, record_result, start_audit
from prima.standards.components import COMPONENTS, FEE, TIME_LIMIT
from prima.standards.models import ServiceStandard
from prima.standards.services import (
    ComponentInput,
    approve_standard,
    create_service,
    draft_standard,
    publish_standard,
    update_draft,
)


def published_standard(unit: ServiceUnit, editor: User, leader: User, *, code: str = "izin-usaha") -> ServiceStandard:
    service = create_service(
        unit, code=code, name={"id": "Izin Usaha Mikro", "en": "Micro Business Permit"}, actor=editor
    )
    components = {
        spec.code: ComponentInput(text={"id": f"{spec.title['id']} berlaku", "en": f"{spec.title['en']} applies"})
        for spec in COMPONENTS
    }
    components[FEE] = ComponentInput(text={"id": "Gratis"}, amount=0)
    components[TIME_LIMIT] = ComponentInput(
        text={"id": "Sejak lengkap"}, duration_value=5, duration_unit="working_days"
    )
    standard = draft_standard(service, actor=editor)
    update_draft(standard, components=components, actor=editor)
    approve_standard(standard, actor=leader)
    return publish_standard(standard, actor=leader)


def custom_checklist(unit: ServiceUnit, actor: User, *, items: int = 3, name: str = "Audit loket") -> Checklist:
    texts = [{"id": f"Butir {index}", "en": f"Item {index}"} for index in range(1, items + 1)]
    return create_checklist(unit, name={"id": name}, custom_items=texts, actor=actor)


def completed_audit(
    checklist: Checklist,
    *,
    unit: ServiceUnit,
    actor: User,
    results: Sequence[str],
    audit_date: dt.date,
    person: User | None = None,
) -> Audit:
    """An audit with ``results`` recorded item by item, then completed."""
    audit = start_audit(checklist, unit=unit, person=person, audit_date=audit_date, actor=actor)
    for item, result in zip(audit.items.order_by("position"), results, strict=True):
        record_result(item, result=result, actor=actor)
    return complete_audit(audit, actor=actor)
