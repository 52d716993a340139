from django import template

from prima.activity.models import ActivityLog
from prima.activity.registry import describe

register = template.Library()


@register.filter
def describe_activity(entry: ActivityLog) -> str:
    """The entry's sentence in the reader's language."""
    return describe(entry.action, entry.data, entry.object_repr)
