"""Display strings for the SLA app's activity-log actions (registered from ``SlaConfig.ready``)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register
from prima.sla.choices import ClockKind, EscalationLevel


def _target(data: Mapping[str, Any]) -> str:
    value = data.get("clock")
    return str(ClockKind(value).label) if value in ClockKind.values else str(value or "…")


def _level(data: Mapping[str, Any]) -> str:
    value = data.get("level")
    return str(EscalationLevel(value).label) if value in EscalationLevel.values else str(value or "…")


def _upcoming(data: Mapping[str, Any]) -> str:
    return gettext("Request %(code)s: “%(target)s” is due soon") % {
        "code": data.get("code", "…"),
        "target": _target(data),
    }


def _detected(data: Mapping[str, Any]) -> str:
    return gettext("Request %(code)s missed its “%(target)s” target") % {
        "code": data.get("code", "…"),
        "target": _target(data),
    }


def _escalated(data: Mapping[str, Any]) -> str:
    return gettext("Request %(code)s: “%(target)s” reported up to: %(level)s") % {
        "code": data.get("code", "…"),
        "target": _target(data),
        "level": _level(data),
    }


register(
    {
        "sla.policy.created": _("SLA policy “{name}” created (version {version})"),
        "sla.policy.revised": _("SLA policy “{name}” revised (version {version})"),
        "sla.template.adopted": _("Statutory time limits adopted as SLA policy “{name}” (version {version})"),
        "sla.policy.corrected": _("SLA policy “{name}” corrected (version {version}, open requests included)"),
        "sla.calendar.saved": _("Business calendar “{name}” of {unit} saved"),
        "sla.calendar.closure_added": _("{unit} closed on {date}: {name}"),
        "sla.calendar.closure_removed": _("{unit} open again on {date} (was: {name})"),
        "sla.breach.upcoming": _upcoming,
        "sla.breach.detected": _detected,
        "sla.breach.escalated": _escalated,
    }
)
