from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.retention.models import WinBackOutcome


def _scan_changed(data: Mapping[str, Any]) -> str:
    return _("Lost-customer scan: %(lost)s newly lost, %(at_risk)s at risk, %(won_back)s won back") % {
        "lost": data.get("lost", 0),
        "at_risk": data.get("at_risk", 0),
        "won_back": data.get("won_back", 0),
    }


def _outcome_set(data: Mapping[str, Any]) -> str:
    code = data.get("outcome", "")
    label = str(WinBackOutcome(code).label) if code in WinBackOutcome.values else str(code)
    return _("Win-back attempt outcome: %(outcome)s") % {"outcome": label}


register(
    {
        "retention.scan.changed": _scan_changed,
        "retention.settings.changed": gettext_lazy("Lost-customer thresholds changed"),
        "retention.interview.recorded": gettext_lazy("Lost-customer interview recorded ({reason})"),
        "retention.attempt.recorded": gettext_lazy("Win-back attempt recorded: {action}"),
        "retention.attempt.outcome_set": _outcome_set,
        "retention.reason.created": gettext_lazy("Reason for leaving added: {name}"),
        "retention.reason.changed": gettext_lazy("Reason for leaving changed: {name}"),
    }
)
