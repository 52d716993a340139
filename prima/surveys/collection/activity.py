"""Display strings for the survey collection's activity log entries (placeholders come from the log's data)."""

from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "survey_collection.invitation.sent": _("Survey invitation for {survey} sent"),
        "survey_collection.invitation.answered": _("Survey invitation for {survey} answered"),
        "survey_collection.invitation.invalidated": _("Unused survey invitations withdrawn: the request was reopened"),
        "survey_collection.survey.invitation_settings_changed": _(
            "Settings of invitations after resolved requests for {survey} changed"
        ),
        "survey_collection.campaign.created": _("Survey campaign {name} created"),
        "survey_collection.campaign.launched": _("Invitations of survey campaign {name} sent ({count})"),
        "survey_collection.campaign.closed": _("Survey campaign {name} closed"),
    }
)
