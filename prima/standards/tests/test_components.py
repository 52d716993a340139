"""The registry of the fourteen components, time limits and rupiah amounts."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.standards.components import (
    COMPONENT_CODES,
    COMPONENTS,
    MANAGEMENT_CODES,
    SERVICE_DELIVERY_CODES,
    DurationUnit,
    TimeLimit,
    parse_time_limit,
)
from prima.standards.forms import RupiahField


def test_registry_has_fourteen_components_six_delivery_eight_management():
    assert (len(COMPONENTS), len(set(COMPONENT_CODES)), len(SERVICE_DELIVERY_CODES), len(MANAGEMENT_CODES)) == (
        14,
        14,
        6,
        8,
    )


def test_registry_service_delivery_components_per_permenpanrb_15_2014():
    titles = [spec.title["id"] for spec in COMPONENTS if spec.code in SERVICE_DELIVERY_CODES]

    assert titles == [
        "Persyaratan",
        "Sistem, mekanisme, dan prosedur",
        "Jangka waktu pelayanan",
        "Biaya/tarif",
        "Produk pelayanan",
        "Penanganan pengaduan, saran, dan masukan",
    ]


def test_registry_management_components_per_permenpanrb_15_2014():
    titles = [spec.title["id"] for spec in COMPONENTS if spec.code in MANAGEMENT_CODES]

    assert titles == [
        "Dasar hukum",
        "Sarana, prasarana, dan/atau fasilitas",
        "Kompetensi pelaksana",
        "Pengawasan internal",
        "Jumlah pelaksana",
        "Jaminan pelayanan",
        "Jaminan keamanan dan keselamatan pelayanan",
        "Evaluasi kinerja pelaksana",
    ]


def test_registry_every_component_has_both_languages():
    assert all(spec.title.keys() == spec.hint.keys() == {"id", "en"} for spec in COMPONENTS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 hari kerja", TimeLimit(5, DurationUnit.WORKING_DAYS)),
        ("14 hari", TimeLimit(14, DurationUnit.CALENDAR_DAYS)),
        ("60 Hari Kalender", TimeLimit(60, DurationUnit.CALENDAR_DAYS)),
        ("3 jam", TimeLimit(3, DurationUnit.WORKING_HOURS)),
        ("  2   jam  kerja ", TimeLimit(2, DurationUnit.WORKING_HOURS)),
        ("10 working days", TimeLimit(10, DurationUnit.WORKING_DAYS)),
        ("1 working day", TimeLimit(1, DurationUnit.WORKING_DAYS)),
        ("7 calendar days", TimeLimit(7, DurationUnit.CALENDAR_DAYS)),
        ("24 hours", TimeLimit(24, DurationUnit.WORKING_HOURS)),
        ("5hari kerja", TimeLimit(5, DurationUnit.WORKING_DAYS)),
    ],
)
def test_parse_time_limit_reads_indonesian_and_english(text, expected):
    assert parse_time_limit(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid_time_limit"),
        ("lima hari", "invalid_time_limit"),
        ("5", "invalid_time_limit"),
        ("-5 hari", "invalid_time_limit"),
        ("2.5 hari", "invalid_time_limit"),
        ("١٢ hari", "invalid_time_limit"),
        ("5 minggu", "unknown_time_unit"),
        ("0 hari kerja", "time_limit_out_of_range"),
        ("10001 hari", "time_limit_out_of_range"),
        (None, "invalid_time_limit"),
    ],
)
def test_parse_time_limit_rejects_junk_with_a_code(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_time_limit(text)

    assert [e.code for e in caught.value.error_list] == [code]


@pytest.mark.parametrize(
    ("limit", "english"),
    [
        (TimeLimit(1, DurationUnit.WORKING_DAYS), "1 working day"),
        (TimeLimit(5, DurationUnit.WORKING_DAYS), "5 working days"),
        (TimeLimit(14, DurationUnit.CALENDAR_DAYS), "14 calendar days"),
        (TimeLimit(3, DurationUnit.WORKING_HOURS), "3 working hours"),
    ],
)
def test_time_limit_reads_in_english(limit, english):
    with translation.override("en"):
        assert str(limit) == english


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("25000", 25_000),
        ("25.000", 25_000),
        ("Rp 25.000", 25_000),
        ("Rp25.000,00", 25_000),
        ("rp. 1.250.000", 1_250_000),
        ("0", 0),
        ("", None),
    ],
)
def test_rupiah_field_reads_amounts_as_people_type_them(typed, amount):
    assert RupiahField(required=False).clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("25,5", "invalid_amount"),
        ("2.50", "invalid_amount"),
        ("25.000,50", "invalid_amount"),
        ("abc", "invalid_amount"),
        ("-5000", "invalid_amount"),
        ("1e6", "invalid_amount"),
        ("25.00.000", "invalid_amount"),
        ("9" * 41, "invalid_amount"),
        ("99.000.000.000.000", "amount_out_of_range"),
    ],
)
def test_rupiah_field_rejects_what_is_not_whole_rupiah(typed, code):
    with pytest.raises(ValidationError) as caught:
        RupiahField(required=False).clean(typed)

    assert [e.code for e in caught.value.error_list] == [code]
