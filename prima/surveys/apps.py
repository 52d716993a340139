from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "prima.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from prima.surveys import activity, metrics  # noqa: F401  (register display strings and metrics)
