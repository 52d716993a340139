from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyCollectionConfig(AppConfig):
    """Collecting answers: public link and kiosk, invitations after service, campaigns."""

    name = "prima.surveys.collection"
    label = "survey_collection"
    verbose_name = _("Survey collection")

    def ready(self) -> None:
        from prima.surveys.collection import activity  # noqa: F401  (register display strings)
