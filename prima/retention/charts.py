"""The retention charts: active customers and churn rate per period (server-rendered SVG)."""

from __future__ import annotations

from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from prima.core.charts import chart_config, render_svg
from prima.retention.queries import ChurnRow


def active_customers_chart(rows: Sequence[ChurnRow]) -> SafeString:
    chart = pygal.Bar(**chart_config(title=_("Active customers at the end of each period"), show_legend=False))
    chart.x_labels = [row.period.label for row in rows]
    chart.add(_("Active customers"), [row.active_at_end for row in rows])
    return render_svg(chart)


def churn_rate_chart(rows: Sequence[ChurnRow]) -> SafeString:
    chart = pygal.Line(
        **chart_config(title=_("Churn rate (%)"), show_legend=False, min_scale=4, range=(0, _ceiling(rows)))
    )
    chart.x_labels = [row.period.label for row in rows]
    chart.add(_("Churn rate"), [float(row.churn_rate) if row.churn_rate is not None else None for row in rows])
    return render_svg(chart)


def _ceiling(rows: Sequence[ChurnRow]) -> float:
    highest = max((float(row.churn_rate) for row in rows if row.churn_rate is not None), default=0.0)
    return max(10.0, min(100.0, highest * 1.2))
