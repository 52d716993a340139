from collections.abc import Mapping
from typing import Any

from django import template

from prima.standards.i18n import localized as localized_text

register = template.Library()


@register.filter
def localized(value: Mapping[str, Any] | None) -> str:
    """Bilingual content in the active language, falling back to Indonesian: ``{{ service.name|localized }}``."""
    return localized_text(value)
