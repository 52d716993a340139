"""Kotler's derived dissatisfaction and problem analysis (domain.md §4.5).

* Derived dissatisfaction: for every paired attribute (SERVQUAL expectation/perception or IPA
  importance/performance), the mean of each side; the attributes whose perception (performance) mean falls
  short of the expectation (importance) mean, most negative gap first. Negatively worded (reverse-scored)
  items count as min + max - value, as in SERVQUAL. One ``GROUP BY`` over ``Answer``.
* Problem analysis: items tagged ``dimension = "problems"`` or coded "MASALAH" (the built-in IPA template).
  For a multiple-choice item, how often each option was chosen (one Answer row per chosen option, so a
  ``GROUP BY`` counts them); for a free-text item, how many responses described a problem (non-blank text).
  Ranked by count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db.models import Count, Q, Sum

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics.csat import answers_in_scope
from prima.surveys.analytics.ipa import attribute_name, scored_value
from prima.surveys.models import Item, ItemKind, Option, PairRole, Survey

PROBLEMS_DIMENSION = "problems"
PROBLEM_ITEM_CODES = ("MASALAH",)


def problem_items_filter(prefix: str = "") -> Q:
    """Items that ask which problems the respondent met (``prefix`` to reach the item through a relation)."""
    return Q(**{f"{prefix}dimension": PROBLEMS_DIMENSION}) | Q(**{f"{prefix}code__in": PROBLEM_ITEM_CODES})


# (what respondents wanted, what they got)
PAIRINGS = (
    (PairRole.EXPECTATION.value, PairRole.PERCEPTION.value),
    (PairRole.IMPORTANCE.value, PairRole.PERFORMANCE.value),
)


@dataclass(frozen=True)
class GapAttribute:
    key: str
    name: str
    expected_role: str
    expected_mean: Fraction
    perceived_mean: Fraction
    expected_n: int
    perceived_n: int

    @property
    def gap(self) -> Fraction:
        return self.perceived_mean - self.expected_mean


@dataclass(frozen=True)
class DissatisfactionResult:
    attributes: tuple[GapAttribute, ...]  # every paired attribute with answers on both sides
    shortfalls: tuple[GapAttribute, ...]  # gap < 0, most negative first


def compute_dissatisfaction(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> DissatisfactionResult:
    roles = [role for pairing in PAIRINGS for role in pairing]
    rows = (
        answers_in_scope(survey, unit=unit, service=service, start=start, end=end)
        .filter(item__pair_role__in=roles, value__isnull=False)
        .exclude(item__pair_key="")
        .values("item__pair_key", "item__pair_role")
        .annotate(total=Sum(scored_value()), n=Count("id"))
        .order_by()
    )
    sums: dict[str, dict[str, tuple[int, int]]] = {}
    for row in rows:
        sums.setdefault(row["item__pair_key"], {})[row["item__pair_role"]] = (row["total"], row["n"])
    names: dict[str, tuple[int, str]] = {}
    for item in Item.objects.filter(version__survey=survey, pair_key__in=list(sums)).order_by("version__number"):
        if item.pair_role in (PairRole.PERCEPTION, PairRole.PERFORMANCE) or item.pair_key not in names:
            names[item.pair_key] = (item.position, attribute_name(item))
    attributes = []
    for key, by_role in sums.items():
        for expected_role, perceived_role in PAIRINGS:
            if expected_role in by_role and perceived_role in by_role:
                (expected_total, expected_n), (perceived_total, perceived_n) = (
                    by_role[expected_role],
                    by_role[perceived_role],
                )
                attributes.append(
                    GapAttribute(
                        key=key,
                        name=names.get(key, (0, key))[1],
                        expected_role=expected_role,
                        expected_mean=Fraction(expected_total, expected_n),
                        perceived_mean=Fraction(perceived_total, perceived_n),
                        expected_n=expected_n,
                        perceived_n=perceived_n,
                    )
                )
                break
    attributes.sort(key=lambda attribute: (names.get(attribute.key, (0, ""))[0], attribute.key))
    shortfalls = sorted((a for a in attributes if a.gap < 0), key=lambda attribute: (attribute.gap, attribute.key))
    return DissatisfactionResult(attributes=tuple(attributes), shortfalls=tuple(shortfalls))


@dataclass(frozen=True)
class ProblemCount:
    item_code: str
    label: str
    count: int
    share: Fraction | None  # of the responses that answered this item

    @property
    def percent(self) -> float | None:
        return float(self.share * 100) if self.share is not None else None


@dataclass(frozen=True)
class ProblemAnalysis:
    options: tuple[ProblemCount, ...]  # chosen problems, most frequent first
    text_mentions: tuple[ProblemCount, ...]  # per free-text problems item: responses that wrote something
    responses: int  # responses that answered any problems item


def compute_problems(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> ProblemAnalysis:
    answers = answers_in_scope(survey, unit=unit, service=service, start=start, end=end).filter(
        problem_items_filter("item__")
    )
    chosen = list(
        answers.filter(item__kind=ItemKind.MULTIPLE_CHOICE, value__isnull=False)
        .values("item__code", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    answered_per_item = dict(
        answers.filter(item__kind__in=[ItemKind.MULTIPLE_CHOICE, ItemKind.TEXT])
        .values_list("item__code")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    )
    written: dict[str, int] = dict(
        answers.filter(item__kind=ItemKind.TEXT)
        .exclude(text="")
        .values_list("item__code")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    )
    responses = answers.values("response").distinct().count()
    labels: dict[tuple[str, int], str] = {}
    for option in (
        Option.objects.filter(problem_items_filter("item__"), item__version__survey=survey)
        .filter(item__kind=ItemKind.MULTIPLE_CHOICE)
        .select_related("item")
        .order_by("item__version__number")
    ):
        labels[(option.item.code, option.value)] = localized(option.label) or str(option.value)
    item_names = {
        item.code: localized(item.name) or localized(item.text) or item.code
        for item in Item.objects.filter(version__survey=survey, code__in=list(written)).order_by("version__number")
    }

    def of(code: str, count: int) -> Fraction | None:
        total = answered_per_item.get(code, 0)
        return Fraction(count, total) if total else None

    options = sorted(
        (
            ProblemCount(
                item_code=row["item__code"],
                label=labels.get((row["item__code"], row["value"]), str(row["value"])),
                count=row["n"],
                share=of(row["item__code"], row["n"]),
            )
            for row in chosen
            if row["value"] is not None
        ),
        key=lambda problem: (-problem.count, problem.label),
    )
    mentions = sorted(
        (
            ProblemCount(item_code=code, label=item_names.get(code, code), count=count, share=of(code, count))
            for code, count in written.items()
        ),
        key=lambda problem: (-problem.count, problem.label),
    )
    return ProblemAnalysis(options=tuple(options), text_mentions=tuple(mentions), responses=responses)
