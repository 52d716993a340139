"""Demo data: for each demo organisation, a quality objective of the head unit for this year with targets on the
registered metrics (cascaded to the units below), a register of internal and external changes, improvement
actions in several states, a colleague's proposal and whatever the detectors find in the demo's data.

Everything goes through ``prima.improvement.services``; only the dates of two actions are moved into the past
afterwards (as the core demo does with its timestamps), so that the demo shows an overdue and a verified action.
Deterministic for a seed; running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, Role, ServiceUnit, User
from prima.core.demo import DEMO_ORGANISATION_NAMES
from prima.core.metrics import ScopeLevel
from prima.improvement.detectors import detect_signals
from prima.improvement.measure import metric_or_none
from prima.improvement.models import Action, ActionKind, ActionStatus, ChangeKind, ChangeOrigin, Objective, SourceKind
from prima.improvement.services import (
    add_target,
    cascade_target,
    create_objective,
    open_action,
    propose_action,
    record_change,
    record_progress,
    set_change_status,
    verify_action,
)
from prima.standards.models import Service

OBJECTIVE_TITLE = {"id": "Pelayanan prima {year}", "en": "Service excellence {year}"}
GOAL = {
    "id": "Masyarakat dan pelanggan puas dengan pelayanan: cepat, pasti, ramah dan sesuai standar pelayanan.",
    "en": "Customers are satisfied with our service: fast, reliable, friendly and true to the service standard.",
}
GUIDELINE = {
    "id": "SKM diukur setiap bulan (Permenpan RB 14/2017); setiap unsur di bawah mutu B ditindaklanjuti dengan "
    "tindakan perbaikan; pengaduan diselesaikan sesuai standar waktu; capaian dibahas dalam tinjauan manajemen.",
    "en": "SKM is measured monthly (Permenpan RB 14/2017); every element below quality B gets a corrective action; "
    "complaints are resolved within the time standard; results are discussed in the management review.",
}
# (metric code, target value, benchmarks) — only the metrics registered in this installation are used.
TARGETS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("surveys.ikm_unit", "82", (("Tahun lalu", "78.4"), ("Rata-rata kabupaten/kota", "80.1"))),
    ("compliance.resolution_within_standard", "90", (("Tahun lalu", "84"),)),
    ("tickets.complaint_rate", "25", (("Kompetitor terdekat", "30"),)),
    ("improvement.actions_overdue", "0", ()),
)
CHANGES = (
    (
        ChangeKind.REGULATION,
        ChangeOrigin.EXTERNAL,
        "Perizinan berusaha berbasis risiko: aturan pelaksana baru",
        "Aturan pelaksana baru mengubah persyaratan dan waktu proses beberapa izin; standar pelayanan "
        "perlu disesuaikan.",
        5,
        4,
    ),
    (
        ChangeKind.TECHNOLOGY,
        ChangeOrigin.EXTERNAL,
        "Pembaruan sistem OSS nasional",
        "Tampilan dan alur OSS berubah; petugas perlu pelatihan dan panduan bagi pemohon diperbarui.",
        3,
        5,
    ),
    (
        ChangeKind.STAFFING,
        ChangeOrigin.INTERNAL,
        "Dua petugas loket berpindah tugas",
        "Beban loket naik selama petugas pengganti menjalani orientasi.",
        3,
        3,
    ),
    (
        ChangeKind.CUSTOMER_EXPECTATIONS,
        ChangeOrigin.EXTERNAL,
        "Pemohon mengharapkan layanan melalui WhatsApp",
        "Survei dan pengaduan menunjukkan permintaan kanal WhatsApp untuk informasi status permohonan.",
        2,
        4,
    ),
)
ACTIONS = (
    (
        "Perbarui papan informasi persyaratan di ruang tunggu",
        SourceKind.SKM_UNSUR_BELOW_B,
        "Unsur persyaratan (U1) mutu C pada SKM bulan lalu.",
        "Papan informasi memuat persyaratan lama.",
    ),
    (
        "Tambah satu loket saat jam sibuk (pukul 09.00-11.00)",
        SourceKind.SLA_BREACH_TREND,
        "Pelanggaran standar waktu naik di jam sibuk.",
        "Jumlah loket tidak sebanding dengan antrean pagi.",
    ),
    (
        "Pelatihan ulang tata cara menanggapi pengaduan",
        SourceKind.COMPLAINT_CLUSTER,
        "Keluhan berulang tentang sikap petugas.",
        "Petugas baru belum mengikuti pelatihan pelayanan prima.",
    ),
    (
        "Balas pesan pemohon melalui WhatsApp resmi",
        SourceKind.STAFF_IDEA,
        "Usulan petugas loket.",
        "",
    ),
)


def _member(unit: ServiceUnit, role: str) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(unit=unit, role=role, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _leader(root: ServiceUnit) -> User | None:
    leaders = _member(root, Role.LEADER) or _member(root, Role.ADMIN)
    return leaders[0] if leaders else None


def load_demo(seed: int) -> None:
    """Add the improvement demo data to the existing demo organisations (looked up by name, never created)."""
    rng = random.Random(f"improvement-{seed}")
    for organisation in Organisation.objects.filter(name__in=DEMO_ORGANISATION_NAMES).order_by("name"):
        _load_for(organisation, rng)


def _load_for(organisation: Organisation, rng: random.Random) -> None:
    root = ServiceUnit.objects.filter(organisation=organisation, parent__isnull=True).order_by("pk").first()
    leader = _leader(root) if root else None
    if root is None or leader is None:
        return
    today = timezone.localdate()
    year = today.year
    title = {language: text.format(year=year) for language, text in OBJECTIVE_TITLE.items()}
    if Objective.objects.filter(organisation=organisation, unit=root, title=title).exists():
        return
    objective = create_objective(
        organisation=organisation,
        unit=root,
        title=title,
        goal=GOAL,
        guideline=GUIDELINE,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        actor=leader,
    )
    for code, value, benchmarks in TARGETS:
        metric = metric_or_none(code)
        if metric is None or ScopeLevel.UNIT not in metric.levels:
            continue
        target = add_target(objective, metric_code=code, target_value=value, benchmarks=benchmarks, actor=leader)
        if root.children.filter(is_active=True).exists():
            cascade_target(target, actor=leader)
    working_unit = _unit_with_team(root)
    _record_changes(working_unit or root, leader, objective, rng)
    if working_unit is not None:
        _open_actions(working_unit, leader, objective, rng, today)
    detect_signals(today=today)


def _unit_with_team(root: ServiceUnit) -> ServiceUnit | None:
    """The first unit of the tree that has both a supervisor and agents."""
    for unit in ServiceUnit.objects.filter(path__startswith=root.path, is_active=True).order_by("path"):
        if _member(unit, Role.SUPERVISOR) and _member(unit, Role.AGENT):
            return unit
    return None


def _record_changes(unit: ServiceUnit, leader: User, objective: Objective, rng: random.Random) -> None:
    services = list(Service.objects.filter(unit__path__startswith=unit.path, is_active=True).order_by("pk")[:3])
    for index, (kind, origin, title, description, impact, likelihood) in enumerate(CHANGES):
        entry = record_change(
            unit=unit,
            kind=kind,
            origin=origin,
            title=title,
            description=description,
            impact=impact,
            likelihood=likelihood,
            services=rng.sample(services, k=min(len(services), 1 + index % 2)),
            objectives=[objective] if index < 2 else [],
            identified_on=timezone.localdate() - dt.timedelta(days=rng.randint(10, 120)),
            actor=leader,
        )
        if index == 2:
            set_change_status(entry, status="addressed", actor=leader)


def _open_actions(unit: ServiceUnit, leader: User, objective: Objective, rng: random.Random, today: dt.date) -> None:
    supervisor = _member(unit, Role.SUPERVISOR)[0]
    agents = _member(unit, Role.AGENT)
    check_metric = "surveys.ikm_unit" if metric_or_none("surveys.ikm_unit") else None
    opened: list[Action] = []
    for index, (title, source_kind, source_ref, root_cause) in enumerate(ACTIONS):
        opened.append(
            open_action(
                unit=unit,
                title=title,
                source_kind=source_kind,
                source_ref=source_ref,
                root_cause=root_cause,
                owner=agents[index % len(agents)],
                due_date=today + dt.timedelta(days=rng.randint(14, 45)),
                kind=ActionKind.PREVENTIVE if source_kind == SourceKind.STAFF_IDEA else ActionKind.CORRECTIVE,
                metric_code=check_metric if index == 0 else None,
                effectiveness_check_on=today + dt.timedelta(days=60) if index == 0 and check_metric else None,
                objective=objective,
                actor=supervisor,
            )
        )
    finished, underway, late, _idea = opened
    record_progress(underway, actor=underway.owner, status=ActionStatus.IN_PROGRESS, note="Jadwal loket disusun.")
    record_progress(finished, actor=finished.owner, status=ActionStatus.DONE, note="Papan baru sudah dipasang.")
    verify_action(finished, actor=supervisor, effective=True, note="Keluhan tentang persyaratan berkurang.")
    # Move two actions into the past so the demo shows a verified and an overdue action with believable dates.
    Action.objects.filter(pk=finished.pk).update(
        opened_on=F("opened_on") - dt.timedelta(days=75),
        due_date=today - dt.timedelta(days=40),
        completed_on=today - dt.timedelta(days=42),
    )
    Action.objects.filter(pk=late.pk).update(
        opened_on=today - dt.timedelta(days=45), due_date=today - dt.timedelta(days=5)
    )
    propose_action(
        unit=unit,
        title="Sediakan kursi prioritas untuk lansia dan difabel",
        description="Beberapa pemohon lansia menunggu sambil berdiri saat antrean panjang.",
        source_kind=SourceKind.STAFF_IDEA,
        actor=agents[-1],
    )
