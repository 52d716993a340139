from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "prima.customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from prima.customers import activity  # noqa: F401  (registers display strings)
