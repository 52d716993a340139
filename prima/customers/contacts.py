"""Validation and normalisation of customer contact values (Indonesian phone and WhatsApp numbers, e-mail)."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from prima.customers.models import ContactKind


def normalize_indonesian_number(raw: str) -> str:
    """Return the number in E.164 (``+62812…``) or raise ValidationError.

    Accepts the ways people write Indonesian numbers: ``0812-3456-7890``, ``62 812 3456 7890``,
    ``+62 (21) 555 1234``. Foreign numbers are refused: Prima's contacts are Indonesian.
    """
    cleaned = raw.strip()
    if not cleaned:
        raise ValidationError(_("Enter a phone number."), code="required")
    try:
        number = phonenumbers.parse(cleaned, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” is not a phone number. Write it like 0812-3456-7890 or +62 21 555 1234."),
            code="invalid",
            params={"value": cleaned},
        ) from None
    if number.country_code != 62:
        raise ValidationError(_("Only Indonesian numbers (+62) are accepted."), code="not_indonesian")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid Indonesian number. Check the number of digits."),
            code="invalid",
            params={"value": cleaned},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile_number(e164: str) -> bool:
    number = phonenumbers.parse(e164, "ID")
    return phonenumbers.number_type(number) in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }


def normalize_contact(kind: str, raw: str) -> str:
    """Validate and normalise one contact value of the given kind."""
    if kind == ContactKind.EMAIL:
        value = raw.strip().lower()
        if not value:
            raise ValidationError(_("Enter an e-mail address."), code="required")
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("“%(value)s” is not a valid e-mail address."), code="invalid", params={"value": raw.strip()}
            ) from None
        return value
    if kind == ContactKind.PHONE:
        return normalize_indonesian_number(raw)
    if kind == ContactKind.WHATSAPP:
        value = normalize_indonesian_number(raw)
        if not is_mobile_number(value):
            raise ValidationError(
                _("WhatsApp needs a mobile number (08…); “%(value)s” is a landline."),
                code="not_mobile",
                params={"value": raw.strip()},
            )
        return value
    raise ValidationError(_("Unknown contact kind."), code="invalid_kind")


def display_phone(e164: str) -> str:
    """Format +6281234567890 the Indonesian way: 0812-3456-7890."""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
