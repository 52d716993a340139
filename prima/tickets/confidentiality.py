"""Whose eyes may see who asked. Every output path (pages, lists, API, exports, e-mails to staff) shows the
requester through ``requester_display`` or ``requester_identity``, never by reading the fields directly.

The rule (UU 25/2009 Pasal 42: "nama dan identitas pengadu dapat dirahasiakan"; Perpres 76/2013):

* NORMAL — anyone who may see the request sees who sent it.
* CONFIDENTIAL — the identity is stored but shown only to those accountable for handling it: the request's
  owner, the supervisors of its unit, leaders and admins of the unit or a unit above it, and superusers.
  Other agents of the unit and collaborators see the request but not who sent it. The activity log never
  links a confidential request to its customer, so the customer timeline cannot reveal it either.
* ANONYMOUS — nothing identifying was stored; there is nothing to show anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from prima.accounts.models import User
from prima.tickets.access import can_view_ticket, managed_unit_ids, manages_unit
from prima.tickets.choices import Confidentiality
from prima.tickets.models import Ticket


@dataclass(frozen=True)
class RequesterIdentity:
    name: str
    email: str
    phone: str
    customer_id: int | None


def can_see_identity(user: User | AnonymousUser, ticket: Ticket) -> bool:
    """Whether ``user`` may see who sent ``ticket`` (see the module docstring for the rule)."""
    if ticket.confidentiality == Confidentiality.ANONYMOUS or not can_view_ticket(user, ticket):
        return False
    if ticket.confidentiality == Confidentiality.NORMAL:
        return True
    return user.is_superuser or ticket.owner_id == user.pk or manages_unit(user, ticket.unit)


def requester_identity(user: User | AnonymousUser, ticket: Ticket) -> RequesterIdentity | None:
    """The requester's identity for this reader, or None when it is hidden or was never stored."""
    if not can_see_identity(user, ticket):
        return None
    return RequesterIdentity(
        name=ticket.requester_name,
        email=ticket.requester_email,
        phone=ticket.requester_phone,
        customer_id=ticket.customer_id,
    )


def requester_display(user: User | AnonymousUser, ticket: Ticket) -> str:
    """The requester's name for this reader, or a translated placeholder."""
    if ticket.confidentiality == Confidentiality.ANONYMOUS:
        return _("Anonymous")
    identity = requester_identity(user, ticket)
    if identity is None:
        return _("Confidential requester")
    return identity.name or identity.email or identity.phone or _("Unnamed requester")


def identity_visible_q(user: User | AnonymousUser) -> Q:
    """The SQL twin of ``can_see_identity`` for requests the user can already see: filter a customer's request
    list or a search by requester with it, so a confidential request never shows up under a person's name."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(confidentiality=Confidentiality.NORMAL) | Q(confidentiality=Confidentiality.CONFIDENTIAL)
    return Q(confidentiality=Confidentiality.NORMAL) | (
        Q(confidentiality=Confidentiality.CONFIDENTIAL) & (Q(owner_id=user.pk) | Q(unit_id__in=managed_unit_ids(user)))
    )
