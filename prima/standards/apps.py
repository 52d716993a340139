from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "prima.standards"
    verbose_name = _("Service standards")

    def ready(self) -> None:
        from prima.standards import activity  # noqa: F401  (registers display strings)
