from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "prima.improvement"
    verbose_name = _("Quality improvement")

    def ready(self) -> None:
        from prima.improvement import activity, metrics  # noqa: F401  (register display strings and metrics)
