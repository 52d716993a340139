from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from prima.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: int | Decimal | None) -> str:
    return format_rupiah(amount)


@register.filter
def in_zone(moment: datetime | None, zone_name: str) -> datetime | None:
    """Show a UTC time in a unit's zone (WIB/WITA/WIT)."""
    if moment is None:
        return None
    return timezone.localtime(moment, ZoneInfo(zone_name))


@register.simple_tag(takes_context=True)
def url_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced, for filters and pagination links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return "?" + query.urlencode() if query else "?"
