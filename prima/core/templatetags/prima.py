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


class _ZonedDatetime(datetime):
    """A datetime the template engine must not convert back to the current time zone (as Django's own
    ``{% load tz %}|timezone`` filter does); plain datetimes cannot carry the marker attribute."""

    convert_to_local_time = False


@register.filter
def in_zone(moment: datetime | None, zone_name: str) -> datetime | None:
    """Show a UTC time in a unit's zone (WIB/WITA/WIT), also when followed by ``|date``."""
    if moment is None:
        return None
    local = timezone.localtime(moment, ZoneInfo(zone_name))
    return _ZonedDatetime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=local.tzinfo,
    )


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
