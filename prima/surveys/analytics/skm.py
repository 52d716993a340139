"""The community satisfaction index (IKM) of an SKM survey, per Permenpan RB 14/2017 (domain.md §1.6).

Per unsur i: NRR_i = sum of the scores given to unsur i / the number of respondents who answered unsur i (a blank
is not a zero). IKM = sum of NRR_i x w_i on the 1-4 scale, IKM unit = IKM x 25 (25-100). Weights are exactly 1/k
(``fractions.Fraction``), the custom weights of the instrument when it has them (they sum to 1), or the printed
0.111/0.071 when the survey reproduces old reports (``legacy_rounded_weights``). Nothing is rounded here except the
band lookup (``prima.surveys.rulesets.mutu_for``); pages round for display only.

The unsur (codes, names, weights) are those of the survey's current instrument version; answers given to older
versions count by unsur code. When an unsur has no answers at all in the filter, the IKM is the weighted mean of
the unsur that have answers (their weights scaled to the same total), so a missing unsur is never read as 0.

A respondent is a response in the filter that answered at least one unsur: exactly one of its answer rows carries
``respondent_tally = 1`` (written with the answers), so everything is one SQL aggregate: SUM/COUNT of
Answer.value and SUM of the tally, grouped by item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from django.db.models import Count, Sum

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.analytics._scope import answers, number, period_bounds
from prima.surveys.models import Item, Survey
from prima.surveys.rulesets import mutu_for, rule_set_spec, unsur_weights


@dataclass(frozen=True)
class UnsurResult:
    code: str
    name: str
    total: int
    answered: int
    nrr: Fraction | None
    weight: Fraction
    nrr_weighted: Fraction | None
    mutu: str
    mutu_label: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "total": self.total,
            "answered": self.answered,
            "nrr": number(self.nrr),
            "weight": number(self.weight),
            "nrr_weighted": number(self.nrr_weighted),
            "mutu": self.mutu,
            "mutu_label": self.mutu_label,
        }


@dataclass(frozen=True)
class SkmResult:
    survey_id: int
    rule_set: str
    respondents: int
    unsur: list[UnsurResult]
    ikm: Fraction | None
    ikm_unit: Fraction | None
    mutu: str
    mutu_label: str
    filters: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The result as JSON-ready data: numbers as floats at full precision, null when there is no data."""
        return {
            "survey": self.survey_id,
            "rule_set": self.rule_set,
            "respondents": self.respondents,
            "unsur": [unsur.as_json() for unsur in self.unsur],
            "ikm": number(self.ikm),
            "ikm_unit": number(self.ikm_unit),
            "mutu": self.mutu,
            "mutu_label": self.mutu_label,
            "filters": dict(self.filters),
        }


@dataclass(frozen=True)
class _Unsur:
    code: str
    names: dict[str, str]
    weight: Fraction


def _unsur_of(survey: Survey) -> tuple[list[_Unsur], dict[int, str]]:
    """The unsur of the current version (with weights) and every unsur item id of the survey mapped to its code."""
    items = list(
        Item.objects.filter(version__survey_id=survey.pk, is_unsur=True)
        .order_by("-version__number", "position", "id")
        .values("id", "code", "name", "weight", "version__number")
    )
    if not items:
        return [], {}
    latest = items[0]["version__number"]
    current = [item for item in items if item["version__number"] == latest]
    codes = [item["code"] for item in current]
    custom = (
        {item["code"]: Fraction(item["weight"]) for item in current if item["weight"] is not None}
        if all(item["weight"] is not None for item in current)
        else None
    )
    weights = unsur_weights(codes, custom, legacy_rounded=survey.legacy_rounded_weights)
    unsur = [_Unsur(item["code"], item["name"] or {}, weights[item["code"]]) for item in current]
    known = set(codes)
    return unsur, {item["id"]: item["code"] for item in items if item["code"] in known}


def _build(
    survey: Survey,
    rule_set: str,
    unsur: Sequence[_Unsur],
    sums: dict[str, tuple[int, int]],
    respondents: int,
    filters: dict[str, Any],
) -> SkmResult:
    results: list[UnsurResult] = []
    weighted_sum = Fraction(0)
    weight_with_data = Fraction(0)
    weight_total = sum((entry.weight for entry in unsur), Fraction(0))
    for entry in unsur:
        total, answered = sums.get(entry.code, (0, 0))
        nrr = Fraction(total, answered) if answered else None
        nrr_weighted = nrr * entry.weight if nrr is not None else None
        band = mutu_for(nrr * 25, rule_set) if nrr is not None else None
        if nrr_weighted is not None:
            weighted_sum += nrr_weighted
            weight_with_data += entry.weight
        results.append(
            UnsurResult(
                code=entry.code,
                name=localized(entry.names),
                total=total,
                answered=answered,
                nrr=nrr,
                weight=entry.weight,
                nrr_weighted=nrr_weighted,
                mutu=band.letter if band else "",
                mutu_label=band.label if band else "",
            )
        )
    ikm: Fraction | None = None
    if weight_with_data:
        ikm = weighted_sum if weight_with_data == weight_total else weighted_sum * weight_total / weight_with_data
    ikm_unit = ikm * 25 if ikm is not None else None
    band = mutu_for(ikm_unit, rule_set) if ikm_unit is not None else None
    return SkmResult(
        survey_id=survey.pk,
        rule_set=rule_set,
        respondents=respondents,
        unsur=results,
        ikm=ikm,
        ikm_unit=ikm_unit,
        mutu=band.letter if band else "",
        mutu_label=band.label if band else "",
        filters=filters,
    )


def _filters(
    unit: ServiceUnit | None, service: Service | None, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    return {
        "unit": unit.pk if unit else None,
        "service": service.pk if service else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }


def compute_skm(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    rule_set: str | None = None,
) -> SkmResult:
    """The IKM of ``survey`` within the filters (``unit`` with its subtree; ``start`` inclusive, ``end`` exclusive),
    under ``rule_set`` (default: the survey's). Two queries (the items, the answers), whatever their number."""
    rule = rule_set_spec(rule_set or survey.rule_set).code
    unsur, item_codes = _unsur_of(survey)
    filters = {"unit": unit, "service": service, "start": start, "end": end}
    sums: dict[str, tuple[int, int]] = {}
    respondents = 0
    if item_codes:
        # Every item of the survey is aggregated (the plain GROUP BY item over its answers, which the database runs
        # best); the few rows of profile and other items are skipped here.
        rows = (
            answers(survey, **filters)
            .values("item_id")
            .annotate(total=Sum("value"), answered=Count("value"), respondents=Sum("respondent_tally"))
            .order_by()
        )
        for row in rows:
            code = item_codes.get(row["item_id"])
            if code is None:
                continue
            total, answered = sums.get(code, (0, 0))
            sums[code] = (total + (row["total"] or 0), answered + row["answered"])
            respondents += row["respondents"] or 0
    return _build(survey, rule, unsur, sums, respondents, _filters(unit, service, start, end))


def skm_per_service(
    survey: Survey,
    *,
    unit: ServiceUnit | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    rule_set: str | None = None,
) -> list[tuple[Service | None, SkmResult]]:
    """The IKM per service (jenis layanan) that has respondents in the filter, in the order of the service
    catalogue; responses without a service come last under ``None``. Three queries for all services."""
    rule = rule_set_spec(rule_set or survey.rule_set).code
    unsur, item_codes = _unsur_of(survey)
    if not item_codes:
        return []
    filters = {"unit": unit, "service": None, "start": start, "end": end}
    sums: dict[int | None, dict[str, tuple[int, int]]] = {}
    counts: dict[int | None, int] = {}
    rows = (
        answers(survey, **filters)
        .values("service_id", "item_id")
        .annotate(total=Sum("value"), answered=Count("value"), respondents=Sum("respondent_tally"))
        .order_by()
    )
    for row in rows:
        code = item_codes.get(row["item_id"])
        if code is None:
            continue
        per_code = sums.setdefault(row["service_id"], {})
        total, answered = per_code.get(code, (0, 0))
        per_code[code] = (total + (row["total"] or 0), answered + row["answered"])
        counts[row["service_id"]] = counts.get(row["service_id"], 0) + (row["respondents"] or 0)
    counts = {service_id: count for service_id, count in counts.items() if count}
    service_ids = [pk for pk in counts if pk is not None]
    catalogue = Service.objects.filter(pk__in=service_ids).select_related("unit").order_by("unit__path", "code")
    ordered: list[Service | None] = [*catalogue, *([None] if None in counts else [])]
    return [
        (
            service,
            _build(
                survey,
                rule,
                unsur,
                sums.get(service.pk if service else None, {}),
                counts[service.pk if service else None],
                _filters(unit, service, start, end),
            ),
        )
        for service in ordered
    ]


def skm_trend(
    survey: Survey,
    periods: Sequence[tuple[date, date]],
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    rule_set: str | None = None,
) -> list[tuple[tuple[date, date], SkmResult]]:
    """The IKM of each period (first and last day, both inclusive, in the survey's time zone), e.g. semesters."""
    results = []
    for first, last in periods:
        start, end = period_bounds(survey, first, last)
        results.append(
            ((first, last), compute_skm(survey, unit=unit, service=service, start=start, end=end, rule_set=rule_set))
        )
    return results
