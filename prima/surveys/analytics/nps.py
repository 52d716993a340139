"""Net Promoter Score (Reichheld): promoters 9-10, passives 7-8, detractors 0-6 on the 0-10 item.

NPS = %promoters - %detractors, passives in the denominator; -100 … 100. One ``GROUP BY value`` over ``Answer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db.models import Count

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.analytics.csat import answers_in_scope, share
from prima.surveys.models import ItemKind, Survey

PROMOTER_MIN = 9
PASSIVE_MIN = 7


@dataclass(frozen=True)
class NpsResult:
    answered: int
    promoters: int
    passives: int
    detractors: int
    distribution: tuple[int, ...]  # count per score 0 … 10
    nps: Fraction | None  # -100 … 100; None without answers

    @property
    def promoter_share(self) -> Fraction | None:
        return share(self.promoters, self.answered)

    @property
    def passive_share(self) -> Fraction | None:
        return share(self.passives, self.answered)

    @property
    def detractor_share(self) -> Fraction | None:
        return share(self.detractors, self.answered)

    @property
    def nps_float(self) -> float | None:
        return float(self.nps) if self.nps is not None else None


def compute_nps(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    item_code: str | None = None,
) -> NpsResult:
    """The NPS over every "nps" item of the survey (pooled; ``item_code`` narrows to one)."""
    answers = answers_in_scope(survey, unit=unit, service=service, start=start, end=end).filter(
        item__kind=ItemKind.NPS, value__gte=0, value__lte=10
    )
    if item_code is not None:
        answers = answers.filter(item__code=item_code)
    counts = dict(answers.values_list("value").annotate(n=Count("id")).order_by())
    distribution = tuple(counts.get(score, 0) for score in range(11))
    answered = sum(distribution)
    promoters = sum(distribution[PROMOTER_MIN:])
    passives = sum(distribution[PASSIVE_MIN:PROMOTER_MIN])
    detractors = sum(distribution[:PASSIVE_MIN])
    nps = Fraction(100 * (promoters - detractors), answered) if answered else None
    return NpsResult(
        answered=answered,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        distribution=distribution,
        nps=nps,
    )
