"""The fourteen components of a service standard (UU 25/2009 Pasal 21; split per PermenPANRB 15/2014).

Six concern delivering the service and must be published; eight concern managing it inside the
organisation. The registry is data: codes are stable identifiers stored in the database, titles and
hints are the regulation's wording (Indonesian) with an English rendering, shown through ``localized``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prima.standards.errors import invalid
from prima.standards.i18n import I18nText


class ComponentGroup(models.TextChoices):
    SERVICE_DELIVERY = "service_delivery", _("Service delivery (published)")
    MANAGEMENT = "management", _("Service management (internal)")


class DurationUnit(models.TextChoices):
    """How a standard's time limit is counted. Working units follow the unit's business calendar."""

    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_HOURS = "working_hours", _("working hours")


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    group: ComponentGroup
    title: I18nText
    hint: I18nText


# Component codes that carry a structured value next to their text.
FEE = "fee"
TIME_LIMIT = "time_limit"

COMPONENTS: tuple[ComponentSpec, ...] = (
    # A. Service delivery (proses penyampaian pelayanan) — the part the public sees.
    ComponentSpec(
        "requirements",
        ComponentGroup.SERVICE_DELIVERY,
        {"id": "Persyaratan", "en": "Requirements"},
        {
            "id": "Dokumen, barang, atau hal lain yang harus dipenuhi, baik persyaratan teknis maupun administratif.",
            "en": "Documents, goods or other conditions the applicant must meet, technical and administrative.",
        },
    ),
    ComponentSpec(
        "procedure",
        ComponentGroup.SERVICE_DELIVERY,
        {"id": "Sistem, mekanisme, dan prosedur", "en": "System, mechanism and procedure"},
        {
            "id": "Tata cara pelayanan yang dibakukan bagi pemberi dan penerima pelayanan, termasuk pengaduan.",
            "en": "The standard steps for provider and recipient, including how to complain.",
        },
    ),
    ComponentSpec(
        TIME_LIMIT,
        ComponentGroup.SERVICE_DELIVERY,
        {"id": "Jangka waktu pelayanan", "en": "Service time limit"},
        {
            "id": "Waktu yang diperlukan untuk menyelesaikan seluruh proses pelayanan.",
            "en": "The time needed to complete the whole service process.",
        },
    ),
    ComponentSpec(
        FEE,
        ComponentGroup.SERVICE_DELIVERY,
        {"id": "Biaya/tarif", "en": "Fee/tariff"},
        {
            "id": "Ongkos yang dikenakan kepada penerima layanan; 0 berarti tidak dipungut biaya.",
            "en": "What the recipient pays; 0 means free of charge.",
        },
    ),
    ComponentSpec(
        "product",
        ComponentGroup.SERVICE_DELIVERY,
        {"id": "Produk pelayanan", "en": "Service product"},
        {
            "id": "Hasil pelayanan yang diberikan dan diterima sesuai ketentuan.",
            "en": "What the recipient receives as the result of the service.",
        },
    ),
    ComponentSpec(
        "complaints",
        ComponentGroup.SERVICE_DELIVERY,
        {
            "id": "Penanganan pengaduan, saran, dan masukan",
            "en": "Handling of complaints, suggestions and feedback",
        },
        {
            "id": "Tata cara pelaksanaan penanganan pengaduan dan tindak lanjutnya.",
            "en": "How complaints are handled and followed up.",
        },
    ),
    # B. Service management (pengelolaan pelayanan di internal organisasi).
    ComponentSpec(
        "legal_basis",
        ComponentGroup.MANAGEMENT,
        {"id": "Dasar hukum", "en": "Legal basis"},
        {
            "id": "Peraturan perundang-undangan yang menjadi dasar penyelenggaraan pelayanan.",
            "en": "The laws and regulations the service is based on.",
        },
    ),
    ComponentSpec(
        "facilities",
        ComponentGroup.MANAGEMENT,
        {"id": "Sarana, prasarana, dan/atau fasilitas", "en": "Facilities and infrastructure"},
        {
            "id": "Peralatan dan fasilitas yang diperlukan, termasuk untuk kelompok rentan.",
            "en": "Equipment and facilities needed, including for vulnerable groups.",
        },
    ),
    ComponentSpec(
        "competence",
        ComponentGroup.MANAGEMENT,
        {"id": "Kompetensi pelaksana", "en": "Staff competence"},
        {
            "id": "Pengetahuan, keahlian, keterampilan, dan pengalaman yang harus dimiliki pelaksana.",
            "en": "Knowledge, expertise, skills and experience the staff must have.",
        },
    ),
    ComponentSpec(
        "internal_supervision",
        ComponentGroup.MANAGEMENT,
        {"id": "Pengawasan internal", "en": "Internal supervision"},
        {
            "id": "Pengendalian oleh pimpinan satuan kerja atau atasan langsung pelaksana.",
            "en": "Oversight by the head of the work unit or the staff's direct superior.",
        },
    ),
    ComponentSpec(
        "staffing",
        ComponentGroup.MANAGEMENT,
        {"id": "Jumlah pelaksana", "en": "Number of staff"},
        {
            "id": "Tersedianya pelaksana sesuai beban kerja.",
            "en": "Enough staff for the workload.",
        },
    ),
    ComponentSpec(
        "service_guarantee",
        ComponentGroup.MANAGEMENT,
        {"id": "Jaminan pelayanan", "en": "Service guarantee"},
        {
            "id": "Kepastian pelayanan dilaksanakan sesuai standar pelayanan.",
            "en": "Assurance that the service is delivered according to the standard.",
        },
    ),
    ComponentSpec(
        "security_safety",
        ComponentGroup.MANAGEMENT,
        {
            "id": "Jaminan keamanan dan keselamatan pelayanan",
            "en": "Guarantee of security and safety of the service",
        },
        {
            "id": "Komitmen memberi rasa aman, bebas dari bahaya, risiko, dan keragu-raguan.",
            "en": "Commitment to a service free from danger, risk and doubt.",
        },
    ),
    ComponentSpec(
        "performance_evaluation",
        ComponentGroup.MANAGEMENT,
        {"id": "Evaluasi kinerja pelaksana", "en": "Evaluation of staff performance"},
        {
            "id": "Penilaian seberapa jauh pelaksanaan kegiatan sesuai standar pelayanan.",
            "en": "Assessment of how far the work follows the service standard.",
        },
    ),
)

COMPONENTS_BY_CODE: dict[str, ComponentSpec] = {spec.code: spec for spec in COMPONENTS}
COMPONENT_CODES: tuple[str, ...] = tuple(spec.code for spec in COMPONENTS)
SERVICE_DELIVERY_CODES: tuple[str, ...] = tuple(
    spec.code for spec in COMPONENTS if spec.group == ComponentGroup.SERVICE_DELIVERY
)
MANAGEMENT_CODES: tuple[str, ...] = tuple(spec.code for spec in COMPONENTS if spec.group == ComponentGroup.MANAGEMENT)
# Database choices carry the official Indonesian title: stable across languages, so migrations stay put.
COMPONENT_CHOICES: list[tuple[str, str]] = [(spec.code, spec.title["id"]) for spec in COMPONENTS]
POSITION: dict[str, int] = {spec.code: index for index, spec in enumerate(COMPONENTS, start=1)}

MAX_DURATION_VALUE = 10_000
# Rp10 trillion: well above any tariff, well below what a 64-bit integer holds.
MAX_AMOUNT = 10_000_000_000_000


@dataclass(frozen=True)
class TimeLimit:
    """A standard's promised duration, e.g. 5 working days. The SLA clocks read it through ``time_limit()``."""

    value: int
    unit: DurationUnit

    def __str__(self) -> str:
        templates = {
            DurationUnit.WORKING_DAYS: ngettext("%(count)d working day", "%(count)d working days", self.value),
            DurationUnit.CALENDAR_DAYS: ngettext("%(count)d calendar day", "%(count)d calendar days", self.value),
            DurationUnit.WORKING_HOURS: ngettext("%(count)d working hour", "%(count)d working hours", self.value),
        }
        return templates[self.unit] % {"count": self.value}


# Words people write after the number, in both languages (matched whole, after folding case and spaces).
_UNIT_WORDS: tuple[tuple[str, DurationUnit], ...] = (
    ("hari kerja", DurationUnit.WORKING_DAYS),
    ("hari kalender", DurationUnit.CALENDAR_DAYS),
    ("jam kerja", DurationUnit.WORKING_HOURS),
    ("working days", DurationUnit.WORKING_DAYS),
    ("working day", DurationUnit.WORKING_DAYS),
    ("business days", DurationUnit.WORKING_DAYS),
    ("business day", DurationUnit.WORKING_DAYS),
    ("calendar days", DurationUnit.CALENDAR_DAYS),
    ("calendar day", DurationUnit.CALENDAR_DAYS),
    ("working hours", DurationUnit.WORKING_HOURS),
    ("working hour", DurationUnit.WORKING_HOURS),
    ("hari", DurationUnit.CALENDAR_DAYS),
    ("days", DurationUnit.CALENDAR_DAYS),
    ("day", DurationUnit.CALENDAR_DAYS),
    ("jam", DurationUnit.WORKING_HOURS),
    ("hours", DurationUnit.WORKING_HOURS),
    ("hour", DurationUnit.WORKING_HOURS),
)
_DURATION = re.compile(r"^\s*([0-9]{1,6})\s*([a-z ]+?)\s*$")


def parse_time_limit(text: str) -> TimeLimit:
    """Read a time limit as people write it: "5 hari kerja", "14 hari", "3 jam", "10 working days".

    A bare "hari"/"days" counts calendar days (the statutory limits say "hari"); "jam"/"hours" count
    working hours, because a counter promises hours of its opening time. Raises ``ValidationError``.
    """
    match = _DURATION.match(" ".join(text.lower().split())) if isinstance(text, str) else None
    if match is None:
        raise invalid(_("Write the time limit as a number and a unit, e.g. “5 hari kerja”."), "invalid_time_limit")
    value, words = int(match.group(1)), match.group(2)
    unit = dict(_UNIT_WORDS).get(words)
    if unit is None:
        message = _("Unknown unit “%(unit)s”: use working days, calendar days or working hours.")
        raise invalid(message % {"unit": words}, "unknown_time_unit")
    if not 1 <= value <= MAX_DURATION_VALUE:
        message = _("The time limit must be between 1 and %(maximum)s.")
        raise invalid(message % {"maximum": MAX_DURATION_VALUE}, "time_limit_out_of_range")
    return TimeLimit(value=value, unit=unit)
