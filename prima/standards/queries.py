"""Reading services, standards and charters: scoped to the reader's units for staff, published-only for
the public. ``standard_in_force`` is the one answer to "which version applied at that moment"."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from prima.accounts.models import ServiceUnit, User
from prima.accounts.queries import units_visible_to, visible_unit_ids
from prima.standards.components import SERVICE_DELIVERY_CODES
from prima.standards.models import (
    OPEN_STATUSES,
    Service,
    ServiceCharter,
    ServiceStandard,
    StandardComponent,
    StandardStatus,
)
from prima.standards.rules import may_edit_standards

# Ids in URLs beyond what a database integer holds (SQLite raises OverflowError) simply match nothing.
MAX_ID = 2**63 - 1


def _in_range(pk: int) -> bool:
    return 0 < pk <= MAX_ID


def _by_name(services: QuerySet[Service]) -> QuerySet[Service]:
    """Order by the name in the active language, falling back to Indonesian like ``localized`` does."""
    language = (get_language() or "id").split("-")[0]
    return services.order_by(
        "unit__path", Coalesce(NullIf(KT(f"name__{language}"), Value("")), KT("name__id")).asc(nulls_last=True), "code"
    )


# --- staff ----------------------------------------------------------------------------------------


def services_visible_to(user: User | AnonymousUser) -> QuerySet[Service]:
    """Services of the units the user may see, archived ones included."""
    return Service.objects.filter(unit_id__in=visible_unit_ids(user))


def catalogue_for(user: User | AnonymousUser, *, include_archived: bool = False) -> QuerySet[Service]:
    """The catalogue page: one query whatever its length, each row annotated with its published version
    (``published_version``, ``published_effective_from``) and its open one (``open_version``,
    ``open_status``)."""
    services = services_visible_to(user)
    if not include_archived:
        services = services.filter(is_active=True)
    published = ServiceStandard.objects.filter(service=OuterRef("pk"), status=StandardStatus.PUBLISHED)
    open_version = ServiceStandard.objects.filter(service=OuterRef("pk"), status__in=OPEN_STATUSES)
    return _by_name(
        services.select_related("unit").annotate(
            published_version=Subquery(published.values("version")[:1]),
            published_effective_from=Subquery(published.values("effective_from")[:1]),
            open_version=Subquery(open_version.values("version")[:1]),
            open_status=Subquery(open_version.values("status")[:1]),
        )
    )


def service_for(user: User | AnonymousUser, pk: int) -> Service:
    """One service the user may see, or ``Service.DoesNotExist`` (a 404 for views)."""
    if not _in_range(pk):
        raise Service.DoesNotExist
    return services_visible_to(user).select_related("unit").get(pk=pk)


def versions_of(service: Service) -> QuerySet[ServiceStandard]:
    """Every version of a service's standard, newest first, with the people who acted on it."""
    return service.standards.select_related("created_by", "approved_by", "published_by").order_by("-version")


def standard_for(user: User | AnonymousUser, pk: int) -> ServiceStandard:
    """One standard version the user may see, with its service, unit, people and components."""
    if not _in_range(pk):
        raise ServiceStandard.DoesNotExist
    return (
        ServiceStandard.objects.filter(service__unit_id__in=visible_unit_ids(user))
        .select_related("service__unit", "created_by", "approved_by", "published_by", "based_on")
        .prefetch_related(Prefetch("components", queryset=StandardComponent.objects.order_by("position")))
        .get(pk=pk)
    )


def previous_version_of(standard: ServiceStandard) -> ServiceStandard | None:
    """The version this one was drafted from (or the one numbered before it), with its components."""
    return (
        ServiceStandard.objects.filter(service_id=standard.service_id, version__lt=standard.version)
        .prefetch_related(Prefetch("components", queryset=StandardComponent.objects.order_by("position")))
        .order_by("-version")
        .first()
    )


def charters_of(unit: ServiceUnit) -> QuerySet[ServiceCharter]:
    return ServiceCharter.objects.filter(unit=unit).select_related("published_by").order_by("-version")


# --- for other apps (requests, SLA) -------------------------------------------------------------------


def standard_in_force(service: Service | int, at: datetime | None = None) -> ServiceStandard | None:
    """The version of ``service``'s standard that was published and not yet superseded at ``at`` (default:
    now), with its components; ``None`` when none was. A request records this version when it is served.
    """
    at = at or timezone.now()
    service_id = service.pk if isinstance(service, Service) else service
    if not _in_range(service_id):
        return None
    return (
        ServiceStandard.objects.filter(service_id=service_id, published_at__lte=at)
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=at))
        .prefetch_related(Prefetch("components", queryset=StandardComponent.objects.order_by("position")))
        .order_by("-published_at")
        .first()
    )


# --- public ---------------------------------------------------------------------------------------


def public_unit(unit_id: int) -> ServiceUnit | None:
    if not _in_range(unit_id):
        return None
    return ServiceUnit.objects.filter(pk=unit_id, is_active=True).first()


def published_services_of(unit: ServiceUnit) -> QuerySet[Service]:
    """The unit's active services that have a published standard, each annotated with ``published_pk``,
    ``published_version`` and ``published_effective_from``."""
    published = ServiceStandard.objects.filter(service=OuterRef("pk"), status=StandardStatus.PUBLISHED)
    return _by_name(
        Service.objects.filter(unit=unit, is_active=True)
        .filter(Exists(published))
        .annotate(
            published_pk=Subquery(published.values("pk")[:1]),
            published_version=Subquery(published.values("version")[:1]),
            published_effective_from=Subquery(published.values("effective_from")[:1]),
        )
    )


def public_standard(service_id: int) -> ServiceStandard | None:
    """The published version of an active service of an active unit, with only its six service-delivery
    components: the management components never leave the organisation."""
    if not _in_range(service_id):
        return None
    return (
        ServiceStandard.objects.filter(
            service_id=service_id,
            status=StandardStatus.PUBLISHED,
            service__is_active=True,
            service__unit__is_active=True,
        )
        .select_related("service__unit")
        .prefetch_related(
            Prefetch(
                "components",
                queryset=StandardComponent.objects.filter(code__in=SERVICE_DELIVERY_CODES).order_by("position"),
            )
        )
        .first()
    )


def charter_in_force(unit: ServiceUnit) -> ServiceCharter | None:
    """The unit's current service charter (maklumat pelayanan), if it has published one."""
    return ServiceCharter.objects.filter(unit=unit, superseded_at__isnull=True).first()


def units_editable_by(user: User | AnonymousUser) -> QuerySet[ServiceUnit]:
    """Units in which the user may add services and write drafts (for the "unit" choice on forms)."""
    if not isinstance(user, User):
        return ServiceUnit.objects.none()
    visible = list(units_visible_to(user).filter(is_active=True))
    return ServiceUnit.objects.filter(pk__in=[unit.pk for unit in visible if may_edit_standards(user, unit)])


def units_with_published_standards() -> QuerySet[ServiceUnit]:
    """Active units that publish at least one standard: the public index."""
    published = ServiceStandard.objects.filter(
        service__unit=OuterRef("pk"), service__is_active=True, status=StandardStatus.PUBLISHED
    )
    return ServiceUnit.objects.filter(is_active=True).filter(Exists(published)).order_by("path")
