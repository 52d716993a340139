"""Recording answers: validation of one respondent's answers and the write of a response with its answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.standards.models import Service
from prima.surveys.models import (
    Answer,
    InstrumentVersion,
    Item,
    ItemKind,
    PairRole,
    Response,
    Survey,
    SurveyStatus,
)

if TYPE_CHECKING:
    from prima.customers.models import Customer
    from prima.tickets.models import Ticket

TEXT_LIMIT = 5000
CHOICE_KINDS = frozenset({ItemKind.SINGLE_CHOICE, ItemKind.PROFILE, ItemKind.MULTIPLE_CHOICE})
NUMBER_KINDS = frozenset({ItemKind.SCALE, ItemKind.CSAT, ItemKind.NPS})


@dataclass(frozen=True)
class VersionSpec:
    """An instrument version read once: items in order, option values (and services) per item."""

    version: InstrumentVersion
    items: tuple[Item, ...]
    options: dict[int, dict[int, int | None]]  # item id -> option value -> service id

    @property
    def by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}


def load_version(version: InstrumentVersion) -> VersionSpec:
    """Read the items and options of ``version`` (two queries)."""
    items = tuple(version.items.order_by("position", "id").prefetch_related("options"))
    options = {item.pk: {option.value: option.service_id for option in item.options.all()} for item in items}
    return VersionSpec(version=version, items=items, options=options)


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple) and not value)
    )


def _shown(item: Item, answers: Mapping[str, object]) -> bool:
    if not item.show_if_code:
        return True
    given = answers.get(item.show_if_code)
    wanted = set(item.show_if_values or [])
    if isinstance(given, list | tuple):
        return bool(wanted.intersection(given))
    return given in wanted


def visible_items(version: InstrumentVersion | VersionSpec, answers: Mapping[str, object]) -> list[Item]:
    """The items a respondent with these ``answers`` is asked, in order: an item with a condition is shown only
    when its condition item is itself shown and was answered with one of the listed values."""
    spec = version if isinstance(version, VersionSpec) else load_version(version)
    shown_codes: set[str] = set()
    shown: list[Item] = []
    for item in spec.items:
        if item.show_if_code and item.show_if_code not in shown_codes:
            continue
        if _shown(item, answers):
            shown.append(item)
            shown_codes.add(item.code)
    return shown


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


Cleaned = int | list[int] | str


def _clean_one(item: Item, value: object, options: Mapping[int, int | None]) -> tuple[Cleaned | None, str | Promise]:
    """(cleaned value, "") or (None, message)."""
    if item.kind == ItemKind.TEXT:
        if not isinstance(value, str):
            return None, _("Enter text.")
        text = value.strip()
        if len(text) > TEXT_LIMIT:
            return None, _("Keep the answer under %(limit)s characters.") % {"limit": TEXT_LIMIT}
        return text, ""
    if item.kind == ItemKind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list | tuple) else [value]
        chosen: list[int] = []
        for raw in values:
            number = _integer(raw)
            if number is None or number not in options:
                return None, _("Choose from the listed options.")
            if number not in chosen:
                chosen.append(number)
        return chosen, ""
    number = _integer(value)
    if item.kind in CHOICE_KINDS:
        if number is None or number not in options:
            return None, _("Choose one of the listed options.")
        return number, ""
    low = item.scale_min if item.scale_min is not None else 1
    high = item.scale_max if item.scale_max is not None else low
    if number is None:
        return None, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    if not low <= number <= high:
        return None, _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return number, ""


def clean_answers(
    spec: VersionSpec, answers: Mapping[str, object], *, enforce_required: bool = True
) -> tuple[dict[str, Cleaned], dict[str, list[str]]]:
    """Check one respondent's answers against the instrument. Returns (cleaned answers by code, errors by code).

    Blank (None, "", []) means not answered. Required items that are shown must be answered (unless
    ``enforce_required`` is off: a paper form is imported as it was filled in, blanks included, and a blank unsur
    simply does not count in its NRR); items hidden by their condition must not be; unknown codes are errors.
    """
    by_code = spec.by_code
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Cleaned] = {}
    for code in answers:
        if code not in by_code:
            errors[code] = [str(_("This survey has no question with this code."))]
    raw_values: dict[str, object] = {}
    for item in spec.items:
        value = answers.get(item.code)
        if _is_blank(value):
            continue
        result, message = _clean_one(item, value, spec.options.get(item.pk, {}))
        if message:
            errors.setdefault(item.code, []).append(str(message))
        else:
            raw_values[item.code] = result
    shown = {item.code for item in visible_items(spec, raw_values)}
    for item in spec.items:
        if item.code in errors:
            continue
        answered = item.code in raw_values
        if item.code not in shown:
            if answered:
                errors[item.code] = [str(_("This question does not apply after your earlier answer; leave it empty."))]
            continue
        if answered:
            cleaned[item.code] = raw_values[item.code]  # type: ignore[assignment]
        elif item.required and enforce_required:
            errors[item.code] = [str(_("This question needs an answer."))]
    return cleaned, errors


def scored(item: Item, value: int) -> int:
    """The value as analysed: negatively worded items are reverse-scored (min + max - value)."""
    if item.reverse_scored and item.scale_min is not None and item.scale_max is not None:
        return item.scale_min + item.scale_max - value
    return value


def complete_pairs(spec: VersionSpec, cleaned: Mapping[str, Cleaned]) -> dict[str, tuple[Item, int]]:
    """Per pair key answered both ways: the perception item and perception - expectation (reverse-scored)."""
    halves: dict[str, dict[str, tuple[Item, int]]] = {}
    for item in spec.items:
        value = cleaned.get(item.code)
        if item.pair_key and item.pair_role in (PairRole.EXPECTATION, PairRole.PERCEPTION) and isinstance(value, int):
            halves.setdefault(item.pair_key, {})[item.pair_role] = (item, scored(item, value))
    pairs: dict[str, tuple[Item, int]] = {}
    for key, roles in halves.items():
        if PairRole.EXPECTATION in roles and PairRole.PERCEPTION in roles:
            perception, perceived = roles[PairRole.PERCEPTION]
            pairs[key] = (perception, perceived - roles[PairRole.EXPECTATION][1])
    return pairs


def answer_rows(
    spec: VersionSpec,
    cleaned: Mapping[str, Cleaned],
    *,
    response: Response,
) -> list[Answer]:
    """The Answer rows of one response (one per chosen option of a multiple-choice item), with the respondent facts
    the analytics sum: ``respondent_tally`` on the first counted row, ``gap`` on each complete SERVQUAL pair's
    perception row, ``group_sum``/``group_pairs`` on the first pair row of each dimension."""
    rows: list[Answer] = []
    common = {
        "response": response,
        "survey_id": response.survey_id,
        "unit_id": response.unit_id,
        "service_id": response.service_id,
        "submitted_at": response.submitted_at,
    }
    pairs = complete_pairs(spec, cleaned)
    gaps = {item.pk: gap for item, gap in pairs.values()}
    groups: dict[str, list[int]] = {}
    for item, gap in pairs.values():
        groups.setdefault(item.dimension, []).append(gap)
    has_unsur = any(item.is_unsur for item in spec.items)
    tallied = False
    grouped: set[str] = set()
    for item in spec.items:
        if item.code not in cleaned:
            continue
        value = cleaned[item.code]
        if isinstance(value, str):
            rows.append(Answer(item=item, text=value, **common))
        elif isinstance(value, list):
            rows.extend(Answer(item=item, value=choice, **common) for choice in value)
        else:
            row = Answer(item=item, value=value, **common)
            counts = item.is_unsur if has_unsur else item.pk in gaps
            if counts and not tallied:
                row.respondent_tally = 1
                tallied = True
            if item.pk in gaps:
                row.gap = gaps[item.pk]
                if item.dimension not in grouped:
                    grouped.add(item.dimension)
                    row.group_sum = sum(groups[item.dimension])
                    row.group_pairs = len(groups[item.dimension])
            rows.append(row)
    return rows


def attribution(
    survey: Survey,
    spec: VersionSpec,
    cleaned: Mapping[str, Cleaned],
    unit: ServiceUnit | int | None,
    service: Service | int | None,
) -> tuple[int | None, int | None]:
    """(unit id, service id) of a response: explicit, else the survey's, else the service named in the profile."""
    unit_id = unit.pk if isinstance(unit, ServiceUnit) else unit
    service_id = service.pk if isinstance(service, Service) else service
    if service_id is None:
        service_id = survey.service_id
    if service_id is None:
        for item in spec.items:
            chosen = cleaned.get(item.code)
            if item.profile_field == "service" and isinstance(chosen, int):
                service_id = spec.options.get(item.pk, {}).get(chosen)
                break
    if unit_id is None:
        unit_id = survey.unit_id
    if unit_id is None and service_id is not None:
        unit_id = Service.objects.filter(pk=service_id).values_list("unit_id", flat=True).first()
    return unit_id, service_id


def index_items_answered(spec: VersionSpec, cleaned: Mapping[str, Cleaned]) -> int:
    """How many items of this response count in the survey's index: SKM unsur, or else complete SERVQUAL pairs."""
    unsur = {item.code for item in spec.items if item.is_unsur}
    if unsur:
        return len(unsur.intersection(cleaned))
    return len(complete_pairs(spec, cleaned))


def require_open(survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is not open for answers."), code="survey_not_open")


def record_response(
    survey: Survey,
    answers: Mapping[str, object],
    *,
    channel: str,
    idempotency_key: str | None = None,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    owner: User | None = None,
    ticket: Ticket | None = None,
    respondent_name: str = "",
    respondent_contact: str = "",
    customer: Customer | None = None,
    submitted_at: datetime | None = None,
    version: InstrumentVersion | None = None,
) -> Response:
    """Validate and store one respondent's answers (keyed by item code) as a Response with its Answer rows.

    Raises ``ValidationError({item_code: [message, ...]})`` for bad answers and a plain ``ValidationError`` when
    the survey is not open. A repeated ``idempotency_key`` returns the first Response and writes nothing (also
    when two submits race). Writes one response and one bulk insert of answers in one transaction. Individual
    responses are not written to the activity log: they are anonymous by default and the log would name them.
    """
    require_open(survey)
    if version is None:
        version = survey.current_version()
        if version is None:
            raise ValidationError(_("This survey has no questions yet."), code="no_version")
    elif version.survey_id != survey.pk:
        raise ValidationError(_("This instrument version belongs to another survey."), code="wrong_version")
    key = (idempotency_key or "").strip()[:80] or None
    if key is not None:
        existing = Response.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _same_survey(existing, survey)
    spec = load_version(version)
    cleaned, errors = clean_answers(spec, answers)
    if errors:
        raise ValidationError(errors, code="invalid_answers")
    if channel not in {choice for choice, _label in Response._meta.get_field("channel").choices or []}:
        raise ValidationError(_("Unknown channel."), code="unknown_channel")
    unit_id, service_id = attribution(survey, spec, cleaned, unit, service)
    name = respondent_name.strip()[:200]
    contact = respondent_contact.strip()[:200]
    response = Response(
        survey=survey,
        version=version,
        unit_id=unit_id,
        service_id=service_id,
        owner=owner,
        ticket=ticket,
        channel=channel,
        submitted_at=submitted_at or timezone.now(),
        idempotency_key=key,
        is_anonymous=not (name or contact or customer is not None),
        respondent_name=name,
        respondent_contact=contact,
        customer=customer,
        index_items_answered=index_items_answered(spec, cleaned),
    )
    try:
        with transaction.atomic():
            response.save()
            Answer.objects.bulk_create(answer_rows(spec, cleaned, response=response))
    except IntegrityError:
        if key is None:
            raise
        existing = Response.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _same_survey(existing, survey)
    return response


def _same_survey(existing: Response, survey: Survey) -> Response:
    if existing.survey_id != survey.pk:
        raise ValidationError(_("This submission key was already used for another survey."), code="key_reused")
    return existing


def answers_for_display(response: Response) -> dict[str, Any]:
    """A response's answers keyed by item code (lists for multiple choice), for pages and the API."""
    result: dict[str, Any] = {}
    for code, kind, value, text in response.answers.order_by("item__position", "value").values_list(
        "item__code", "item__kind", "value", "text"
    ):
        if kind == ItemKind.MULTIPLE_CHOICE:
            result.setdefault(code, []).append(value)
        elif kind == ItemKind.TEXT:
            result[code] = text
        else:
            result[code] = value
    return result


def unsur_codes(items: Sequence[Item]) -> list[str]:
    return [item.code for item in items if item.is_unsur]
