"""Normalising Indonesian phone and WhatsApp numbers and e-mail addresses."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.customers.contacts import display_phone, normalize_contact, normalize_indonesian_number


@pytest.mark.parametrize(
    "raw",
    ["0812-3456-7890", "0812 3456 7890", "62 812 3456 7890", "+62 812-3456-7890", "+6281234567890", " 081234567890 "],
)
def test_normalize_contact_whatsapp_to_e164(raw):
    assert normalize_contact("whatsapp", raw) == "+6281234567890"


def test_normalize_contact_phone_accepts_landline():
    assert normalize_contact("phone", "021-5551234") == "+62215551234"


def test_normalize_contact_phone_accepts_landline_with_area_code_in_brackets():
    assert normalize_contact("phone", "+62 (21) 555 1234") == "+62215551234"


def test_normalize_contact_phone_accepts_mobile():
    assert normalize_contact("phone", "0812-3456-7890") == "+6281234567890"


def test_normalize_contact_whatsapp_refuses_landline():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("whatsapp", "021-5551234")

    assert caught.value.code == "not_mobile"


def test_normalize_contact_whatsapp_refuses_landline_message():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("whatsapp", "021-5551234")

    with translation.override("en"):
        assert caught.value.messages == ["WhatsApp needs a mobile number (08…); “021-5551234” is a landline."]


@pytest.mark.parametrize("kind", ["phone", "whatsapp"])
def test_normalize_contact_refuses_foreign_number(kind):
    with pytest.raises(ValidationError) as caught:
        normalize_contact(kind, "+1 202 555 0143")

    with translation.override("en"):
        assert caught.value.messages == ["Only Indonesian numbers (+62) are accepted."]


def test_normalize_contact_refuses_garbage_with_message():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("phone", "bukan nomor")

    with translation.override("en"):
        assert caught.value.messages == [
            "“bukan nomor” is not a phone number. Write it like 0812-3456-7890 or +62 21 555 1234."
        ]


def test_normalize_contact_refuses_too_few_digits():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("whatsapp", "0812")

    with translation.override("en"):
        assert caught.value.messages == ["“0812” is not a valid Indonesian number. Check the number of digits."]


@pytest.mark.parametrize("kind", ["phone", "whatsapp", "email"])
def test_normalize_contact_refuses_blank(kind):
    with pytest.raises(ValidationError) as caught:
        normalize_contact(kind, "   ")

    assert caught.value.code == "required"


@pytest.mark.parametrize("raw", ["9" * 300, "0812" + "٣" * 40, "+62 \u200b\u200b", "🙂🙂🙂"])
def test_normalize_contact_refuses_junk_with_validation_error(raw):
    with pytest.raises(ValidationError):
        normalize_contact("whatsapp", raw)


def test_normalize_contact_lowercases_email():
    assert normalize_contact("email", "  Dewi.Lestari@Contoh.CO.ID ") == "dewi.lestari@contoh.co.id"


def test_normalize_contact_refuses_invalid_email():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("email", "dewi@")

    with translation.override("en"):
        assert caught.value.messages == ["“dewi@” is not a valid e-mail address."]


def test_normalize_contact_refuses_unknown_kind():
    with pytest.raises(ValidationError) as caught:
        normalize_contact("fax", "021-5551234")

    assert caught.value.code == "invalid_kind"


def test_normalize_indonesian_number_accepts_62_without_plus():
    assert normalize_indonesian_number("6281234567890") == "+6281234567890"


def test_display_phone_mobile():
    assert display_phone("+6281234567890") == "0812-3456-7890"


def test_display_phone_leaves_unparseable_value():
    assert display_phone("bukan") == "bukan"
