"""Who belongs where, and which service units a user may see. Every scoped query in Prima starts here."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from prima.accounts.models import Membership, Role, ServiceUnit, User

# Roles whose view reaches down the whole subtree below their unit.
SUBTREE_ROLES = frozenset({Role.LEADER, Role.ADMIN})


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships with their units, fetched once per request and cached on the user."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_prima_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, unit__is_active=True).select_related("unit"))
        user._prima_memberships = cached  # type: ignore[attr-defined]
    return cached


def forget_cached_access(user: User | AnonymousUser) -> None:
    """Drop the memberships and visible units cached on this user object, after its memberships changed."""
    for attribute in ("_prima_memberships", "_prima_visible_unit_ids"):
        user.__dict__.pop(attribute, None)


def roles_of(user: User | AnonymousUser, unit: ServiceUnit | None = None) -> set[str]:
    """The roles the user holds, in one unit (or its ancestors, for subtree roles) or anywhere."""
    roles: set[str] = set()
    for membership in memberships_of(user):
        if (
            unit is None
            or membership.unit_id == unit.pk
            or (membership.role in SUBTREE_ROLES and unit.path.startswith(membership.unit.path))
        ):
            roles.add(membership.role)
    return roles


def has_role(user: User | AnonymousUser, roles: Iterable[str], unit: ServiceUnit | None = None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, unit) & set(roles))


def units_visible_to(user: User | AnonymousUser) -> QuerySet[ServiceUnit]:
    """Units whose data the user may list: their own units, and the subtree of units they lead or administer."""
    if not user.is_authenticated:
        return ServiceUnit.objects.none()
    if user.is_superuser:
        return ServiceUnit.objects.all()
    condition = Q(pk__in=[])
    for membership in memberships_of(user):
        if membership.role in SUBTREE_ROLES:
            condition |= Q(path__startswith=membership.unit.path)
        else:
            condition |= Q(pk=membership.unit_id)
    return ServiceUnit.objects.filter(condition)


def visible_unit_ids(user: User | AnonymousUser) -> list[int]:
    """The ids of ``units_visible_to``; cached per request because nearly every page needs them."""
    cached: list[int] | None = getattr(user, "_prima_visible_unit_ids", None)
    if cached is None:
        cached = list(units_visible_to(user).values_list("pk", flat=True))
        if user.is_authenticated:
            user._prima_visible_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def unit_for(user: User | AnonymousUser, pk: int) -> ServiceUnit:
    """Fetch one unit the user may see, or raise ``ServiceUnit.DoesNotExist``."""
    return units_visible_to(user).get(pk=pk)


def staff_visible_to(user: User | AnonymousUser) -> QuerySet[User]:
    """Staff who belong to a unit the user may see."""
    return User.objects.filter(memberships__unit_id__in=visible_unit_ids(user), is_active=True).distinct()
