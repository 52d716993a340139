"""The trend of a target: monthly actuals over the objective's period against the target value, as inline SVG."""

from __future__ import annotations

import pygal
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from prima.core.charts import chart_config, render_svg
from prima.improvement.queries import TargetStatus


def trend_chart(status: TargetStatus) -> SafeString | None:
    """A line of monthly actuals with the target as a flat line; None when no month has a value yet."""
    values = [float(point.value) if point.value is not None else None for point in status.trend]
    if not any(value is not None for value in values):
        return None
    chart = pygal.Line(**chart_config(height=240, allow_interruptions=True, show_dots=True, dots_size=3))
    chart.x_labels = [date_format(point.start, "M Y") for point in status.trend]
    chart.add(status.metric_label, values)
    chart.add(
        _("Target"), [float(status.target_value)] * len(values), show_dots=False, stroke_style={"dasharray": "6,4"}
    )
    return render_svg(chart)
