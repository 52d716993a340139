"""Display strings for activity actions. Each app registers its own in its ``activity.py``.

A string may use ``{placeholders}`` filled from the log's ``data`` (and ``object``), so the text is
translated at display time into the reader's language, not frozen at write time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

Display = Promise | str | Callable[[Mapping[str, Any]], str]

_DISPLAY: dict[str, Display] = {}


def register(actions: Mapping[str, Display]) -> None:
    """Register display strings, e.g. ``{"customers.customer.created": _("Customer {name} created")}``.

    A callable receives the log's data and returns the sentence, for data that needs a label looked up.
    """
    for action, text in actions.items():
        if action in _DISPLAY:
            raise ValueError(f"Activity action {action!r} is registered twice.")
        _DISPLAY[action] = text


def is_registered(action: str) -> bool:
    return action in _DISPLAY


def registered_actions() -> list[str]:
    return sorted(_DISPLAY)


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def describe(action: str, data: Mapping[str, Any], object_repr: str = "") -> str:
    """The human sentence for one log entry, in the active language."""
    template = _DISPLAY.get(action)
    if template is None:
        return _("Action %(action)s") % {"action": action}
    if callable(template):
        return template(data)
    values = _Defaulting({k: v for k, v in data.items() if isinstance(v, str | int | float)})
    values.setdefault("object", object_repr)
    return str(template).format_map(values)
