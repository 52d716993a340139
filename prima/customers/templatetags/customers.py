from django import template

from prima.customers.contacts import display_phone
from prima.customers.models import Contact, ContactKind

register = template.Library()


@register.filter
def contact_value(contact: Contact) -> str:
    """A contact as people write it: phone and WhatsApp numbers in the national form (0812-3456-7890)."""
    if contact.kind in (ContactKind.PHONE, ContactKind.WHATSAPP):
        return display_phone(contact.value)
    return contact.value
