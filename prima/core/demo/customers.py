"""Customer specs and their deterministic generator: seed in, plain data out, no database."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from faker import Faker

from prima.core.demo.people import (
    landline_number,
    makassar_address,
    makassar_organisation_name,
    mobile_number,
    organisation_email,
    person_email,
    person_name,
    sleman_address,
    sleman_organisation_name,
)
from prima.core.demo.plans import COMPANY, HISTORY_DAYS, INFORMASI, LAYANAN, PBG, SLEMAN, USAHA, WorkingHours
from prima.customers.models import ConsentChannel, ConsentPurpose, ContactKind, CustomerKind
from prima.customers.services import ContactInput


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
