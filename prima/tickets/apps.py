from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "prima.tickets"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from prima.tickets import activity  # noqa: F401  (registers display strings)
