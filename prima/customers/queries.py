"""Reading customers, always scoped to the service units the reader may see."""

from __future__ import annotations

import contextlib

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from prima.accounts.models import User
from prima.accounts.queries import visible_unit_ids
from prima.customers.contacts import normalize_indonesian_number
from prima.customers.models import Contact, Customer, Segment


def customers_visible_to(user: User | AnonymousUser) -> QuerySet[Customer]:
    """Customers served by at least one unit the user may see."""
    served_here = Customer.units.through.objects.filter(
        customer_id=OuterRef("pk"), serviceunit_id__in=visible_unit_ids(user)
    )
    return Customer.objects.filter(Exists(served_here))


def customer_for(user: User | AnonymousUser, pk: int) -> Customer:
    """One customer the user may see, or ``Customer.DoesNotExist`` (a 404 for views).

    Its units and segments come along: the permission check and every customer page read them.
    """
    return customers_visible_to(user).prefetch_related("units", "segments").get(pk=pk)


def search_customers(customers: QuerySet[Customer], term: str) -> QuerySet[Customer]:
    """Filter by name, e-mail or phone. A phone written as 0812… also finds +62812…."""
    term = term.strip()
    if not term:
        return customers
    matches_contact = Q(value__icontains=term.lower())
    with contextlib.suppress(ValidationError):  # not a phone number: names and e-mail only
        matches_contact |= Q(value=normalize_indonesian_number(term))
    contact_hit = Contact.objects.filter(matches_contact, customer_id=OuterRef("pk"))
    return customers.filter(Q(name__icontains=term) | Exists(contact_hit))


def customer_list(user: User | AnonymousUser, *, term: str = "", segment_id: int | None = None) -> QuerySet[Customer]:
    """The customer list page: scoped, searched, with what each row shows fetched in bulk."""
    customers = search_customers(customers_visible_to(user), term)
    if segment_id is not None:
        customers = customers.filter(segments__id=segment_id)
    return customers.prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "kind", "id")),
        "units",
        "segments",
    ).order_by("name", "id")


def segments_visible_to(user: User | AnonymousUser) -> QuerySet[Segment]:
    """Segments of the organisations the user works in."""
    from prima.accounts.queries import units_visible_to

    return Segment.objects.filter(organisation__in=units_visible_to(user).values("organisation")).order_by("name")
