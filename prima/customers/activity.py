from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.customers.models import ConsentPurpose


def _purpose_label(data: Mapping[str, Any]) -> str:
    code = data.get("purpose", "")
    return str(ConsentPurpose(code).label) if code in ConsentPurpose.values else str(code)


register(
    {
        "customers.customer.created": gettext_lazy("Customer {name} registered"),
        "customers.customer.updated": gettext_lazy("Customer details changed ({fields})"),
        "customers.contact.added": gettext_lazy("Contact added: {value}"),
        "customers.contact.removed": gettext_lazy("Contact removed: {value}"),
        "customers.consent.given": lambda data: _("Consent given for: %(purpose)s") % {"purpose": _purpose_label(data)},
        "customers.consent.withdrawn": lambda data: (
            _("Consent withdrawn for: %(purpose)s") % {"purpose": _purpose_label(data)}
        ),
    }
)
