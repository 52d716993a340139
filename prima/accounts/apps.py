from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "prima.accounts"
    verbose_name = _("Accounts and service units")

    def ready(self) -> None:
        from prima.accounts import activity  # noqa: F401  (registers display strings)
