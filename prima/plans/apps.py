from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "prima.plans"
    verbose_name = _("Improvement plans and management reviews")

    def ready(self) -> None:
        from prima.plans import activity, metrics  # noqa: F401  (register display strings and metrics)
