"""Bilingual content: the active language, falling back to Indonesian."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.standards.i18n import clean_i18n_text, i18n_text, localized
from prima.standards.tests.conftest import error_codes


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ({"id": "Izin usaha", "en": "Business permit"}, "en", "Business permit"),
        ({"id": "Izin usaha", "en": "Business permit"}, "id", "Izin usaha"),
        ({"id": "Izin usaha"}, "en", "Izin usaha"),
        ({"id": "Izin usaha", "en": "   "}, "en", "Izin usaha"),
        ({"en": "Business permit"}, "id", "Business permit"),
        ({}, "en", ""),
        (None, "id", ""),
        ("not a mapping", "id", ""),
    ],
)
def test_localized_picks_language_then_falls_back_to_indonesian(value, language, expected):
    assert localized(value, language) == expected


def test_localized_uses_active_language_by_default():
    value = {"id": "Izin usaha", "en": "Business permit"}

    with translation.override("en"):
        english = localized(value)
    with translation.override("id"):
        indonesian = localized(value)

    assert (english, indonesian) == ("Business permit", "Izin usaha")


def test_i18n_text_drops_blank_languages():
    assert i18n_text(id=" Izin ", en="  ") == {"id": "Izin"}


def test_clean_i18n_text_normalises():
    assert clean_i18n_text({"id": "  Izin ", "en": None}, field="name", max_length=10) == {"id": "Izin"}


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ({"en": "Permit"}, {"name_id": ["required"]}),
        ({"id": "x" * 11}, {"name_id": ["too_long"]}),
        ({"id": 5}, {"name_id": ["not_text"]}),
        ({"id": "Izin", "fr": "Permis"}, {"name": ["unknown_language"]}),
        (["Izin"], {"name": ["not_bilingual"]}),
    ],
)
def test_clean_i18n_text_rejects_with_codes(value, codes):
    with pytest.raises(ValidationError) as caught:
        clean_i18n_text(value, field="name", max_length=10, required=True)

    assert error_codes(caught.value) == codes
