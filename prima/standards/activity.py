"""Display strings for the standards app's activity log entries (placeholders come from the log's data)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.standards.components import COMPONENTS_BY_CODE
from prima.standards.i18n import localized


def _component_titles(codes: str) -> str:
    """Component codes ("fee,time_limit") as titles in the reader's language."""
    specs = [COMPONENTS_BY_CODE.get(code.strip()) for code in codes.split(",")]
    return "; ".join(localized(spec.title) for spec in specs if spec is not None)


def _draft_updated(data: Mapping[str, Any]) -> str:
    values = {"version": data.get("version", "…"), "service": data.get("service", "…")}
    if data.get("components"):
        return _("Draft version %(version)s of %(service)s edited: %(components)s") % {
            **values,
            "components": _component_titles(str(data["components"])),
        }
    return _("Change note of draft version %(version)s of %(service)s edited") % values


register(
    {
        "standards.service.created": gettext_lazy("Service {service} added to the catalogue"),
        "standards.service.updated": gettext_lazy("Name or description of service {service} changed"),
        "standards.service.archived": gettext_lazy("Service {service} archived"),
        "standards.standard.drafted": gettext_lazy("Draft version {version} of the standard for {service} started"),
        "standards.standard.updated": _draft_updated,
        "standards.standard.approved": gettext_lazy("Version {version} of the standard for {service} approved"),
        "standards.standard.returned_to_draft": gettext_lazy(
            "Approval of version {version} of {service} withdrawn; back to draft"
        ),
        "standards.standard.published": gettext_lazy(
            "Version {version} of the standard for {service} published, effective {effective_from}"
        ),
        "standards.charter.published": gettext_lazy("Service charter version {version} of {unit} published"),
    }
)
