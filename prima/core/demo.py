"""The demo organisation: a regional one-stop licensing office and a small trading company.

Everything is created through the service functions (``prima.accounts.services``,
``prima.customers.services``), so the activity log fills exactly as it would in real use. The data is
generated from one seed: the same seed gives the same names, addresses and contacts on every machine.

Two steps, kept apart so tests can check them separately:

* ``generate_customer_specs`` is pure: seed in, plain data out, no database.
* ``build_demo`` writes the organisations, staff and customers, then moves the timestamps into the past.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DateTimeField, Max, Model, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from prima.accounts.models import Membership, Organisation, OrganisationKind, Role, ServiceUnit, TimeZone, User
from prima.accounts.services import create_organisation, create_service_unit, grant_role
from prima.activity.models import ActivityLog
from prima.customers.contacts import normalize_contact
from prima.customers.models import Consent as ConsentRecord
from prima.customers.models import (
    ConsentChannel,
    ConsentPurpose,
    Contact,
    ContactKind,
    Customer,
    CustomerKind,
    Segment,
)
from prima.customers.services import (
    ContactInput,
    add_contact,
    create_customer,
    record_consent,
    update_customer,
    withdraw_consent,
)

T = TypeVar("T")

DEMO_PASSWORD = "prima-demo-2026"  # noqa: S105 - published on purpose: every demo account shares it
DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 500
SUPERUSER_EMAIL = "admin@prima.test"
SUPERUSER_NAME = "Admin Prima"
HISTORY_DAYS = 540  # customers arrive over the past ~18 months
SETUP_DAYS_AGO = HISTORY_DAYS + 14  # the organisations were set up two weeks before the first customer

# Customer e-mail addresses use the reserved .test top-level domain (RFC 2606), so a demo that sends
# survey or follow-up e-mails can never reach a real mailbox.
PERSON_MAIL_DOMAINS = ("surel.test", "posel.test", "contoh.test")


# --- The organisations ----------------------------------------------------------------------------


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


# --- Places and numbers ---------------------------------------------------------------------------

# kecamatan: (postcode, kelurahan/kalurahan, main roads)
SLEMAN_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Depok": ("55281", ("Caturtunggal", "Maguwoharjo", "Condongcatur"), ("Jl. Seturan Raya", "Jl. Affandi")),
    "Mlati": ("55285", ("Sinduadi", "Sendangadi", "Tlogoadi", "Sumberadi"), ("Jl. Magelang Km 6", "Jl. Monjali")),
    "Gamping": ("55294", ("Ambarketawang", "Banyuraden", "Nogotirto", "Trihanggo"), ("Jl. Wates Km 5",)),
    "Ngaglik": ("55581", ("Sinduharjo", "Sardonoharjo", "Minomartani"), ("Jl. Kaliurang Km 9", "Jl. Palagan")),
    "Kalasan": ("55571", ("Purwomartani", "Tamanmartani", "Tirtomartani"), ("Jl. Solo Km 12", "Jl. Tajem")),
    "Godean": ("55564", ("Sidoarum", "Sidomoyo", "Sidoagung", "Sidokarto"), ("Jl. Godean Km 8",)),
    "Sleman": ("55515", ("Tridadi", "Triharjo", "Pandowoharjo", "Caturharjo"), ("Jl. Magelang Km 12",)),
    "Berbah": ("55573", ("Kalitirto", "Tegaltirto", "Jogotirto", "Sendangtirto"), ("Jl. Raya Berbah",)),
    "Prambanan": ("55572", ("Bokoharjo", "Sumberharjo", "Madurejo"), ("Jl. Raya Solo Km 16",)),
    "Ngemplak": ("55584", ("Wedomartani", "Umbulmartani", "Widodomartani"), ("Jl. Cangkringan",)),
    "Pakem": ("55582", ("Harjobinangun", "Pakembinangun", "Hargobinangun"), ("Jl. Kaliurang Km 17",)),
    "Seyegan": ("55561", ("Margoluwih", "Margodadi", "Margomulyo"), ("Jl. Seyegan-Godean",)),
    "Tempel": ("55552", ("Lumbungrejo", "Margorejo", "Sumberrejo"), ("Jl. Magelang Km 20",)),
}
YOGYAKARTA_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Gondokusuman": ("55221", ("Terban", "Baciro", "Demangan"), ("Jl. C. Simanjuntak", "Jl. Urip Sumoharjo")),
    "Umbulharjo": ("55161", ("Warungboto", "Semaki", "Muja Muju"), ("Jl. Kusumanegara", "Jl. Veteran")),
}
BANTUL_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Banguntapan": ("55198", ("Baturetno", "Banguntapan", "Jagalan"), ("Jl. Wonosari Km 7", "Jl. Ringroad Selatan")),
}
MAKASSAR_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Panakkukang": ("90231", ("Pandang", "Karuwisi", "Masale"), ("Jl. A.P. Pettarani", "Jl. Boulevard")),
    "Rappocini": ("90222", ("Banta-Bantaeng", "Gunung Sari", "Buakana"), ("Jl. Sultan Alauddin", "Jl. Hertasning")),
    "Tamalate": ("90224", ("Mannuruki", "Jongaya", "Tanjung Merdeka"), ("Jl. Daeng Tata", "Jl. Metro Tanjung Bunga")),
    "Biringkanaya": ("90241", ("Daya", "Sudiang", "Paccerakkang"), ("Jl. Perintis Kemerdekaan Km 14",)),
    "Tamalanrea": ("90245", ("Tamalanrea Indah", "Kapasa", "Bira"), ("Jl. Perintis Kemerdekaan Km 9",)),
    "Manggala": ("90234", ("Antang", "Borong", "Batua"), ("Jl. Antang Raya", "Jl. Abdullah Daeng Sirua")),
}
GOWA_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Somba Opu": (
        "92111",
        ("Sungguminasa", "Paccinongang", "Tompobalang"),
        ("Jl. Poros Malino", "Jl. Tun Abdul Razak"),
    ),
}
MAROS_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Turikale": ("90511", ("Turikale", "Pettuadae", "Raya"), ("Jl. Poros Makassar-Maros", "Jl. Jenderal Sudirman")),
}
PADUKUHAN = ("Karangasem", "Ngabean", "Jetis", "Kadisoka", "Gondangan", "Krapyak", "Plosokuning", "Kemirikebo")

# Prefixes of Telkomsel, Indosat, XL, Axis, Smartfren and Tri, written the way customers give them.
MOBILE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877", "0878", "0896")
MOBILE_LENGTHS = (11, 12, 12, 12, 10)  # digits including the leading 0

WORDS = (
    "Maju", "Jaya", "Makmur", "Sejahtera", "Abadi", "Sentosa", "Mandiri", "Berkah", "Sinar", "Mulia", "Karya",
    "Lestari", "Utama", "Bersama", "Gemilang", "Harapan", "Cahaya", "Sehati", "Barokah", "Rahayu", "Agung",
)  # fmt: skip
SLEMAN_WORDS = ("Merapi", "Kaliurang", "Prambanan", "Mataram", "Progo", "Sembada", "Turgo")
MAKASSAR_WORDS = ("Losari", "Celebes", "Karebosi", "Somba Opu", "Mamminasata", "Pinisi", "Tallo")
BUGIS_FIRST_NAMES = (
    "Andi", "Muhammad", "Syamsuddin", "Nurhayati", "Hasnawati", "Ridwan", "Sitti", "Rahmat", "Irwansyah",
    "Haerul", "Asriani", "Arfah", "Mustafa", "Fitriani", "Ismail", "Jumriah", "Kamaruddin", "Rosmini",
)  # fmt: skip
BUGIS_LAST_NAMES = (
    "Mappangara", "Latif", "Hamzah", "Ramli", "Basri", "Syam", "Jufri", "Amir", "Nurdin", "Tahir", "Rauf",
    "Saleh", "Pawellangi", "Mattalatta", "Baso", "Daeng Ngalle",
)  # fmt: skip


def mobile_number(rng: random.Random, used: set[str] | None = None) -> str:
    """A valid Indonesian mobile number as a customer would write it (0812-3456-7890 and variants).

    Checked against ``normalize_contact`` so the services never refuse it; ``used`` keeps numbers unique.
    """
    for _attempt in range(100):
        prefix = rng.choice(MOBILE_PREFIXES)
        rest = "".join(str(rng.randrange(10)) for _ in range(rng.choice(MOBILE_LENGTHS) - len(prefix)))
        digits = prefix + rest
        style = rng.randrange(4)
        if style == 0:
            raw = digits
        elif style == 1:
            raw = f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
        elif style == 2:
            raw = f"{digits[:4]} {digits[4:8]} {digits[8:]}"
        else:
            raw = f"+62 {digits[1:4]}-{digits[4:8]}-{digits[8:]}"
        try:
            value = normalize_contact(ContactKind.WHATSAPP, raw)
        except ValidationError:
            continue
        if used is None or value not in used:
            if used is not None:
                used.add(value)
            return raw
    raise RuntimeError("Could not generate a valid, unused Indonesian mobile number.")


def landline_number(rng: random.Random, area_code: str) -> str:
    """A valid landline such as ``(0274) 868123``, checked against ``normalize_contact``."""
    for _attempt in range(100):
        raw = f"({area_code}) {rng.randrange(4, 9)}{rng.randrange(10**5):05d}"
        try:
            normalize_contact(ContactKind.PHONE, raw)
        except ValidationError:
            continue
        return raw
    raise RuntimeError("Could not generate a valid Indonesian landline number.")


def _address(rng: random.Random, places: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> str:
    kecamatan = rng.choice(sorted(places))
    postcode, villages, roads = places[kecamatan]
    village = rng.choice(villages)
    if rng.random() < 0.3:
        street = f"Padukuhan {rng.choice(PADUKUHAN)} RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 30):03d}"
    else:
        street = f"{rng.choice(roads)} No. {rng.randint(1, 250)}"
    return f"{street}, {village}, Kec. {kecamatan} {postcode}"


def sleman_address(rng: random.Random) -> tuple[str, str]:
    """(address, city) mostly in Sleman, some in the neighbouring city and Bantul."""
    roll = rng.random()
    if roll < 0.85:
        return _address(rng, SLEMAN_PLACES), "Kabupaten Sleman"
    if roll < 0.95:
        return _address(rng, YOGYAKARTA_PLACES).replace("Padukuhan", "Kampung"), "Kota Yogyakarta"
    return _address(rng, BANTUL_PLACES), "Kabupaten Bantul"


def makassar_address(rng: random.Random) -> tuple[str, str]:
    """(address, city) mostly in Makassar, some in Gowa and Maros."""
    roll = rng.random()
    if roll < 0.8:
        return _address(rng, MAKASSAR_PLACES).replace("Padukuhan", "Lorong"), "Kota Makassar"
    if roll < 0.92:
        return _address(rng, GOWA_PLACES).replace("Padukuhan", "Dusun"), "Kabupaten Gowa"
    return _address(rng, MAROS_PLACES).replace("Padukuhan", "Dusun"), "Kabupaten Maros"


# --- Names ----------------------------------------------------------------------------------------


def person_name(fake: Faker, rng: random.Random, *, bugis: bool = False) -> tuple[str, str]:
    """(display name, plain name for an e-mail address), e.g. ("Ir. Bambang Susanto", "Bambang Susanto")."""
    female = rng.random() < 0.5
    if bugis:
        plain = f"{rng.choice(BUGIS_FIRST_NAMES)} {rng.choice(BUGIS_LAST_NAMES)}"
    elif female:
        plain = f"{fake.first_name_female()} {fake.last_name_female()}"
    else:
        plain = f"{fake.first_name_male()} {fake.last_name_male()}"
    name = plain
    roll = rng.random()
    if roll < 0.06:
        name = f"{rng.choice(('Hj.', 'dr.')) if female else rng.choice(('H.', 'Ir.', 'Drs.'))} {plain}"
    elif roll < 0.14:
        name = f"{plain}, {rng.choice(('S.E.', 'S.T.', 'S.Pd.', 'S.H.', 'S.Kom.', 'M.M.'))}"
    return name, plain


def _words(rng: random.Random, regional: Sequence[str]) -> str:
    return f"{rng.choice((*WORDS, *regional))} {rng.choice(WORDS)}"


def sleman_organisation_name(fake: Faker, rng: random.Random, style: str) -> str:
    """A business, developer, cooperative or foundation name typical of Sleman."""
    if style == "developer":
        return rng.choice(
            (
                f"PT {_words(rng, SLEMAN_WORDS)} Land",
                f"PT Griya {_words(rng, SLEMAN_WORDS)}",
                f"PT {fake.last_name()} Properti Indonesia",
                f"CV Perumahan {rng.choice(SLEMAN_WORDS)} Asri",
            )
        )
    if style == "koperasi":
        kind = rng.choice(("Serba Usaha", "Simpan Pinjam", "Produsen Susu", "Tani"))
        return f"Koperasi {kind} {_words(rng, SLEMAN_WORDS)}"
    if style == "yayasan":
        return rng.choice((f"Yayasan Pendidikan {_words(rng, SLEMAN_WORDS)}", f"Yayasan {rng.choice(WORDS)} Insani"))
    return rng.choice(
        (
            f"CV {_words(rng, SLEMAN_WORDS)}",
            f"PT {_words(rng, SLEMAN_WORDS)}",
            f"UD {fake.last_name()} {rng.choice(WORDS)}",
            f"Warung Makan {_words(rng, SLEMAN_WORDS)}",
            f"Batik {fake.last_name()}",
            f"Konveksi {_words(rng, SLEMAN_WORDS)}",
            f"Salak Pondoh {rng.choice(SLEMAN_WORDS)} {rng.choice(WORDS)}",
            f"Bengkel {rng.choice(WORDS)} Motor",
        )
    )


def makassar_organisation_name(fake: Faker, rng: random.Random, style: str) -> str:
    """A shop or distributor name typical of Makassar."""
    if style == "distributor":
        return rng.choice(
            (
                f"PT {_words(rng, MAKASSAR_WORDS)} Distribusi",
                f"CV {_words(rng, MAKASSAR_WORDS)} Niaga",
                f"PT Distributor Pangan {rng.choice(MAKASSAR_WORDS)}",
            )
        )
    return rng.choice(
        (
            f"Toko {fake.first_name()}",
            f"Toko {_words(rng, MAKASSAR_WORDS)}",
            f"UD {_words(rng, MAKASSAR_WORDS)}",
            f"Minimarket {rng.choice(MAKASSAR_WORDS)} {rng.choice(WORDS)}",
        )
    )


def _email_local(text: str) -> str:
    return slugify(text).replace("-", ".")


def person_email(rng: random.Random, plain_name: str) -> str:
    number = str(rng.randint(1, 99)) if rng.random() < 0.4 else ""
    return f"{_email_local(plain_name)}{number}@{rng.choice(PERSON_MAIL_DOMAINS)}"


def organisation_email(rng: random.Random, name: str) -> str:
    core = name.split(" ", 1)[1] if name.split(" ", 1)[0] in {"PT", "CV", "UD"} else name
    return f"{rng.choice(('info', 'admin', 'kantor', 'cs'))}@{slugify(core)}.test"


# --- Customer specs (pure) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Later:
    """When a later event happens: a fraction of the way from registration to yesterday."""

    fraction: float
    second_of_shift: int
    actor_roll: float


@dataclass(frozen=True)
class ConsentSpec:
    purpose: str
    channel: str
    withdrawal: Later | None = None
    withdrawal_reason: str = ""


@dataclass(frozen=True)
class EditSpec:
    when: Later
    address: str
    city: str
    notes: str
    unit_codes: tuple[str, ...]
    segment_names: tuple[str, ...]


@dataclass(frozen=True)
class CustomerSpec:
    organisation: str  # OrganisationPlan.key
    kind: str
    name: str
    address: str
    city: str
    notes: str
    unit_codes: tuple[str, ...]
    segment_names: tuple[str, ...]
    contacts: tuple[ContactInput, ...]
    consents: tuple[ConsentSpec, ...]
    days_ago: int
    second_of_shift: int
    actor_roll: float
    edit: EditSpec | None = None
    extra_contact: tuple[Later, ContactInput] | None = None


SLEMAN_NOTES = {
    USAHA: (
        "Mengurus NIB untuk usaha kuliner rumahan.",
        "Menanyakan sertifikat standar untuk usaha katering.",
        "Perpanjangan izin usaha toko kelontong.",
        "Perlu pendampingan mengisi data di OSS.",
    ),
    PBG: (
        "Pengajuan PBG rumah tinggal dua lantai.",
        "Menunggu verifikasi dokumen teknis PBG.",
        "Mengurus SLF untuk bangunan ruko.",
        "Konsultasi KRK sebelum mengajukan PBG.",
    ),
    INFORMASI: (
        "Menyampaikan pengaduan soal lamanya antrean.",
        "Menanyakan status berkas melalui WhatsApp.",
        "Meminta informasi syarat izin reklame.",
        "Pernah mengeluhkan petugas yang sulit dihubungi.",
    ),
}
COMPANY_NOTES = (
    "Pesanan rutin beras dan minyak goreng setiap bulan.",
    "Pembayaran tempo 30 hari.",
    "Minta dikirim sebelum pukul 10.00 WITA.",
    "Pernah komplain soal kemasan gula yang bocor.",
)
WITHDRAWAL_REASONS = (
    "Tidak ingin dihubungi untuk survei lagi.",
    "Terlalu sering menerima pesan.",
    "Permintaan pelanggan melalui WhatsApp.",
    "Nomor sudah tidak dipakai untuk urusan kantor.",
)


@dataclass
class _Generator:
    """Shared random state for one run of ``generate_customer_specs``."""

    rng: random.Random
    fake: Faker
    used_numbers: set[str] = field(default_factory=set)

    def later(self, hours: WorkingHours) -> Later:
        return Later(self.rng.random(), self.rng.randrange(hours.span_minutes * 60), self.rng.random())

    def consents(
        self, hours: WorkingHours, channels: Sequence[str], optional: Iterable[tuple[str, float]]
    ) -> tuple[ConsentSpec, ...]:
        specs = [ConsentSpec(ConsentPurpose.SERVICE, self.rng.choice(channels))]
        for purpose, chance in optional:
            if self.rng.random() >= chance:
                continue
            channel = self.rng.choice(channels)
            if purpose != ConsentPurpose.FOLLOW_UP and self.rng.random() < 0.15:
                specs.append(ConsentSpec(purpose, channel, self.later(hours), self.rng.choice(WITHDRAWAL_REASONS)))
            else:
                specs.append(ConsentSpec(purpose, channel))
        return tuple(specs)

    def contacts(self, kind: str, name: str, plain: str, area_code: str) -> tuple[ContactInput, ...]:
        rng = self.rng
        contacts: list[ContactInput] = []
        is_person = kind == CustomerKind.PERSON
        if rng.random() < (0.9 if is_person else 0.7):
            number = mobile_number(rng, self.used_numbers)
            label = "Pribadi" if is_person else rng.choice(("Admin", "Pemilik", "Bagian Keuangan"))
            contacts.append(ContactInput(ContactKind.WHATSAPP, number, label, is_primary=True))
            if rng.random() < 0.3:
                contacts.append(ContactInput(ContactKind.PHONE, number, label, is_primary=True))
        if not is_person and rng.random() < 0.6:
            contacts.append(ContactInput(ContactKind.PHONE, landline_number(rng, area_code), "Kantor", True))
        if rng.random() < (0.35 if is_person else 0.7):
            email = person_email(rng, plain) if is_person else organisation_email(rng, name)
            contacts.append(ContactInput(ContactKind.EMAIL, email, "Pribadi" if is_person else "Kantor", True))
        if not contacts:
            contacts.append(ContactInput(ContactKind.WHATSAPP, mobile_number(rng, self.used_numbers), "", True))
        return tuple(contacts)

    def extra_contact(self, kind: str, contacts: Sequence[ContactInput], plain: str) -> ContactInput:
        """A contact given later: an e-mail address if there was none, otherwise a new WhatsApp number."""
        if not any(c.kind == ContactKind.EMAIL for c in contacts):
            if kind == CustomerKind.PERSON:
                return ContactInput(ContactKind.EMAIL, person_email(self.rng, plain), "Baru", is_primary=True)
            return ContactInput(ContactKind.EMAIL, organisation_email(self.rng, plain), "Kantor", is_primary=True)
        return ContactInput(ContactKind.WHATSAPP, mobile_number(self.rng, self.used_numbers), "Nomor baru", True)


def _sleman_customer(gen: _Generator, days_ago: int) -> CustomerSpec:
    rng, fake, hours = gen.rng, gen.fake, SLEMAN.hours
    if rng.random() < 0.75:
        kind = CustomerKind.PERSON
        name, plain = person_name(fake, rng)
        unit = rng.choices((USAHA, PBG, INFORMASI), weights=(4, 3, 3))[0]
        segments: tuple[str, ...] = ("Warga", "UMKM") if unit == USAHA and rng.random() < 0.6 else ("Warga",)
    else:
        kind = CustomerKind.ORGANISATION
        style = rng.choices(("usaha", "developer", "koperasi", "yayasan"), weights=(5, 3, 1, 1))[0]
        name = plain = sleman_organisation_name(fake, rng, style)
        unit = PBG if style == "developer" or (style == "yayasan" and rng.random() < 0.5) else USAHA
        segments = {"developer": ("Pengembang Perumahan",), "yayasan": ()}.get(style, ("UMKM",))
    address, city = sleman_address(rng)
    notes = rng.choice(SLEMAN_NOTES[unit]) if rng.random() < 0.4 else ""
    contacts = gen.contacts(kind, name, plain, "0274")
    consents = gen.consents(
        hours,
        (ConsentChannel.COUNTER, ConsentChannel.COUNTER, ConsentChannel.PAPER, ConsentChannel.WEB_FORM),
        ((ConsentPurpose.FOLLOW_UP, 0.6), (ConsentPurpose.SURVEYS, 0.5), (ConsentPurpose.ANNOUNCEMENTS, 0.3)),
    )
    edit = None
    if days_ago > 3 and rng.random() < 0.15:
        new_address, new_city = sleman_address(rng) if rng.random() < 0.5 else (address, city)
        new_units = (unit,) if unit == INFORMASI or rng.random() < 0.5 else (unit, INFORMASI)
        new_notes = rng.choice(SLEMAN_NOTES[new_units[-1]])
        edit = EditSpec(gen.later(hours), new_address, new_city, new_notes, new_units, segments)
    extra = (gen.later(hours), gen.extra_contact(kind, contacts, plain)) if rng.random() < 0.1 else None
    return CustomerSpec(
        organisation=SLEMAN.key,
        kind=kind,
        name=name,
        address=address,
        city=city,
        notes=notes,
        unit_codes=(unit,),
        segment_names=segments,
        contacts=contacts,
        consents=consents,
        days_ago=days_ago,
        second_of_shift=rng.randrange(hours.span_minutes * 60),
        actor_roll=rng.random(),
        edit=edit,
        extra_contact=extra if days_ago > 3 else None,
    )


def _company_customer(gen: _Generator, days_ago: int) -> CustomerSpec:
    rng, fake, hours = gen.rng, gen.fake, COMPANY.hours
    roll = rng.random()
    if roll < 0.3:
        kind = CustomerKind.PERSON
        name, plain = person_name(fake, rng, bugis=rng.random() < 0.6)
        segments: tuple[str, ...] = ("Toko Retail",)
    else:
        kind = CustomerKind.ORGANISATION
        style = "distributor" if roll > 0.75 else "toko"
        name = plain = makassar_organisation_name(fake, rng, style)
        segments = ("Distributor",) if style == "distributor" else ("Toko Retail",)
    address, city = makassar_address(rng)
    notes = rng.choice(COMPANY_NOTES) if rng.random() < 0.4 else ""
    contacts = gen.contacts(kind, name, plain, "0411")
    consents = gen.consents(
        hours,
        (ConsentChannel.PHONE, ConsentChannel.COUNTER, ConsentChannel.EMAIL),
        ((ConsentPurpose.FOLLOW_UP, 0.7), (ConsentPurpose.SURVEYS, 0.4), (ConsentPurpose.MARKETING, 0.5)),
    )
    edit = None
    if days_ago > 3 and rng.random() < 0.15:
        new_address, new_city = makassar_address(rng)
        edit = EditSpec(gen.later(hours), new_address, new_city, rng.choice(COMPANY_NOTES), (LAYANAN,), segments)
    extra = (gen.later(hours), gen.extra_contact(kind, contacts, plain)) if rng.random() < 0.1 else None
    return CustomerSpec(
        organisation=COMPANY.key,
        kind=kind,
        name=name,
        address=address,
        city=city,
        notes=notes,
        unit_codes=(LAYANAN,),
        segment_names=segments,
        contacts=contacts,
        consents=consents,
        days_ago=days_ago,
        second_of_shift=rng.randrange(hours.span_minutes * 60),
        actor_roll=rng.random(),
        edit=edit,
        extra_contact=extra if days_ago > 3 else None,
    )


def registration_days_ago(rng: random.Random, count: int) -> list[int]:
    """How many days ago each customer registered, between 1 and HISTORY_DAYS, shuffled.

    Stratified so that every run covers the whole period, with more customers recently (the office's
    customer base grew): the density falls linearly from today back to HISTORY_DAYS.
    """
    days = []
    for i in range(count):
        u = (i + rng.random()) / count
        days.append(1 + int((HISTORY_DAYS - 1) * (1 - (1 - u) ** 0.5)))
    rng.shuffle(days)
    return days


def company_share(count: int) -> int:
    """How many of the ``count`` customers belong to the trading company (one in ten)."""
    return count // 10


def generate_customer_specs(seed: int, count: int) -> list[CustomerSpec]:
    """The demo customers for ``seed``: the same seed always gives the same list. No database access."""
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    gen = _Generator(rng, fake)
    days = registration_days_ago(rng, count)
    company = company_share(count)
    specs = [_sleman_customer(gen, days_ago) for days_ago in days[: count - company]]
    specs += [_company_customer(gen, days_ago) for days_ago in days[count - company :]]
    return specs


# --- Writing to the database ----------------------------------------------------------------------


class DemoError(Exception):
    """The demo cannot be loaded (it already exists, or its accounts are taken)."""


@dataclass
class DemoSummary:
    organisations: int
    units: int
    staff: int
    memberships: int
    segments: int
    customers: int
    contacts: int
    consents: int
    withdrawn_consents: int
    activity: int
    seconds: float


def demo_exists() -> bool:
    """Whether either demo organisation is already in the database."""
    return Organisation.objects.filter(name__in=DEMO_ORGANISATION_NAMES).exists()


def local_moment(today: date, days_ago: int, second_of_shift: int, hours: WorkingHours) -> datetime:
    """A time during opening hours ``days_ago`` days before ``today``, always before ``today``.

    A day the desk is closed becomes a workday of the same week (spread evenly, so Fridays are not
    overloaded), or the last workday before it if that would be today or later.
    """
    day = today - timedelta(days=days_ago)
    if day.weekday() not in hours.workdays:
        workdays = sorted(hours.workdays)
        day += timedelta(days=workdays[second_of_shift % len(workdays)] - day.weekday())
    while day >= today or day.weekday() not in hours.workdays:
        day -= timedelta(days=1)
    opening = datetime.combine(day, hours.opens, tzinfo=ZoneInfo(hours.time_zone))
    return opening + timedelta(seconds=second_of_shift % (hours.span_minutes * 60))


def later_moment(registered: datetime, days_ago: int, later: Later, today: date, hours: WorkingHours) -> datetime:
    """A time between registration and yesterday, never earlier than 20 minutes after registration."""
    event_days_ago = max(1, round(days_ago * (1 - later.fraction)))
    moment = local_moment(today, min(event_days_ago, days_ago), later.second_of_shift, hours)
    return max(moment, registered + timedelta(minutes=20))


StepKind = Literal["create", "edit", "contact", "withdraw"]


@dataclass(frozen=True)
class Step:
    when: datetime
    index: int  # position of the customer in the spec list
    kind: StepKind
    actor_roll: float
    purpose: str = ""  # for "withdraw"


def schedule(specs: Sequence[CustomerSpec], now: datetime) -> list[Step]:
    """Every create, edit, new-contact and withdrawal step of every customer, oldest first."""
    plans = {plan.key: plan for plan in ORGANISATIONS}
    steps: list[Step] = []
    for index, spec in enumerate(specs):
        hours = plans[spec.organisation].hours
        today = timezone.localtime(now, ZoneInfo(hours.time_zone)).date()
        registered = local_moment(today, spec.days_ago, spec.second_of_shift, hours)
        steps.append(Step(registered, index, "create", spec.actor_roll))
        if spec.edit is not None:
            when = later_moment(registered, spec.days_ago, spec.edit.when, today, hours)
            steps.append(Step(when, index, "edit", spec.edit.when.actor_roll))
        if spec.extra_contact is not None:
            later = spec.extra_contact[0]
            when = later_moment(registered, spec.days_ago, later, today, hours)
            steps.append(Step(when, index, "contact", later.actor_roll))
        for consent in spec.consents:
            if consent.withdrawal is not None:
                when = later_moment(registered, spec.days_ago, consent.withdrawal, today, hours)
                steps.append(Step(when, index, "withdraw", consent.withdrawal.actor_roll, consent.purpose))
    order: dict[StepKind, int] = {"create": 0, "edit": 1, "contact": 2, "withdraw": 3}
    steps.sort(key=lambda step: (step.when, step.index, order[step.kind], step.purpose))
    return steps


@dataclass
class _World:
    """What the build has created so far, looked up by the plans' keys."""

    users: dict[str, User]
    units: dict[str, ServiceUnit]  # by unit code (codes are unique across the two demo organisations)
    organisations: dict[str, Organisation]
    segments: dict[tuple[str, str], Segment]  # (organisation key, segment name)
    customers: dict[int, Customer] = field(default_factory=dict)
    current_units: dict[int, tuple[str, ...]] = field(default_factory=dict)
    consents: dict[tuple[int, str], ConsentRecord] = field(default_factory=dict)

    def desk_actor(self, organisation_key: str, unit_code: str, roll: float) -> User:
        plan = next(plan for plan in ORGANISATIONS if plan.key == organisation_key)
        emails = customer_desk_staff(plan, unit_code)
        return self.users[emails[int(roll * len(emails)) % len(emails)]]

    def first_unit_code(self, index: int) -> str:
        """The unit the services attribute contact and consent changes to (``customer.units.first()``)."""
        return min(self.current_units[index], key=lambda code: self.units[code].path)


def _create_accounts() -> dict[str, User]:
    """The superuser and every staff member, all with the shared demo password (hashed by set_password)."""
    taken = sorted(User.objects.filter(email__in=demo_staff_emails()).values_list("email", flat=True))
    if taken:
        raise DemoError(f"Demo accounts already exist: {', '.join(taken)}. Use a fresh database.")
    users = {
        SUPERUSER_EMAIL: User.objects.create_superuser(
            SUPERUSER_EMAIL, DEMO_PASSWORD, full_name=SUPERUSER_NAME, language="id"
        )
    }
    for plan in ORGANISATIONS:
        for staff in plan.staff:
            users[staff.email] = User.objects.create_user(
                staff.email, DEMO_PASSWORD, full_name=staff.full_name, language="id", is_staff=staff.is_staff
            )
    return users


def _create_organisations(users: dict[str, User]) -> _World:
    """Both organisations with their units, segments and role grants, set up by the superuser."""
    actor = users[SUPERUSER_EMAIL]
    world = _World(users=users, units={}, organisations={}, segments={})
    for plan in ORGANISATIONS:
        organisation = create_organisation(plan.name, kind=plan.kind, actor=actor)
        world.organisations[plan.key] = organisation
        for unit in plan.units:
            world.units[unit.code] = create_service_unit(
                organisation,
                name=unit.name,
                code=unit.code,
                parent=world.units[unit.parent] if unit.parent else None,
                time_zone=unit.time_zone,
                address=unit.address,
                email=unit.email,
                phone=unit.phone,
                actor=actor,
            )
        for name, description in plan.segments:
            # Segments have no service function (and no activity action) yet; they are configuration.
            world.segments[plan.key, name] = Segment.objects.create(
                organisation=organisation, name=name, description=description
            )
        for staff in plan.staff:
            for unit_code, role in staff.roles:
                grant_role(users[staff.email], unit=world.units[unit_code], role=role, actor=actor)
    return world


def _run_create(world: _World, index: int, spec: CustomerSpec, actor_roll: float) -> None:
    actor = world.desk_actor(spec.organisation, spec.unit_codes[0], actor_roll)
    customer = create_customer(
        world.organisations[spec.organisation],
        name=spec.name,
        kind=spec.kind,
        units=[world.units[code] for code in spec.unit_codes],
        address=spec.address,
        city=spec.city,
        notes=spec.notes,
        segments=[world.segments[spec.organisation, name] for name in spec.segment_names],
        contacts=spec.contacts,
        actor=actor,
    )
    world.customers[index] = customer
    world.current_units[index] = spec.unit_codes
    for consent in spec.consents:
        record = record_consent(customer, purpose=consent.purpose, channel=consent.channel, actor=actor)
        world.consents[index, consent.purpose] = record


def _run_edit(world: _World, index: int, spec: CustomerSpec, edit: EditSpec, actor_roll: float) -> None:
    customer = world.customers[index]
    update_customer(
        customer,
        name=customer.name,
        kind=customer.kind,
        address=edit.address,
        city=edit.city,
        notes=edit.notes,
        units=[world.units[code] for code in edit.unit_codes],
        segments=[world.segments[spec.organisation, name] for name in edit.segment_names],
        actor=world.desk_actor(spec.organisation, edit.unit_codes[0], actor_roll),
    )
    world.current_units[index] = edit.unit_codes


@dataclass
class _Stamps:
    """Where each created row belongs in time; applied in bulk at the end."""

    activity: list[tuple[int, int, datetime]] = field(default_factory=list)  # (first id, last id, when)
    customers_created: dict[int, datetime] = field(default_factory=dict)
    customers_updated: dict[int, datetime] = field(default_factory=dict)
    contacts: dict[int, datetime] = field(default_factory=dict)
    consents_withdrawn: dict[int, datetime] = field(default_factory=dict)


def _run_step(world: _World, specs: Sequence[CustomerSpec], step: Step, stamps: _Stamps) -> None:
    """Perform one step through the services and note which rows it created."""
    spec = specs[step.index]
    if step.kind == "create":
        _run_create(world, step.index, spec, step.actor_roll)
        pk = world.customers[step.index].pk
        stamps.customers_created[pk] = step.when
        stamps.customers_updated[pk] = step.when
        return
    customer = world.customers[step.index]
    if step.kind == "edit" and spec.edit is not None:
        _run_edit(world, step.index, spec, spec.edit, step.actor_roll)
        stamps.customers_updated[customer.pk] = step.when
    elif step.kind == "contact" and spec.extra_contact is not None:
        actor = world.desk_actor(spec.organisation, world.first_unit_code(step.index), step.actor_roll)
        contact = add_contact(customer, spec.extra_contact[1], actor=actor)
        stamps.contacts[contact.pk] = step.when
    elif step.kind == "withdraw":
        consent = world.consents[step.index, step.purpose]
        reason = next(c.withdrawal_reason for c in spec.consents if c.purpose == step.purpose)
        actor = world.desk_actor(spec.organisation, world.first_unit_code(step.index), step.actor_roll)
        withdraw_consent(consent, reason=reason, actor=actor)
        stamps.consents_withdrawn[consent.pk] = step.when


def _last_activity_id() -> int:
    return ActivityLog.objects.aggregate(last=Max("id"))["last"] or 0


def _batches(items: Sequence[T], size: int = 200) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stamp(model: type[Model], field_name: str, stamps: dict[int, datetime], key: str = "pk") -> None:
    """Set ``field_name`` per row (rows chosen by ``key``) with one UPDATE … CASE per batch."""
    for batch in _batches(sorted(stamps.items())):
        whens = [When(**{key: pk}, then=Value(when)) for pk, when in batch]
        model._default_manager.filter(**{f"{key}__in": [pk for pk, _when in batch]}).update(
            **{field_name: Case(*whens, output_field=DateTimeField())}
        )


def _stamp_activity(ranges: Sequence[tuple[int, int, datetime]], actor_ids: Sequence[int]) -> None:
    """Move each step's activity rows (an id range) to the step's time, in batched UPDATEs."""
    for batch in _batches(list(ranges)):
        whens = [When(pk__range=(first, last), then=Value(when)) for first, last, when in batch]
        ActivityLog.objects.filter(
            pk__range=(min(first for first, _l, _w in batch), max(last for _f, last, _w in batch)),
            actor_id__in=actor_ids,  # only rows the demo wrote, even if someone else writes meanwhile
        ).update(created_at=Case(*whens, output_field=DateTimeField()))


def _apply_stamps(world: _World, stamps: _Stamps, setup_at: datetime) -> None:
    """Move everything the demo created into the past.

    The services stamp "now" (``timezone.now()``) on every row they create, which is right in real use but
    would put 18 months of demo history into the last minute. So the build runs the services first and
    afterwards rewrites the timestamps in bulk with queryset ``.update()`` (a few UPDATE statements instead of
    one ``save()`` per row, and no bypassing of the services' logic).
    """
    user_ids = [user.pk for user in world.users.values()]
    User.objects.filter(pk__in=user_ids).update(date_joined=setup_at)
    Organisation.objects.filter(pk__in=[o.pk for o in world.organisations.values()]).update(created_at=setup_at)
    Membership.objects.filter(unit__in=list(world.units.values())).update(created_at=setup_at)
    _stamp(Customer, "created_at", stamps.customers_created)
    _stamp(Customer, "updated_at", stamps.customers_updated)
    _stamp(Contact, "created_at", stamps.customers_created, key="customer_id")  # contacts given at registration
    _stamp(Contact, "created_at", stamps.contacts)  # contacts added later
    _stamp(ConsentRecord, "given_at", stamps.customers_created, key="customer_id")
    _stamp(ConsentRecord, "withdrawn_at", stamps.consents_withdrawn)
    _stamp_activity(stamps.activity, user_ids)


def _summary(world: _World, started: float) -> DemoSummary:
    organisations = list(world.organisations.values())
    consents = ConsentRecord.objects.filter(customer__organisation__in=organisations)
    return DemoSummary(
        organisations=len(organisations),
        units=ServiceUnit.objects.filter(organisation__in=organisations).count(),
        staff=len(world.users) - 1,
        memberships=Membership.objects.filter(unit__organisation__in=organisations).count(),
        segments=Segment.objects.filter(organisation__in=organisations).count(),
        customers=Customer.objects.filter(organisation__in=organisations).count(),
        contacts=Contact.objects.filter(customer__organisation__in=organisations).count(),
        consents=consents.count(),
        withdrawn_consents=consents.filter(withdrawn_at__isnull=False).count(),
        activity=ActivityLog.objects.filter(
            Q(customer__organisation__in=organisations)
            | Q(unit__organisation__in=organisations)
            | Q(action="accounts.organisation.created", object_id__in=[str(o.pk) for o in organisations])
        ).count(),
        seconds=clock.monotonic() - started,
    )


def build_demo(
    *, seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, now: datetime | None = None
) -> DemoSummary:
    """Create the demo organisations, staff and ``customers`` customers; all or nothing.

    Raises DemoError if the demo (or one of its accounts) already exists, so it is never duplicated.
    """
    started = clock.monotonic()
    now = now or timezone.now()
    specs = generate_customer_specs(seed, customers)
    steps = schedule(specs, now)
    setup_at = local_moment(timezone.localtime(now, ZoneInfo(TimeZone.WIB)).date(), SETUP_DAYS_AGO, 3600, SLEMAN.hours)
    with transaction.atomic():
        if demo_exists():
            raise DemoError(f"The demo organisation already exists ({', '.join(DEMO_ORGANISATION_NAMES)}).")
        stamps = _Stamps()
        first = _last_activity_id() + 1
        world = _create_organisations(_create_accounts())
        last = _last_activity_id()
        stamps.activity.append((first, last, setup_at))
        for step in steps:
            _run_step(world, specs, step, stamps)
            first, last = last + 1, _last_activity_id()
            if last >= first:
                stamps.activity.append((first, last, step.when))
        _apply_stamps(world, stamps, setup_at)
        return _summary(world, started)
