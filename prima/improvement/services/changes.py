"""The register of internal and external changes (KUK 1.2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit, User
from prima.activity.services import log_action
from prima.improvement.models import ChangeEntry, ChangeKind, ChangeOrigin, ChangeStatus, Objective
from prima.improvement.rules import may_manage_actions
from prima.improvement.services._common import invalid, local_today, recent_duplicate
from prima.standards.models import Service


def _require_manager(actor: User, unit: ServiceUnit) -> None:
    if not may_manage_actions(actor, unit):
        raise PermissionDenied(
            _("Only a supervisor, leader or administrator of %(unit)s may keep its register of changes.")
            % {"unit": unit.name}
        )


def _clean(
    unit: ServiceUnit,
    *,
    kind: str,
    origin: str,
    title: str,
    impact: int,
    likelihood: int,
    services: Sequence[Service],
    objectives: Sequence[Objective],
) -> str:
    title = " ".join(title.split())
    if not title:
        raise invalid(_("Give the change a short title."), "required", "title")
    if len(title) > 200:
        raise invalid(_("A title has at most 200 characters."), "too_long", "title")
    if kind not in ChangeKind.values:
        raise invalid(_("Choose the kind of change."), "invalid_choice", "kind")
    if origin not in ChangeOrigin.values:
        raise invalid(_("Choose internal or external."), "invalid_choice", "origin")
    for name, value in (("impact", impact), ("likelihood", likelihood)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise invalid(_("Choose a value from 1 to 5."), "out_of_range", name)
    for service in services:
        if not service.unit.path.startswith(unit.path):
            raise invalid(
                _("The service %(service)s is not offered by %(unit)s or a unit below it."),
                "service_out_of_scope",
                "services",
                service=str(service),
                unit=unit.name,
            )
    for objective in objectives:
        if objective.organisation_id != unit.organisation_id:
            raise invalid(_("An objective belongs to another organisation."), "wrong_organisation", "objectives")
    return title


def _data(entry: ChangeEntry, **extra: Any) -> dict[str, Any]:
    return {"title": entry.title, "rating": entry.rating, **extra}


@transaction.atomic
def record_change(
    *,
    unit: ServiceUnit,
    kind: str,
    origin: str,
    title: str,
    impact: int,
    likelihood: int,
    actor: User,
    description: str = "",
    services: Sequence[Service] = (),
    objectives: Sequence[Objective] = (),
    identified_on: date | None = None,
    expected_on: date | None = None,
) -> ChangeEntry:
    """Record an internal or external change with its impact, likelihood (rating = impact times likelihood), the
    services it affects and the objectives that answer it.

    Side effects: one ChangeEntry with its links; activity ``improvement.change.recorded``.
    """
    _require_manager(actor, unit)
    title = _clean(
        unit,
        kind=kind,
        origin=origin,
        title=title,
        impact=impact,
        likelihood=likelihood,
        services=services,
        objectives=objectives,
    )
    duplicate = recent_duplicate(ChangeEntry, unit, unit_id=unit.pk, title=title, kind=kind, created_by=actor)
    if duplicate is not None:
        return duplicate
    entry = ChangeEntry.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        kind=kind,
        origin=origin,
        title=title,
        description=description.strip(),
        impact=impact,
        likelihood=likelihood,
        rating=impact * likelihood,
        identified_on=identified_on or local_today(unit),
        expected_on=expected_on,
        created_by=actor,
    )
    entry.services.set(services)
    entry.objectives.set(objectives)
    log_action("improvement.change.recorded", actor=actor, obj=entry, unit=unit, data=_data(entry))
    return entry


@transaction.atomic
def update_change(
    entry: ChangeEntry,
    *,
    actor: User,
    kind: str,
    origin: str,
    title: str,
    impact: int,
    likelihood: int,
    description: str = "",
    services: Sequence[Service] = (),
    objectives: Sequence[Objective] = (),
    identified_on: date | None = None,
    expected_on: date | None = None,
) -> ChangeEntry:
    """Change an entry's description, rating and links. Side effects: activity ``improvement.change.updated``."""
    _require_manager(actor, entry.unit)
    entry.title = _clean(
        entry.unit,
        kind=kind,
        origin=origin,
        title=title,
        impact=impact,
        likelihood=likelihood,
        services=services,
        objectives=objectives,
    )
    entry.kind, entry.origin, entry.description = kind, origin, description.strip()
    entry.impact, entry.likelihood, entry.rating = impact, likelihood, impact * likelihood
    entry.identified_on = identified_on or entry.identified_on
    entry.expected_on = expected_on
    entry.save()
    entry.services.set(services)
    entry.objectives.set(objectives)
    log_action("improvement.change.updated", actor=actor, obj=entry, unit=entry.unit, data=_data(entry))
    return entry


@transaction.atomic
def set_change_status(entry: ChangeEntry, *, status: str, actor: User) -> ChangeEntry:
    """Mark a change addressed or closed (or open it again), dating the step.

    Side effects: activity ``improvement.change.status_changed``.
    """
    _require_manager(actor, entry.unit)
    if status not in ChangeStatus.values:
        raise invalid(_("Choose a status."), "invalid_choice", "status")
    if status == entry.status:
        return entry
    today = local_today(entry.unit)
    entry.status = status
    entry.addressed_on = today if status == ChangeStatus.ADDRESSED else entry.addressed_on
    entry.closed_on = today if status == ChangeStatus.CLOSED else None
    if status == ChangeStatus.OPEN:
        entry.addressed_on = None
    entry.save(update_fields=["status", "addressed_on", "closed_on"])
    log_action(
        "improvement.change.status_changed", actor=actor, obj=entry, unit=entry.unit, data=_data(entry, status=status)
    )
    return entry


@transaction.atomic
def delete_change(entry: ChangeEntry, *, actor: User) -> None:
    """Remove an entry recorded by mistake. Side effects: activity ``improvement.change.deleted``."""
    _require_manager(actor, entry.unit)
    data = _data(entry)
    unit = entry.unit
    entry.delete()
    log_action("improvement.change.deleted", actor=actor, unit=unit, data=data)
