"""Writing the demo to the database: schedule the steps, run them through the services, stamp the past."""

from __future__ import annotations

import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case, DateTimeField, Max, Model, Q, Value, When
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, ServiceUnit, TimeZone, User
from prima.accounts.services import create_organisation, create_service_unit, grant_role
from prima.activity.models import ActivityLog
from prima.core.demo.customers import CustomerSpec, EditSpec, Later, generate_customer_specs
from prima.core.demo.plans import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    DEMO_ORGANISATION_NAMES,
    DEMO_PASSWORD,
    ORGANISATIONS,
    SETUP_DAYS_AGO,
    SLEMAN,
    SUPERUSER_EMAIL,
    SUPERUSER_NAME,
    WorkingHours,
    customer_desk_staff,
    demo_staff_emails,
)
from prima.core.demo.request_build import build_requests
from prima.core.demo.requests import REQUEST_HISTORY_DAYS, generate_request_specs, request_count
from prima.customers.models import Consent as ConsentRecord
from prima.customers.models import Contact, Customer, Segment
from prima.customers.services import add_contact, create_customer, record_consent, update_customer, withdraw_consent
from prima.tickets.models import Appointment, Order, Ticket, TicketMessage

T = TypeVar("T")


class DemoError(Exception):
    """The demo cannot be loaded (it already exists, or its accounts are taken)."""


@dataclass
class DemoSummary:
    organisations: int
    units: int
    staff: int
    memberships: int
    segments: int
    customers: int
    contacts: int
    consents: int
    withdrawn_consents: int
    activity: int
    requests: int
    orders: int
    request_messages: int
    appointments: int
    seconds: float


def demo_exists() -> bool:
    """Whether either demo organisation is already in the database."""
    return Organisation.objects.filter(name__in=DEMO_ORGANISATION_NAMES).exists()


def local_moment(today: date, days_ago: int, second_of_shift: int, hours: WorkingHours) -> datetime:
    """A time during opening hours ``days_ago`` days before ``today``, always before ``today``.

    A day the desk is closed becomes a workday of the same week (spread evenly, so Fridays are not
    overloaded), or the last workday before it if that would be today or later.
    """
    day = today - timedelta(days=days_ago)
    if day.weekday() not in hours.workdays:
        workdays = sorted(hours.workdays)
        day += timedelta(days=workdays[second_of_shift % len(workdays)] - day.weekday())
    while day >= today or day.weekday() not in hours.workdays:
        day -= timedelta(days=1)
    opening = datetime.combine(day, hours.opens, tzinfo=ZoneInfo(hours.time_zone))
    return opening + timedelta(seconds=second_of_shift % (hours.span_minutes * 60))


def later_moment(registered: datetime, days_ago: int, later: Later, today: date, hours: WorkingHours) -> datetime:
    """A time between registration and yesterday, never earlier than 20 minutes after registration."""
    event_days_ago = max(1, round(days_ago * (1 - later.fraction)))
    moment = local_moment(today, min(event_days_ago, days_ago), later.second_of_shift, hours)
    return max(moment, registered + timedelta(minutes=20))


StepKind = Literal["create", "edit", "contact", "withdraw"]


@dataclass(frozen=True)
class Step:
    when: datetime
    index: int  # position of the customer in the spec list
    kind: StepKind
    actor_roll: float
    purpose: str = ""  # for "withdraw"


def schedule(specs: Sequence[CustomerSpec], now: datetime) -> list[Step]:
    """Every create, edit, new-contact and withdrawal step of every customer, oldest first."""
    plans = {plan.key: plan for plan in ORGANISATIONS}
    steps: list[Step] = []
    for index, spec in enumerate(specs):
        hours = plans[spec.organisation].hours
        today = timezone.localtime(now, ZoneInfo(hours.time_zone)).date()
        registered = local_moment(today, spec.days_ago, spec.second_of_shift, hours)
        steps.append(Step(registered, index, "create", spec.actor_roll))
        if spec.edit is not None:
            when = later_moment(registered, spec.days_ago, spec.edit.when, today, hours)
            steps.append(Step(when, index, "edit", spec.edit.when.actor_roll))
        if spec.extra_contact is not None:
            later = spec.extra_contact[0]
            when = later_moment(registered, spec.days_ago, later, today, hours)
            steps.append(Step(when, index, "contact", later.actor_roll))
        for consent in spec.consents:
            if consent.withdrawal is not None:
                when = later_moment(registered, spec.days_ago, consent.withdrawal, today, hours)
                steps.append(Step(when, index, "withdraw", consent.withdrawal.actor_roll, consent.purpose))
    order: dict[StepKind, int] = {"create": 0, "edit": 1, "contact": 2, "withdraw": 3}
    steps.sort(key=lambda step: (step.when, step.index, order[step.kind], step.purpose))
    return steps


@dataclass
class _World:
    """What the build has created so far, looked up by the plans' keys."""

    users: dict[str, User]
    units: dict[str, ServiceUnit]  # by unit code (codes are unique across the two demo organisations)
    organisations: dict[str, Organisation]
    segments: dict[tuple[str, str], Segment]  # (organisation key, segment name)
    customers: dict[int, Customer] = field(default_factory=dict)
    current_units: dict[int, tuple[str, ...]] = field(default_factory=dict)
    consents: dict[tuple[int, str], ConsentRecord] = field(default_factory=dict)

    def desk_actor(self, organisation_key: str, unit_code: str, roll: float) -> User:
        plan = next(plan for plan in ORGANISATIONS if plan.key == organisation_key)
        emails = customer_desk_staff(plan, unit_code)
        return self.users[emails[int(roll * len(emails)) % len(emails)]]

    def first_unit_code(self, index: int) -> str:
        """The unit the services attribute contact and consent changes to (``customer.units.first()``)."""
        return min(self.current_units[index], key=lambda code: self.units[code].path)


def _create_accounts() -> dict[str, User]:
    """The superuser and every staff member, all with the shared demo password (hashed by set_password)."""
    taken = sorted(User.objects.filter(email__in=demo_staff_emails()).values_list("email", flat=True))
    if taken:
        raise DemoError(f"Demo accounts already exist: {', '.join(taken)}. Use a fresh database.")
    users = {
        SUPERUSER_EMAIL: User.objects.create_superuser(
            SUPERUSER_EMAIL, DEMO_PASSWORD, full_name=SUPERUSER_NAME, language="id"
        )
    }
    for plan in ORGANISATIONS:
        for staff in plan.staff:
            users[staff.email] = User.objects.create_user(
                staff.email, DEMO_PASSWORD, full_name=staff.full_name, language="id", is_staff=staff.is_staff
            )
    return users


def _create_organisations(users: dict[str, User]) -> _World:
    """Both organisations with their units, segments and role grants, set up by the superuser."""
    actor = users[SUPERUSER_EMAIL]
    world = _World(users=users, units={}, organisations={}, segments={})
    for plan in ORGANISATIONS:
        organisation = create_organisation(plan.name, kind=plan.kind, actor=actor)
        world.organisations[plan.key] = organisation
        for unit in plan.units:
            world.units[unit.code] = create_service_unit(
                organisation,
                name=unit.name,
                code=unit.code,
                parent=world.units[unit.parent] if unit.parent else None,
                time_zone=unit.time_zone,
                address=unit.address,
                email=unit.email,
                phone=unit.phone,
                actor=actor,
            )
        for name, description in plan.segments:
            # Segments have no service function (and no activity action) yet; they are configuration.
            world.segments[plan.key, name] = Segment.objects.create(
                organisation=organisation, name=name, description=description
            )
        for staff in plan.staff:
            for unit_code, role in staff.roles:
                grant_role(users[staff.email], unit=world.units[unit_code], role=role, actor=actor)
    return world


def _run_create(world: _World, index: int, spec: CustomerSpec, actor_roll: float) -> None:
    actor = world.desk_actor(spec.organisation, spec.unit_codes[0], actor_roll)
    customer = create_customer(
        world.organisations[spec.organisation],
        name=spec.name,
        kind=spec.kind,
        units=[world.units[code] for code in spec.unit_codes],
        address=spec.address,
        city=spec.city,
        notes=spec.notes,
        segments=[world.segments[spec.organisation, name] for name in spec.segment_names],
        contacts=spec.contacts,
        actor=actor,
    )
    world.customers[index] = customer
    world.current_units[index] = spec.unit_codes
    for consent in spec.consents:
        record = record_consent(customer, purpose=consent.purpose, channel=consent.channel, actor=actor)
        world.consents[index, consent.purpose] = record


def _run_edit(world: _World, index: int, spec: CustomerSpec, edit: EditSpec, actor_roll: float) -> None:
    customer = world.customers[index]
    update_customer(
        customer,
        name=customer.name,
        kind=customer.kind,
        address=edit.address,
        city=edit.city,
        notes=edit.notes,
        units=[world.units[code] for code in edit.unit_codes],
        segments=[world.segments[spec.organisation, name] for name in edit.segment_names],
        actor=world.desk_actor(spec.organisation, edit.unit_codes[0], actor_roll),
    )
    world.current_units[index] = edit.unit_codes


@dataclass
class _Stamps:
    """Where each created row belongs in time; applied in bulk at the end."""

    activity: list[tuple[int, int, datetime]] = field(default_factory=list)  # (first id, last id, when)
    customers_created: dict[int, datetime] = field(default_factory=dict)
    customers_updated: dict[int, datetime] = field(default_factory=dict)
    contacts: dict[int, datetime] = field(default_factory=dict)
    consents_withdrawn: dict[int, datetime] = field(default_factory=dict)


def _run_step(world: _World, specs: Sequence[CustomerSpec], step: Step, stamps: _Stamps) -> None:
    """Perform one step through the services and note which rows it created."""
    spec = specs[step.index]
    if step.kind == "create":
        _run_create(world, step.index, spec, step.actor_roll)
        pk = world.customers[step.index].pk
        stamps.customers_created[pk] = step.when
        stamps.customers_updated[pk] = step.when
        return
    customer = world.customers[step.index]
    if step.kind == "edit" and spec.edit is not None:
        _run_edit(world, step.index, spec, spec.edit, step.actor_roll)
        stamps.customers_updated[customer.pk] = step.when
    elif step.kind == "contact" and spec.extra_contact is not None:
        actor = world.desk_actor(spec.organisation, world.first_unit_code(step.index), step.actor_roll)
        contact = add_contact(customer, spec.extra_contact[1], actor=actor)
        stamps.contacts[contact.pk] = step.when
    elif step.kind == "withdraw":
        consent = world.consents[step.index, step.purpose]
        reason = next(c.withdrawal_reason for c in spec.consents if c.purpose == step.purpose)
        actor = world.desk_actor(spec.organisation, world.first_unit_code(step.index), step.actor_roll)
        withdraw_consent(consent, reason=reason, actor=actor)
        stamps.consents_withdrawn[consent.pk] = step.when


def _last_activity_id() -> int:
    return ActivityLog.objects.aggregate(last=Max("id"))["last"] or 0


def _batches(items: Sequence[T], size: int = 200) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stamp(model: type[Model], field_name: str, stamps: dict[int, datetime], key: str = "pk") -> None:
    """Set ``field_name`` per row (rows chosen by ``key``) with one UPDATE … CASE per batch."""
    for batch in _batches(sorted(stamps.items())):
        whens = [When(**{key: pk}, then=Value(when)) for pk, when in batch]
        model._default_manager.filter(**{f"{key}__in": [pk for pk, _when in batch]}).update(
            **{field_name: Case(*whens, output_field=DateTimeField())}
        )


def _stamp_activity(ranges: Sequence[tuple[int, int, datetime]], actor_ids: Sequence[int]) -> None:
    """Move each step's activity rows (an id range) to the step's time, in batched UPDATEs."""
    for batch in _batches(list(ranges)):
        whens = [When(pk__range=(first, last), then=Value(when)) for first, last, when in batch]
        ActivityLog.objects.filter(
            pk__range=(min(first for first, _l, _w in batch), max(last for _f, last, _w in batch)),
            actor_id__in=actor_ids,  # only rows the demo wrote, even if someone else writes meanwhile
        ).update(created_at=Case(*whens, output_field=DateTimeField()))


def _apply_stamps(world: _World, stamps: _Stamps, setup_at: datetime) -> None:
    """Move everything the demo created into the past.

    The services stamp "now" (``timezone.now()``) on every row they create, which is right in real use but
    would put 18 months of demo history into the last minute. So the build runs the services first and
    afterwards rewrites the timestamps in bulk with queryset ``.update()`` (a few UPDATE statements instead of
    one ``save()`` per row, and no bypassing of the services' logic).
    """
    user_ids = [user.pk for user in world.users.values()]
    User.objects.filter(pk__in=user_ids).update(date_joined=setup_at)
    Organisation.objects.filter(pk__in=[o.pk for o in world.organisations.values()]).update(created_at=setup_at)
    Membership.objects.filter(unit__in=list(world.units.values())).update(created_at=setup_at)
    _stamp(Customer, "created_at", stamps.customers_created)
    _stamp(Customer, "updated_at", stamps.customers_updated)
    _stamp(Contact, "created_at", stamps.customers_created, key="customer_id")  # contacts given at registration
    _stamp(Contact, "created_at", stamps.contacts)  # contacts added later
    _stamp(ConsentRecord, "given_at", stamps.customers_created, key="customer_id")
    _stamp(ConsentRecord, "withdrawn_at", stamps.consents_withdrawn)
    _stamp_activity(stamps.activity, user_ids)


def _summary(world: _World, started: float) -> DemoSummary:
    organisations = list(world.organisations.values())
    consents = ConsentRecord.objects.filter(customer__organisation__in=organisations)
    tickets = Ticket.objects.filter(organisation__in=organisations)
    return DemoSummary(
        organisations=len(organisations),
        units=ServiceUnit.objects.filter(organisation__in=organisations).count(),
        staff=len(world.users) - 1,
        memberships=Membership.objects.filter(unit__organisation__in=organisations).count(),
        segments=Segment.objects.filter(organisation__in=organisations).count(),
        customers=Customer.objects.filter(organisation__in=organisations).count(),
        contacts=Contact.objects.filter(customer__organisation__in=organisations).count(),
        consents=consents.count(),
        withdrawn_consents=consents.filter(withdrawn_at__isnull=False).count(),
        activity=ActivityLog.objects.filter(
            Q(customer__organisation__in=organisations)
            | Q(unit__organisation__in=organisations)
            | Q(action="accounts.organisation.created", object_id__in=[str(o.pk) for o in organisations])
        ).count(),
        requests=tickets.count(),
        orders=Order.objects.filter(ticket__in=tickets).count(),
        request_messages=TicketMessage.objects.filter(ticket__in=tickets).count(),
        appointments=Appointment.objects.filter(ticket__in=tickets).count(),
        seconds=clock.monotonic() - started,
    )


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    customers: int = DEFAULT_CUSTOMERS,
    requests: int | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Create the demo organisations, staff, ``customers`` customers and ``requests`` requests (by default 0.4 per
    customer, see ``request_count``); all or nothing.

    Raises DemoError if the demo (or one of its accounts) already exists, so it is never duplicated.
    """
    started = clock.monotonic()
    now = now or timezone.now()
    specs = generate_customer_specs(seed, customers)
    request_specs = generate_request_specs(seed, specs, request_count(customers) if requests is None else requests)
    steps = schedule(specs, now)
    today = timezone.localtime(now, ZoneInfo(TimeZone.WIB)).date()
    setup_at = local_moment(today, SETUP_DAYS_AGO, 3600, SLEMAN.hours)
    # The units sorted their requests (categories, canned replies) shortly before the first one arrived.
    requests_setup_at = local_moment(today, REQUEST_HISTORY_DAYS + 10, 5400, SLEMAN.hours)
    with transaction.atomic():
        if demo_exists():
            raise DemoError(f"The demo organisation already exists ({', '.join(DEMO_ORGANISATION_NAMES)}).")
        stamps = _Stamps()
        first = _last_activity_id() + 1
        world = _create_organisations(_create_accounts())
        last = _last_activity_id()
        stamps.activity.append((first, last, setup_at))
        for step in steps:
            _run_step(world, specs, step, stamps)
            first, last = last + 1, _last_activity_id()
            if last >= first:
                stamps.activity.append((first, last, step.when))
        _apply_stamps(world, stamps, setup_at)
        build_requests(
            users=world.users,
            units=world.units,
            customers=world.customers,
            specs=request_specs,
            setup_at=requests_setup_at,
            now=now,
        )
        return _summary(world, started)
