"""Editing a survey from the staff pages: the instrument (texts, weights and one extra unsur, saved as ONE new
instrument version through surveys-core's ``new_version``; its ``check_weights`` validates the weights) and the
survey's population size and period."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.activity.services import log_action
from prima.surveys.instruments import ItemSpec
from prima.surveys.models import InstrumentVersion, ItemKind, Survey
from prima.surveys.services import check_weights, new_version

# The generic wording of the 1-4 perception values (domain.md §1.5), for an extra unsur.
GENERIC_LABELS: tuple[dict[str, str], ...] = (
    {"id": "Tidak baik", "en": "Not good"},
    {"id": "Kurang baik", "en": "Poor"},
    {"id": "Baik", "en": "Good"},
    {"id": "Sangat baik", "en": "Very good"},
)


def revise_instrument(
    survey: Survey,
    *,
    texts: Mapping[str, Mapping[str, str]],
    weights: Mapping[str, Decimal | None],
    extra: Mapping[str, Any] | None = None,
    actor: User | None,
) -> InstrumentVersion | None:
    """Apply changed question texts, unsur weights and an optional extra unsur as one new version.

    ``weights`` has an entry per unsur (including the extra one): all ``None`` means equal weights (exactly 1/k);
    otherwise every unsur needs a weight and they must sum to exactly 1. ``extra`` holds ``code``, ``name``
    and ``text`` (bilingual dicts) of an extra unsur on the 1-4 scale. Returns ``None`` when nothing changed.
    Raises ``ValidationError`` (keyed by field) for bad input. Side effects: ``surveys.instrument.versioned``.
    """
    current = survey.current_version()
    if current is None:
        raise ValidationError(_("This survey has no instrument yet."), code="no_version")
    items = {item.code: item for item in current.items.all()}
    changes: dict[str, dict[str, Any]] = {}
    for code, text in texts.items():
        if code not in items:
            continue
        if not (text.get("id") or "").strip():
            raise ValidationError({f"text_id_{code}": _("The Indonesian question is required.")}, code="required")
        if dict(text) != dict(items[code].text):
            changes.setdefault(code, {})["text"] = dict(text)
    unsur_codes = [code for code, item in items.items() if item.is_unsur]
    extra_code = extra["code"].strip().upper() if extra else ""
    if extra_code and extra_code in {existing.upper() for existing in items}:
        raise ValidationError({"new_code": _("An item with this code exists already.")}, code="duplicate")
    all_codes = [*unsur_codes, *([extra_code] if extra_code else [])]
    given = {code: weights.get(code) for code in all_codes}
    if any(value is not None for value in given.values()):
        missing = [code for code, value in given.items() if value is None]
        if missing:
            raise ValidationError(
                {
                    "weights": _("Give a weight for every element, or none for equal weights; missing: %(codes)s.")
                    % {"codes": ", ".join(missing)}
                },
                code="missing_weight",
            )
        parsed: dict[str, Decimal | None] = dict(check_weights(all_codes, given))
    else:
        parsed = dict.fromkeys(all_codes)
    for code in unsur_codes:
        old = items[code].weight
        if (old is None) != (parsed[code] is None) or (old is not None and Decimal(old) != parsed[code]):
            changes.setdefault(code, {})["weight"] = parsed[code]
    extra_items: list[ItemSpec] = []
    if extra:
        extra_items.append(
            ItemSpec(
                code=extra_code,
                kind=ItemKind.SCALE,
                text=dict(extra["text"]),
                name=dict(extra["name"]),
                required=True,
                scale_min=1,
                scale_max=4,
                is_unsur=True,
                options=tuple(enumerate(GENERIC_LABELS, start=1)),
            )
        )
    if not changes and not extra_items:
        return None
    version = new_version(survey, actor=actor, changes=changes, extra_items=extra_items)
    if extra_code and parsed[extra_code] is not None:
        version.items.filter(code=extra_code).update(weight=parsed[extra_code])
    return version


SETTINGS_CHANGED = "surveys.survey.settings_changed"


def update_survey_settings(
    survey: Survey,
    *,
    population_size: int | None,
    period_start: date | None,
    period_end: date | None,
    actor: User | None,
) -> Survey:
    """Set the population size (for the sample check against Krejcie and Morgan) and the planned period.

    Raises ``ValidationError`` for a period that ends before it starts. Side effects: activity log
    ``surveys.survey.settings_changed`` (only when something changed).
    """
    if population_size is not None and population_size < 1:
        raise ValidationError({"population_size": _("Enter at least 1.")}, code="invalid_population")
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The end date is before the start date.")}, code="period_order")
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        values = {"population_size": population_size, "period_start": period_start, "period_end": period_end}
        if all(getattr(locked, field) == value for field, value in values.items()):
            return locked
        for field, value in values.items():
            setattr(locked, field, value)
            setattr(survey, field, value)
        locked.save(update_fields=list(values))
        log_action(
            SETTINGS_CHANGED,
            actor=actor,
            obj=locked,
            unit=locked.unit,
            data={"name": locked.name, "population_size": population_size},
        )
    return locked
