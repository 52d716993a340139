from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register
from prima.notify.models import InboundReason, InboundStatus


def _label(choices: type[InboundReason] | type[InboundStatus], value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "…")


def _inbound_failed(data: Mapping[str, Any]) -> str:
    return gettext("Inbound e-mail “%(subject)s” from %(sender)s could not be processed: %(reason)s") % {
        "subject": data.get("subject", "…"),
        "sender": data.get("sender", "…"),
        "reason": _label(InboundReason, data.get("reason")),
    }


def _inbound_processed_again(data: Mapping[str, Any]) -> str:
    return gettext("Inbound e-mail “%(subject)s” from %(sender)s processed again: %(status)s") % {
        "subject": data.get("subject", "…"),
        "sender": data.get("sender", "…"),
        "status": _label(InboundStatus, data.get("status")),
    }


register(
    {
        "notify.email.sent": _("E-mail “{subject}” sent to {to}"),
        "notify.email.failed": _("E-mail “{subject}” to {to} could not be delivered: {error}"),
        "notify.email.retry_requested": _("Another delivery attempt requested for e-mail “{subject}” to {to}"),
        "notify.inbound.failed": _inbound_failed,
        "notify.inbound.processed_again": _inbound_processed_again,
    }
)
