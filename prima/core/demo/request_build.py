"""Writing the demo's requests: each unit's categories and canned replies, then every request and everything done
on it through ``prima.tickets.services``, then every row they wrote moved to its moment in the past."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, DateTimeField, F, Model, Q, QuerySet, Value, When
from django.utils import timezone

from prima.accounts.models import ServiceUnit, User
from prima.activity.models import ActivityLog
from prima.core.demo.plans import ORGANISATIONS, WorkingHours
from prima.core.demo.request_texts import CANNED_REPLIES, CATEGORIES
from prima.core.demo.requests import STAFF, STAFF_CHANNELS, OrderPlan, RequestEvent, RequestSpec
from prima.customers.models import Contact, Customer
from prima.notify.models import EmailStatus, OutboundEmail
from prima.sla.services import refresh_open_ticket_due_dates_in
from prima.tickets.choices import Status, Visibility
from prima.tickets.models import (
    Appointment,
    Category,
    Order,
    OrderChange,
    OwnershipChange,
    StatusChange,
    Ticket,
    TicketMessage,
)
from prima.tickets.services import (
    OrderLineInput,
    add_collaborators,
    add_order_line,
    add_reply,
    assign_ticket,
    book_appointment,
    change_promised_date,
    change_status,
    confirm_resolution,
    create_canned_reply,
    create_category,
    record_order,
    reopen_by_requester,
    set_category,
    submit_request,
    transfer_ticket,
    update_order_line,
    verify_complaint,
)

# The rows the ticket services write, each with a creation time to move into the past.
TRACKED: tuple[type[Model], ...] = (
    ActivityLog,
    StatusChange,
    TicketMessage,
    OwnershipChange,
    OrderChange,
    OutboundEmail,
    Appointment,
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
APPOINTMENT_START = time(9, 0)
APPOINTMENT_SLOTS = 12  # half hours from 09:00
SENT_AFTER = timedelta(minutes=1)  # how long after queueing a demo e-mail counts as sent


Range = tuple[int, int, datetime]  # first id, last id, when


class _Ledger:
    """Which rows each step wrote: the highest id of every tracked table, read before and after the step in one
    query. The demo runs in one transaction (and SQLite lets one writer at a time), so the ids in between are the
    step's own."""

    def __init__(self) -> None:
        self.marks = self._read()
        self.ranges: dict[type[Model], list[Range]] = {model: [] for model in TRACKED}

    @staticmethod
    def _read() -> dict[type[Model], int]:
        quote = connection.ops.quote_name
        tables = [quote(model._meta.db_table) for model in TRACKED]  # from model metadata, never from input
        columns = ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables)  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}")
            row = cursor.fetchone()
        return {model: value or 0 for model, value in zip(TRACKED, row, strict=True)}

    def close_step(self, when: datetime) -> None:
        marks = self._read()
        for model in TRACKED:
            if marks[model] > self.marks[model]:
                self.ranges[model].append((self.marks[model] + 1, marks[model], when))
        self.marks = marks


@dataclass
class _TicketTimes:
    created: datetime
    updated: datetime
    first_response: datetime | None = None
    resolved: datetime | None = None
    closed: datetime | None = None
    verified: datetime | None = None


@dataclass
class _Context:
    """What a request's texts may refer to: its letter and its promised dates."""

    letter_number: str = ""
    letter_date: date | None = None
    promised: date | None = None
    promised_first: date | None = None
    slot: int = 0
    appointment: datetime | None = None


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _batches(items: Sequence[Range], size: int = 200) -> Iterable[Sequence[Range]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stamp_ranges(queryset: QuerySet[Model], ranges: Sequence[Range], offsets: Mapping[str, timedelta]) -> None:
    """Give the rows of each id range their step's time (plus an offset per field), one UPDATE per batch."""
    for batch in _batches(ranges):
        updates = {
            name: Case(
                *[When(pk__range=(first, last), then=Value(when + offset)) for first, last, when in batch],
                default=F(name),
                output_field=DateTimeField(),
            )
            for name, offset in offsets.items()
        }
        low, high = min(first for first, _l, _w in batch), max(last for _f, last, _w in batch)
        queryset.filter(pk__range=(low, high)).update(**updates)


def _stamp_rows(queryset: QuerySet[Model], field_name: str, moments: Mapping[int, datetime], key: str = "pk") -> None:
    items = sorted(moments.items())
    for start in range(0, len(items), 200):
        batch = items[start : start + 200]
        whens = [When(**{key: pk}, then=Value(when)) for pk, when in batch]
        queryset.filter(**{f"{key}__in": [pk for pk, _when in batch]}).update(
            **{field_name: Case(*whens, default=F(field_name), output_field=DateTimeField())}
        )


@dataclass
class RequestBuilder:
    """Runs the request specs through the services and remembers where each row belongs in time."""

    users: Mapping[str, User]
    units: Mapping[str, ServiceUnit]
    customers: Mapping[int, Customer]
    now: datetime
    ledger: _Ledger = field(default_factory=_Ledger)
    categories: dict[tuple[int, str], Category] = field(default_factory=dict)
    times: dict[int, _TicketTimes] = field(default_factory=dict)
    new_customers: dict[int, datetime] = field(default_factory=dict)
    used_slots: set[tuple[int, str, datetime]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.hours = {unit.code: plan.hours for plan in ORGANISATIONS for unit in plan.units}
        self.known_customers = {customer.pk for customer in self.customers.values()}

    # --- Time ------------------------------------------------------------------------------------

    def zone(self, unit_code: str) -> ZoneInfo:
        return ZoneInfo(self.hours[unit_code].time_zone)

    def today(self, unit_code: str) -> date:
        return timezone.localtime(self.now, self.zone(unit_code)).date()

    def arrival(self, spec: RequestSpec) -> datetime:
        hours = self.hours[spec.unit]
        day = self.today(spec.unit) - timedelta(days=spec.days_ago)
        if spec.channel in STAFF_CHANNELS:
            while day.weekday() not in hours.workdays:
                day -= timedelta(days=1)
        return datetime.combine(day, time(0), tzinfo=self.zone(spec.unit)) + timedelta(seconds=spec.second_of_day)

    @staticmethod
    def _open(moment: datetime, hours: WorkingHours) -> datetime:
        """``moment`` if the desk is open then, else a few minutes after it next opens."""
        zone = ZoneInfo(hours.time_zone)
        local = moment.astimezone(zone)
        day = local.date()
        for _attempt in range(10):
            opens = datetime.combine(day, hours.opens, tzinfo=zone)
            closes = opens + timedelta(minutes=hours.span_minutes)
            if day.weekday() in hours.workdays and local < closes:
                return local if local >= opens else opens + timedelta(minutes=3 + local.minute % 40)
            day += timedelta(days=1)
        return local

    @staticmethod
    def _awake(moment: datetime, zone: ZoneInfo) -> datetime:
        """``moment`` if people are awake then (06:00-22:00), else the next morning."""
        local = moment.astimezone(zone)
        if 6 <= local.hour < 22:
            return local
        day = local.date() if local.hour < 6 else local.date() + timedelta(days=1)
        return datetime.combine(day, time(6, 10 + local.minute % 40), tzinfo=zone)

    def place(self, spec: RequestSpec, arrived: datetime, factor: float) -> list[datetime]:
        """Each event ``factor`` times its planned gap after the one before, staff within opening hours and
        requesters while awake."""
        hours, zone = self.hours[spec.unit], self.zone(spec.unit)
        moments, previous = [], arrived
        for event in spec.events:
            raw = previous + timedelta(minutes=max(1.0, event.minutes * factor))
            previous = self._open(raw, hours) if event.by_staff else self._awake(raw, zone)
            moments.append(previous)
        return moments

    def moments(self, spec: RequestSpec, arrived: datetime) -> list[datetime]:
        """When each event happened, all before now: the gaps shrink until the story fits, and only when even
        that fails (a request from last night handled "this morning" before the desk opens) is it squeezed."""
        limit = self.now - timedelta(minutes=30)
        factor = 1.0
        for _attempt in range(12):
            moments = self.place(spec, arrived, factor)
            if not moments or moments[-1] <= limit:
                return moments
            factor *= 0.7
        squeeze = (limit - arrived) / (moments[-1] - arrived)
        return [arrived + (moment - arrived) * squeeze for moment in moments]

    def slot(self, unit: ServiceUnit, place: str, days_ahead: int, slot: int) -> tuple[datetime, datetime]:
        """A free half hour at ``place`` on a working day ``days_ahead`` days after today."""
        hours, zone = self.hours[unit.code], self.zone(unit.code)
        day = self.today(unit.code) + timedelta(days=max(1, days_ahead))
        position = slot
        while True:
            while day.weekday() not in hours.workdays:
                day += timedelta(days=1)
            start = datetime.combine(day, APPOINTMENT_START, tzinfo=zone) + timedelta(minutes=30 * position)
            if (unit.pk, place.lower(), start) not in self.used_slots:
                self.used_slots.add((unit.pk, place.lower(), start))
                return start, start + timedelta(minutes=30)
            position += 1
            if position >= APPOINTMENT_SLOTS:
                day, position = day + timedelta(days=1), 0

    def spoken(self, start: datetime, unit_code: str) -> str:
        """A moment as staff write it to a requester, e.g. "Kamis, 12 Maret 2026 pukul 10.30 WIB"."""
        hours = self.hours[unit_code]
        local = start.astimezone(self.zone(unit_code))
        zone_name = ZONE_NAMES.get(hours.time_zone, "")
        return f"{DAYS[local.weekday()]}, {indonesian_date(local.date())} pukul {local:%H.%M} {zone_name}".strip()

    def agreed_slot(self, moment: datetime, unit_code: str, slot: int) -> str:
        """A past appointment as staff agreed it: two working days after ``moment``."""
        hours, zone = self.hours[unit_code], self.zone(unit_code)
        day, workdays = moment.astimezone(zone).date(), 0
        while workdays < 2:
            day += timedelta(days=1)
            workdays += day.weekday() in hours.workdays
        start = datetime.combine(day, APPOINTMENT_START, tzinfo=zone)
        return self.spoken(start + timedelta(minutes=30 * (slot % APPOINTMENT_SLOTS)), unit_code)

    def render(self, text: str, moment: datetime, spec: RequestSpec, context: _Context) -> str:
        """Fill in the ``$`` fields that depend on the day the demo is loaded."""
        if "$" not in text:
            return text
        values = {
            "tahun": str(moment.year),
            "nomor_surat": context.letter_number,
            "tanggal_surat": indonesian_date(context.letter_date) if context.letter_date else "",
            "janji": indonesian_date(context.promised_first) if context.promised_first else "",
            "janji_baru": indonesian_date(context.promised) if context.promised else "",
            "janji_temu": self.spoken(context.appointment, spec.unit) if context.appointment else "",
        }
        if "$jadwal" in text:
            values["jadwal"] = self.agreed_slot(moment, spec.unit, context.slot)
        return string.Template(text).safe_substitute(values)

    # --- Setup -----------------------------------------------------------------------------------

    def set_up_units(self, when: datetime) -> None:
        """Each unit's supervisor creates its categories and canned replies, before the first request."""
        for unit_code, names in CATEGORIES.items():
            unit, supervisor = self.units[unit_code], self.users[STAFF[unit_code].supervisor]
            for name in names:
                self.categories[unit.pk, name] = create_category(unit, name=name, actor=supervisor)
            for title, body in CANNED_REPLIES[unit_code]:
                create_canned_reply(unit, title=title, body=body, actor=supervisor)
        self.ledger.close_step(when)

    # --- Requests --------------------------------------------------------------------------------

    def build(self, specs: Sequence[RequestSpec]) -> list[Ticket]:
        """Every request, oldest first (so ids follow time, as the inbox expects)."""
        arrivals = {spec.number: self.arrival(spec) for spec in specs}
        tickets = []
        for spec in sorted(specs, key=lambda spec: (arrivals[spec.number], spec.number)):
            tickets.append(self.run(spec, arrivals[spec.number]))
        return tickets

    def details(self, spec: RequestSpec, arrived: datetime, context: _Context) -> dict[str, object]:
        details: dict[str, object] = {}
        arrival_day = arrived.astimezone(self.zone(spec.unit)).date()
        if spec.complaint is not None:
            details["incident_date"] = arrival_day - timedelta(days=spec.complaint.days_before)
            details["incident_place"] = spec.complaint.place
            details["remedy_requested"] = spec.complaint.remedy
        if spec.letter is not None:
            letter_date = arrival_day - timedelta(days=spec.letter.days_before)
            context.letter_date = letter_date
            context.letter_number = string.Template(spec.letter.number).safe_substitute(
                tahun=letter_date.year, bulan=ROMAN_MONTHS[letter_date.month - 1]
            )
            details["letter_number"] = context.letter_number
            details["letter_date"] = letter_date
            details["sender"] = spec.letter.sender
            details["due_date"] = letter_date + timedelta(days=spec.letter.due_days)
        if spec.order is not None and spec.order.at_submission:
            details["lines"] = self.order_lines(spec.order)
            details["promised_date"] = self.promise(spec, spec.order.promised_in_days, context)
            details["notes"] = spec.order.notes
        if spec.slot is not None:
            starts, ends = self.slot(self.units[spec.unit], spec.slot.place, spec.slot.days_ahead, spec.slot.slot)
            details.update(place=spec.slot.place, starts_at=starts, ends_at=ends)
            context.appointment = starts
        return details

    @staticmethod
    def order_lines(order: OrderPlan) -> list[OrderLineInput]:
        return [OrderLineInput(line.item, line.quantity, line.unit_of_measure, line.in_stock) for line in order.lines]

    def promise(self, spec: RequestSpec, days_ahead: int, context: _Context) -> date:
        promised = self.today(spec.unit) + timedelta(days=days_ahead)
        context.promised = promised
        context.promised_first = context.promised_first or promised
        return promised

    def run(self, spec: RequestSpec, arrived: datetime) -> Ticket:
        context = _Context()
        details = self.details(spec, arrived, context)
        customer = self.customers[spec.customer_index] if spec.customer_index is not None else None
        ticket = submit_request(
            self.units[spec.unit],
            kind=spec.kind,
            channel=spec.channel,
            subject=spec.subject,
            description=self.render(spec.description, arrived, spec, context),
            requester_name=spec.requester_name,
            requester_email=spec.requester_email,
            requester_phone=spec.requester_phone,
            confidentiality=spec.confidentiality,
            language=spec.language,
            customer=customer,
            details=details,
            priority=spec.priority,
            category=self.categories[self.units[spec.unit].pk, spec.category] if spec.category else None,
            actor=self.users[spec.logged_by] if spec.logged_by else None,
        )
        self.ledger.close_step(arrived)
        times = _TicketTimes(created=arrived, updated=arrived)
        if ticket.customer_id is not None and ticket.customer_id not in self.known_customers:
            self.known_customers.add(ticket.customer_id)
            self.new_customers[ticket.customer_id] = arrived
        for event, moment in zip(spec.events, self.moments(spec, arrived), strict=True):
            self.perform(ticket, spec, event, moment, context)
            self.ledger.close_step(moment)
            times.updated = moment
            if event.kind == "reply" and times.first_response is None:
                times.first_response = moment
            elif event.kind == "verify":
                times.verified = moment
            elif event.kind == "confirm" or (event.kind == "status" and event.status == Status.CLOSED):
                times.closed = moment
            elif event.kind == "status" and event.status == Status.RESOLVED:
                times.resolved = moment
        self.times[ticket.pk] = times
        return ticket

    def perform(self, ticket: Ticket, spec: RequestSpec, event: RequestEvent, moment: datetime, ctx: _Context) -> None:
        """One event, through the service a person would have used."""
        actor = self.users[event.actor] if event.actor else None
        ctx.slot = event.slot
        text = self.render(event.text, moment, spec, ctx) if event.text else ""
        if event.kind == "reply" and actor is not None:
            add_reply(ticket, body=text, visibility=Visibility.PUBLIC, actor=actor)
        elif event.kind == "note" and actor is not None:
            add_reply(ticket, body=text, visibility=Visibility.INTERNAL, actor=actor)
        elif event.kind == "requester":
            add_reply(ticket, body=text, actor=None, from_public=True)
        elif event.kind == "status":
            change_status(ticket, to_status=event.status, reason=text, actor=actor)
        elif event.kind == "assign":
            assign_ticket(ticket, owner=self.users[event.target], actor=actor, reason=text)
        elif event.kind == "transfer":
            transfer_ticket(ticket, to_unit=self.units[event.target], reason=text, actor=actor)
        elif event.kind == "category":
            set_category(ticket, category=self.categories[ticket.unit_id, event.target], actor=actor)
        elif event.kind == "collaborate":
            add_collaborators(ticket, users=[self.users[email] for email in event.users], actor=actor)
        elif event.kind == "verify" and actor is not None:
            verify_complaint(ticket, actor=actor)
        elif event.kind == "confirm":
            confirm_resolution(ticket, via_tracking_code=ticket.tracking_code)
        elif event.kind == "reopen":
            reopen_by_requester(ticket, reason=text)
        elif event.kind == "book":
            starts, ends = self.slot(ticket.unit, event.target, event.days_ahead, event.slot)
            book_appointment(ticket, place=event.target, starts_at=starts, ends_at=ends, actor=actor)
            ctx.appointment = starts
        else:
            self.perform_order(ticket, spec, event, ctx, actor, text)

    def perform_order(
        self, ticket: Ticket, spec: RequestSpec, event: RequestEvent, ctx: _Context, actor: User | None, text: str
    ) -> None:
        if event.kind == "record_order" and spec.order is not None:
            promised = self.promise(spec, spec.order.promised_in_days, ctx)
            record_order(
                ticket, lines=self.order_lines(spec.order), promised_date=promised, notes=spec.order.notes, actor=actor
            )
            return
        order = Order.objects.get(ticket=ticket)
        if event.kind == "add_line":
            add_order_line(
                order,
                item=event.target,
                quantity=event.quantity,
                unit_of_measure=event.unit_of_measure,
                quantity_in_stock=event.stock or 0,
                actor=actor,
            )
        elif event.kind == "deliver":
            line = list(order.lines.order_by("id"))[event.line]
            update_order_line(line, quantity_in_stock=event.stock, quantity_delivered=event.delivered, actor=actor)
        elif event.kind == "promise":
            promised = self.promise(spec, event.days_ahead, ctx)
            change_promised_date(order, promised_date=promised, reason=text, actor=actor)
        else:
            raise ValueError(f"Unknown demo event {event.kind!r}.")

    # --- Into the past ---------------------------------------------------------------------------

    def apply_stamps(self) -> None:
        """Move every row the services wrote to its step's moment (the services stamp "now")."""
        ranges = self.ledger.ranges
        unit_ids = [unit.pk for unit in self.units.values()]
        user_ids = [user.pk for user in self.users.values()]
        organisation_ids = {unit.organisation_id for unit in self.units.values()}
        created = {"created_at": timedelta(0)}
        _stamp_ranges(
            ActivityLog.objects.filter(Q(unit_id__in=unit_ids) | Q(actor_id__in=user_ids)),
            ranges[ActivityLog],
            created,
        )
        for model in (StatusChange, TicketMessage, OwnershipChange):
            _stamp_ranges(
                model._default_manager.filter(ticket__organisation_id__in=organisation_ids), ranges[model], created
            )
        _stamp_ranges(
            OrderChange.objects.filter(order__ticket__organisation_id__in=organisation_ids),
            ranges[OrderChange],
            created,
        )
        _stamp_ranges(Appointment.objects.filter(unit_id__in=unit_ids), ranges[Appointment], created)
        # Every e-mail the demo queued went to a reserved .test address: mark it sent at its time, so starting the
        # demo never tries to deliver hundreds of messages.
        emails = OutboundEmail.objects.filter(idempotency_key__startswith="tickets.")
        _stamp_ranges(
            emails,
            ranges[OutboundEmail],
            {"created_at": timedelta(0), "next_attempt_at": timedelta(0), "sent_at": SENT_AFTER},
        )
        if ranges[OutboundEmail]:
            emails.filter(pk__range=(ranges[OutboundEmail][0][0], ranges[OutboundEmail][-1][1])).update(
                status=EmailStatus.SENT, attempts=1, enqueued_at=None, claimed_at=None, claim_token=None
            )
        tickets = Ticket.objects.all()
        times = self.times
        _stamp_rows(tickets, "created_at", {pk: t.created for pk, t in times.items()})
        _stamp_rows(tickets, "updated_at", {pk: t.updated for pk, t in times.items()})
        for name, moments in (
            ("first_response_at", {pk: t.first_response for pk, t in times.items() if t.first_response}),
            ("resolved_at", {pk: t.resolved for pk, t in times.items() if t.resolved}),
            ("closed_at", {pk: t.closed for pk, t in times.items() if t.closed}),
            ("verified_at", {pk: t.verified for pk, t in times.items() if t.verified}),
        ):
            # Only where the service set one: a reopened request has no resolution time until resolved again.
            _stamp_rows(tickets.filter(**{f"{name}__isnull": False}), name, moments)
        customers = Customer.objects.all()
        _stamp_rows(customers, "created_at", self.new_customers)
        _stamp_rows(customers, "updated_at", self.new_customers)
        _stamp_rows(Contact.objects.all(), "created_at", self.new_customers, key="customer_id")
        # Service-level clocks run from the (now past) arrival times: recompute what is due when.
        refresh_open_ticket_due_dates_in(self.units.values(), now=self.now)


def build_requests(
    *,
    users: Mapping[str, User],
    units: Mapping[str, ServiceUnit],
    customers: Mapping[int, Customer],
    specs: Sequence[RequestSpec],
    setup_at: datetime,
    now: datetime,
) -> list[Ticket]:
    """Create the units' categories and canned replies (at ``setup_at``) and every request in ``specs``, then
    move their rows into the past. Runs inside the caller's transaction; returns the requests, oldest first."""
    builder = RequestBuilder(users=users, units=units, customers=customers, now=now)
    builder.set_up_units(setup_at)
    tickets = builder.build(specs)
    builder.apply_stamps()
    return tickets
