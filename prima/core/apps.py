from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "prima.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from prima.core import activity  # noqa: F401  (registers display strings)
