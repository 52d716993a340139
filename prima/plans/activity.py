"""Display strings for the plans app's activity log entries (placeholders come from the log's data)."""

from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "plans.plan.created": _("Improvement plan “{title}” created"),
        "plans.item.added": _("Item “{item}” added to the plan “{plan}”"),
        "plans.plan.published": _("Improvement plan “{title}” published to {notified} staff"),
        "plans.plan.closed": _("Improvement plan “{title}” closed"),
        "plans.plan.acknowledged": _("Improvement plan “{title}” acknowledged"),
        "plans.call.raised": _("Staff asked for proposals: “{question}”"),
        "plans.call.closed": _("Call for proposals “{question}” closed"),
        "plans.idea.proposed": _("Idea “{title}” proposed"),
        "plans.idea.voted": _("Vote given to the idea “{title}”"),
        "plans.idea.unvoted": _("Vote withdrawn from the idea “{title}”"),
        "plans.idea.commented": _("Comment on the idea “{title}”"),
        "plans.idea.accepted": _("Idea “{title}” by {author} accepted into the plan “{plan}”"),
        "plans.idea.declined": _("Idea “{title}” declined"),
        "plans.schedule.set": _("Management reviews scheduled ({frequency})"),
        "plans.review.opened": _("Management review {review} opened; review pack assembled"),
        "plans.review.refreshed": _("Review pack of {review} refreshed"),
        "plans.review.minuted": _("Minutes and {attendees} attendees recorded"),
        "plans.review.decided": _("Review decision: {decision}"),
        "plans.review.closed": _("Management review {review} closed"),
        "plans.recognition.given": _("Recognition given to {recipient}"),
    }
)
