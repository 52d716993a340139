"""Display strings for the surveys app's activity log entries (placeholders come from the log's data)."""

from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "surveys.survey.created": _("Survey {name} created from the {template} template"),
        "surveys.survey.status_changed": _("Status of survey {name} changed to {status}"),
        "surveys.instrument.versioned": _("Questionnaire of survey {name} changed (version {version})"),
        "surveys.responses.imported": _("{rows} paper responses imported into survey {name}"),
        "surveys.survey.settings_changed": _("Population and period of survey {name} changed"),
    }
)
