"""Write operations on organisations, units and memberships. Each logs what it changed."""

from __future__ import annotations

from django.db import transaction

from prima.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    ServiceUnit,
    TimeZone,
    User,
)
from prima.accounts.queries import forget_cached_access
from prima.activity.services import log_action


def create_organisation(name: str, *, kind: str = OrganisationKind.PUBLIC_SERVICE, actor: User | None) -> Organisation:
    """Create an organisation. Side effects: activity log ``accounts.organisation.created``."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind)
        log_action("accounts.organisation.created", actor=actor, obj=organisation, data={"name": name})
    return organisation


def create_service_unit(
    organisation: Organisation,
    *,
    name: str,
    code: str,
    parent: ServiceUnit | None = None,
    time_zone: str = TimeZone.WIB,
    address: str = "",
    email: str = "",
    phone: str = "",
    actor: User | None,
) -> ServiceUnit:
    """Create a unit under ``parent`` (or at the top) and give it its materialised path.

    Side effects: activity log ``accounts.unit.created``.
    """
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValueError("A unit's parent must belong to the same organisation.")
    with transaction.atomic():
        unit = ServiceUnit.objects.create(
            organisation=organisation,
            parent=parent,
            name=name,
            code=code,
            time_zone=time_zone,
            address=address,
            email=email,
            phone=phone,
        )
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        log_action("accounts.unit.created", actor=actor, obj=unit, unit=unit, data={"name": name})
    return unit


def grant_role(user: User, *, unit: ServiceUnit, role: Role, actor: User | None) -> Membership:
    """Give ``user`` a role in ``unit`` (idempotent). Side effects: activity log ``accounts.role.granted``."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if created:
            forget_cached_access(user)
            log_action(
                "accounts.role.granted",
                actor=actor,
                obj=user,
                unit=unit,
                data={"role": str(role), "user": user.email},
            )
    return membership


def set_user_language(user: User, *, language: str, actor: User) -> None:
    """Record the staff member's language; every page and e-mail to them uses it."""
    user.language = language
    user.save(update_fields=["language"])
    log_action("accounts.user.language_changed", actor=actor, obj=user, data={"language": language})
