"""The one way to write to the activity log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from prima.activity import registry
from prima.activity.models import ActivityLog

if TYPE_CHECKING:
    from prima.accounts.models import ServiceUnit, User
    from prima.customers.models import Customer


def log_action(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    customer: Customer | None = None,
    unit: ServiceUnit | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that ``actor`` did ``action`` (a dotted name such as ``customers.contact.added``).

    Called by service functions inside their transaction, so the log entry commits or rolls back
    with the change it describes. Unknown action names are a programming error.
    """
    entry = build_log_entry(action, actor=actor, obj=obj, customer=customer, unit=unit, data=data)
    entry.save(force_insert=True)
    return entry


def build_log_entry(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    customer: Customer | None = None,
    unit: ServiceUnit | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """The unsaved row ``log_action`` inserts, for callers that insert many in one ``bulk_create``.

    Raises ValueError for an action no app registered (a programming error).
    """
    if not registry.is_registered(action):
        raise ValueError(f"Activity action {action!r} has no display string; register it in the app's activity.py.")
    return ActivityLog(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        customer=customer,
        unit=unit,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )
