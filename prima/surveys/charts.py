"""The surveys' SVG charts (pygal through ``prima.core.charts``): one function per chart, used by the results
page, the public results page and the PDF report alike. Each takes a computed result and returns inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pygal
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from prima.core.charts import chart_config, render_svg
from prima.surveys.analytics.csat import CsatResult
from prima.surveys.analytics.ipa import IpaResult
from prima.surveys.analytics.nps import PASSIVE_MIN, PROMOTER_MIN, NpsResult
from prima.surveys.rulesets import rule_set_spec

if TYPE_CHECKING:
    from prima.surveys.analytics.skm import SkmResult

MUTU_COLOURS = {"A": "#15803d", "B": "#0f766e", "C": "#b45309", "D": "#be123c", "": "#6b7280"}
GOOD, NEUTRAL, BAD = "#15803d", "#6b7280", "#be123c"


def _number(value: Fraction | float | int | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _formatter(places: int) -> Any:
    def format_value(value: float | None) -> str:
        from django.utils.formats import number_format

        return "" if value is None else number_format(value, places)

    return format_value


def ikm_unsur_chart(skm: SkmResult) -> SafeString:
    """NRR per unsur (1-4) as bars coloured by the unsur's mutu; the rule set's band limits are the y guide lines."""
    band_limits = [band.lower_ni for band in rule_set_spec(skm.rule_set).bands]
    chart = pygal.Bar(
        **chart_config(
            title=_("Average score per element (NRR, 1-4)"),
            range=(1, 4),
            y_labels=sorted({1.0, 4.0, *(float(limit) for limit in band_limits)}),
            show_y_guides=True,
            show_legend=False,
            value_formatter=_formatter(2),
            print_values=True,
        )
    )
    chart.x_labels = [unsur.code for unsur in skm.unsur]
    chart.add(
        _("NRR"),
        [
            {"value": _number(unsur.nrr, 3), "color": MUTU_COLOURS.get(unsur.mutu, NEUTRAL), "label": str(unsur.name)}
            for unsur in skm.unsur
        ],
    )
    return render_svg(chart)


def ikm_trend_chart(points: Sequence[tuple[str, Fraction | float | None]]) -> SafeString:
    """IKM unit (25-100) over consecutive periods; a period without answers leaves a gap."""
    chart = pygal.Line(
        **chart_config(
            title=_("IKM over time"),
            margin_right=48,
            range=(25, 100),
            show_legend=False,
            value_formatter=_formatter(2),
            print_values=True,
            allow_interruptions=True,
        )
    )
    chart.x_labels = [label for label, _value in points]
    chart.add(_("IKM"), [_number(value) for _label, value in points])
    return render_svg(chart)


def service_ikm_chart(rows: Sequence[tuple[str, Fraction | float | None, str]]) -> SafeString:
    """IKM unit per service: (service name, IKM unit, mutu letter)."""
    chart = pygal.HorizontalBar(
        **chart_config(
            title=_("IKM per service"),
            range=(25, 100),
            show_legend=False,
            value_formatter=_formatter(2),
            print_values=True,
        )
    )
    chart.x_labels = [name for name, _value, _mutu in rows]
    chart.add(
        _("IKM"), [{"value": _number(value), "color": MUTU_COLOURS.get(mutu, NEUTRAL)} for _n, value, mutu in rows]
    )
    return render_svg(chart)


def ipa_chart(ipa: IpaResult) -> SafeString:
    """Cartesian diagram: x = performance (kinerja), y = importance (kepentingan), with the two cut lines."""
    chart = pygal.XY(
        **chart_config(
            title=_("Importance-performance grid"),
            x_title=_("Performance"),
            y_title=_("Importance"),
            stroke=False,
            dots_size=5,
            print_labels=True,
            value_formatter=_formatter(2),
            height=420,
        )
    )
    if not ipa.attributes or ipa.cut_importance is None or ipa.cut_performance is None:
        return render_svg(chart)
    xs = [float(attribute.performance_mean) for attribute in ipa.attributes] + [float(ipa.cut_performance)]
    ys = [float(attribute.importance_mean) for attribute in ipa.attributes] + [float(ipa.cut_importance)]
    low_x, high_x = min(xs) - 0.2, max(xs) + 0.2
    low_y, high_y = min(ys) - 0.2, max(ys) + 0.2
    chart.xrange = (low_x, high_x)
    chart.range = (low_y, high_y)
    chart.add(
        _("Attributes"),
        [
            {
                "value": (_number(attribute.performance_mean, 3), _number(attribute.importance_mean, 3)),
                "label": attribute.key,
                "color": {"A": BAD, "B": GOOD, "C": NEUTRAL, "D": "#b45309"}[attribute.quadrant.value],
            }
            for attribute in ipa.attributes
        ],
    )
    cut_x, cut_y = float(ipa.cut_performance), float(ipa.cut_importance)
    line = {"stroke": True, "show_dots": False, "stroke_style": {"width": 1, "dasharray": "4, 4"}}
    chart.add(_("Performance cut line"), [(cut_x, low_y), (cut_x, high_y)], **line)
    chart.add(_("Importance cut line"), [(low_x, cut_y), (high_x, cut_y)], **line)
    return render_svg(chart)


def gap_chart(rows: Sequence[tuple[str, Fraction | float | None]], *, title: str) -> SafeString:
    """Gap (perception - expectation) per dimension or item: negative bars red, the rest green."""
    chart = pygal.HorizontalBar(
        **chart_config(title=title, show_legend=False, value_formatter=_formatter(2), print_values=True)
    )
    chart.x_labels = [label for label, _gap in rows]
    chart.add(
        _("Gap"),
        [{"value": _number(gap), "color": BAD if gap is not None and gap < 0 else GOOD} for _label, gap in rows],
    )
    return render_svg(chart)


def csat_chart(csat: CsatResult) -> SafeString:
    chart = pygal.Bar(**chart_config(title=_("Satisfaction (CSAT)"), show_legend=False, print_values=True, height=280))
    chart.x_labels = [level.label for level in csat.levels]
    colours = (BAD, "#0f766e", GOOD)
    chart.add(
        _("Answers"), [{"value": level.count, "color": colours[index]} for index, level in enumerate(csat.levels)]
    )
    return render_svg(chart)


def nps_chart(nps: NpsResult) -> SafeString:
    """Answers per score 0-10, coloured detractor / passive / promoter."""
    chart = pygal.Bar(**chart_config(title=_("Likelihood to recommend (0-10)"), show_legend=False, height=280))
    chart.x_labels = [str(score) for score in range(11)]

    def colour(score: int) -> str:
        return GOOD if score >= PROMOTER_MIN else NEUTRAL if score >= PASSIVE_MIN else BAD

    chart.add(_("Answers"), [{"value": count, "color": colour(score)} for score, count in enumerate(nps.distribution)])
    return render_svg(chart)


def frequency_chart(entries: Sequence[tuple[str, int]], *, title: str) -> SafeString:
    chart = pygal.HorizontalBar(**chart_config(title=title, show_legend=False, print_values=True))
    chart.x_labels = [term for term, _count in entries]
    chart.add(_("Count"), [count for _term, count in entries])
    return render_svg(chart)
