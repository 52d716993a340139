"""Display strings for the improvement app's activity log entries (placeholders come from the log's data)."""

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.improvement.models import ActionStatus, ChangeStatus, EffectivenessResult


def _label(choices: type[models.TextChoices], value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "…")


def _with_label(
    sentence: Callable[[], str], field: str, choices: type[models.TextChoices]
) -> Callable[[Mapping[str, Any]], str]:
    """A display function that fills ``field`` with its translated label; the other placeholders from the data."""

    def display(data: Mapping[str, Any]) -> str:
        values = {key: value for key, value in data.items() if isinstance(value, str | int | float)}
        values[field] = _label(choices, data.get(field))
        return sentence().format_map(_Defaulting(values))

    return display


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


register(
    {
        "improvement.objective.created": gettext_lazy("Quality objective “{objective}” set"),
        "improvement.objective.updated": gettext_lazy("Quality objective “{objective}” changed"),
        "improvement.objective.closed": gettext_lazy("Quality objective “{objective}” closed"),
        "improvement.target.added": gettext_lazy("Target {metric} (value {value}) added to “{objective}”"),
        "improvement.target.updated": gettext_lazy("Target {metric} of “{objective}” set to {value}"),
        "improvement.target.removed": gettext_lazy("Target {metric} removed from “{objective}”"),
        "improvement.target.cascaded": gettext_lazy("Target {metric} of “{objective}” cascaded ({count} new targets)"),
        "improvement.change.recorded": gettext_lazy("Change “{title}” recorded (rating {rating})"),
        "improvement.change.updated": gettext_lazy("Change “{title}” updated (rating {rating})"),
        "improvement.change.status_changed": _with_label(
            lambda: _("Change “{title}” marked {status}"), "status", ChangeStatus
        ),
        "improvement.change.deleted": gettext_lazy("Change “{title}” removed from the register"),
        "improvement.action.opened": gettext_lazy("Improvement action “{title}” opened for {owner}, due {due_date}"),
        "improvement.action.updated": gettext_lazy(
            "Improvement action “{title}” changed (owner {owner}, due {due_date})"
        ),
        "improvement.action.progressed": _with_label(
            lambda: _("Progress recorded on improvement action “{title}” ({status})"), "status", ActionStatus
        ),
        "improvement.action.verified": _with_label(
            lambda: _("Improvement action “{title}” verified: {status}"), "status", ActionStatus
        ),
        "improvement.action.cancelled": gettext_lazy("Improvement action “{title}” cancelled: {reason}"),
        "improvement.action.effectiveness_checked": _with_label(
            lambda: _("Effectiveness of “{title}” checked: {result} (before {baseline}, after {measured})"),
            "result",
            EffectivenessResult,
        ),
        "improvement.action.escalated": gettext_lazy("Overdue improvement action “{title}” escalated to {recipients}"),
        "improvement.proposal.created": gettext_lazy("Action “{title}” proposed"),
        "improvement.proposal.detected": gettext_lazy("Prima detected a signal and proposed “{title}”"),
        "improvement.proposal.accepted": gettext_lazy("Proposed action “{title}” accepted"),
        "improvement.proposal.dismissed": gettext_lazy("Proposed action “{title}” dismissed: {reason}"),
    }
)
