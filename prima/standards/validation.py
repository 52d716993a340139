"""Checking what people send for services and standards: sizes, whole rupiah, durations.

Raises ``ValidationError`` keyed by form field names (``<component code>-<field>`` for components) with a
stable code, so the HTML forms, an API and tests all read the same errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from prima.standards.components import FEE, MAX_AMOUNT, MAX_DURATION_VALUE, TIME_LIMIT, DurationUnit
from prima.standards.errors import invalid
from prima.standards.i18n import clean_i18n_text

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2_000
MAX_COMPONENT_TEXT_LENGTH = 10_000
MAX_CHANGE_NOTE_LENGTH = 2_000
MAX_CHARTER_LENGTH = 5_000
MAX_SIGNATORY_LENGTH = 200


@dataclass(frozen=True)
class ComponentInput:
    """What an editor may change in one component. ``amount`` only for the fee, the duration only for the
    time limit; ``None``/"" clears a structured value."""

    text: Mapping[str, Any] = field(default_factory=dict)
    amount: int | Decimal | None = None
    duration_value: int | None = None
    duration_unit: str = ""


def clean_plain_text(value: Any, *, key: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(_("Enter text."), "not_text", key)
    value = value.strip()
    if len(value) > max_length:
        message = _("Keep this under %(limit)s characters (it has %(length)s).")
        raise invalid(message % {"limit": max_length, "length": len(value)}, "too_long", key)
    return value


def clean_amount(value: Any, *, key: str) -> int | None:
    """Whole rupiah: an int, or a Decimal without a fractional part. Never a float."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise invalid(_("Enter the amount as a whole number of rupiah."), "amount_not_integer", key)
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise invalid(_("Enter the amount as a whole number of rupiah, without sen."), "amount_not_integer", key)
        value = int(value)
    if not 0 <= value <= MAX_AMOUNT:
        raise invalid(
            _("The amount must be between Rp0 (free of charge) and Rp10.000.000.000.000."), "amount_out_of_range", key
        )
    return value


def clean_component(code: str, data: ComponentInput) -> dict[str, Any]:
    """The model field values for one component, or ``ValidationError`` keyed ``<code>-<field>``."""
    text = clean_i18n_text(data.text, field=f"{code}-text", max_length=MAX_COMPONENT_TEXT_LENGTH)
    values: dict[str, Any] = {"text": text, "amount": None, "duration_value": None, "duration_unit": ""}
    if code == FEE:
        values["amount"] = clean_amount(data.amount, key=f"{code}-amount")
    elif data.amount is not None:
        raise invalid(_("Only the fee component has an amount."), "amount_not_allowed", f"{code}-amount")
    if code == TIME_LIMIT:
        duration_value, duration_unit = data.duration_value, data.duration_unit or ""
        if duration_value is not None and (
            isinstance(duration_value, bool)
            or not isinstance(duration_value, int)
            or not 1 <= duration_value <= MAX_DURATION_VALUE
        ):
            message = _("The time limit must be a whole number between 1 and %(maximum)s.")
            raise invalid(message % {"maximum": MAX_DURATION_VALUE}, "duration_value", f"{code}-duration_value")
        if duration_unit and duration_unit not in DurationUnit.values:
            raise invalid(
                _("Choose working days, calendar days or working hours."), "duration_unit", f"{code}-duration_unit"
            )
        if (duration_value is None) != (not duration_unit):
            missing = f"{code}-duration_unit" if duration_value is not None else f"{code}-duration_value"
            raise invalid(
                _("Give both the number and the unit of the time limit, or neither."), "duration_incomplete", missing
            )
        values["duration_value"], values["duration_unit"] = duration_value, duration_unit
    elif data.duration_value is not None or data.duration_unit:
        raise invalid(
            _("Only the time-limit component has a duration."), "duration_not_allowed", f"{code}-duration_value"
        )
    return values
