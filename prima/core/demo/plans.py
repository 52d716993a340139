"""The demo's fixed plan: shared constants, the two organisations, their units, staff and opening hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from prima.accounts.models import OrganisationKind, Role, TimeZone

DEMO_PASSWORD = "prima-demo-2026"  # noqa: S105 - published on purpose: every demo account shares it
DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 500
SUPERUSER_EMAIL = "admin@prima.test"
SUPERUSER_NAME = "Admin Prima"
HISTORY_DAYS = 540  # customers arrive over the past ~18 months
SETUP_DAYS_AGO = HISTORY_DAYS + 14  # the organisations were set up two weeks before the first customer


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    parent: str | None
    time_zone: str
    address: str
    email: str
    phone: str


@dataclass(frozen=True)
class StaffPlan:
    email: str
    full_name: str
    roles: tuple[tuple[str, Role], ...]  # (unit code, role)
    is_staff: bool = False


@dataclass(frozen=True)
class WorkingHours:
    """When the customer-service desk is open, in the unit's local time."""

    time_zone: str
    workdays: frozenset[int]  # Monday is 0
    opens: time
    span_minutes: int


@dataclass(frozen=True)
class OrganisationPlan:
    key: str
    name: str
    kind: str
    units: tuple[UnitPlan, ...]
    segments: tuple[tuple[str, str], ...]  # (name, description)
    staff: tuple[StaffPlan, ...]
    hours: WorkingHours


SLEMAN_ADDRESS = "Jl. Parasamya No. 1, Beran, Tridadi, Kec. Sleman, Kabupaten Sleman, DI Yogyakarta 55511"
PUSAT, USAHA, PBG, INFORMASI = "pusat", "perizinan-usaha", "pbg", "informasi-pengaduan"
LAYANAN = "layanan-pelanggan"

SLEMAN = OrganisationPlan(
    key="sleman",
    name="DPMPTSP Kabupaten Sleman",
    kind=OrganisationKind.PUBLIC_SERVICE,
    units=(
        UnitPlan(
            PUSAT, "Kantor Pusat", None, TimeZone.WIB, SLEMAN_ADDRESS, "dpmptsp@sleman.prima.test", "(0274) 868100"
        ),
        UnitPlan(
            USAHA,
            "Perizinan Usaha",
            PUSAT,
            TimeZone.WIB,
            f"Mal Pelayanan Publik Lantai 1, {SLEMAN_ADDRESS}",
            "perizinan.usaha@sleman.prima.test",
            "(0274) 868101",
        ),
        UnitPlan(
            PBG,
            "Perizinan Bangunan (PBG)",
            PUSAT,
            TimeZone.WIB,
            f"Mal Pelayanan Publik Lantai 2, {SLEMAN_ADDRESS}",
            "pbg@sleman.prima.test",
            "(0274) 868102",
        ),
        UnitPlan(
            INFORMASI,
            "Informasi dan Pengaduan",
            PUSAT,
            TimeZone.WIB,
            f"Gedung A Lantai 1, {SLEMAN_ADDRESS}",
            "pengaduan@sleman.prima.test",
            "(0274) 868103",
        ),
    ),
    segments=(
        ("UMKM", "Usaha mikro, kecil dan menengah yang mengurus NIB dan izin usaha."),
        ("Pengembang Perumahan", "Pengembang yang mengajukan PBG untuk kawasan perumahan."),
        ("Warga", "Perorangan yang mengurus izin atau menyampaikan pertanyaan dan pengaduan."),
    ),
    staff=(
        StaffPlan("suryo@sleman.prima.test", "Suryo Widodo", ((PUSAT, Role.LEADER),)),
        StaffPlan("hendra@sleman.prima.test", "Hendra Kurniawan", ((PUSAT, Role.ADMIN),), is_staff=True),
        StaffPlan(
            "ratna@sleman.prima.test",
            "Ratna Puspitasari",
            ((USAHA, Role.TRAINER), (PBG, Role.TRAINER), (INFORMASI, Role.TRAINER)),
        ),
        StaffPlan(
            "yoga@sleman.prima.test",
            "Yoga Pratama",
            ((USAHA, Role.MYSTERY_SHOPPER), (PBG, Role.MYSTERY_SHOPPER), (INFORMASI, Role.MYSTERY_SHOPPER)),
        ),
        StaffPlan("sri@sleman.prima.test", "Sri Wahyuni", ((USAHA, Role.SUPERVISOR),)),
        StaffPlan("dimas@sleman.prima.test", "Dimas Saputra", ((USAHA, Role.AGENT),)),
        StaffPlan("ayu@sleman.prima.test", "Ayu Lestari", ((USAHA, Role.AGENT),)),
        StaffPlan("fajar@sleman.prima.test", "Fajar Nugroho", ((USAHA, Role.AGENT),)),
        StaffPlan("aini@sleman.prima.test", "Nur Aini", ((USAHA, Role.AGENT),)),
        StaffPlan("bambang@sleman.prima.test", "Bambang Triyono", ((PBG, Role.SUPERVISOR),)),
        StaffPlan("rizky@sleman.prima.test", "Rizky Ramadhan", ((PBG, Role.AGENT),)),
        StaffPlan("wulan@sleman.prima.test", "Wulan Sari", ((PBG, Role.AGENT),)),
        StaffPlan("teguh@sleman.prima.test", "Teguh Santoso", ((PBG, Role.AGENT),)),
        StaffPlan("indah@sleman.prima.test", "Indah Permatasari", ((PBG, Role.AGENT),)),
        StaffPlan("endah@sleman.prima.test", "Endah Kusumawati", ((INFORMASI, Role.SUPERVISOR),)),
        StaffPlan("arief@sleman.prima.test", "Arief Hidayat", ((INFORMASI, Role.AGENT),)),
        StaffPlan("lestari@sleman.prima.test", "Lestari Handayani", ((INFORMASI, Role.AGENT),)),
        StaffPlan("galih@sleman.prima.test", "Galih Prakoso", ((INFORMASI, Role.AGENT),)),
        StaffPlan("putri@sleman.prima.test", "Putri Anggraini", ((INFORMASI, Role.AGENT),)),
    ),
    hours=WorkingHours(TimeZone.WIB, frozenset(range(5)), time(8, 0), 7 * 60),
)

COMPANY = OrganisationPlan(
    key="company",
    name="CV Sumber Rejeki Makmur",
    kind=OrganisationKind.COMPANY,
    units=(
        UnitPlan(
            LAYANAN,
            "Layanan Pelanggan",
            None,
            TimeZone.WITA,
            "Jl. Sungai Saddang Baru No. 48, Kel. Banta-Bantaeng, Kec. Rappocini, Kota Makassar, "
            "Sulawesi Selatan 90222",
            "cs@sumberrejeki.prima.test",
            "(0411) 873210",
        ),
    ),
    segments=(
        ("Distributor", "Pedagang besar yang mengambil barang dalam partai besar."),
        ("Toko Retail", "Toko kelontong dan minimarket yang memesan rutin."),
    ),
    staff=(
        StaffPlan("abdul.rahman@sumberrejeki.prima.test", "Abdul Rahman Latif", ((LAYANAN, Role.LEADER),)),
        StaffPlan("irwan@sumberrejeki.prima.test", "Irwan Syamsuddin", ((LAYANAN, Role.SUPERVISOR),)),
        StaffPlan("nurul@sumberrejeki.prima.test", "Nurul Hidayah", ((LAYANAN, Role.AGENT),)),
        StaffPlan("fadli@sumberrejeki.prima.test", "Muhammad Fadli", ((LAYANAN, Role.AGENT),)),
    ),
    hours=WorkingHours(TimeZone.WITA, frozenset(range(6)), time(8, 0), 9 * 60),
)

ORGANISATIONS = (SLEMAN, COMPANY)
DEMO_ORGANISATION_NAMES = tuple(plan.name for plan in ORGANISATIONS)


def demo_staff_emails() -> list[str]:
    """Every account the demo creates, superuser first."""
    return [SUPERUSER_EMAIL, *(staff.email for plan in ORGANISATIONS for staff in plan.staff)]


def customer_desk_staff(plan: OrganisationPlan, unit_code: str) -> list[str]:
    """E-mails of the staff who serve customers in a unit: its agents, then its supervisor."""
    agents = [s.email for s in plan.staff if (unit_code, Role.AGENT) in s.roles]
    supervisors = [s.email for s in plan.staff if (unit_code, Role.SUPERVISOR) in s.roles]
    return agents + supervisors
