"""The write path of survey collection: public answers, invitations after service, campaigns."""

from prima.surveys.collection.services.campaigns import (
    campaign_progress,
    close_campaign,
    create_campaign,
    launch_campaign,
    send_campaign_reminders,
)
from prima.surveys.collection.services.invitations import (
    answer_invitation,
    handle_request_status_change,
    invalidate_request_invitations,
    invitation_by_token,
    invitation_state,
    invite_after_resolution,
    set_invitation_settings,
)
from prima.surveys.collection.services.public import submit_public_answers

__all__ = [
    "answer_invitation",
    "campaign_progress",
    "close_campaign",
    "create_campaign",
    "handle_request_status_change",
    "invalidate_request_invitations",
    "invitation_by_token",
    "invitation_state",
    "invite_after_resolution",
    "launch_campaign",
    "send_campaign_reminders",
    "set_invitation_settings",
    "submit_public_answers",
]
