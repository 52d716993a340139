"""Server-rendered SVG charts (pygal), the same markup in pages, PDF reports and e-mails.

Every chart in Prima is built with pygal and rendered through ``render_svg`` so that charts share one look,
carry no JavaScript (pages work without scripts, WeasyPrint renders them) and are safe to inline in a template.
"""

from __future__ import annotations

from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

PRIMA_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2937",
    foreground_strong="#111827",
    foreground_subtle="#6b7280",
    colors=("#0f766e", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f", "#7c3aed"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    title_font_size=14,
    legend_font_size=12,
)


def chart_config(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for a pygal chart: Prima's style, no scripts, responsive width."""
    config: dict[str, Any] = {
        "style": PRIMA_STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "width": 640,
        "height": 320,
        "print_values": False,
        "show_legend": True,
        "legend_at_bottom": True,
        "truncate_label": -1,
    }
    config.update(overrides)
    return config


def render_svg(chart: pygal.graph.graph.Graph) -> SafeString:
    """The chart as inline ``<svg>`` markup (pygal escapes labels and values it is given)."""
    return mark_safe(chart.render(is_unicode=True))  # pygal builds the markup and escapes the data
