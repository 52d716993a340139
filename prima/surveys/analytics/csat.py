"""CSAT: the three-level satisfaction item (1 kurang puas, 2 puas, 3 sangat puas).

Computed with one ``GROUP BY value`` over ``Answer``; answer rows never reach Python. This module also holds
``answers_in_scope``, the filter every insights analytic (CSAT, NPS, IPA, dissatisfaction, text) applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.analytics._scope import answers as scoped_answers
from prima.surveys.models import Answer, ItemKind, Survey

CSAT_LEVELS = (
    (1, _("Dissatisfied (kurang puas)")),
    (2, _("Satisfied (puas)")),
    (3, _("Very satisfied (sangat puas)")),
)
SATISFIED_VALUES = (2, 3)


def answers_in_scope(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Answer]:
    """The survey's answers narrowed to a unit **and its subtree**, a service and a period (``start`` inclusive,
    ``end`` exclusive), with the same filter as the SKM and SERVQUAL analytics."""
    return scoped_answers(survey, unit=unit, service=service, start=start, end=end)


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@dataclass(frozen=True)
class CsatLevel:
    value: int
    label: str
    count: int
    share: Fraction | None

    @property
    def percent(self) -> float | None:
        return float(self.share * 100) if self.share is not None else None


@dataclass(frozen=True)
class CsatResult:
    """``answered`` counts answers of the CSAT item(s); with one CSAT item that is the respondents who answered."""

    answered: int
    levels: tuple[CsatLevel, ...]
    satisfied: int
    satisfied_share: Fraction | None

    @property
    def satisfied_percent(self) -> float | None:
        return float(self.satisfied_share * 100) if self.satisfied_share is not None else None


def compute_csat(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    item_code: str | None = None,
) -> CsatResult:
    """Distribution over the three levels and the share satisfied = (puas + sangat puas) / answered.

    Every item of kind "csat" in the survey counts (all versions, pooled); ``item_code`` narrows to one.
    Values outside 1-3 cannot be recorded (``record_response`` validates them) and are ignored here.
    """
    answers = answers_in_scope(survey, unit=unit, service=service, start=start, end=end).filter(
        item__kind=ItemKind.CSAT, value__in=[value for value, _label in CSAT_LEVELS]
    )
    if item_code is not None:
        answers = answers.filter(item__code=item_code)
    counts = dict(answers.values_list("value").annotate(n=Count("id")).order_by())
    answered = sum(counts.values())
    levels = tuple(
        CsatLevel(
            value=value, label=str(label), count=counts.get(value, 0), share=share(counts.get(value, 0), answered)
        )
        for value, label in CSAT_LEVELS
    )
    satisfied = sum(counts.get(value, 0) for value in SATISFIED_VALUES)
    return CsatResult(answered=answered, levels=levels, satisfied=satisfied, satisfied_share=share(satisfied, answered))
