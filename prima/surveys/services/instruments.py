"""Creating surveys from templates and changing their instruments (each change is a new version)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.activity.services import log_action
from prima.standards.models import Service
from prima.surveys.instruments import SERVICE_PROFILE_CODE, SERVICE_PROFILE_TEXT, TEMPLATES, ItemSpec, Template, t
from prima.surveys.models import InstrumentVersion, Item, ItemKind, Option, ProfileField, Survey, SurveyStatus
from prima.surveys.rulesets import rule_set_spec

WEIGHT_PLACES = 10  # Item.weight has ten decimal places


def _template(code: str) -> Template:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise ValidationError(
            {
                "template": _("Unknown survey template %(code)s; choose one of %(known)s.")
                % {"code": code, "known": ", ".join(TEMPLATES)}
            },
            code="unknown_template",
        ) from None


def _check_scope(organisation: Organisation, unit: ServiceUnit | None, service: Service | None) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("This unit belongs to another organisation.")}, code="wrong_organisation")
    if service is not None:
        if service.unit.organisation_id != organisation.pk:
            raise ValidationError(
                {"service": _("This service belongs to another organisation.")}, code="wrong_organisation"
            )
        if unit is not None and service.unit_id != unit.pk:
            raise ValidationError({"service": _("This service is not offered by the chosen unit.")}, code="wrong_unit")


def _services_for(organisation: Organisation, unit: ServiceUnit | None) -> list[Service]:
    """The services a respondent may name in the "service used" profile item."""
    services = Service.objects.filter(is_active=True).select_related("unit")
    if unit is not None:
        services = services.filter(unit__path__startswith=unit.path)
    else:
        services = services.filter(unit__organisation=organisation)
    return list(services.order_by("unit__path", "code")[:60])


def _write_items(
    version: InstrumentVersion, specs: Sequence[ItemSpec], service_options: Sequence[Service] = ()
) -> list[Item]:
    """Create the items and options of ``version`` from ``specs`` (two bulk inserts)."""
    items = [Item(version=version, position=position, **spec.model_fields()) for position, spec in enumerate(specs)]
    if service_options:
        items.insert(
            _service_item_position(specs),
            Item(
                version=version,
                code=SERVICE_PROFILE_CODE,
                kind=ItemKind.PROFILE,
                text=SERVICE_PROFILE_TEXT,
                name=SERVICE_PROFILE_TEXT,
                profile_field=ProfileField.SERVICE,
            ),
        )
        for position, item in enumerate(items):
            item.position = position
    created = Item.objects.bulk_create(items)
    by_code = {item.code: item for item in created}
    options = [
        Option(item=by_code[spec.code], value=value, label=dict(label), position=position)
        for spec in specs
        for position, (value, label) in enumerate(spec.options)
    ]
    if service_options:
        options += [
            Option(
                item=by_code[SERVICE_PROFILE_CODE],
                value=position + 1,
                label=dict(service.name) or t(service.code, service.code),
                position=position,
                service=service,
            )
            for position, service in enumerate(service_options)
        ]
    Option.objects.bulk_create(options)
    return created


def _service_item_position(specs: Sequence[ItemSpec]) -> int:
    """Right after the last profile item (or first, when there is none)."""
    positions = [index for index, spec in enumerate(specs) if spec.kind == ItemKind.PROFILE]
    return positions[-1] + 1 if positions else 0


def create_survey_from_template(
    template: str,
    *,
    name: str,
    organisation: Organisation,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    created_by: User | None = None,
    rule_set: str | None = None,
    legacy_rounded_weights: bool = False,
) -> Survey:
    """Create an open survey whose instrument (version 1) is a copy of the built-in ``template``.

    A survey of one service belongs to that service's unit. SKM templates ask for the service used (its
    options are the active services of the unit's subtree, or of the organisation) unless the survey is about
    one service. Raises ``ValidationError`` for an unknown template or rule set, or a unit/service of another
    organisation. Side effects: activity log ``surveys.survey.created``.
    """
    spec = _template(template)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the survey a name.")}, code="required")
    if len(name) > 200:
        raise ValidationError({"name": _("Keep the name under 200 characters.")}, code="too_long")
    _check_scope(organisation, unit, service)
    if service is not None and unit is None:
        unit = service.unit
    rule = rule_set_spec(rule_set or spec.rule_set).code
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation=organisation,
            unit=unit,
            service=service,
            name=name,
            template=spec.code,
            method=spec.method,
            rule_set=rule,
            legacy_rounded_weights=legacy_rounded_weights,
            status=SurveyStatus.OPEN,
            created_by=created_by,
        )
        version = InstrumentVersion.objects.create(survey=survey, number=1)
        asks_service = spec.code.startswith(("skm", "kep")) and service is None
        _write_items(version, spec.items, _services_for(organisation, unit) if asks_service else ())
        log_action(
            "surveys.survey.created",
            actor=created_by,
            obj=survey,
            unit=unit,
            data={"name": name, "template": spec.code},
        )
    return survey


def _copy_items(source: InstrumentVersion, target: InstrumentVersion, changes: Mapping[str, dict[str, Any]]) -> None:
    """Copy every item and option of ``source`` into ``target``, applying per-code field ``changes``."""
    copied_fields = [field.name for field in Item._meta.concrete_fields if field.name not in {"id", "version"}]
    originals = list(source.items.prefetch_related("options"))
    items = []
    for original in originals:
        values = {field: getattr(original, field) for field in copied_fields}
        values.update(changes.get(original.code, {}))
        items.append(Item(version=target, **values))
    created = Item.objects.bulk_create(items)
    Option.objects.bulk_create(
        [
            Option(
                item=new,
                value=option.value,
                label=option.label,
                position=option.position,
                service_id=option.service_id,
            )
            for original, new in zip(originals, created, strict=True)
            for option in original.options.all()
        ]
    )


def _lock_survey(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def new_version(
    survey: Survey,
    *,
    actor: User | None,
    changes: Mapping[str, dict[str, Any]] | None = None,
    extra_items: Sequence[ItemSpec] = (),
) -> InstrumentVersion:
    """A new instrument version: a copy of the current one with ``changes`` (fields per item code) and extra items
    appended. Responses keep the version they answered. Side effects: ``surveys.instrument.versioned``."""
    with transaction.atomic():
        locked = _lock_survey(survey)
        current = locked.current_version()
        number = current.number + 1 if current else 1
        version = InstrumentVersion.objects.create(survey=locked, number=number)
        if current is not None:
            _copy_items(current, version, changes or {})
        if extra_items:
            start = version.items.count()
            items = _write_items(version, extra_items)
            for offset, item in enumerate(items):
                item.position = start + offset
            Item.objects.bulk_update(items, ["position"])
        log_action(
            "surveys.instrument.versioned",
            actor=actor,
            obj=locked,
            unit=locked.unit,
            data={"name": locked.name, "version": number},
        )
    return version


def _parse_weight(code: str, raw: object) -> Decimal:
    try:
        if isinstance(raw, Fraction):
            value = Decimal(raw.numerator) / Decimal(raw.denominator)
            if Fraction(value) != raw:
                raise InvalidOperation
        else:
            value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {code: _("Give the weight as a decimal number such as 0.125.")}, code="invalid_weight"
        ) from None
    if not value.is_finite() or value <= 0 or value > 1:
        raise ValidationError({code: _("A weight must be more than 0 and at most 1.")}, code="invalid_weight")
    if value != value.quantize(Decimal(1).scaleb(-WEIGHT_PLACES)):
        raise ValidationError({code: _("Use at most 10 decimal places for a weight.")}, code="invalid_weight")
    return value


def check_weights(codes: Sequence[str], weights: Mapping[str, object]) -> dict[str, Decimal]:
    """Validate custom unsur weights: one for every unsur, each in (0, 1], summing to exactly 1."""
    unknown = sorted(set(weights) - set(codes))
    missing = [code for code in codes if code not in weights]
    if unknown:
        raise ValidationError(
            {"weights": _("No unsur with code %(codes)s.") % {"codes": ", ".join(unknown)}}, code="unknown_unsur"
        )
    if missing:
        raise ValidationError(
            {"weights": _("Give a weight for every unsur; missing: %(codes)s.") % {"codes": ", ".join(missing)}},
            code="missing_weight",
        )
    parsed = {code: _parse_weight(code, weights[code]) for code in codes}
    total = sum((Fraction(value) for value in parsed.values()), Fraction(0))
    if total != 1:
        raise ValidationError(
            {
                "weights": _("The weights must add up to exactly 1; they add up to %(total)s.")
                % {"total": format(sum(parsed.values(), Decimal(0)).normalize(), "f")}
            },
            code="weights_not_one",
        )
    return parsed


def set_unsur_weights(survey: Survey, weights: Mapping[str, object] | None, *, actor: User | None) -> InstrumentVersion:
    """Give the unsur custom weights (Permenpan RB 14/2017 allows them when they sum to 1), or ``None`` to go back
    to equal weights (exactly 1/k). Creates a new instrument version."""
    current = survey.current_version()
    codes = list(current.items.filter(is_unsur=True).values_list("code", flat=True)) if current else []
    if not codes:
        raise ValidationError(_("This survey has no items that count in the index."), code="no_unsur")
    parsed: Mapping[str, Decimal | None] = check_weights(codes, weights) if weights else dict.fromkeys(codes)
    return new_version(survey, actor=actor, changes={code: {"weight": value} for code, value in parsed.items()})


def add_unsur(
    survey: Survey,
    *,
    code: str,
    name: Mapping[str, str],
    text: Mapping[str, str],
    labels: Sequence[Mapping[str, str]],
    weights: Mapping[str, object] | None = None,
    actor: User | None,
) -> InstrumentVersion:
    """Add an unsur of the unit's own (allowed by 14/2017) on the 1-4 scale, in a new instrument version.

    ``labels`` are the four answer labels (value 1 to 4). When the current unsur have custom weights, ``weights``
    must give new ones for all unsur including this one (they must still sum to 1); otherwise all unsur keep
    equal weights (1/k). Raises ``ValidationError`` for a code in use or missing texts.
    """
    code = (code or "").strip().upper()
    current = survey.current_version()
    if current is None:
        raise ValidationError(_("This survey has no instrument yet."), code="no_version")
    existing = dict(current.items.values_list("code", "weight"))
    if not code or len(code) > 20:
        raise ValidationError({"code": _("Give a short code such as U10.")}, code="invalid_code")
    if code in existing:
        raise ValidationError({"code": _("The code %(code)s is already used.") % {"code": code}}, code="duplicate")
    if not (name.get("id") or "").strip() or not (text.get("id") or "").strip():
        raise ValidationError({"name": _("The Indonesian name and question are required.")}, code="required")
    if len(labels) != 4:
        raise ValidationError({"labels": _("Give the four answer labels, from 1 to 4.")}, code="labels")
    unsur_codes = list(current.items.filter(is_unsur=True).values_list("code", flat=True))
    custom = any(existing[unsur] is not None for unsur in unsur_codes)
    changes: dict[str, dict[str, Any]] = {}
    new_weight: Decimal | None = None
    if weights:
        parsed = check_weights([*unsur_codes, code], weights)
        changes = {unsur: {"weight": parsed[unsur]} for unsur in unsur_codes}
        new_weight = parsed[code]
    elif custom:
        raise ValidationError(
            {"weights": _("The unsur have custom weights: give new weights for all unsur, summing to 1.")},
            code="weights_required",
        )
    spec = ItemSpec(
        code=code,
        kind=ItemKind.SCALE,
        text={key: value.strip() for key, value in text.items() if value and value.strip()},
        name={key: value.strip() for key, value in name.items() if value and value.strip()},
        required=True,
        scale_min=1,
        scale_max=4,
        is_unsur=True,
        options=tuple((value, dict(label)) for value, label in enumerate(labels, start=1)),
    )
    version = new_version(survey, actor=actor, changes=changes, extra_items=[spec])
    if new_weight is not None:
        version.items.filter(code=code).update(weight=new_weight)
    return version


def set_survey_status(survey: Survey, status: str, *, actor: User | None) -> Survey:
    """Open, close or reopen a survey. Side effects: activity log ``surveys.survey.status_changed``."""
    if status not in SurveyStatus.values:
        raise ValidationError({"status": _("Unknown status.")}, code="unknown_status")
    with transaction.atomic():
        locked = _lock_survey(survey)
        if locked.status == status:
            return locked
        locked.status = status
        locked.save(update_fields=["status"])
        log_action(
            "surveys.survey.status_changed",
            actor=actor,
            obj=locked,
            unit=locked.unit,
            data={"name": locked.name, "status": status},
        )
    survey.status = status
    return locked
