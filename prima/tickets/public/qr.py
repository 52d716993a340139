"""QR codes as inline SVG, drawn on the server (segno): posters print sharp at any size and need no script."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    """An ``<svg>`` (sized by CSS through its viewBox) encoding ``data``, error correction level M or better:
    a poster stays readable with a crease or a bit of tape over it."""
    code = segno.make(data, error="m", micro=False)
    # segno writes the SVG from the module matrix alone (no text from ``data`` appears in the markup).
    return mark_safe(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass="qr-modules"))
