from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.activity.registry import register
from prima.customers.models import ConsentPurpose, Customer


def _purpose_label(data: Mapping[str, Any]) -> str:
    code = data.get("purpose", "")
    return str(ConsentPurpose(code).label) if code in ConsentPurpose.values else str(code)


def _field_labels(data: Mapping[str, Any]) -> str:
    """The changed fields by their names in the reader's language ("name, city / regency")."""
    labels = []
    for name in str(data.get("fields", "")).split(","):
        name = name.strip()
        try:
            field = Customer._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name)
        else:
            labels.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(label for label in labels if label)


register(
    {
        "customers.customer.created": gettext_lazy("Customer {name} registered"),
        "customers.customer.updated": lambda data: _("Customer details changed ({fields})").format(
            fields=_field_labels(data)
        ),
        "customers.contact.added": gettext_lazy("Contact added: {value}"),
        "customers.contact.removed": gettext_lazy("Contact removed: {value}"),
        "customers.consent.given": lambda data: _("Consent given for: %(purpose)s") % {"purpose": _purpose_label(data)},
        "customers.consent.withdrawn": lambda data: (
            _("Consent withdrawn for: %(purpose)s") % {"purpose": _purpose_label(data)}
        ),
    }
)
