"""Write operations on customers, their contacts and consents. Views, the API and demo data all call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.accounts.queries import memberships_of, visible_unit_ids
from prima.activity.services import log_action
from prima.customers.contacts import normalize_contact
from prima.customers.models import Consent, Contact, Customer, CustomerKind, Segment


@dataclass(frozen=True)
class ContactInput:
    kind: str
    value: str
    label: str = ""
    is_primary: bool = False


def _check_units(organisation: Organisation, units: Sequence[ServiceUnit]) -> None:
    if not units:
        raise ValidationError({"units": _("Choose at least one service unit that serves this customer.")})
    if any(unit.organisation_id != organisation.pk for unit in units):
        raise ValidationError({"units": _("A service unit belongs to another organisation.")})


def _check_segments(organisation: Organisation, segments: Sequence[Segment]) -> None:
    if any(segment.organisation_id != organisation.pk for segment in segments):
        raise ValidationError({"segments": _("A segment belongs to another organisation.")})


def _acting_unit(units: Iterable[ServiceUnit], actor: User | None) -> ServiceUnit | None:
    """The unit a change to a customer served by ``units`` is logged under, so that it shows in the audit trail
    of the actor's own unit: one the actor belongs to, else one the actor may see, else the first."""
    unit_list = list(units)
    if actor is not None:
        own = {membership.unit_id for membership in memberships_of(actor)}
        visible = set(visible_unit_ids(actor))
        for candidates in (own, visible):
            for unit in unit_list:
                if unit.pk in candidates:
                    return unit
    return unit_list[0] if unit_list else None


def create_customer(
    organisation: Organisation,
    *,
    name: str,
    units: Sequence[ServiceUnit],
    kind: str = CustomerKind.PERSON,
    address: str = "",
    city: str = "",
    notes: str = "",
    segments: Iterable[Segment] = (),
    contacts: Iterable[ContactInput] = (),
    actor: User | None,
) -> Customer:
    """Create a customer with contacts. Raises ValidationError on a bad contact or unit.

    Side effects: activity ``customers.customer.created`` and one ``customers.contact.added`` per contact.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the customer's name.")})
    _check_units(organisation, units)
    segment_list = list(segments)
    _check_segments(organisation, segment_list)
    normalized = [(c, normalize_contact(c.kind, c.value)) for c in contacts]
    with transaction.atomic():
        customer = Customer.objects.create(
            organisation=organisation, kind=kind, name=name, address=address, city=city, notes=notes
        )
        customer.units.set(units)
        customer.segments.set(segment_list)
        acting_unit = _acting_unit(units, actor)
        log_action(
            "customers.customer.created",
            actor=actor,
            obj=customer,
            customer=customer,
            unit=acting_unit,
            data={"name": name},
        )
        for contact, value in normalized:
            _insert_contact(customer, contact, value, actor=actor, unit=acting_unit)
    return customer


def update_customer(
    customer: Customer,
    *,
    name: str,
    kind: str,
    address: str,
    city: str,
    notes: str,
    units: Sequence[ServiceUnit],
    segments: Iterable[Segment],
    actor: User,
) -> Customer:
    """Change a customer's details. Side effects: activity ``customers.customer.updated`` listing changed fields."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the customer's name.")})
    _check_units(customer.organisation, units)
    segment_list = list(segments)
    _check_segments(customer.organisation, segment_list)
    new_values = {"name": name, "kind": kind, "address": address, "city": city, "notes": notes}
    changed = [field for field, value in new_values.items() if getattr(customer, field) != value]
    if {u.pk for u in units} != set(customer.units.values_list("pk", flat=True)):
        changed.append("units")
    if {s.pk for s in segment_list} != set(customer.segments.values_list("pk", flat=True)):
        changed.append("segments")
    with transaction.atomic():
        for field, value in new_values.items():
            setattr(customer, field, value)
        customer.updated_at = timezone.now()
        customer.save()
        customer.units.set(units)
        customer.segments.set(segment_list)
        if changed:
            log_action(
                "customers.customer.updated",
                actor=actor,
                obj=customer,
                customer=customer,
                unit=_acting_unit(units, actor),
                data={"fields": ", ".join(changed)},
            )
    return customer


def _insert_contact(
    customer: Customer, contact: ContactInput, value: str, *, actor: User | None, unit: ServiceUnit | None
) -> Contact:
    try:
        with transaction.atomic():
            if contact.is_primary:
                customer.contacts.filter(kind=contact.kind, is_primary=True).update(is_primary=False)
            created = Contact.objects.create(
                customer=customer,
                kind=contact.kind,
                value=value,
                label=contact.label,
                is_primary=contact.is_primary,
            )
    except IntegrityError:
        raise ValidationError({"value": _("This customer already has that contact.")}) from None
    log_action(
        "customers.contact.added",
        actor=actor,
        obj=created,
        customer=customer,
        unit=unit,
        data={"kind": contact.kind, "value": value},
    )
    return created


def add_contact(customer: Customer, contact: ContactInput, *, actor: User) -> Contact:
    """Add one validated contact. Side effects: activity ``customers.contact.added``."""
    value = normalize_contact(contact.kind, contact.value)
    with transaction.atomic():
        return _insert_contact(customer, contact, value, actor=actor, unit=_acting_unit(customer.units.all(), actor))


def remove_contact(contact: Contact, *, actor: User) -> None:
    """Delete a contact. Side effects: activity ``customers.contact.removed``."""
    customer = contact.customer
    with transaction.atomic():
        log_action(
            "customers.contact.removed",
            actor=actor,
            obj=contact,
            customer=customer,
            unit=_acting_unit(customer.units.all(), actor),
            data={"kind": contact.kind, "value": contact.value},
        )
        contact.delete()


def record_consent(customer: Customer, *, purpose: str, channel: str, actor: User | None) -> Consent:
    """Record consent for one purpose (UU No. 27/2022). Refuses a second active consent for the same purpose.

    Side effects: activity ``customers.consent.given``.
    """
    already_active = ValidationError({"purpose": _("Consent for this purpose is already recorded and active.")})
    with transaction.atomic():
        if customer.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
            raise already_active
        try:
            with transaction.atomic():
                consent = Consent.objects.create(customer=customer, purpose=purpose, channel=channel, recorded_by=actor)
        except IntegrityError:
            # A second submit that raced past the check above (the form sent twice) meets the constraint.
            raise already_active from None
        log_action(
            "customers.consent.given",
            actor=actor,
            obj=consent,
            customer=customer,
            unit=_acting_unit(customer.units.all(), actor),
            data={"purpose": purpose, "channel": channel},
        )
    return consent


def withdraw_consent(consent: Consent, *, reason: str = "", actor: User | None) -> Consent:
    """Withdraw consent, keeping the record of when it was given and withdrawn.

    Side effects: activity ``customers.consent.withdrawn``.
    """
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_reason = reason
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        log_action(
            "customers.consent.withdrawn",
            actor=actor,
            obj=consent,
            customer=consent.customer,
            unit=_acting_unit(consent.customer.units.all(), actor),
            data={"purpose": consent.purpose},
        )
    return consent
