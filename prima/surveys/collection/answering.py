"""The answering form of a survey: its questions as the page shows them, and the answers read back from a POST.

No Django form class: the questions are data (an instrument version's items), so the page is built from
``QuestionField`` rows and the POST is read into the ``answers`` mapping ``record_response`` takes
(keyed by item code). ``record_response`` does every check of the answers; this module only refuses what
cannot be read at all (a value that is not a number) and drops answers to questions the respondent's other
answers hide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.models import InstrumentVersion, Item, ItemKind, Option, ProfileField, Survey
from prima.surveys.services import VersionSpec, visible_items

MAX_TEXT_LENGTH = 2000
QUESTIONS_CACHE_SECONDS = 600
MAX_NAME_LENGTH = 200
CHOICE_KINDS = frozenset({ItemKind.SCALE, ItemKind.CSAT, ItemKind.NPS, ItemKind.SINGLE_CHOICE, ItemKind.PROFILE})

Answers = dict[str, object]

TAMPERED = gettext_lazy("This form was changed or is incomplete. Check your answers and send them again.")
CONTACT_REQUIRED = gettext_lazy("Give an e-mail address or a phone number, or untick the box to stay anonymous.")


@dataclass
class Choice:
    value: int
    label: str
    checked: bool = False


@dataclass
class QuestionField:
    """One question as the page shows it, with what was answered and the errors."""

    item: Item
    name: str
    number: int
    text: str
    kind: str
    choices: list[Choice]
    text_value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.kind == ItemKind.TEXT

    @property
    def is_multiple(self) -> bool:
        return self.kind == ItemKind.MULTIPLE_CHOICE

    @property
    def is_wide_scale(self) -> bool:
        """0-10 recommendation scales are laid out as a row of numbers, not a list."""
        return self.kind == ItemKind.NPS

    @property
    def condition_json(self) -> str:
        """The condition for the page's script: ``{"code": "Q3", "values": [1, 2]}``, or "" when always shown."""
        if not self.item.show_if_code:
            return ""
        return json.dumps({"code": self.item.show_if_code, "values": list(self.item.show_if_values or [])})


def empty_questions_html(
    survey: Survey, version: InstrumentVersion, *, kiosk: bool, service: Service | None
) -> SafeString:
    """The questions of an empty form as HTML. An instrument version never changes once it is in use, so the
    fragment is rendered once per survey, version, language, channel and service and kept ten minutes: a GET
    of the public form then costs two small queries."""
    key = ":".join(
        (
            "survey-questions",
            survey.public_token,
            str(version.pk),
            get_language() or "",
            "kiosk" if kiosk else "web",
            str(service.pk) if service is not None else "-",
        )
    )
    html: str | None = cache.get(key)
    if html is None:
        options = Prefetch("options", queryset=Option.objects.order_by("position", "value"))
        items = list(version.items.order_by("position", "id").prefetch_related(options))
        questions = question_fields(items, preselected_service(items, service))
        html = render_to_string("surveys/public/_questions.html", {"questions": questions, "is_kiosk": kiosk})
        cache.set(key, html, QUESTIONS_CACHE_SECONDS)
    return mark_safe(html)


def field_name(item: Item) -> str:
    return f"q-{item.code}"


def version_with_items(survey: Survey) -> tuple[VersionSpec | None, list[Item]]:
    """The survey's current instrument version (read once, as ``record_response`` reads it) and its items
    with their options, in position order (three queries)."""
    version = survey.current_version()
    if version is None:
        return None, []
    options = Prefetch("options", queryset=Option.objects.order_by("position", "value"))
    items = list(version.items.order_by("position", "id").prefetch_related(options))
    by_item = {item.pk: {option.value: option.service_id for option in item.options.all()} for item in items}
    return VersionSpec(version=version, items=tuple(items), options=by_item), items


def _choices(item: Item) -> list[Choice]:
    options = list(item.options.all())
    if options:
        return [Choice(option.value, localized(option.label) or str(option.value)) for option in options]
    if item.kind in (ItemKind.SCALE, ItemKind.NPS) and item.scale_min is not None and item.scale_max is not None:
        return [Choice(value, str(value)) for value in range(item.scale_min, item.scale_max + 1)]
    return []


def question_fields(
    items: Sequence[Item], answers: Mapping[str, object] | None = None, errors: Mapping[str, list[str]] | None = None
) -> list[QuestionField]:
    """The page's questions, showing ``answers`` (after a refused POST) and each question's ``errors``."""
    answers = answers or {}
    errors = errors or {}
    fields: list[QuestionField] = []
    for number, item in enumerate(items, start=1):
        answer = answers.get(item.code)
        chosen = set(answer) if isinstance(answer, list) else {answer} if isinstance(answer, int) else set[object]()
        choices = _choices(item)
        for choice in choices:
            choice.checked = choice.value in chosen
        fields.append(
            QuestionField(
                item=item,
                name=field_name(item),
                number=number,
                text=localized(item.text) or localized(item.name) or item.code,
                kind=item.kind,
                choices=choices,
                text_value=answer if isinstance(answer, str) else "",
                errors=list(errors.get(item.code, [])),
            )
        )
    return fields


def too_long(limit: int, count: int) -> str:
    return _("Use at most %(limit)d characters (now %(count)d).") % {"limit": limit, "count": count}


def preselected_service(items: Sequence[Item], service: Service | None) -> Answers:
    """When the page was opened for one service (a service's poster), the "service received" question
    starts with that service chosen."""
    if service is None:
        return {}
    for item in items:
        if item.profile_field == ProfileField.SERVICE:
            for option in item.options.all():
                if option.service_id == service.pk:
                    return {item.code: option.value}
    return {}


def _integer(raw: str) -> int | None:
    raw = raw.strip()
    if not raw or len(raw) > 6:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def answers_from_post(items: Sequence[Item], data: QueryDict) -> tuple[Answers, dict[str, list[str]]]:
    """Read the answers of ``items`` from a POST: ``({code: value}, {code: [error]})``. An empty question is
    left out (not answered); a value that is not a whole number is an error on its question."""
    answers: Answers = {}
    errors: dict[str, list[str]] = {}
    unreadable = _("Choose one of the answers shown.")
    for item in items:
        name = field_name(item)
        if item.kind == ItemKind.TEXT:
            text = data.get(name, "").strip()
            if len(text) > MAX_TEXT_LENGTH:
                errors[item.code] = [too_long(MAX_TEXT_LENGTH, len(text))]
                answers[item.code] = text
            elif text:
                answers[item.code] = text
        elif item.kind == ItemKind.MULTIPLE_CHOICE:
            raws = [raw for raw in data.getlist(name) if raw.strip()]
            values = [_integer(raw) for raw in raws[:50]]
            if any(value is None for value in values):
                errors[item.code] = [unreadable]
            elif values:
                answers[item.code] = sorted({value for value in values if value is not None})
        else:
            raw = data.get(name, "")
            if not raw.strip():
                continue
            value = _integer(raw)
            if value is None:
                errors[item.code] = [unreadable]
            else:
                answers[item.code] = value
    return answers, errors


def shown_answers(version: VersionSpec, answers: Answers) -> Answers:
    """Only the answers to questions that the other answers show (conditional questions whose condition is
    not met are ignored, e.g. answered before the respondent changed their mind)."""
    shown = {item.code for item in visible_items(version, answers)}
    return {code: value for code, value in answers.items() if code in shown}


def errors_by_question(error: ValidationError, codes: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """A service's ValidationError split into messages per question (of ``codes``) and general messages."""
    if not hasattr(error, "error_dict"):
        return {}, list(error.messages)
    per_question: dict[str, list[str]] = {}
    general: list[str] = []
    for key, messages in error.message_dict.items():
        if key in codes:
            per_question.setdefault(key, []).extend(messages)
        else:
            general.extend(messages)
    return per_question, general
