"""Display strings for the compliance app's activity log entries (placeholders come from the log's data)."""

from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "compliance.checklist.created": _("Audit checklist “{name}” created with {items} items"),
        "compliance.checklist.item_added": _("Item added to audit checklist “{name}”: {text}"),
        "compliance.audit.started": _("SOP audit “{checklist}” of {unit} on {date} started"),
        "compliance.audit.item_recorded": _("Result of item {position} of the SOP audit “{checklist}” recorded"),
        "compliance.audit.completed": _("SOP audit “{checklist}” of {unit} on {date} completed with score {score}"),
    }
)
