"""Turning a stored review pack into what the page and the PDF show: sections plus server-rendered SVG trend
charts. Reads only the snapshot, never live data, so the page shows what the meeting saw."""

from __future__ import annotations

from datetime import date
from typing import Any

import pygal
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from prima.core.charts import chart_config, render_svg


def _period_label(start: str, frequency: str) -> str:
    day = date.fromisoformat(start)
    if frequency == "quarterly":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return date_format(day, "M Y")


def trend_chart(figures: list[dict[str, Any]], frequency: str, *, title: str = "") -> SafeString | None:
    """One line per registered metric with at least one value; None when nothing can be drawn."""
    drawable = [figure for figure in figures if any(point["value"] is not None for point in figure["points"])]
    if not drawable:
        return None
    chart = pygal.Line(**chart_config(title=title, height=260, allow_interruptions=True))
    chart.x_labels = [_period_label(point["start"], frequency) for point in drawable[0]["points"]]
    for figure in drawable:
        chart.add(figure["label"], [point["value"] for point in figure["points"]])
    return render_svg(chart)


def pack_context(pack: dict[str, Any] | None, *, for_pdf: bool = False) -> dict[str, Any]:
    """Template context for a pack (empty when the review has not been opened)."""
    if not pack:
        return {"pack": None}
    frequency = pack.get("period", {}).get("frequency", "monthly")
    trends = pack.get("trends", [])
    lost = pack.get("lost_customers", [])
    return {
        "pack": pack,
        "trend_chart": trend_chart(trends, frequency),
        "lost_chart": trend_chart(lost, frequency),
        "period_labels": [
            _period_label(point["start"], frequency) for point in (trends[0]["points"] if trends else [])
        ],
        "for_pdf": for_pdf,
    }
