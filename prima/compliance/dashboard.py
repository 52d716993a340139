"""The compliance dashboard: periods, the figures of a unit or a person, the monthly trend, its SVG charts and
its XLSX export. Reads only; every figure is an SQL aggregate from ``prima.compliance.queries`` (see its
docstring for exactly which requests count).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pygal
from django.db import models
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from prima.accounts.models import ServiceUnit, User
from prima.compliance.models import Audit, AuditStatus
from prima.compliance.queries import (
    WITHIN_CLOCKS,
    AuditFigures,
    Load,
    Scope,
    Share,
    audit_figures,
    audits_in_scope,
    breaches_by_clock,
    breaches_by_owner,
    monthly_audit_scores,
    monthly_breaches,
    monthly_within_standard,
    open_load,
    open_load_by_owner,
    staff_of,
    with_audit_figures,
    within_standard,
    within_standard_by_owner,
)
from prima.core.charts import chart_config, render_svg
from prima.sla.choices import ClockKind

TREND_MONTHS = 12
MAX_PERIOD_DAYS = 3 * 366
BREACH_CLOCKS = tuple(ClockKind.values)

HELP_TEXT = gettext_lazy(
    "First response and resolution: requests whose SLA policy has that target, counted once in the period in "
    "which the target was met (first public reply, resp. resolved or closed) or fell due unmet. Regular updates: "
    "requests with a regular-update target that got a public reply or missed an update in the period. A target "
    "counts as missed when the SLA breach scan recorded a breach for it. Unit figures cover the unit and the "
    "units below it and the requests' current unit; person figures the requests the person owns now. Breaches "
    "are counted by their due time and the unit and owner recorded with them. Open load is as of now. Audit "
    "scores: completed audits dated in the period; score = passed ÷ (passed + failed)."
)


class Preset(models.TextChoices):
    THIS_MONTH = "this_month", gettext_lazy("This month")
    LAST_MONTH = "last_month", gettext_lazy("Last month")
    LAST_3_MONTHS = "last_3_months", gettext_lazy("Last 3 months")
    LAST_12_MONTHS = "last_12_months", gettext_lazy("Last 12 months")
    CUSTOM = "custom", gettext_lazy("Custom dates")


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Local dates [first, end) read in ``zone``."""

    first: dt.date
    end: dt.date
    zone: ZoneInfo

    @property
    def last(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(0), self.zone)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(0), self.zone)


def preset_period(preset: str, today: dt.date, zone: ZoneInfo) -> Period:
    this_month = today.replace(day=1)
    bounds = {
        Preset.THIS_MONTH: (this_month, add_months(this_month, 1)),
        Preset.LAST_MONTH: (add_months(this_month, -1), this_month),
        Preset.LAST_3_MONTHS: (add_months(this_month, -2), add_months(this_month, 1)),
        Preset.LAST_12_MONTHS: (add_months(this_month, -11), add_months(this_month, 1)),
    }
    first, end = bounds.get(Preset(preset) if preset in Preset.values else Preset.THIS_MONTH, bounds[Preset.THIS_MONTH])
    return Period(first, end, zone)


@dataclass(frozen=True)
class Figures:
    shares: dict[str, Share]
    breaches: dict[str, int]
    load: Load
    audits: AuditFigures

    @property
    def breach_total(self) -> int:
        return sum(self.breaches.values())

    def share(self, clock: str) -> Share:
        return self.shares.get(clock, Share())

    @property
    def ordered_shares(self) -> list[tuple[str, Share]]:
        """(target label, share) of the three within-standard figures, in display order."""
        return [(str(ClockKind(clock).label), self.share(clock)) for clock in WITHIN_CLOCKS]


@dataclass(frozen=True)
class PersonRow:
    person: User
    figures: Figures


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    shares: dict[str, Share]
    breaches: dict[str, int]
    audit_score: Decimal | None

    @property
    def label(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")

    @property
    def breach_total(self) -> int:
        return sum(self.breaches.values())

    def share(self, clock: str) -> Share:
        return self.shares.get(clock, Share())

    @property
    def ordered_shares(self) -> list[Share]:
        return [self.share(clock) for clock in WITHIN_CLOCKS]


@dataclass
class Dashboard:
    period: Period
    figures: Figures
    unit: ServiceUnit | None = None
    person: User | None = None
    people: list[PersonRow] = field(default_factory=list)
    trend: list[MonthRow] = field(default_factory=list)

    @property
    def clocks(self) -> tuple[str, ...]:
        return WITHIN_CLOCKS

    @property
    def clock_labels(self) -> list[str]:
        return [str(ClockKind(clock).label) for clock in WITHIN_CLOCKS]

    @property
    def breach_clocks(self) -> list[tuple[str, str, int]]:
        """(clock, label, breaches) for every clock kind, in display order."""
        return [(clock, str(ClockKind(clock).label), self.figures.breaches.get(clock, 0)) for clock in BREACH_CLOCKS]


def _figures(scope: Scope, audits: AuditFigures, period: Period, now: dt.datetime) -> Figures:
    shares = {clock: within_standard(scope, clock, period.start_at, period.end_at) for clock in WITHIN_CLOCKS}
    return Figures(shares, breaches_by_clock(scope, period.start_at, period.end_at), open_load(scope, now), audits)


def _trend(scope: Scope, audits_scope: Scope, period: Period, *, unit: ServiceUnit | None) -> list[MonthRow]:
    first = add_months(period.last, -(TREND_MONTHS - 1))
    end = add_months(period.last, 1)
    start_at = dt.datetime.combine(first, dt.time(0), period.zone)
    end_at = dt.datetime.combine(end, dt.time(0), period.zone)
    shares = {clock: monthly_within_standard(scope, clock, start_at, end_at, period.zone) for clock in WITHIN_CLOCKS}
    breaches = monthly_breaches(scope, start_at, end_at, period.zone)
    audits = audits_in_scope(unit=unit, user_id=audits_scope.user_id)
    scores = monthly_audit_scores(audits, first, end)
    rows = []
    for index in range(TREND_MONTHS):
        month = add_months(first, index)
        rows.append(
            MonthRow(
                month=month,
                shares={clock: shares[clock].get(month, Share()) for clock in WITHIN_CLOCKS},
                breaches=breaches.get(month, {}),
                audit_score=scores.get(month),
            )
        )
    return rows


def unit_dashboard(unit: ServiceUnit, period: Period, *, now: dt.datetime, with_people: bool = True) -> Dashboard:
    """The unit's figures (with its subtree), its staff's figures (one grouped query per figure) and the trend."""
    scope = Scope.of_unit(unit)
    audits = audit_figures(audits_in_scope(unit=unit), period.first, period.end)
    dashboard = Dashboard(period=period, figures=_figures(scope, audits, period, now), unit=unit)
    if with_people:
        dashboard.people = people_rows(unit, period, now=now)
    dashboard.trend = _trend(scope, scope, period, unit=unit)
    return dashboard


def people_rows(unit: ServiceUnit, period: Period, *, now: dt.datetime) -> list[PersonRow]:
    scope = Scope.of_unit(unit)
    people = list(with_audit_figures(staff_of(unit), period.first, period.end))
    ids = [person.pk for person in people]
    shares = {
        clock: within_standard_by_owner(scope, clock, period.start_at, period.end_at, ids) for clock in WITHIN_CLOCKS
    }
    breaches = breaches_by_owner(scope, period.start_at, period.end_at, ids)
    loads = open_load_by_owner(scope, now, ids)
    rows = []
    for person in people:
        audits = AuditFigures(
            count=person.audit_count,  # type: ignore[attr-defined]
            average=_two(person.audit_average),  # type: ignore[attr-defined]
            latest=_two(person.audit_latest),  # type: ignore[attr-defined]
        )
        figures = Figures(
            shares={clock: shares[clock].get(person.pk, Share()) for clock in WITHIN_CLOCKS},
            breaches=breaches.get(person.pk, {}),
            load=loads.get(person.pk, Load()),
            audits=audits,
        )
        rows.append(PersonRow(person, figures))
    return rows


def _two(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def person_dashboard(person: User, period: Period, *, now: dt.datetime, unit: ServiceUnit | None = None) -> Dashboard:
    """One person's figures: the requests they own (within ``unit``'s subtree when given, else in every unit of
    the organisation), the breaches recorded while they owned a request, and their person-audits."""
    organisation_id = unit.organisation_id if unit is not None else _organisation_of(person)
    scope = Scope(organisation_id=organisation_id, unit_path=unit.path if unit else None, user_id=person.pk)
    audits = audit_figures(audits_in_scope(user_id=person.pk), period.first, period.end)
    dashboard = Dashboard(period=period, figures=_figures(scope, audits, period, now), unit=unit, person=person)
    dashboard.trend = _trend(scope, scope, period, unit=None)
    return dashboard


def _organisation_of(person: User) -> int:
    from prima.accounts.queries import memberships_of

    memberships = memberships_of(person)
    return memberships[0].unit.organisation_id if memberships else 0


# --- charts -------------------------------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def within_chart(dashboard: Dashboard) -> SafeString:
    chart = pygal.Line(
        **chart_config(range=(0, 100), title=_("Within standard per month (%)"), allow_interruptions=True)
    )
    chart.x_labels = [row.label for row in dashboard.trend]
    for clock in WITHIN_CLOCKS:
        chart.add(str(ClockKind(clock).label), [_float(row.share(clock).percent) for row in dashboard.trend])
    return render_svg(chart)


def breaches_chart(dashboard: Dashboard) -> SafeString:
    chart = pygal.StackedBar(**chart_config(title=_("Breaches per month")))
    chart.x_labels = [row.label for row in dashboard.trend]
    for clock in BREACH_CLOCKS:
        values = [row.breaches.get(clock, 0) for row in dashboard.trend]
        if any(values):
            chart.add(str(ClockKind(clock).label), values)
    return render_svg(chart)


def audit_chart(dashboard: Dashboard) -> SafeString:
    chart = pygal.Line(
        **chart_config(range=(0, 100), title=_("Average audit score per month (%)"), allow_interruptions=True)
    )
    chart.x_labels = [row.label for row in dashboard.trend]
    chart.add(_("Audit score"), [_float(row.audit_score) for row in dashboard.trend])
    return render_svg(chart)


# --- XLSX export ----------------------------------------------------------------------------------------------


def _percent_cell(share: Share) -> float | None:
    return _float(share.percent)


def summary_rows(dashboard: Dashboard) -> list[tuple[str, object]]:
    """The dashboard's summary table: (figure, value)."""
    figures = dashboard.figures
    rows: list[tuple[str, object]] = []
    for clock in WITHIN_CLOCKS:
        share = figures.share(clock)
        label = str(ClockKind(clock).label)
        rows.append((_("%(target)s within standard (%%)") % {"target": label}, _percent_cell(share)))
        rows.append((_("%(target)s: requests counted") % {"target": label}, share.total))
    rows += [
        (_("Breaches"), figures.breach_total),
        (_("Open requests now"), figures.load.open),
        (_("Overdue now"), figures.load.overdue),
        (_("Completed audits"), figures.audits.count),
        (_("Latest audit score (%)"), _float(figures.audits.latest)),
        (_("Average audit score (%)"), _float(figures.audits.average)),
    ]
    return rows


def _sheet_title(text: str) -> str:
    for character in "[]:*?/\\":
        text = text.replace(character, " ")
    return text[:31]


def _header(sheet: object, headers: list[str]) -> None:
    sheet.append(headers)  # type: ignore[attr-defined]
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)


def export_xlsx(dashboard: Dashboard) -> bytes:
    """The dashboard's tables as an XLSX workbook, one sheet per table, headers in the active language."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _sheet_title(_("Summary"))
    scope_name = dashboard.person.full_name if dashboard.person else (dashboard.unit.name if dashboard.unit else "")
    _header(summary, [_("Figure"), _("Value")])
    summary.append([_("Scope"), scope_name])
    summary.append([_("From"), dashboard.period.first])
    summary.append([_("Until"), dashboard.period.last])
    for label, value in summary_rows(dashboard):
        summary.append([label, value])

    breaches = workbook.create_sheet(_sheet_title(_("Breaches")))
    _header(breaches, [_("Target"), _("Breaches")])
    for _clock, label, count in dashboard.breach_clocks:
        breaches.append([label, count])

    if dashboard.people:
        staff = workbook.create_sheet(_sheet_title(_("Staff")))
        _header(
            staff,
            [
                _("Name"),
                *[_("%(target)s within standard (%%)") % {"target": ClockKind(c).label} for c in WITHIN_CLOCKS],
                _("Breaches"),
                _("Open requests now"),
                _("Overdue now"),
                _("Latest audit score (%)"),
                _("Average audit score (%)"),
            ],
        )
        for row in dashboard.people:
            figures = row.figures
            staff.append(
                [
                    row.person.full_name,
                    *[_percent_cell(figures.share(clock)) for clock in WITHIN_CLOCKS],
                    figures.breach_total,
                    figures.load.open,
                    figures.load.overdue,
                    _float(figures.audits.latest),
                    _float(figures.audits.average),
                ]
            )

    trend = workbook.create_sheet(_sheet_title(_("Monthly trend")))
    _header(
        trend,
        [
            _("Month"),
            *[_("%(target)s within standard (%%)") % {"target": ClockKind(c).label} for c in WITHIN_CLOCKS],
            _("Breaches"),
            _("Average audit score (%)"),
        ],
    )
    for month in dashboard.trend:
        trend.append(
            [
                month.label,
                *[_percent_cell(month.share(clock)) for clock in WITHIN_CLOCKS],
                month.breach_total,
                _float(month.audit_score),
            ]
        )
    for sheet in workbook.worksheets:
        sheet.column_dimensions["A"].width = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- whose dashboard ------------------------------------------------------------------------------------------


class OutOfScope(LookupError):
    """The unit or person asked for is not one the user may see figures of."""


@dataclass(frozen=True)
class Subject:
    """Whose figures a user looks at: a unit they manage (``person`` None), one staff member of it, or (for
    agents) only themselves (``unit`` None)."""

    unit: ServiceUnit | None
    person: User | None
    zone: ZoneInfo
    units: list[ServiceUnit]


def subject_for(user: User, *, unit_id: int | None, person_id: int | None) -> Subject:
    """Managers choose among the units they manage (default: the top one) and the staff of the chosen unit;
    everyone else sees only themselves. Raises ``OutOfScope`` for anything else."""
    from prima.accounts.queries import memberships_of
    from prima.compliance.queries import MAX_ID, managed_units, manages_any_unit

    for value in (unit_id, person_id):
        if value is not None and not 0 < value <= MAX_ID:
            raise OutOfScope
    if manages_any_unit(user):
        units = list(managed_units(user).order_by("path"))
        unit = (
            next((u for u in units if u.pk == unit_id), None) if unit_id is not None else (units[0] if units else None)
        )
        if unit is None:
            raise OutOfScope
        person = None
        if person_id is not None:
            person = staff_of(unit).filter(pk=person_id).first()
            if person is None:
                raise OutOfScope
        return Subject(unit, person, ZoneInfo(unit.time_zone), units)
    if unit_id is not None or (person_id is not None and person_id != user.pk):
        raise OutOfScope
    memberships = memberships_of(user)
    zone = ZoneInfo(memberships[0].unit.time_zone) if memberships else ZoneInfo("Asia/Jakarta")
    return Subject(None, user, zone, [])


def dashboard_for(subject: Subject, period: Period, *, now: dt.datetime) -> Dashboard:
    if subject.person is not None:
        return person_dashboard(subject.person, period, now=now, unit=subject.unit)
    assert subject.unit is not None
    return unit_dashboard(subject.unit, period, now=now)


# --- audit results over time ----------------------------------------------------------------------------------

HISTORY_MONTHS = 24
HISTORY_ROWS = 200


@dataclass(frozen=True)
class AuditHistory:
    audits: list[Audit]
    months: list[tuple[dt.date, Decimal | None]]


def audit_history(user: User, subject: Subject, *, today: dt.date | None = None) -> AuditHistory:
    """The completed audits the user may see of the subject (a unit with its subtree, or a person), newest
    first, and their average score per month over the last two years (one grouped query)."""
    from prima.compliance.queries import audits_visible_to

    audits = audits_visible_to(user).filter(status=AuditStatus.COMPLETED)
    if subject.person is not None:
        audits = audits.filter(person=subject.person)
    elif subject.unit is not None:
        audits = audits.filter(unit__path__startswith=subject.unit.path)
    today = today or dt.datetime.now(subject.zone).date()
    end = add_months(today, 1)
    first = add_months(today, -(HISTORY_MONTHS - 1))
    scores = monthly_audit_scores(audits, first, end)
    rows = list(
        audits.select_related("unit", "person", "auditor", "standard__service").order_by("-audit_date", "-id")[
            :HISTORY_ROWS
        ]
    )
    months = [(add_months(first, index), scores.get(add_months(first, index))) for index in range(HISTORY_MONTHS)]
    return AuditHistory(rows, months)


def audit_history_chart(history: AuditHistory) -> SafeString:
    chart = pygal.Line(
        **chart_config(range=(0, 100), title=_("Average audit score per month (%)"), allow_interruptions=True)
    )
    chart.x_labels = [date_format(month, "YEAR_MONTH_FORMAT") for month, _score in history.months]
    chart.add(_("Audit score"), [_float(score) for _month, score in history.months])
    return render_svg(chart)
