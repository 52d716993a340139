"""Bilingual content written by people (service names, standard texts, charters).

Prima keeps such content in one JSON field per text, ``{"id": "…", "en": "…"}``: Indonesian is the
language every text must have, English is optional. A reader sees the active language and falls back to
Indonesian, so a unit that never writes English still serves English-speaking visitors something.
Interface strings use gettext instead; this module is only for what users type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prima.standards.errors import invalid

CONTENT_LANGUAGES = ("id", "en")
FALLBACK_LANGUAGE = "id"

I18nText = dict[str, str]


def localized(value: Mapping[str, Any] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else Indonesian, else any language that has it."""
    if not value or not isinstance(value, Mapping):
        return ""
    wanted = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0].lower()
    for code in (wanted, FALLBACK_LANGUAGE, *CONTENT_LANGUAGES):
        text = value.get(code)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def i18n_text(id: str = "", en: str = "") -> I18nText:
    """Build a bilingual value, dropping blank languages: ``i18n_text(id="Izin usaha", en="Business permit")``."""
    return {code: text.strip() for code, text in (("id", id), ("en", en)) if text and text.strip()}


def clean_i18n_text(
    value: Any,
    *,
    field: str,
    max_length: int,
    required: bool = False,
) -> I18nText:
    """Check a bilingual value from a form or the API and return it normalised (stripped, blanks dropped).

    Raises ``ValidationError`` keyed by ``field`` (or ``<field>_<language>``, the names forms use) with a
    message for people and a stable code.
    """
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise invalid(_("Give the text as Indonesian and English parts."), "not_bilingual", field)
    unknown = sorted(str(code) for code in value if code not in CONTENT_LANGUAGES)
    if unknown:
        message = _("Unknown language %(codes)s: use Indonesian (id) or English (en).")
        raise invalid(message % {"codes": ", ".join(unknown)}, "unknown_language", field)
    cleaned: I18nText = {}
    for code in CONTENT_LANGUAGES:
        text = value.get(code) or ""
        if not isinstance(text, str):
            raise invalid(_("Enter text."), "not_text", f"{field}_{code}")
        text = text.strip()
        if len(text) > max_length:
            message = _("Keep this under %(limit)s characters (it has %(length)s).")
            raise invalid(message % {"limit": max_length, "length": len(text)}, "too_long", f"{field}_{code}")
        if text:
            cleaned[code] = text
    if required and FALLBACK_LANGUAGE not in cleaned:
        raise invalid(_("The Indonesian text is required."), "required", f"{field}_{FALLBACK_LANGUAGE}")
    return cleaned
