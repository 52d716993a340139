"""Helpers the ticket services share: logging without leaking identity, status bookkeeping, row locks,
and text written once in the organisation's language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.activity.models import ActivityLog
from prima.activity.services import log_action
from prima.sla.services import refresh_ticket_due_date
from prima.tickets.choices import Confidentiality, Status
from prima.tickets.dates import unit_zone
from prima.tickets.models import StatusChange, Ticket
from prima.tickets.workflow import is_reopening

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def log_ticket_action(
    action: str,
    ticket: Ticket,
    *,
    actor: User | None,
    data: dict[str, Any] | None = None,
    obj: models.Model | None = None,
) -> ActivityLog:
    """Log an action on a request. The entry names the request by tracking code and subject only.

    Only NORMAL requests are linked to their customer (and so appear on the customer timeline); linking a
    confidential request would tell anyone who can open the customer's page who complained.
    """
    customer = ticket.customer if ticket.confidentiality == Confidentiality.NORMAL else None
    return log_action(
        action,
        actor=actor,
        obj=obj if obj is not None else ticket,
        customer=customer,
        unit=ticket.unit,
        data={"code": ticket.tracking_code, "subject": ticket.subject, **(data or {})},
    )


def system_text(message: StrOrPromise, **params: Any) -> str:
    """Text stored once (a status-change reason, an order summary), written in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params if params else str(message)


def lock_ticket(ticket: Ticket) -> Ticket:
    """Lock the request's row for the rest of the transaction (PostgreSQL; SQLite serialises writers anyway)
    and reload it, so validation sees the state no concurrent writer can change any more."""
    Ticket.objects.select_for_update().filter(pk=ticket.pk).values_list("pk", flat=True).get()
    ticket.refresh_from_db()
    return ticket


def apply_status(ticket: Ticket, to_status: str, *, actor: User | None, reason: str = "") -> StatusChange:
    """Move the request to ``to_status`` (already validated) and record the move.

    Sets ``resolved_at``/``closed_at`` on arrival; reopening clears both. Returns the StatusChange row.
    """
    now = timezone.now()
    from_status = ticket.status
    if is_reopening(from_status, to_status):
        ticket.resolved_at = None
        ticket.closed_at = None
    if to_status == Status.RESOLVED:
        ticket.resolved_at = now
    elif to_status == Status.CLOSED:
        ticket.closed_at = now
    ticket.status = to_status
    ticket.updated_at = now
    ticket.save(update_fields=["status", "resolved_at", "closed_at", "updated_at"])
    change = StatusChange.objects.create(
        ticket=ticket, from_status=from_status, to_status=to_status, actor=actor, reason=reason, created_at=now
    )
    refresh_due(ticket)
    return change


# Fields whose change moves a service-level clock (its start, its pause, what it measures or which policy applies).
CLOCK_FIELDS = frozenset({"first_response_at", "verified_at", "priority", "unit", "due_at", "kind"})


def touch(ticket: Ticket, *fields: str) -> None:
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=[*fields, "updated_at"])
    if CLOCK_FIELDS.intersection(fields):
        refresh_due(ticket)


def refresh_due(ticket: Ticket) -> None:
    """Recompute ``due_at`` from the service-level clocks, inside the caller's transaction, so the inbox's
    overdue and due-soon views never read a stale value."""
    refresh_ticket_due_date(ticket)


def parse_day(value: Any, field: str) -> dt.date | None:
    """A date from a ``date`` or an ISO string (forms, API and e-mail intake all pass through here)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        raise field_error(field, _("Enter a date without a time."), "invalid")
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        raise field_error(field, _("Enter a valid date (YYYY-MM-DD)."), "invalid")
    return parsed


def parse_moment(value: Any, field: str, unit: ServiceUnit) -> dt.datetime | None:
    """An aware datetime; a naive one is read as the unit's local time."""
    if value in (None, ""):
        return None
    parsed = value if isinstance(value, dt.datetime) else parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise field_error(field, _("Enter a valid date and time."), "invalid")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, unit_zone(unit))
    return parsed


def field_error(field: str, message: StrOrPromise, code: str, /, **params: Any) -> ValidationError:
    """A field-keyed ValidationError whose message is translated when it is shown, with a stable ``code``."""
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


class Errors:
    """Collects field errors so a form or API client learns every problem at once."""

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: StrOrPromise, code: str, /, **params: Any) -> None:
        self._errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    def add_error(self, error: ValidationError) -> None:
        for field, errors in error.error_dict.items():
            self._errors.setdefault(field, []).extend(errors)

    def has(self, field: str) -> bool:
        return field in self._errors

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(self._errors)


def required_text(value: str | None, field: str, message: StrOrPromise, *, max_length: int | None = None) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise field_error(field, message, "required")
    if max_length is not None and len(cleaned) > max_length:
        raise field_error(
            field,
            _("Use at most %(limit)d characters (now %(count)d)."),
            "max_length",
            limit=max_length,
            count=len(cleaned),
        )
    return cleaned
