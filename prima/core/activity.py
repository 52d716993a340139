from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        # Written by the queue health check and its tests: proves a worker picked a task up.
        "core.queue.ping": _("Background worker answered ({note})"),
    }
)
