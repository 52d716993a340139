from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.models import Role
from prima.activity.registry import register


def _role_granted(data: Mapping[str, Any]) -> str:
    code = data.get("role", "")
    role = str(Role(code).label) if code in Role.values else str(code)
    return _("Role {role} granted to {user}").format(role=role, user=data.get("user", "…"))


def _language_changed(data: Mapping[str, Any]) -> str:
    code = data.get("language", "")
    language = str(dict(settings.LANGUAGES).get(code, code))
    return _("Language changed to {language}").format(language=language)


register(
    {
        "accounts.organisation.created": gettext_lazy("Organisation {name} created"),
        "accounts.unit.created": gettext_lazy("Service unit {name} created"),
        "accounts.role.granted": _role_granted,
        "accounts.user.language_changed": _language_changed,
        "accounts.user.logged_in": gettext_lazy("Signed in"),
    }
)
