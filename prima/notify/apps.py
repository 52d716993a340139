from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "prima.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from prima.notify import activity  # noqa: F401  (registers display strings)
