"""Demo satisfaction data: an SKM 2017 survey per service unit of the demo licensing office (a few hundred answers
over the last two semesters, each unit with its own strengths and weaknesses), and CSAT and NPS surveys for the
demo company's customer desk. Deterministic for a seed; built through ``record_response``; does nothing for an
organisation that is missing or already has its demo surveys.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from prima.accounts.models import ServiceUnit, User
from prima.surveys.models import ResponseChannel, Survey
from prima.surveys.services import create_survey_from_template, record_response

SLEMAN = "DPMPTSP Kabupaten Sleman"
COMPANY = "CV Sumber Rejeki Makmur"
# Unit code -> (responses, mean score per unsur U1…U9 on 1-4). Perizinan Usaha is good but slow and its complaint
# handling lags; PBG struggles with time and requirements; the information desk is friendly but cramped.
SKM_UNITS = {
    "perizinan-usaha": (320, (3.4, 3.3, 2.9, 3.8, 3.3, 3.4, 3.6, 3.2, 2.9)),
    "pbg": (240, (2.8, 2.9, 2.5, 3.5, 3.0, 3.2, 3.4, 3.0, 2.8)),
    "informasi-pengaduan": (180, (3.3, 3.4, 3.4, 3.9, 3.2, 3.3, 3.7, 2.8, 3.1)),
}
SUGGESTIONS = (
    "Antrean di loket terlalu lama, mohon ditambah petugas pada jam sibuk.",
    "Informasi persyaratan di website belum sama dengan di loket.",
    "Petugas ramah dan sabar menjelaskan, terima kasih.",
    "Ruang tunggu panas, kursi kurang.",
    "Mohon ada notifikasi WhatsApp ketika izin sudah terbit.",
    "Prosesnya cepat dan jelas.",
    "Parkir sempit dan sulit mencari tempat.",
    "Pengaduan saya belum ada tindak lanjut.",
    "Tolong jam layanan diperpanjang sampai sore.",
    "Pelayanan sudah baik, pertahankan.",
)
CSAT_COMMENTS = (
    "Pesanan datang tepat waktu.",
    "Admin cepat membalas chat.",
    "Barang sempat kosong, pengiriman tertunda.",
    "Harga bersaing, pelayanan ramah.",
    "Nota salah tulis, harus diperbaiki.",
)
NPS_REASONS = (
    "Stok selalu ada dan harga stabil.",
    "Pengiriman sering terlambat.",
    "Salesnya responsif.",
    "Pembayaran tempo memudahkan toko kami.",
    "Kadang sulit menghubungi kantor.",
)
CHANNELS = (ResponseChannel.WEB, ResponseChannel.WEB, ResponseChannel.KIOSK, ResponseChannel.PAPER)


def _score(rng: random.Random, mean: float, low: int = 1, high: int = 4) -> int:
    return max(low, min(high, round(rng.gauss(mean, 0.6))))


def _moment(rng: random.Random, days: int = 360) -> timedelta:
    return timedelta(days=rng.uniform(1, days), hours=rng.uniform(0, 8))


def _skm(rng: random.Random, unit: ServiceUnit, leader: User | None) -> None:
    responses, means = SKM_UNITS[unit.code]
    name = f"SKM {unit.name} 2025-2026"
    if Survey.objects.filter(unit=unit, name=name).exists():
        return
    survey = create_survey_from_template(
        "skm2017", name=name, organisation=unit.organisation, unit=unit, created_by=leader
    )
    survey.population_size = responses * 12
    survey.save(update_fields=["population_size"])
    version = survey.current_version()
    assert version is not None
    services = version.items.filter(code="LAYANAN").values_list("options", flat=True).exclude(options=None).count()
    now = timezone.now()
    for number in range(responses):
        answers: dict[str, object] = {
            f"U{index}": _score(rng, mean + (0.15 if number > responses // 2 else 0))
            for index, mean in enumerate(means, start=1)
        }
        answers |= {
            "JK": rng.choice((1, 2)),
            "USIA": rng.choices(range(1, 7), weights=(2, 14, 30, 28, 17, 9))[0],
            "PENDIDIKAN": rng.choices(range(1, 7), weights=(5, 8, 35, 15, 30, 7))[0],
            "PEKERJAAN": rng.choices(range(1, 7), weights=(10, 3, 25, 40, 7, 15))[0],
        }
        if services:
            answers["LAYANAN"] = rng.randint(1, services)
        if rng.random() < 0.3:
            answers["SARAN"] = rng.choice(SUGGESTIONS)
        _record(survey, answers, now - _moment(rng), rng, f"demo-skm-{survey.pk}-{number}")


def _record(survey: Survey, answers: dict[str, object], when: datetime, rng: random.Random, key: str) -> None:
    record_response(
        survey,
        answers,
        channel=rng.choice(CHANNELS),
        submitted_at=when,
        idempotency_key=key,
    )


def _company(rng: random.Random, unit: ServiceUnit, leader: User | None) -> None:
    now = timezone.now()
    if not Survey.objects.filter(unit=unit, name="Kepuasan pelanggan (CSAT)").exists():
        csat = create_survey_from_template(
            "csat", name="Kepuasan pelanggan (CSAT)", organisation=unit.organisation, unit=unit, created_by=leader
        )
        for number in range(160):
            answers: dict[str, object] = {"CSAT": rng.choices((1, 2, 3), weights=(12, 50, 38))[0]}
            if rng.random() < 0.35:
                answers["KOMENTAR"] = rng.choice(CSAT_COMMENTS)
            _record(csat, answers, now - _moment(rng), rng, f"demo-csat-{csat.pk}-{number}")
    if not Survey.objects.filter(unit=unit, name="Rekomendasi pelanggan (NPS)").exists():
        nps = create_survey_from_template(
            "nps", name="Rekomendasi pelanggan (NPS)", organisation=unit.organisation, unit=unit, created_by=leader
        )
        for number in range(140):
            answers = {"NPS": rng.choices(range(11), weights=(1, 1, 1, 2, 2, 4, 6, 12, 20, 25, 26))[0]}
            if rng.random() < 0.4:
                answers["ALASAN"] = rng.choice(NPS_REASONS)
            _record(nps, answers, now - _moment(rng), rng, f"demo-nps-{nps.pk}-{number}")


def load_demo(seed: int) -> None:
    rng = random.Random(f"surveys-{seed}")
    sleman_leader = User.objects.filter(email="suryo@sleman.prima.test").first()
    for unit in ServiceUnit.objects.filter(organisation__name=SLEMAN, code__in=SKM_UNITS).order_by("code"):
        _skm(rng, unit, sleman_leader)
    desk = ServiceUnit.objects.filter(organisation__name=COMPANY, code="layanan-pelanggan").first()
    if desk is not None:
        _company(rng, desk, User.objects.filter(email="abdul.rahman@sumberrejeki.prima.test").first())
