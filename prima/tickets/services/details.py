"""Reading the ``details`` of ``submit_request``: which kind-specific fields a request may carry, and checking them.

``details`` is one flat mapping so a form, an API payload and an e-mail parser can all fill it:

* complaint: ``incident_date``, ``incident_place``, ``remedy_requested``
* letter (kind ``letter``, or any kind that arrived by channel ``letter``): ``letter_number``, ``letter_date``,
  ``sender``, ``due_date`` — number and date are required for kind ``letter``
* appointment: ``place``, ``starts_at``, ``ends_at`` (all three, or none to schedule later)
* order: ``lines`` (a list of ``OrderLineInput`` or mappings with the same keys), ``promised_date``, ``notes``
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.tickets.choices import Channel, RequestKind
from prima.tickets.dates import unit_today
from prima.tickets.services._common import Errors, field_error, parse_day, parse_moment

COMPLAINT_FIELDS = frozenset({"incident_date", "incident_place", "remedy_requested"})
LETTER_FIELDS = frozenset({"letter_number", "letter_date", "sender", "due_date"})
APPOINTMENT_FIELDS = frozenset({"place", "starts_at", "ends_at"})
ORDER_FIELDS = frozenset({"lines", "promised_date", "notes"})

MAX_QUANTITY = Decimal("999999999.999")


@dataclass(frozen=True)
class OrderLineInput:
    item: str
    quantity: Decimal | int | str
    unit_of_measure: str = ""
    quantity_in_stock: Decimal | int | str = 0


@dataclass
class ParsedDetails:
    complaint: dict[str, Any] | None = None
    letter: dict[str, Any] | None = None
    appointment: dict[str, Any] | None = None
    order_lines: list[dict[str, Any]] = field(default_factory=list)
    promised_date: dt.date | None = None
    order_notes: str = ""

    @property
    def due_date(self) -> dt.date | None:
        """The earliest date the request must be answered by: the letter's reply date or the promised date."""
        dates = [d for d in ((self.letter or {}).get("due_date"), self.promised_date) if d is not None]
        return min(dates) if dates else None


def allowed_fields(kind: str, channel: str) -> frozenset[str]:
    allowed: frozenset[str] = frozenset()
    if kind == RequestKind.COMPLAINT:
        allowed |= COMPLAINT_FIELDS
    if kind == RequestKind.APPOINTMENT:
        allowed |= APPOINTMENT_FIELDS
    if kind == RequestKind.ORDER:
        allowed |= ORDER_FIELDS
    if kind == RequestKind.LETTER or channel == Channel.LETTER:
        allowed |= LETTER_FIELDS
    return allowed


def parse_quantity(value: Any, field_name: str, *, allow_zero: bool) -> Decimal:
    try:
        quantity = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise field_error(field_name, _("Enter a number."), "invalid") from None
    if not quantity.is_finite() or quantity > MAX_QUANTITY or quantity.as_tuple().exponent < -3:  # type: ignore[operator]
        raise field_error(field_name, _("Enter a number with at most three decimals."), "invalid")
    if quantity < 0 or (quantity == 0 and not allow_zero):
        raise field_error(
            field_name,
            _("Enter a number above zero.") if not allow_zero else _("Enter zero or more."),
            "min_value",
        )
    return quantity


def parse_order_line(raw: OrderLineInput | Mapping[str, Any]) -> dict[str, Any]:
    values = raw.__dict__ if isinstance(raw, OrderLineInput) else dict(raw)
    item = str(values.get("item") or "").strip()
    if not item:
        raise field_error("lines", _("Every line needs an item."), "item_required")
    if len(item) > 200:
        raise field_error("lines", _("Item names are at most 200 characters."), "max_length")
    return {
        "item": item,
        "quantity": parse_quantity(values.get("quantity"), "lines", allow_zero=False),
        "unit_of_measure": str(values.get("unit_of_measure") or "").strip()[:30],
        "quantity_in_stock": parse_quantity(values.get("quantity_in_stock") or 0, "lines", allow_zero=True),
    }


def parse_promised_date(value: Any, unit: ServiceUnit) -> dt.date | None:
    promised = parse_day(value, "promised_date")
    if promised is not None and promised < unit_today(unit):
        raise field_error("promised_date", _("The promised date cannot be in the past."), "past")
    return promised


def parse_details(kind: str, channel: str, details: Mapping[str, Any], unit: ServiceUnit) -> ParsedDetails:
    """Check the kind-specific fields; raises one ValidationError listing every problem, keyed by field."""
    errors = Errors()
    unexpected = sorted(set(details) - allowed_fields(kind, channel))
    if unexpected:
        errors.add(
            "details",
            _("These fields do not belong to this kind of request: %(fields)s."),
            "unexpected",
            fields=", ".join(unexpected),
        )
        errors.raise_if_any()
    parsed = ParsedDetails()
    today = unit_today(unit)

    def attempt(check: Any) -> Any:
        try:
            return check()
        except ValidationError as error:
            errors.add_error(error)
            return None

    if kind == RequestKind.COMPLAINT:
        incident_date = attempt(lambda: parse_day(details.get("incident_date"), "incident_date"))
        if incident_date is not None and incident_date > today:
            errors.add("incident_date", _("The incident cannot be in the future."), "future")
        parsed.complaint = {
            "incident_date": incident_date,
            "incident_place": str(details.get("incident_place") or "").strip()[:200],
            "remedy_requested": str(details.get("remedy_requested") or "").strip(),
        }
    if kind == RequestKind.LETTER or (channel == Channel.LETTER and set(details) & LETTER_FIELDS):
        parsed.letter = _parse_letter(details, kind, today, errors, attempt)
    if kind == RequestKind.APPOINTMENT and set(details) & APPOINTMENT_FIELDS:
        parsed.appointment = _parse_appointment(details, unit, errors, attempt)
    if kind == RequestKind.ORDER:
        raw_lines = details.get("lines") or []
        if not isinstance(raw_lines, list | tuple):
            errors.add("lines", _("Send the order lines as a list."), "invalid")
        else:
            parsed.order_lines = [
                line for line in (attempt(lambda r=r: parse_order_line(r)) for r in raw_lines) if line
            ]
        parsed.promised_date = attempt(lambda: parse_promised_date(details.get("promised_date"), unit))
        parsed.order_notes = str(details.get("notes") or "").strip()
        if not raw_lines and (parsed.promised_date or parsed.order_notes):
            errors.add("lines", _("Add the ordered items, or leave the order for later."), "required")
    errors.raise_if_any()
    return parsed


def _parse_letter(
    details: Mapping[str, Any], kind: str, today: dt.date, errors: Errors, attempt: Any
) -> dict[str, Any]:
    letter_number = str(details.get("letter_number") or "").strip()[:100]
    letter_date = attempt(lambda: parse_day(details.get("letter_date"), "letter_date"))
    due_date = attempt(lambda: parse_day(details.get("due_date"), "due_date"))
    if kind == RequestKind.LETTER and not letter_number:
        errors.add("letter_number", _("Enter the letter's number."), "required")
    if kind == RequestKind.LETTER and letter_date is None and not errors.has("letter_date"):
        errors.add("letter_date", _("Enter the letter's date."), "required")
    if letter_date is not None and letter_date > today:
        errors.add("letter_date", _("The letter's date cannot be in the future."), "future")
    if due_date is not None and letter_date is not None and due_date < letter_date:
        errors.add("due_date", _("The reply cannot be due before the letter was written."), "before_letter")
    return {
        "letter_number": letter_number,
        "letter_date": letter_date,
        "sender": str(details.get("sender") or "").strip()[:200],
        "due_date": due_date,
    }


def _parse_appointment(
    details: Mapping[str, Any], unit: ServiceUnit, errors: Errors, attempt: Any
) -> dict[str, Any] | None:
    place = str(details.get("place") or "").strip()
    starts_at = attempt(lambda: parse_moment(details.get("starts_at"), "starts_at", unit))
    ends_at = attempt(lambda: parse_moment(details.get("ends_at"), "ends_at", unit))
    for name, value in (("place", place), ("starts_at", starts_at), ("ends_at", ends_at)):
        if not value and not errors.has(name):
            errors.add(
                name, _("Give the place, start and end of the appointment, or leave all three empty."), "required"
            )
    if not (place and starts_at and ends_at):
        return None
    return {"place": place, "starts_at": starts_at, "ends_at": ends_at}
