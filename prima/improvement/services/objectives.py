"""Quality objectives and their targets: set, change, cascade. Actuals are never written; see ``queries``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.activity.services import log_action
from prima.core.metrics import ScopeLevel
from prima.improvement.measure import checked_metric
from prima.improvement.models import Benchmark, Objective, ObjectiveStatus, Target, TargetLevel
from prima.improvement.rules import may_manage_objectives
from prima.improvement.services._common import DOUBLE_SUBMIT_WINDOW, invalid, is_staff_of
from prima.standards.i18n import I18nText, clean_i18n_text, localized

BenchmarkInput = tuple[str, Decimal | int | str]


def _require_manager(actor: User, unit: ServiceUnit | None, organisation: Organisation) -> None:
    if not may_manage_objectives(actor, unit, organisation):
        raise PermissionDenied(
            _("Only a leader or administrator of %(scope)s or of a unit above it may set its quality objectives.")
            % {"scope": unit.name if unit else organisation.name}
        )


def _objective_data(objective: Objective, **extra: Any) -> dict[str, Any]:
    return {"objective": localized(objective.title, "id"), **extra}


def _clean_texts(title: Any, goal: Any, guideline: Any) -> tuple[I18nText, I18nText, I18nText]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned: list[I18nText] = []
    for name, value, max_length, required in (
        ("title", title, 200, True),
        ("goal", goal, 4000, False),
        ("guideline", guideline, 8000, False),
    ):
        if isinstance(value, str):
            value = {"id": value}
        try:
            cleaned.append(clean_i18n_text(value, field=name, max_length=max_length, required=required))
        except ValidationError as error:
            errors.update(error.error_dict)
            cleaned.append({})
    if errors:
        raise ValidationError(errors)
    return cleaned[0], cleaned[1], cleaned[2]


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise invalid(_("The period must end on or after its start."), "period_order", "period_end")


def _clean_value(value: Decimal | int | str, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise invalid(_("Enter a number."), "not_a_number", field) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise invalid(_("Enter a number."), "not_a_number", field)
    return number.quantize(Decimal("0.0001"))


def _clean_benchmarks(benchmarks: Iterable[BenchmarkInput]) -> list[tuple[str, Decimal]]:
    cleaned: list[tuple[str, Decimal]] = []
    for label, value in benchmarks:
        label = " ".join(str(label).split())
        if not label:
            raise invalid(_("Each benchmark needs a label, e.g. “Last year”."), "benchmark_label", "benchmarks")
        if len(label) > 120:
            raise invalid(_("A benchmark label has at most 120 characters."), "benchmark_label", "benchmarks")
        cleaned.append((label, _clean_value(value, "benchmarks")))
    return cleaned


def _recent_objective(
    organisation: Organisation, unit: ServiceUnit | None, title: I18nText, actor: User
) -> Objective | None:
    """The same objective just created by the same person (a double submit), or None."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    since = timezone.now() - DOUBLE_SUBMIT_WINDOW
    candidates = Objective.objects.filter(
        organisation=organisation, unit=unit, created_by=actor, created_at__gte=since
    ).order_by("-pk")
    return next((objective for objective in candidates if objective.title == title), None)


@transaction.atomic
def create_objective(
    *,
    organisation: Organisation,
    unit: ServiceUnit | None,
    title: I18nText | str,
    period_start: date,
    period_end: date,
    actor: User,
    goal: I18nText | str = "",
    guideline: I18nText | str = "",
) -> Objective:
    """Set a quality objective (goal and guideline) for ``unit``'s subtree, or the organisation when ``unit`` is None.

    Side effects: one Objective row; activity ``improvement.objective.created``.
    """
    if unit is not None and unit.organisation_id != organisation.pk:
        raise invalid(_("The unit belongs to another organisation."), "wrong_organisation", "unit")
    _require_manager(actor, unit, organisation)
    clean_title, clean_goal, clean_guideline = _clean_texts(title, goal, guideline)
    _check_period(period_start, period_end)
    duplicate = _recent_objective(organisation, unit, clean_title, actor)
    if duplicate is not None:
        return duplicate
    objective = Objective.objects.create(
        organisation=organisation,
        unit=unit,
        title=clean_title,
        goal=clean_goal,
        guideline=clean_guideline,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    log_action("improvement.objective.created", actor=actor, obj=objective, unit=unit, data=_objective_data(objective))
    return objective


@transaction.atomic
def update_objective(
    objective: Objective,
    *,
    actor: User,
    title: I18nText | str,
    period_start: date,
    period_end: date,
    goal: I18nText | str = "",
    guideline: I18nText | str = "",
) -> Objective:
    """Change an objective's texts and period. Side effects: activity ``improvement.objective.updated``."""
    _require_manager(actor, objective.unit, objective.organisation)
    clean_title, clean_goal, clean_guideline = _clean_texts(title, goal, guideline)
    _check_period(period_start, period_end)
    objective.title, objective.goal, objective.guideline = clean_title, clean_goal, clean_guideline
    objective.period_start, objective.period_end = period_start, period_end
    objective.save(update_fields=["title", "goal", "guideline", "period_start", "period_end"])
    log_action(
        "improvement.objective.updated",
        actor=actor,
        obj=objective,
        unit=objective.unit,
        data=_objective_data(objective),
    )
    return objective


@transaction.atomic
def close_objective(objective: Objective, *, actor: User) -> Objective:
    """Close an objective (its period is over or it was replaced). Side effects: ``improvement.objective.closed``."""
    _require_manager(actor, objective.unit, objective.organisation)
    if objective.status != ObjectiveStatus.CLOSED:
        objective.status = ObjectiveStatus.CLOSED
        objective.save(update_fields=["status"])
        log_action(
            "improvement.objective.closed",
            actor=actor,
            obj=objective,
            unit=objective.unit,
            data=_objective_data(objective),
        )
    return objective


@transaction.atomic
def add_target(
    objective: Objective,
    *,
    metric_code: str,
    target_value: Decimal | int | str,
    actor: User,
    note: str = "",
    benchmarks: Sequence[BenchmarkInput] = (),
) -> Target:
    """Add a target to ``objective`` at its own level, bound to a registry metric that supports that level.

    Side effects: one Target and its Benchmark rows; activity ``improvement.target.added``.
    """
    _require_manager(actor, objective.unit, objective.organisation)
    level = ScopeLevel.UNIT if objective.unit_id else ScopeLevel.ORGANISATION
    metric = checked_metric(metric_code, level)
    value = _clean_value(target_value, "target_value")
    cleaned_benchmarks = _clean_benchmarks(benchmarks)
    target = Target.objects.create(
        objective=objective,
        metric_code=metric.code,
        level=TargetLevel(level.value),
        unit=objective.unit,
        target_value=value,
        note=note.strip()[:300],
    )
    Benchmark.objects.bulk_create(Benchmark(target=target, label=label, value=v) for label, v in cleaned_benchmarks)
    log_action(
        "improvement.target.added",
        actor=actor,
        obj=target,
        unit=objective.unit,
        data=_objective_data(objective, metric=metric.code, value=str(value)),
    )
    return target


@transaction.atomic
def update_target(
    target: Target,
    *,
    target_value: Decimal | int | str,
    actor: User,
    note: str = "",
    benchmarks: Sequence[BenchmarkInput] | None = None,
) -> Target:
    """Change a target's value, note and (when given) its benchmarks, which are replaced as a whole.

    Side effects: activity ``improvement.target.updated``.
    """
    objective = target.objective
    _require_manager(actor, objective.unit, objective.organisation)
    target.target_value = _clean_value(target_value, "target_value")
    target.note = note.strip()[:300]
    target.save(update_fields=["target_value", "note"])
    if benchmarks is not None:
        cleaned = _clean_benchmarks(benchmarks)
        target.benchmarks.all().delete()
        Benchmark.objects.bulk_create(Benchmark(target=target, label=label, value=v) for label, v in cleaned)
    log_action(
        "improvement.target.updated",
        actor=actor,
        obj=target,
        unit=objective.unit,
        data=_objective_data(objective, metric=target.metric_code, value=str(target.target_value)),
    )
    return target


@transaction.atomic
def remove_target(target: Target, *, actor: User) -> None:
    """Remove a target and everything cascaded from it. Side effects: activity ``improvement.target.removed``."""
    objective = target.objective
    _require_manager(actor, objective.unit, objective.organisation)
    data = _objective_data(objective, metric=target.metric_code)
    target.delete()
    log_action("improvement.target.removed", actor=actor, obj=objective, unit=objective.unit, data=data)


def _child_units(target: Target, objective: Objective) -> list[ServiceUnit]:
    if target.unit_id is None:
        return list(
            ServiceUnit.objects.filter(organisation_id=objective.organisation_id, parent__isnull=True, is_active=True)
        )
    return list(ServiceUnit.objects.filter(parent_id=target.unit_id, is_active=True))


@transaction.atomic
def cascade_target(
    target: Target,
    *,
    actor: User,
    units: Sequence[ServiceUnit] | None = None,
    people: Sequence[User] = (),
    target_value: Decimal | int | str | None = None,
) -> list[Target]:
    """Cascade a unit or organisation target to child units (all active ones when ``units`` is None) and to
    people of its unit (only for metrics measurable per person). Each child target links to ``target``; a unit or
    person that already has a child target of it is skipped, so cascading twice adds nothing.

    Side effects: Target rows; activity ``improvement.target.cascaded``. Returns the new targets.
    """
    objective = target.objective
    _require_manager(actor, objective.unit, objective.organisation)
    if target.level == TargetLevel.PERSON:
        raise invalid(_("A person's target cannot be cascaded further."), "person_target")
    value = target.target_value if target_value is None else _clean_value(target_value, "target_value")
    allowed_units = {unit.pk: unit for unit in _child_units(target, objective)}
    chosen_units = list(allowed_units.values()) if units is None else list(units)
    for unit in chosen_units:
        if unit.pk not in allowed_units:
            raise invalid(
                _("%(unit)s is not a unit directly below this target's unit."), "not_a_child", "units", unit=unit.name
            )
    if chosen_units:
        checked_metric(target.metric_code, ScopeLevel.UNIT, field_name="units")
    if people:
        checked_metric(target.metric_code, ScopeLevel.PERSON, field_name="people")
        for person in people:
            if target.unit is None or not is_staff_of(person, target.unit):
                raise invalid(
                    _("%(person)s does not work in this target's unit."), "not_staff", "people", person=str(person)
                )
    existing_units = set(target.children.filter(person__isnull=True).values_list("unit_id", flat=True))
    existing_people = set(target.children.filter(person__isnull=False).values_list("person_id", flat=True))
    created = [
        Target(
            objective=objective,
            parent=target,
            metric_code=target.metric_code,
            level=TargetLevel.UNIT,
            unit=unit,
            target_value=value,
        )
        for unit in chosen_units
        if unit.pk not in existing_units
    ]
    created += [
        Target(
            objective=objective,
            parent=target,
            metric_code=target.metric_code,
            level=TargetLevel.PERSON,
            unit=target.unit,
            person=person,
            target_value=value,
        )
        for person in dict.fromkeys(people)
        if person.pk not in existing_people
    ]
    for child in created:
        child.save()
    if created:
        log_action(
            "improvement.target.cascaded",
            actor=actor,
            obj=target,
            unit=objective.unit,
            data=_objective_data(objective, metric=target.metric_code, count=len(created)),
        )
    return created
