"""Who answered: respondent counts by profile field (sex, age, education, occupation, service used).

One ``GROUP BY item, value`` over the profile answers; respondents who skipped a question appear as
"Not stated" (the "NA" row of published reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics._scope import responses as scoped_responses
from prima.surveys.analytics.csat import answers_in_scope
from prima.surveys.models import Item, ItemKind, Option, ProfileField, Response, Survey

PROFILE_ORDER: list[str] = [
    ProfileField.SEX,
    ProfileField.AGE_BAND,
    ProfileField.EDUCATION,
    ProfileField.OCCUPATION,
    ProfileField.SERVICE,
]


def responses_in_scope(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Response]:
    """The survey's responses with the same filter as ``answers_in_scope`` (unit with its subtree)."""
    return scoped_responses(survey, unit=unit, service=service, start=start, end=end)


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    share: Fraction | None

    @property
    def percent(self) -> float | None:
        return float(self.share * 100) if self.share is not None else None


@dataclass(frozen=True)
class ProfileTable:
    field: str
    title: str
    rows: tuple[ProfileRow, ...]
    respondents: int


def respondent_profile(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    respondents: int | None = None,
) -> list[ProfileTable]:
    """One table per profile field the instrument asks, in the order of published reports."""
    if respondents is None:
        respondents = responses_in_scope(survey, unit=unit, service=service, start=start, end=end).count()
    counts = (
        answers_in_scope(survey, unit=unit, service=service, start=start, end=end)
        .filter(item__kind=ItemKind.PROFILE, value__isnull=False)
        .exclude(item__profile_field="")
        .values("item__profile_field", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_field: dict[str, dict[int, int]] = {}
    for row in counts:
        if row["value"] is not None:
            by_field.setdefault(row["item__profile_field"], {})[row["value"]] = row["n"]
    fields = set(
        Item.objects.filter(version__survey=survey, kind=ItemKind.PROFILE)
        .exclude(profile_field="")
        .values_list("profile_field", flat=True)
    )
    labels: dict[tuple[str, int], tuple[int, str]] = {}
    for option in (
        Option.objects.filter(item__version__survey=survey, item__profile_field__in=fields)
        .order_by("item__version__number")
        .values("item__profile_field", "value", "label", "position")
    ):
        labels[(option["item__profile_field"], option["value"])] = (option["position"], localized(option["label"]))
    field_titles = dict(ProfileField.choices)
    tables = []
    for field in sorted(fields, key=lambda code: PROFILE_ORDER.index(code) if code in PROFILE_ORDER else 99):
        values = by_field.get(field, {})
        known = sorted(
            {value for (option_field, value) in labels if option_field == field} | set(values),
            key=lambda value: (labels.get((field, value), (999, ""))[0], value),
        )
        rows = [
            ProfileRow(
                label=labels.get((field, value), (0, str(value)))[1] or str(value),
                count=values.get(value, 0),
                share=Fraction(values.get(value, 0), respondents) if respondents else None,
            )
            for value in known
        ]
        missing = respondents - sum(values.values())
        if missing > 0:
            rows.append(ProfileRow(_("Not stated"), missing, Fraction(missing, respondents)))
        tables.append(ProfileTable(field, str(field_titles.get(field, field)), tuple(rows), respondents))
    return tables
