"""Survey figures in the metric registry (prima.core.metrics): IKM unit, CSAT satisfied share, NPS.

Each is one aggregate query over ``Answer``. Scope: the organisation, or one unit with the units below it
(``Answer.unit``), or, for CSAT, one person (``Response.owner``: the staff member who handled the request the
respondent was invited about). Period: ``start`` inclusive, ``end`` exclusive, in the unit's time zone (the site's
for an organisation).

How several surveys combine in ``surveys.ikm_unit``: the answers of every SKM survey of the organisation computed
under the current regulation (Permenpan RB 14/2017) are pooled **per unsur code** (U1 … U9): NRR per code =
Σ scores / number of answers over all those surveys; IKM unit = 25 x the mean of the NRR of the codes that have
answers (equal weights, exactly 1/k). Surveys under legacy rule sets (KEP/25/2004, 16/2014) are left out, because
their codes mean other unsur; a survey's own custom weights are not applied, as they can differ between surveys.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.core.metrics import Direction, Metric, MetricScope, ScopeLevel, register
from prima.surveys.analytics.csat import SATISFIED_VALUES
from prima.surveys.analytics.nps import PASSIVE_MIN, PROMOTER_MIN
from prima.surveys.models import Answer, ItemKind, Method, RuleSet

PLACES = Decimal("0.0001")


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)


def _answers(scope: MetricScope, start: date, end: date) -> QuerySet[Answer]:
    """Answers of the scope's organisation in [start, end), narrowed to the unit subtree or the person."""
    answers = Answer.objects.filter(survey__organisation_id=scope.organisation_id)
    zone = ZoneInfo(settings.TIME_ZONE)
    if scope.unit_id is not None:
        unit = ServiceUnit.objects.filter(pk=scope.unit_id).values("path", "time_zone").first()
        if unit is None:
            return Answer.objects.none()
        zone = ZoneInfo(unit["time_zone"])
        answers = answers.filter(unit__path__startswith=unit["path"])
    if scope.user_id is not None:
        answers = answers.filter(response__owner_id=scope.user_id)
    return answers.filter(
        submitted_at__gte=datetime.combine(start, time.min, tzinfo=zone),
        submitted_at__lt=datetime.combine(end, time.min, tzinfo=zone),
    )


def ikm_unit(scope: MetricScope, start: date, end: date) -> Decimal | None:
    rows = (
        _answers(scope, start, end)
        .filter(
            survey__method=Method.SKM,
            survey__rule_set=RuleSet.PERMENPAN14_2017,
            item__is_unsur=True,
            value__isnull=False,
        )
        .values("item__code")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by()
    )
    nrr = [Fraction(row["total"], row["n"]) for row in rows if row["n"]]
    if not nrr:
        return None
    return _decimal(25 * sum(nrr, Fraction(0)) / len(nrr))


def csat_satisfied_share(scope: MetricScope, start: date, end: date) -> Decimal | None:
    counts = (
        _answers(scope, start, end)
        .filter(item__kind=ItemKind.CSAT, value__in=[1, 2, 3])
        .aggregate(answered=Count("id"), satisfied=Count("id", filter=Q(value__in=SATISFIED_VALUES)))
    )
    if not counts["answered"]:
        return None
    return _decimal(Fraction(100 * counts["satisfied"], counts["answered"]))


def net_promoter_score(scope: MetricScope, start: date, end: date) -> Decimal | None:
    counts = (
        _answers(scope, start, end)
        .filter(item__kind=ItemKind.NPS, value__gte=0, value__lte=10)
        .aggregate(
            answered=Count("id"),
            promoters=Count("id", filter=Q(value__gte=PROMOTER_MIN)),
            detractors=Count("id", filter=Q(value__lt=PASSIVE_MIN)),
        )
    )
    if not counts["answered"]:
        return None
    return _decimal(Fraction(100 * (counts["promoters"] - counts["detractors"]), counts["answered"]))


IKM_UNIT = register(
    Metric(
        code="surveys.ikm_unit",
        label=_("Community satisfaction index (IKM unit, 25-100)"),
        compute=ikm_unit,
        direction=Direction.HIGHER,
        unit_label=_("points"),
        decimals=2,
        description=_(
            "Answers of all SKM surveys under Permenpan RB 14/2017 pooled per element; "
            "25 x the mean of the elements' average scores."
        ),
    )
)
CSAT_SATISFIED_SHARE = register(
    Metric(
        code="surveys.csat_satisfied_share",
        label=_("Satisfied customers (CSAT, %)"),
        compute=csat_satisfied_share,
        direction=Direction.HIGHER,
        unit_label="%",
        decimals=1,
        levels=frozenset({ScopeLevel.ORGANISATION, ScopeLevel.UNIT, ScopeLevel.PERSON}),
        description=_("Share of CSAT answers that are satisfied or very satisfied; per person by request owner."),
    )
)
NPS = register(
    Metric(
        code="surveys.nps",
        label=_("Net Promoter Score"),
        compute=net_promoter_score,
        direction=Direction.HIGHER,
        unit_label=_("points"),
        decimals=1,
        description=_("% promoters (9-10) minus % detractors (0-6) of the answers to the recommendation question."),
    )
)
