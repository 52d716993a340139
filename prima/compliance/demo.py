"""Demo data: for each demo organisation, an SOP audit checklist built from a published service standard of a
unit with a supervisor, and completed audits of the unit and of its agents over the last months.

Everything goes through ``prima.compliance.services`` (and ``prima.standards.services`` when the unit has no
published standard yet), so the activity log fills as in real use. Deterministic for a seed; running it again
adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from prima.accounts.models import Membership, Organisation, Role, ServiceUnit, User
from prima.compliance.dashboard import add_months
from prima.compliance.models import Checklist, ItemResult
from prima.compliance.services import complete_audit, create_checklist, record_result, start_audit
from prima.core.demo import DEMO_ORGANISATION_NAMES
from prima.standards.components import COMPONENTS, FEE, SERVICE_DELIVERY_CODES, TIME_LIMIT
from prima.standards.models import Service, ServiceStandard, StandardStatus
from prima.standards.services import (
    ComponentInput,
    approve_standard,
    create_service,
    draft_standard,
    publish_standard,
    update_draft,
)

CHECKLIST_NAME = {"id": "Audit SOP standar pelayanan", "en": "Service standard SOP audit"}
CUSTOM_ITEMS = (
    {"id": "Maklumat pelayanan terpasang di ruang tunggu", "en": "Service charter displayed in the waiting room"},
    {"id": "Petugas loket memakai tanda pengenal", "en": "Desk staff wear their name badge"},
)
DEMO_SERVICE_CODE = "sop-nib"
AUDIT_MONTHS = 4


def _first_member(unit: ServiceUnit, role: str) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role=role, user__is_active=True).select_related("user").order_by("user_id")
    ).first()
    return membership.user if membership else None


def _leader_above(unit: ServiceUnit) -> User | None:
    memberships = Membership.objects.filter(
        unit__organisation_id=unit.organisation_id, role=Role.LEADER, user__is_active=True
    ).select_related("user", "unit")
    for membership in memberships.order_by("user_id"):
        if unit.path.startswith(membership.unit.path):
            return membership.user
    return None


def _published_standard(unit: ServiceUnit, supervisor: User, leader: User) -> ServiceStandard:
    existing = (
        ServiceStandard.objects.filter(service__unit=unit, status=StandardStatus.PUBLISHED)
        .select_related("service")
        .order_by("service__code")
        .first()
    )
    if existing is not None:
        return existing
    service = Service.objects.filter(unit=unit, code=DEMO_SERVICE_CODE).first() or create_service(
        unit,
        code=DEMO_SERVICE_CODE,
        name={"id": "Nomor Induk Berusaha (NIB)", "en": "Business Identification Number (NIB)"},
        actor=supervisor,
    )
    components = {
        spec.code: ComponentInput(
            text={"id": f"{spec.title['id']} sesuai SOP unit.", "en": f"{spec.title['en']} per SOP."}
        )
        for spec in COMPONENTS
    }
    components[FEE] = ComponentInput(text={"id": "Tidak dipungut biaya."}, amount=0)
    components[TIME_LIMIT] = ComponentInput(
        text={"id": "Sejak berkas dinyatakan lengkap."}, duration_value=3, duration_unit="working_days"
    )
    standard = draft_standard(service, actor=supervisor, change_note="Standar awal")
    update_draft(standard, components=components, actor=supervisor)
    approve_standard(standard, actor=leader)
    return publish_standard(standard, actor=leader)


def _results(rng: random.Random, count: int, pass_rate: float) -> list[str]:
    results: list[str] = []
    for _index in range(count):
        draw = rng.random()
        if draw < 0.08:
            results.append(ItemResult.NOT_APPLICABLE)
        elif draw < 0.08 + pass_rate * 0.92:
            results.append(ItemResult.PASS)
        else:
            results.append(ItemResult.FAIL)
    return results


def _audit(
    checklist: Checklist,
    unit: ServiceUnit,
    supervisor: User,
    day: dt.date,
    rng: random.Random,
    *,
    person: User | None,
    pass_rate: float,
) -> None:
    audit = start_audit(checklist, unit=unit, person=person, audit_date=day, actor=supervisor)
    items = list(audit.items.order_by("position"))
    for item, result in zip(items, _results(rng, len(items), pass_rate), strict=True):
        note = "Perlu pembinaan petugas." if result == ItemResult.FAIL else ""
        record_result(item, result=result, note=note, actor=supervisor)
    complete_audit(audit, actor=supervisor)


def _load_for(organisation: Organisation, rng: random.Random) -> None:
    units = ServiceUnit.objects.filter(organisation=organisation, is_active=True).order_by("path")
    for unit in units:
        supervisor = _first_member(unit, Role.SUPERVISOR)
        leader = _leader_above(unit)
        if supervisor is None or leader is None:
            continue
        if Checklist.objects.filter(unit=unit, name__id=CHECKLIST_NAME["id"]).exists():
            return
        standard = _published_standard(unit, supervisor, leader)
        checklist = create_checklist(
            unit,
            name=CHECKLIST_NAME,
            standard=standard,
            components=SERVICE_DELIVERY_CODES,
            custom_items=CUSTOM_ITEMS,
            actor=supervisor,
        )
        agents = [
            membership.user
            for membership in Membership.objects.filter(unit=unit, role=Role.AGENT, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        ]
        today = timezone.localtime(timezone.now(), ZoneInfo(unit.time_zone)).date()
        for months_ago in range(AUDIT_MONTHS, 0, -1):
            month = add_months(today, -months_ago)
            # Compliance improves month by month after coaching.
            pass_rate = 0.6 + 0.08 * (AUDIT_MONTHS - months_ago)
            _audit(checklist, unit, supervisor, month.replace(day=10), rng, person=None, pass_rate=pass_rate)
            for index, agent in enumerate(agents[:3]):
                day = month.replace(day=14 + index)
                _audit(checklist, unit, supervisor, day, rng, person=agent, pass_rate=pass_rate)
        return


def load_demo(seed: int) -> None:
    """Add the compliance demo data to the existing demo organisations (looked up by name, never created)."""
    rng = random.Random(f"compliance-{seed}")
    for organisation in Organisation.objects.filter(name__in=DEMO_ORGANISATION_NAMES).order_by("name"):
        _load_for(organisation, rng)
