from django.utils.translation import gettext_lazy as _

from prima.activity.registry import register

register(
    {
        "accounts.organisation.created": _("Organisation {name} created"),
        "accounts.unit.created": _("Service unit {name} created"),
        "accounts.role.granted": _("Role {role} granted to {user}"),
        "accounts.user.language_changed": _("Language changed to {language}"),
        "accounts.user.logged_in": _("Signed in"),
    }
)
