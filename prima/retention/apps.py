from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "prima.retention"
    verbose_name = _("Lost-customer analysis")

    def ready(self) -> None:
        from prima.retention import activity, metrics  # noqa: F401  (register display strings and metrics)
