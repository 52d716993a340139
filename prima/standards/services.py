"""Write operations on the service catalogue, standards and charters: one function per operation.

Each validates (raising ``ValidationError`` or ``PermissionDenied`` with a message for people), changes
the database in one transaction, and records what it did in the activity log inside that transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.models import ServiceUnit, User
from prima.activity.services import log_action
from prima.standards.components import (
    COMPONENTS,
    COMPONENTS_BY_CODE,
    POSITION,
)
from prima.standards.errors import invalid
from prima.standards.i18n import clean_i18n_text, localized
from prima.standards.models import (
    Service,
    ServiceCharter,
    ServiceStandard,
    StandardComponent,
    StandardStatus,
)
from prima.standards.rules import may_approve_standards, may_edit_standards
from prima.standards.validation import (
    MAX_CHANGE_NOTE_LENGTH,
    MAX_CHARTER_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_SIGNATORY_LENGTH,
    ComponentInput,
    clean_component,
    clean_plain_text,
)

# Refusals of the leaders' acts; full sentences so that translators see each one whole.
LEADER_ONLY_APPROVE = gettext_lazy(
    "Only a leader (pimpinan) of %(unit)s or of a unit above it may approve its service standards."
)
LEADER_ONLY_WITHDRAW = gettext_lazy(
    "Only a leader (pimpinan) of %(unit)s or of a unit above it may withdraw the approval of its service standards."
)
LEADER_ONLY_PUBLISH = gettext_lazy(
    "Only a leader (pimpinan) of %(unit)s or of a unit above it may publish its service standards."
)
LEADER_ONLY_ARCHIVE = gettext_lazy(
    "Only a leader (pimpinan) of %(unit)s or of a unit above it may archive its services."
)
LEADER_ONLY_CHARTER = gettext_lazy(
    "Only a leader (pimpinan) of %(unit)s or of a unit above it may publish its service charter."
)


# --- checks ---------------------------------------------------------------------------------------


def _require_editor(actor: User, unit: ServiceUnit) -> None:
    if not may_edit_standards(actor, unit):
        raise PermissionDenied(
            _("Only a leader, supervisor or administrator of %(unit)s may change its services and drafts.")
            % {"unit": unit.name}
        )


def _require_leader(actor: User, unit: ServiceUnit, message: str | Promise) -> None:
    """``message`` names the unit as ``%(unit)s``: each act has its own full sentence for translators."""
    if not may_approve_standards(actor, unit):
        raise PermissionDenied(str(message) % {"unit": unit.name})


def _require_active(service: Service) -> None:
    if not service.is_active or not service.unit.is_active:
        raise invalid(_("This service is archived; its standards can no longer change."), "archived")


def _require_transition(standard: ServiceStandard, target: StandardStatus) -> None:
    if not standard.can_become(target):
        message = _("Version %(version)s is %(status)s and cannot become %(target)s.") % {
            "version": standard.version,
            "status": standard.get_status_display().lower(),
            "target": target.label.lower(),
        }
        raise invalid(message, "wrong_status")


def _lock_unchanged(standard: ServiceStandard) -> None:
    """Lock the version's row for the rest of the transaction and make sure nobody moved it on meanwhile,
    so that an edit and an approval (or two approvals) of the same version happen one after the other."""
    current = (
        ServiceStandard.objects.select_for_update().filter(pk=standard.pk).values_list("status", flat=True).first()
    )
    if current != standard.status:
        raise invalid(_("Someone else changed this version meanwhile; reload the page."), "stale")


def _local_today(unit: ServiceUnit, now: datetime) -> date:
    return timezone.localtime(now, ZoneInfo(unit.time_zone)).date()


def _service_data(service: Service, **extra: Any) -> dict[str, Any]:
    return {"service": localized(service.name, "id") or service.code, "code": service.code, **extra}


# --- services -------------------------------------------------------------------------------------


def create_service(
    unit: ServiceUnit,
    *,
    code: str,
    name: Mapping[str, Any],
    description: Mapping[str, Any] | None = None,
    actor: User,
) -> Service:
    """Add a service to ``unit``'s catalogue. It has no standard yet; ``draft_standard`` starts version 1.

    Side effects: activity log ``standards.service.created``.
    """
    _require_editor(actor, unit)
    if not unit.is_active:
        raise invalid(_("This service unit is inactive."), "unit_inactive")
    code = clean_plain_text(code, key="code", max_length=40).lower()
    try:
        validate_slug(code)
    except ValidationError:
        raise invalid(_("Use letters, digits, hyphens and underscores only."), "invalid_code", "code") from None
    cleaned_name = clean_i18n_text(name, field="name", max_length=MAX_NAME_LENGTH, required=True)
    cleaned_description = clean_i18n_text(description, field="description", max_length=MAX_DESCRIPTION_LENGTH)
    with transaction.atomic():
        if Service.objects.filter(unit=unit, code=code).exists():
            message = _("This unit already has a service with code %(code)s.") % {"code": code}
            raise invalid(message, "duplicate_code", "code")
        service = Service.objects.create(unit=unit, code=code, name=cleaned_name, description=cleaned_description)
        log_action("standards.service.created", actor=actor, obj=service, unit=unit, data=_service_data(service))
    return service


def update_service(
    service: Service,
    *,
    name: Mapping[str, Any],
    description: Mapping[str, Any] | None = None,
    actor: User,
) -> Service:
    """Rename or re-describe a service. Its code stays: requests and links refer to it.

    Side effects: activity log ``standards.service.updated``.
    """
    _require_editor(actor, service.unit)
    _require_active(service)
    cleaned_name = clean_i18n_text(name, field="name", max_length=MAX_NAME_LENGTH, required=True)
    cleaned_description = clean_i18n_text(description, field="description", max_length=MAX_DESCRIPTION_LENGTH)
    with transaction.atomic():
        service.name, service.description = cleaned_name, cleaned_description
        service.save(update_fields=["name", "description"])
        log_action(
            "standards.service.updated", actor=actor, obj=service, unit=service.unit, data=_service_data(service)
        )
    return service


def draft_standard(service: Service, *, actor: User, change_note: str = "") -> ServiceStandard:
    """Start the next version of ``service``'s standard as a draft, copying the latest version's fourteen
    components (or fourteen empty ones for the first version). A service has one open version at a time.

    Side effects: activity log ``standards.standard.drafted``.
    """
    _require_editor(actor, service.unit)
    _require_active(service)
    note = clean_plain_text(change_note, key="change_note", max_length=MAX_CHANGE_NOTE_LENGTH)
    with transaction.atomic():
        # Lock the service row so that two editors cannot take the same version number.
        Service.objects.select_for_update().filter(pk=service.pk).first()
        open_version = service.standards.filter(status__in=[StandardStatus.DRAFT, StandardStatus.APPROVED]).first()
        if open_version is not None:
            message = _("Version %(version)s is still being prepared; finish or edit it instead of starting another.")
            raise invalid(message % {"version": open_version.version}, "open_version_exists")
        latest = service.standards.order_by("-version").prefetch_related("components").first()
        standard = ServiceStandard.objects.create(
            service=service,
            version=(latest.version + 1) if latest is not None else 1,
            based_on=latest,
            change_note=note,
            created_by=actor,
        )
        previous = {component.code: component for component in latest.components.all()} if latest else {}
        StandardComponent.objects.bulk_create(
            [_copy_component(standard, spec.code, previous.get(spec.code)) for spec in COMPONENTS]
        )
        log_action(
            "standards.standard.drafted",
            actor=actor,
            obj=standard,
            unit=service.unit,
            data=_service_data(service, version=standard.version),
        )
    return standard


def _copy_component(standard: ServiceStandard, code: str, source: StandardComponent | None) -> StandardComponent:
    if source is None:
        return StandardComponent(standard=standard, code=code, position=POSITION[code])
    return StandardComponent(
        standard=standard,
        code=code,
        position=POSITION[code],
        text=dict(source.text),
        amount=source.amount,
        duration_value=source.duration_value,
        duration_unit=source.duration_unit,
    )


def _save_component(component: StandardComponent, values: Mapping[str, Any]) -> bool:
    changed = [name for name, value in values.items() if getattr(component, name) != value]
    for name in changed:
        setattr(component, name, values[name])
    if changed:
        component.save(update_fields=changed)
    return bool(changed)


def _require_editable_draft(standard: ServiceStandard, actor: User) -> None:
    _require_editor(actor, standard.service.unit)
    _require_active(standard.service)
    if not standard.is_editable:
        message = _("Version %(version)s is %(status)s; only a draft can be edited.")
        status = standard.get_status_display().lower()
        raise invalid(message % {"version": standard.version, "status": status}, "not_a_draft")


def update_component(component: StandardComponent, data: ComponentInput, *, actor: User) -> StandardComponent:
    """Change one component of a draft.

    Side effects: activity log ``standards.component.updated`` when something changed.
    """
    standard = component.standard
    _require_editable_draft(standard, actor)
    values = clean_component(component.code, data)
    with transaction.atomic():
        _lock_unchanged(standard)
        if _save_component(component, values):
            log_action(
                "standards.standard.updated",
                actor=actor,
                obj=standard,
                unit=standard.service.unit,
                data=_service_data(standard.service, version=standard.version, components=component.code),
            )
    return component


def update_draft(
    standard: ServiceStandard,
    *,
    components: Mapping[str, ComponentInput],
    change_note: str | None = None,
    actor: User,
) -> list[str]:
    """Save the draft editor: any of the fourteen components (by code) and the change note, all or nothing.

    Returns the codes of the components that changed. Side effects: activity log
    ``standards.standard.updated`` when something changed.
    """
    _require_editable_draft(standard, actor)
    unknown = sorted(set(components) - set(COMPONENTS_BY_CODE))
    if unknown:
        raise invalid(_("Unknown components: %(codes)s.") % {"codes": ", ".join(unknown)}, "unknown_component")
    cleaned = {code: clean_component(code, data) for code, data in components.items()}
    note = (
        None
        if change_note is None
        else clean_plain_text(change_note, key="change_note", max_length=MAX_CHANGE_NOTE_LENGTH)
    )
    with transaction.atomic():
        _lock_unchanged(standard)
        changed = [
            component.code
            for component in standard.components.filter(code__in=list(cleaned))
            if _save_component(component, cleaned[component.code])
        ]
        note_changed = note is not None and note != standard.change_note
        if note_changed:
            standard.change_note = note or ""
            standard.save(update_fields=["change_note"])
        if changed or note_changed:
            changed.sort(key=POSITION.__getitem__)
            log_action(
                "standards.standard.updated",
                actor=actor,
                obj=standard,
                unit=standard.service.unit,
                data=_service_data(
                    standard.service,
                    version=standard.version,
                    components=",".join(changed),
                ),
            )
    return changed


def approve_standard(standard: ServiceStandard, *, actor: User) -> ServiceStandard:
    """Approve a complete draft (penetapan): only a leader of the unit or of a unit above it.

    Side effects: activity log ``standards.standard.approved``.
    """
    service = standard.service
    _require_leader(actor, service.unit, LEADER_ONLY_APPROVE)
    _require_active(service)
    _require_transition(standard, StandardStatus.APPROVED)
    with transaction.atomic():
        _lock_unchanged(standard)
        components = list(StandardComponent.objects.filter(standard=standard).order_by("position"))
        if len(components) != len(COMPONENTS):
            raise invalid(_("This version does not have all fourteen components."), "incomplete")
        missing = [component.title for component in components if not component.is_complete()]
        if missing:
            message = _("Fill in every component before approval. Still empty: %(components)s.")
            raise invalid(message % {"components": "; ".join(missing)}, "incomplete")
        standard.status = StandardStatus.APPROVED
        standard.approved_by, standard.approved_at = actor, timezone.now()
        standard.save(update_fields=["status", "approved_by", "approved_at"])
        log_action(
            "standards.standard.approved",
            actor=actor,
            obj=standard,
            unit=service.unit,
            data=_service_data(service, version=standard.version),
        )
    return standard


def return_to_draft(standard: ServiceStandard, *, actor: User) -> ServiceStandard:
    """Withdraw the approval of a version not yet published, so it can be edited again.

    Side effects: activity log ``standards.standard.returned_to_draft``.
    """
    service = standard.service
    _require_leader(actor, service.unit, LEADER_ONLY_WITHDRAW)
    _require_active(service)
    _require_transition(standard, StandardStatus.DRAFT)
    with transaction.atomic():
        _lock_unchanged(standard)
        standard.status = StandardStatus.DRAFT
        standard.approved_by, standard.approved_at = None, None
        standard.save(update_fields=["status", "approved_by", "approved_at"])
        log_action(
            "standards.standard.returned_to_draft",
            actor=actor,
            obj=standard,
            unit=service.unit,
            data=_service_data(service, version=standard.version),
        )
    return standard


def publish_standard(standard: ServiceStandard, *, actor: User, effective_from: date | None = None) -> ServiceStandard:
    """Publish an approved version; the version published before it becomes superseded at the same instant,
    so exactly one version is in force at any moment.

    ``effective_from`` is the date stated in the decree (default: today in the unit's time zone); it may
    not lie in the future nor before the previous version's. Side effects: activity log
    ``standards.standard.published``.
    """
    service = standard.service
    _require_leader(actor, service.unit, LEADER_ONLY_PUBLISH)
    _require_active(service)
    _require_transition(standard, StandardStatus.PUBLISHED)
    now = timezone.now()
    today = _local_today(service.unit, now)
    effective = effective_from or today
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise invalid(_("Enter a date."), "invalid_date", "effective_from")
    if effective > today:
        message = _("The effective date cannot be in the future; publish on that day instead.")
        raise invalid(message, "effective_in_future", "effective_from")
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        _lock_unchanged(standard)
        current = service.standards.filter(status=StandardStatus.PUBLISHED).first()
        if current is not None and current.effective_from is not None and effective < current.effective_from:
            message = _("The effective date cannot be before that of version %(version)s (%(date)s).") % {
                "version": current.version,
                "date": current.effective_from.isoformat(),
            }
            raise invalid(message, "effective_before_previous", "effective_from")
        if current is not None:
            # Supersede first: the partial unique constraint allows one published version per service.
            current.status, current.superseded_at = StandardStatus.SUPERSEDED, now
            current.save(update_fields=["status", "superseded_at"])
        standard.status = StandardStatus.PUBLISHED
        standard.published_by, standard.published_at, standard.effective_from = actor, now, effective
        standard.save(update_fields=["status", "published_by", "published_at", "effective_from"])
        log_action(
            "standards.standard.published",
            actor=actor,
            obj=standard,
            unit=service.unit,
            data=_service_data(
                service,
                version=standard.version,
                effective_from=effective.isoformat(),
                superseded_version=current.version if current is not None else "",
            ),
        )
    return standard


def archive_service(service: Service, *, actor: User) -> Service:
    """Take a service out of the catalogue: it disappears from the public pages and its published version
    stops being in force (it stays readable, marked superseded). Past requests keep their version.

    Side effects: activity log ``standards.service.archived``.
    """
    _require_leader(actor, service.unit, LEADER_ONLY_ARCHIVE)
    if not service.is_active:
        raise invalid(_("This service is already archived."), "archived")
    with transaction.atomic():
        now = timezone.now()
        withdrawn = service.standards.filter(status=StandardStatus.PUBLISHED).first()
        if withdrawn is not None:
            withdrawn.status, withdrawn.superseded_at = StandardStatus.SUPERSEDED, now
            withdrawn.save(update_fields=["status", "superseded_at"])
        service.is_active = False
        service.save(update_fields=["is_active"])
        log_action(
            "standards.service.archived",
            actor=actor,
            obj=service,
            unit=service.unit,
            data=_service_data(service, withdrawn_version=withdrawn.version if withdrawn else ""),
        )
    return service


def publish_charter(
    unit: ServiceUnit,
    *,
    text: Mapping[str, Any],
    signatory: str = "",
    actor: User,
) -> ServiceCharter:
    """Publish a new version of the unit's service charter (maklumat pelayanan); the previous one ends now.

    Side effects: activity log ``standards.charter.published``.
    """
    _require_leader(actor, unit, LEADER_ONLY_CHARTER)
    if not unit.is_active:
        raise invalid(_("This service unit is inactive."), "unit_inactive")
    cleaned = clean_i18n_text(text, field="text", max_length=MAX_CHARTER_LENGTH, required=True)
    signed_by = clean_plain_text(signatory, key="signatory", max_length=MAX_SIGNATORY_LENGTH)
    with transaction.atomic():
        ServiceUnit.objects.select_for_update().filter(pk=unit.pk).first()
        now = timezone.now()
        latest = ServiceCharter.objects.filter(unit=unit).aggregate(latest=Max("version"))["latest"] or 0
        ServiceCharter.objects.filter(unit=unit, superseded_at__isnull=True).update(superseded_at=now)
        charter = ServiceCharter.objects.create(
            unit=unit,
            version=latest + 1,
            text=cleaned,
            signatory=signed_by,
            published_by=actor,
            published_at=now,
        )
        log_action(
            "standards.charter.published",
            actor=actor,
            obj=charter,
            unit=unit,
            data={"unit": unit.name, "version": charter.version},
        )
    return charter
