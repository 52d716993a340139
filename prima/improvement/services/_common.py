"""Checks shared by the improvement services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from prima.accounts.models import Membership, ServiceUnit, User


def invalid(message: str | Promise, code: str, key: str | None = None, **params: Any) -> ValidationError:
    """A ValidationError with a stable ``code``, keyed by ``key`` (a form field) when given."""
    text = str(message) % params if params else str(message)
    error = ValidationError(text, code=code)
    return ValidationError({key: error}) if key else error


def local_today(unit: ServiceUnit, now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now(), ZoneInfo(unit.time_zone)).date()


def is_staff_of(person: User, unit: ServiceUnit) -> bool:
    """Whether ``person`` is an active member of ``unit``, of a unit below it or of a unit above it."""
    if not person.is_active:
        return False
    related_paths = Membership.objects.filter(user=person, unit__organisation_id=unit.organisation_id).values_list(
        "unit__path", flat=True
    )
    return any(path.startswith(unit.path) or unit.path.startswith(path) for path in related_paths)


# A form sent twice (a double click, a resend after a slow answer) arrives within seconds; the same record again
# within this window is taken to be the same submission.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=2)

ModelT = TypeVar("ModelT", bound=models.Model)


def recent_duplicate(model: type[ModelT], unit: ServiceUnit, **fields: Any) -> ModelT | None:
    """The record just created with the same ``fields`` (a double submit), or None.

    Locks the unit's row first, so two identical submissions for one unit are checked one after the other.
    Call inside the transaction that creates the record.
    """
    ServiceUnit.objects.select_for_update().filter(pk=unit.pk).first()
    since = timezone.now() - DOUBLE_SUBMIT_WINDOW
    return model._default_manager.filter(created_at__gte=since, **fields).order_by("-pk").first()
