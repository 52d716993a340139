from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "prima.compliance"
    verbose_name = _("Compliance monitoring")

    def ready(self) -> None:
        from prima.compliance import activity, metrics  # noqa: F401  (register display strings and metrics)
