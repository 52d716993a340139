from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "notify.email.sent": _("E-mail “{subject}” sent to {to}"),
        "notify.email.failed": _("E-mail “{subject}” to {to} could not be delivered: {error}"),
        "notify.email.retry_requested": _("Another delivery attempt requested for e-mail “{subject}” to {to}"),
    }
)
