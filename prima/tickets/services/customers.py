"""Finding or registering the customer behind a (non-anonymous) request, through prima.customers."""

from __future__ import annotations

from django.db.models import Q

from prima.accounts.models import ServiceUnit, User
from prima.customers.models import ContactKind, Customer
from prima.customers.services import ContactInput, create_customer


def link_customer(unit: ServiceUnit, *, name: str, email: str, phone: str, actor: User | None) -> Customer | None:
    """The organisation's customer with this e-mail address, else with this phone (or WhatsApp) number; the
    oldest wins when several share one. Without a match a customer is created — but only when there is an
    e-mail or phone, since a bare name would create a new duplicate on every visit. The unit is added to the
    customer's units so its staff find them. Values must already be normalised. Runs inside a transaction.

    Side effects: possibly ``customers.customer.created`` and ``customers.contact.added`` activity.
    """
    if not (email or phone):
        return None
    in_organisation = Customer.objects.filter(organisation_id=unit.organisation_id)
    matches = []
    if email:
        matches.append(Q(contacts__kind=ContactKind.EMAIL, contacts__value=email))
    if phone:
        matches.append(Q(contacts__kind__in=[ContactKind.PHONE, ContactKind.WHATSAPP], contacts__value=phone))
    for match in matches:
        customer = in_organisation.filter(match).order_by("pk").first()
        if customer is not None:
            customer.units.add(unit)
            return customer
    contacts = []
    if email:
        contacts.append(ContactInput(kind=ContactKind.EMAIL, value=email, is_primary=True))
    if phone:
        contacts.append(ContactInput(kind=ContactKind.PHONE, value=phone, is_primary=True))
    return create_customer(unit.organisation, name=name, units=[unit], contacts=contacts, actor=actor)
