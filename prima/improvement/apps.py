from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "prima.improvement"
    verbose_name = _("Quality improvement")
