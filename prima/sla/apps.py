from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "prima.sla"
    verbose_name = _("Service-level clocks")

    def ready(self) -> None:
        from prima.sla import activity  # noqa: F401  (registers display strings)
