"""Request specs and their deterministic generator: seed and customer specs in, plain data out, no database.

A ``RequestSpec`` is what a requester sends (unit, kind, channel, words, identity) and its ``events``: what staff
and the requester do afterwards, each some minutes after the one before. The build turns the minutes into
moments in the past (within opening hours for staff) and runs every step through ``prima.tickets.services``.
Dates that depend on the day the demo is loaded (a promised delivery date, an upcoming appointment) are counted
in days from that day.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from faker import Faker

from prima.accounts.models import Role
from prima.core.demo.customers import CustomerSpec
from prima.core.demo.people import mobile_number, organisation_email, person_email, person_name
from prima.core.demo.plans import COMPANY, LAYANAN, ORGANISATIONS, SLEMAN, OrganisationPlan
from prima.core.demo.request_texts import (
    ACKNOWLEDGEMENTS,
    ANONYMOUS_GREETING,
    ASSIGN_REASONS,
    CATEGORIES,
    CLOSE_DIRECT_REASONS,
    CLOSE_REASONS,
    GENERIC_AFTER_REOPEN,
    GENERIC_ASKS,
    GENERIC_NOTES,
    GENERIC_REOPEN,
    GENERIC_THIRD_PARTY,
    GREETING,
    ORDER_ITEMS,
    ORDER_LETTER_SENDERS,
    ORGANISATION_SIGNATURES,
    PAYMENT_TERMS,
    RESUMED_REASON,
    SCENARIOS,
    SCENARIOS_BY_KEY,
    SHORTAGE_REASONS,
    SIGN_OFF,
    STAFF_CALLED,
    THANKS,
    THANKS_EN,
    WAITING_CUSTOMER_REASON,
    Item,
    Scenario,
    fill_values,
)
from prima.customers.contacts import normalize_contact
from prima.customers.models import ContactKind, CustomerKind
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status
from prima.tickets.workflow import can_transition

REQUEST_HISTORY_DAYS = 180  # requests arrive over the past ~6 months
REQUESTS_PER_CUSTOMER = 0.4  # 500 customers: 200 requests
MIN_REQUESTS = 16  # enough for every kind, status and special case (the coverage plan below)
COMPANY_SHARE = 0.1  # of the requests, for CV Sumber Rejeki Makmur
ORDER_SHARE = 0.33  # of the company's requests
STAFF_CHANNELS = frozenset(
    {Channel.PHONE, Channel.WALK_IN, Channel.LETTER, Channel.SUGGESTION_BOX, Channel.COMMENT_CARD}
)
DAY = 24 * 60

EventKind = Literal[
    "assign",
    "transfer",
    "category",
    "collaborate",
    "verify",
    "reply",
    "note",
    "requester",
    "status",
    "confirm",
    "reopen",
    "book",
    "record_order",
    "add_line",
    "deliver",
    "promise",
]
Outcome = Literal[
    "new",
    "in_progress",
    "waiting_customer",
    "waiting_third_party",
    "resolved",
    "closed",
    "closed_direct",
    "reopened",
    "stale",
    "upcoming",
]


@dataclass(frozen=True)
class RequestEvent:
    """One thing done on a request, ``minutes`` after the previous event (the first: after it arrived)."""

    kind: EventKind
    minutes: int
    actor: str = ""  # staff e-mail; empty for the requester
    text: str = ""  # message, note or reason
    status: str = ""
    target: str = ""  # new owner's e-mail, unit code, category name, appointment place or order item
    users: tuple[str, ...] = ()
    line: int = 0  # position of the order line
    quantity: int = 0
    unit_of_measure: str = ""
    stock: int | None = None  # new quantity in stock
    delivered: int | None = None  # new quantity delivered
    days_ahead: int = 0  # promised date or appointment day, in days after the day the demo is loaded
    slot: int = 0  # appointment: which half hour of the morning

    @property
    def by_staff(self) -> bool:
        return bool(self.actor)


@dataclass(frozen=True)
class ComplaintPlan:
    days_before: int  # the incident, days before the complaint
    place: str
    remedy: str


@dataclass(frozen=True)
class LetterPlan:
    number: str  # may hold "$bulan" and "$tahun", filled from the letter's date
    sender: str
    days_before: int  # the letter's date, days before it arrived
    due_days: int  # the reply is due this many days after the letter's date


@dataclass(frozen=True)
class OrderLinePlan:
    item: str
    quantity: int
    unit_of_measure: str
    in_stock: int

    @property
    def shortfall(self) -> int:
        return max(0, self.quantity - self.in_stock)


@dataclass(frozen=True)
class OrderPlan:
    lines: tuple[OrderLinePlan, ...]
    promised_in_days: int  # after the day the demo is loaded (a promised date is never in the past)
    notes: str
    at_submission: bool  # in the request's details; otherwise staff record it afterwards


@dataclass(frozen=True)
class SlotPlan:
    place: str
    days_ahead: int
    slot: int


@dataclass(frozen=True)
class RequestSpec:
    number: int
    organisation: str  # OrganisationPlan.key
    unit: str  # unit code where it arrives
    scenario: str
    kind: str
    channel: str
    subject: str
    description: str
    priority: str
    confidentiality: str
    language: str
    category: str  # given at submission (staff-logged requests); others are filed by an event
    customer_index: int | None  # position in the customer specs
    requester_name: str
    requester_email: str
    requester_phone: str
    logged_by: str  # staff e-mail for phone, walk-in, letter, box and card; empty when the public submits
    days_ago: int
    second_of_day: int  # local time of arrival, seconds after midnight
    events: tuple[RequestEvent, ...]
    final_status: str
    complaint: ComplaintPlan | None = None
    letter: LetterPlan | None = None
    order: OrderPlan | None = None
    slot: SlotPlan | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.confidentiality == Confidentiality.ANONYMOUS

    @property
    def creates_customer(self) -> bool:
        """Someone new with an address or number: ``submit_request`` registers them as a customer."""
        return (
            self.customer_index is None and not self.is_anonymous and bool(self.requester_email or self.requester_phone)
        )


def request_count(customers: int) -> int:
    """How many requests go with ``customers`` customers: none without customers, else 0.4 each, at least 16."""
    if customers <= 0:
        return 0
    return max(MIN_REQUESTS, round(customers * REQUESTS_PER_CUSTOMER))


# --- Staff ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _UnitStaff:
    unit: str
    supervisor: str
    agents: tuple[str, ...]
    names: dict[str, str] = field(compare=False)


def _unit_staff(plan: OrganisationPlan, unit: str) -> _UnitStaff:
    supervisor = next(s.email for s in plan.staff if (unit, Role.SUPERVISOR) in s.roles)
    agents = tuple(s.email for s in plan.staff if (unit, Role.AGENT) in s.roles)
    return _UnitStaff(unit, supervisor, agents, {s.email: s.full_name for s in plan.staff})


STAFF = {
    unit.code: _unit_staff(plan, unit.code)
    for plan in ORGANISATIONS
    for unit in plan.units
    if any((unit.code, Role.SUPERVISOR) in s.roles for s in plan.staff)
}
ORGANISATION_OF_UNIT = {unit.code: plan.key for plan in ORGANISATIONS for unit in plan.units}

# --- The plan: which request, with which outcome, how long ago ------------------------------------


@dataclass(frozen=True)
class _Plan:
    scenario: str  # a scenario key, or "order"
    outcome: Outcome
    days_ago: int
    confidentiality: str = ""  # forced, else drawn from the scenario
    channel: str = ""  # forced, else drawn
    seed_order: bool = False  # the order of the seed's Skenario 2: 200 karung beras premium 5 kg


# Every kind, every status, a confidential and an anonymous complaint, a transfer, a reopened request, an
# overdue letter, an upcoming appointment and orders with a shortfall: present even in the smallest demo.
COVERAGE: tuple[tuple[str, Outcome, tuple[int, int], str, str], ...] = (
    ("nib-baru", "closed", (20, 120), "", Channel.WEB),
    ("order", "waiting_third_party", (5, 10), "", Channel.LETTER),
    ("izin-lambat", "resolved", (3, 10), "", ""),
    ("pungli", "waiting_third_party", (5, 20), Confidentiality.CONFIDENTIAL, Channel.WEB),
    ("loket-terlambat", "closed", (15, 90), Confidentiality.ANONYMOUS, ""),
    ("status-pbg", "waiting_customer", (2, 10), "", Channel.WEB),
    ("konsultasi-teknis", "upcoming", (1, 6), "", Channel.PHONE),
    ("surat-ombudsman", "stale", (40, 90), "", ""),
    ("saran-informasi", "new", (1, 3), "", ""),
    ("pujian-informasi", "closed", (10, 60), "", ""),
    ("order", "closed", (5, 12), "", Channel.PHONE),
    ("oss-error", "reopened", (25, 100), "", Channel.EMAIL),
    ("pbg-lambat", "waiting_third_party", (5, 25), "", ""),
    ("status-berkas", "closed", (10, 60), "", Channel.WEB),
    ("pma-english", "in_progress", (1, 5), "", Channel.EMAIL),
    ("surat-pbg", "closed", (20, 150), "", ""),
)

AGE_OUTCOMES: tuple[tuple[int, tuple[tuple[Outcome, float], ...]], ...] = (
    (2, (("new", 30), ("in_progress", 22), ("waiting_customer", 13), ("resolved", 20), ("closed", 10),
         ("closed_direct", 5))),
    (10, (("new", 5), ("in_progress", 13), ("waiting_customer", 15), ("waiting_third_party", 10), ("resolved", 22),
          ("closed", 30), ("closed_direct", 5))),
    (30, (("in_progress", 6), ("waiting_customer", 8), ("waiting_third_party", 8), ("resolved", 10), ("closed", 58),
          ("reopened", 6), ("closed_direct", 4))),
    (REQUEST_HISTORY_DAYS, (("closed", 84), ("reopened", 6), ("closed_direct", 4), ("stale", 4),
                            ("waiting_third_party", 2))),
)  # fmt: skip


def _age_outcome(rng: random.Random, days_ago: int) -> Outcome:
    table = next(outcomes for limit, outcomes in AGE_OUTCOMES if days_ago <= limit)
    return rng.choices([o for o, _w in table], weights=[w for _o, w in table])[0]


def _request_days(rng: random.Random, count: int) -> list[int]:
    """Days ago for ``count`` requests between 1 and REQUEST_HISTORY_DAYS, denser recently, shuffled."""
    days = [1 + int((REQUEST_HISTORY_DAYS - 1) * (1 - (1 - (i + rng.random()) / count) ** 0.5)) for i in range(count)]
    rng.shuffle(days)
    return days


def _plans(rng: random.Random, count: int) -> list[_Plan]:
    plans = [
        _Plan(key, outcome, rng.randint(*days), confidentiality, channel, seed_order=position == 1)
        for position, (key, outcome, days, confidentiality, channel) in enumerate(COVERAGE[:count])
    ]
    rest = count - len(plans)
    sleman = [s for s in SCENARIOS if ORGANISATION_OF_UNIT[s.unit] == SLEMAN.key]
    company = [s for s in SCENARIOS if ORGANISATION_OF_UNIT[s.unit] == COMPANY.key]
    for days_ago in _request_days(rng, rest) if rest > 0 else []:
        if rng.random() < COMPANY_SHARE:
            if rng.random() < ORDER_SHARE:
                # A promised date is never in the past, so orders are recent: the last two weeks.
                outcome: Outcome = "closed" if rng.random() < 0.5 else "waiting_third_party"
                plans.append(_Plan("order", outcome, rng.randint(2, 14)))
                continue
            scenario = rng.choices(company, weights=[s.weight for s in company])[0]
        else:
            scenario = rng.choices(sleman, weights=[s.weight for s in sleman])[0]
        plans.append(_Plan(scenario.key, _age_outcome(rng, days_ago), days_ago))
    return plans


def _fit_outcome(outcome: Outcome, scenario: Scenario, days_ago: int, can_write: bool) -> Outcome:
    """An outcome this kind of request can have, from the one its age suggested."""
    kind = scenario.kind
    if kind == RequestKind.APPOINTMENT:
        if outcome in {"new", "in_progress", "waiting_customer", "waiting_third_party", "upcoming"}:
            return "upcoming" if days_ago <= 10 else "closed"
        return "closed" if outcome == "reopened" else outcome
    if outcome == "upcoming":
        return "in_progress"
    quiet = kind in {RequestKind.SUGGESTION, RequestKind.COMPLIMENT} or scenario.language != "id"
    if quiet and outcome in {"waiting_customer", "waiting_third_party"}:
        return "in_progress"
    if outcome == "waiting_customer" and (kind == RequestKind.LETTER or not can_write):
        return "in_progress"
    if outcome == "reopened" and (not can_write or quiet):
        return "closed"
    return outcome


# --- The story of one request ---------------------------------------------------------------------


def _minutes(rng: random.Random, low: float, high: float) -> int:
    return max(1, round(rng.uniform(low, high)))


@dataclass
class _Story:
    """The events of one request, with the status they lead to (checked against the workflow)."""

    rng: random.Random
    staff: _UnitStaff
    greeting: str
    language: str
    values: dict[str, str]
    events: list[RequestEvent] = field(default_factory=list)
    status: str = Status.NEW
    owner: str = ""

    def add(self, kind: EventKind, minutes: int, **fields: object) -> None:
        self.events.append(RequestEvent(kind, max(1, minutes), **fields))  # type: ignore[arg-type]

    def text(self, template: str) -> str:
        return template.format(**self.values)

    def signed(self, body: str, actor: str) -> str:
        """A public reply as staff write it: greeting, body, their name and unit."""
        unit = ORGANISATION_SIGNATURES[self.staff.unit]
        sign_off = SIGN_OFF[self.language].format(staf=self.staff.names[actor], unit=unit)
        return f"{self.greeting}\n\n{self.text(body)}\n\n{sign_off}"

    @property
    def handler(self) -> str:
        return self.owner or self.staff.supervisor

    def assign(self, minutes: int | None = None) -> None:
        rng = self.rng
        agent = rng.choice(self.staff.agents)
        taken = rng.random() < 0.3
        actor = agent if taken else self.staff.supervisor
        reason = "" if taken else rng.choice(ASSIGN_REASONS)
        self.add("assign", minutes or _minutes(rng, 10, 240), actor=actor, target=agent, text=reason)
        self.owner = agent

    def transfer(self, unit: str, reason: str) -> None:
        self.add("transfer", _minutes(self.rng, 20, 180), actor=self.staff.supervisor, target=unit, text=reason)
        self.staff = STAFF[unit]
        self.owner = ""

    def verify(self) -> None:
        self.add("verify", _minutes(self.rng, 30, 2 * DAY), actor=self.staff.supervisor)

    def collaborate(self, units: Sequence[str]) -> None:
        users = tuple(STAFF[unit].supervisor for unit in units if STAFF[unit].supervisor != self.owner)
        if users:
            self.add("collaborate", _minutes(self.rng, 10, 120), actor=self.staff.supervisor, users=users)

    def move(self, to: str, minutes: int, reason: str = "") -> None:
        if not can_transition(self.status, to):
            raise ValueError(f"Demo story error: {self.status} → {to} is not allowed.")
        self.add("status", minutes, actor=self.handler, status=to, text=self.text(reason))
        self.status = to

    def reply(self, body: str, minutes: int, slot: int = 0) -> None:
        self.add("reply", minutes, actor=self.handler, text=self.signed(body, self.handler), slot=slot)

    def note(self, body: str, minutes: int) -> None:
        self.add("note", minutes, actor=self.handler, text=self.text(body))

    def requester(self, body: str, minutes: int) -> None:
        self.add("requester", minutes, text=self.text(body))
        if self.status == Status.WAITING_CUSTOMER:
            self.status = Status.IN_PROGRESS  # the service resumes a request waiting for its requester

    def confirm(self, minutes: int) -> None:
        self.add("confirm", minutes)
        self.status = Status.CLOSED

    def reopen(self, reason: str, minutes: int) -> None:
        self.add("reopen", minutes, text=self.text(reason))
        self.status = Status.IN_PROGRESS

    def close(self, can_write: bool) -> None:
        """A resolved request closes: the requester confirms, or staff close it some days later."""
        rng = self.rng
        roll = rng.random()
        if can_write and roll < 0.35:
            self.confirm(_minutes(rng, 60, 3 * DAY))
            return
        if can_write and roll < 0.55:
            self.requester(rng.choice(THANKS_EN if self.language == "en" else THANKS), _minutes(rng, 30, DAY))
        self.move(Status.CLOSED, _minutes(rng, 4 * DAY, 8 * DAY), rng.choice(CLOSE_REASONS))


def _fit_in(events: list[RequestEvent], days_ago: int) -> tuple[RequestEvent, ...]:
    """Shrink the gaps so the story ends before yesterday evening (the build still checks the real moments)."""
    total = sum(event.minutes for event in events)
    available = max(60, round((days_ago - 0.6) * DAY * 0.8))
    if total <= available:
        return tuple(events)
    factor = available / total
    return tuple(replace(event, minutes=max(1, int(event.minutes * factor))) for event in events)


def _handle(story: _Story, scenario: Scenario, item: Item, outcome: Outcome, can_write: bool) -> None:
    """Staff work a request through to ``outcome`` (any kind but orders and appointments)."""
    rng = story.rng
    if outcome == "new" or (outcome == "stale" and rng.random() < 0.3):
        return  # never picked up: an old one looks overdue in the inbox
    if scenario.transfer_to:
        story.transfer(scenario.transfer_to, scenario.transfer_reason)
    story.assign()
    if scenario.kind == RequestKind.COMPLAINT and outcome != "stale":
        story.verify()
    if scenario.collaborator_units:
        story.collaborate(scenario.collaborator_units)
    if outcome == "closed_direct":
        story.move(Status.CLOSED, _minutes(rng, 10, 600), rng.choice(CLOSE_DIRECT_REASONS))
        return
    story.move(Status.IN_PROGRESS, _minutes(rng, 5, 120))
    notes = scenario.notes or GENERIC_NOTES[story.staff.unit]
    if rng.random() < 0.6:
        story.note(notes[0], _minutes(rng, 20, 600))
    if outcome in {"stale", "in_progress"}:
        if outcome == "in_progress" and story.language == "id" and rng.random() < 0.5:
            story.reply(ACKNOWLEDGEMENTS[story.staff.unit], _minutes(rng, 10, 240))
        return
    ask, answer_back = (scenario.ask, scenario.customer_answer) if scenario.ask else GENERIC_ASKS[story.staff.unit]
    if outcome == "waiting_customer" or (can_write and scenario.ask and rng.random() < 0.3):
        story.reply(ask, _minutes(rng, 30, 2 * DAY))
        story.move(Status.WAITING_CUSTOMER, _minutes(rng, 1, 5), WAITING_CUSTOMER_REASON)
        if outcome == "waiting_customer":
            return
        story.requester(answer_back, _minutes(rng, 2 * 60, 4 * DAY))
    if outcome == "waiting_third_party" or (scenario.third_party and rng.random() < 0.4):
        story.reply(scenario.third_party or GENERIC_THIRD_PARTY[story.staff.unit], _minutes(rng, 30, 2 * DAY))
        if scenario.third_party_note:
            story.note(scenario.third_party_note, _minutes(rng, 5, 120))
        story.move(Status.WAITING_THIRD_PARTY, _minutes(rng, 1, 10))
        if outcome == "waiting_third_party":
            return
        story.move(Status.IN_PROGRESS, _minutes(rng, 2 * DAY, 10 * DAY), RESUMED_REASON)
    if len(notes) > 1 and rng.random() < 0.5:
        story.note(notes[1], _minutes(rng, 30, DAY))
    story.reply(item.answer or scenario.answer, _minutes(rng, 30, 2 * DAY))
    story.move(Status.RESOLVED, _minutes(rng, 1, 10))
    if outcome == "reopened":
        story.reopen(scenario.reopen or GENERIC_REOPEN, _minutes(rng, 3 * 60, 4 * DAY))
        story.reply(scenario.after_reopen or GENERIC_AFTER_REOPEN, _minutes(rng, 60, 2 * DAY))
        story.move(Status.RESOLVED, _minutes(rng, 1, 10))
    if outcome == "resolved":
        if can_write and rng.random() < 0.3:
            story.requester(rng.choice(THANKS_EN if story.language == "en" else THANKS), _minutes(rng, 30, DAY))
        return
    story.close(can_write)


def _appointment(
    story: _Story, scenario: Scenario, item: Item, outcome: Outcome, booked: bool, can_write: bool
) -> None:
    """Upcoming: a slot after the load day, booked through the service. Past: the date is in the reply."""
    rng = story.rng
    if outcome == "upcoming":
        if booked and rng.random() < 0.3:
            return  # booked on the web form, not picked up yet
        story.assign()
        if not booked:
            story.add(
                "book",
                _minutes(rng, 20, 300),
                actor=story.handler,
                target=scenario.appointment_place,
                days_ahead=rng.randint(2, 10),
                slot=rng.randrange(8),
            )
        story.reply(
            f"Jadwal Bapak/Ibu di {scenario.appointment_place}: $janji_temu. Mohon datang 10 menit lebih awal dengan "
            "membawa KTP dan berkas pendukung. Bila berhalangan, balas pesan ini agar jadwal dapat kami ubah.",
            _minutes(rng, 2, 60),
        )
        story.move(Status.IN_PROGRESS, _minutes(rng, 1, 30))
        if rng.random() < 0.5:
            story.note("Berkas pendukung sudah diminta dibawa saat konsultasi.", _minutes(rng, 5, 120))
        return
    if outcome in {"new", "stale"}:
        if outcome == "stale":
            story.assign()
        return
    story.assign()
    if outcome == "closed_direct":
        story.move(Status.CLOSED, _minutes(rng, 10, 600), rng.choice(CLOSE_DIRECT_REASONS))
        return
    story.reply(item.answer or scenario.answer, _minutes(rng, 30, DAY), slot=rng.randrange(8))
    story.move(Status.IN_PROGRESS, _minutes(rng, 1, 10))
    note = scenario.notes[0] if scenario.notes else "Konsultasi sudah dilaksanakan."
    story.note(note, _minutes(rng, 2 * DAY, 3 * DAY))
    story.reply(
        "Terima kasih sudah hadir pada jadwal konsultasi. Bila masih ada pertanyaan, silakan balas pesan ini.",
        _minutes(rng, 10, 120),
    )
    story.move(Status.RESOLVED, _minutes(rng, 1, 10))
    if outcome != "resolved":
        story.close(can_write)


def _suggestion(story: _Story, scenario: Scenario, item: Item, outcome: Outcome, anonymous: bool) -> None:
    """Suggestions and compliments: read, passed on, thanked for, closed."""
    rng = story.rng
    if outcome == "new":
        return
    if outcome == "stale" or rng.random() < 0.6:
        story.assign()
    story.move(Status.IN_PROGRESS, _minutes(rng, 30, 2 * DAY))
    if outcome == "stale":
        return
    story.note(scenario.notes[0] if scenario.notes else GENERIC_NOTES[story.staff.unit][0], _minutes(rng, 10, DAY))
    if outcome == "in_progress":
        return
    if outcome == "closed_direct":
        story.move(Status.CLOSED, _minutes(rng, 10, 600), rng.choice(CLOSE_DIRECT_REASONS))
        return
    if not anonymous or rng.random() < 0.5:
        story.reply(item.answer or scenario.answer, _minutes(rng, 60, 3 * DAY))
    story.move(Status.RESOLVED, _minutes(rng, 1, 10))
    if outcome != "resolved":
        story.move(Status.CLOSED, _minutes(rng, 2 * DAY, 7 * DAY))


# --- Orders ---------------------------------------------------------------------------------------


def _order_lines(rng: random.Random, first: bool, short: bool) -> tuple[OrderLinePlan, ...]:
    """One to three items; the first short of stock when ``short``. The very first order is the seed's own:
    200 karung beras premium 5 kg, 120 in stock."""
    if first:
        return (
            OrderLinePlan("Beras premium 5 kg", 200, "karung", 120),
            OrderLinePlan("Minyak goreng 2 L", 50, "dus", 80),
        )
    picks = rng.sample(ORDER_ITEMS, rng.choice((1, 1, 2, 3)))
    lines = []
    for index, (item, uom, low, high, step) in enumerate(picks):
        quantity = rng.randrange(low, high + 1, step)
        if short and index == 0:
            stock = max(0, round(quantity * rng.uniform(0.3, 0.75) / step) * step)
        else:
            stock = quantity + rng.randrange(0, high, step)
        lines.append(OrderLinePlan(item, quantity, uom, stock))
    return tuple(lines)


def _order_text(lines: Sequence[OrderLinePlan], address: str, terms: str) -> tuple[str, str]:
    first = lines[0]
    subject = f"Pesanan {first.quantity} {first.unit_of_measure} {first.item[0].lower()}{first.item[1:]}"
    if len(lines) > 1:
        subject += f" dan {len(lines) - 1} barang lain"
    items = "\n".join(f"- {line.quantity} {line.unit_of_measure} {line.item}" for line in lines)
    destination = f"ke {address}" if address else "ke toko kami"
    return subject, f"Mohon dikirim {destination}:\n{items}\nPembayaran {terms}."


def _short_text(line: OrderLinePlan) -> str:
    uom = line.unit_of_measure
    if not line.in_stock:
        return f"Stok {line.item} sedang kosong; barang kami kirim begitu kiriman pemasok tiba."
    return (
        f"Stok {line.item} di gudang saat ini {line.in_stock} {uom}, jadi pengiriman pertama {line.in_stock} {uom} "
        f"dan sisanya {line.shortfall} {uom} menyusul."
    )


def _order_story(story: _Story, order: OrderPlan, outcome: Outcome, can_write: bool) -> None:
    """Skenario 2: record the order, send what stock covers, move the promised date, deliver the rest."""
    rng = story.rng
    story.assign(_minutes(rng, 5, 90))
    if not order.at_submission:
        story.add("record_order", _minutes(rng, 5, 60), actor=story.handler)
    story.move(Status.IN_PROGRESS, _minutes(rng, 1, 20))
    short = [(index, line) for index, line in enumerate(order.lines) if line.shortfall]
    stock = _short_text(short[0][1]) if short else "Seluruh barang tersedia."
    story.reply(
        f"Pesanan Bapak/Ibu sudah kami catat. {stock} Pengiriman kami jadwalkan paling lambat $janji.",
        _minutes(rng, 10, 180),
    )
    lines = list(order.lines)
    if rng.random() < 0.3:
        ordered = {line.item for line in lines}
        item, uom, low, high, step = rng.choice([entry for entry in ORDER_ITEMS if entry[0] not in ordered])
        quantity = rng.randrange(low, high + 1, step)
        lines.append(OrderLinePlan(item, quantity, uom, quantity + step))
        story.note(f"Pelanggan menelepon, menambah {quantity} {uom} {item}.", _minutes(rng, 60, DAY))
        story.add(
            "add_line",
            _minutes(rng, 1, 10),
            actor=story.handler,
            target=item,
            quantity=quantity,
            unit_of_measure=uom,
            stock=quantity + step,
        )
    for index, line in enumerate(lines):
        delivered = min(line.quantity, line.in_stock)
        if delivered:
            minutes = _minutes(rng, 3 * 60, 2 * DAY) if index == 0 else _minutes(rng, 1, 30)
            story.add("deliver", minutes, actor=story.handler, line=index, delivered=delivered)
    if not short:
        story.reply(
            "Seluruh pesanan sudah kami kirim dan diterima di toko. Terima kasih atas pesanannya.",
            _minutes(rng, 30, 240),
        )
        story.move(Status.RESOLVED, _minutes(rng, 1, 10))
        story.close(can_write)
        return
    index, line = short[0]
    uom, reason = line.unit_of_measure, SHORTAGE_REASONS[line.item.split()[0]]
    if line.in_stock:
        story.note(
            f"Pengiriman pertama {line.in_stock} {uom} {line.item} sudah diterima toko, surat jalan ditandatangani.",
            _minutes(rng, 30, 240),
        )
    later = order.promised_in_days + rng.randint(3, 7)
    story.add("promise", _minutes(rng, 60, DAY), actor=story.handler, text=reason, days_ahead=later)
    story.reply(
        f"Mohon maaf, sisa {line.shortfall} {uom} {line.item} baru dapat kami kirim paling lambat $janji_baru. "
        f"{reason}",
        _minutes(rng, 5, 60),
    )
    story.move(Status.WAITING_THIRD_PARTY, _minutes(rng, 1, 10), "Menunggu kiriman dari pemasok.")
    if outcome != "closed":
        return
    story.move(Status.IN_PROGRESS, _minutes(rng, DAY, 3 * DAY), "Kiriman pemasok sudah tiba di gudang.")
    story.add(
        "deliver",
        _minutes(rng, 60, 6 * 60),
        actor=story.handler,
        line=index,
        stock=line.quantity,
        delivered=line.quantity,
    )
    story.reply(
        f"Sisa pesanan {line.item} sebanyak {line.shortfall} {uom} sudah kami kirim hari ini. Terima kasih atas "
        "kesabarannya.",
        _minutes(rng, 10, 120),
    )
    story.move(Status.RESOLVED, _minutes(rng, 1, 10))
    story.close(can_write)


# --- Who asks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Requester:
    name: str = ""
    email: str = ""
    phone: str = ""
    customer_index: int | None = None
    is_person: bool = True
    address: str = ""


def _contact(spec: CustomerSpec, kinds: Sequence[str]) -> str:
    return next((c.value for c in spec.contacts if c.kind in kinds), "")


class _Generator:
    """Shared random state for one run of ``generate_request_specs``."""

    def __init__(self, seed: int, customers: Sequence[CustomerSpec]) -> None:
        self.rng = random.Random(f"prima-demo-requests-{seed}")
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed + 1)
        self.customers = customers
        # Contacts already taken, so a new person is never matched to an existing customer by the intake.
        self.used_numbers: set[str] = set()
        self.used_emails: set[str] = set()
        for spec in customers:
            for contact in (*spec.contacts, *([spec.extra_contact[1]] if spec.extra_contact else [])):
                value = normalize_contact(contact.kind, contact.value)
                (self.used_emails if contact.kind == ContactKind.EMAIL else self.used_numbers).add(value)

    def existing(self, organisation: str, unit: str, days_ago: int, need_email: bool) -> _Requester | None:
        """A customer registered at least a week before the request, preferably one the unit serves."""
        candidates = [
            (index, spec)
            for index, spec in enumerate(self.customers)
            if spec.organisation == organisation
            and spec.days_ago >= days_ago + 7
            and (not need_email or _contact(spec, (ContactKind.EMAIL,)))
        ]
        if not candidates:
            return None
        weights = [3 if unit in spec.unit_codes else 1 for _index, spec in candidates]
        index, spec = self.rng.choices(candidates, weights=weights)[0]
        return _Requester(
            name=spec.name,
            email=_contact(spec, (ContactKind.EMAIL,)),
            phone=_contact(spec, (ContactKind.WHATSAPP, ContactKind.PHONE)),
            customer_index=index,
            is_person=spec.kind == CustomerKind.PERSON,
            address=spec.address,
        )

    def new_person(self, organisation: str, *, email: bool, phone: bool) -> _Requester:
        rng = self.rng
        name, plain = person_name(self.fake, rng, bugis=organisation == COMPANY.key and rng.random() < 0.6)
        address = ""
        mail = ""
        if email:
            for _attempt in range(20):
                mail = person_email(rng, plain)
                if mail not in self.used_emails:
                    break
            self.used_emails.add(mail)
        number = ""
        if phone:
            number = mobile_number(rng, self.used_numbers)
        return _Requester(name=name, email=mail, phone=number, address=address)

    def requester(self, organisation: str, unit: str, channel: str, days_ago: int) -> _Requester:
        """Mostly an existing customer giving the contacts the channel needs; sometimes someone new."""
        rng = self.rng
        need_email = channel == Channel.EMAIL
        found = self.existing(organisation, unit, days_ago, need_email) if rng.random() < 0.8 else None
        if found is None:
            wants_email = channel == Channel.EMAIL or (channel == Channel.WEB and rng.random() < 0.6)
            wants_phone = channel in {Channel.PHONE, Channel.WALK_IN} or (channel == Channel.WEB and not wants_email)
            return self.new_person(organisation, email=wants_email, phone=wants_phone or rng.random() < 0.3)
        # What the requester gives on this channel (the customer record may hold more).
        email = found.email if channel in {Channel.EMAIL, Channel.WEB} or rng.random() < 0.3 else ""
        phone = found.phone if channel in {Channel.PHONE, Channel.WEB, Channel.WALK_IN} or rng.random() < 0.3 else ""
        if channel == Channel.WEB and not (email or phone):
            email, phone = found.email, found.phone
        return replace(found, email=email, phone=phone)

    def greeting(self, requester: _Requester, language: str, anonymous: bool) -> str:
        if anonymous:
            return ANONYMOUS_GREETING
        name = requester.name
        if language == "id" and requester.is_person:
            name = f"Bapak/Ibu {name}"
        return GREETING[language].format(nama=name)


def _arrival(rng: random.Random, organisation: str, staff_channel: bool) -> int:
    """Seconds after local midnight: opening hours for staff-logged channels, 06:00-22:00 for web and e-mail."""
    hours = SLEMAN.hours if organisation == SLEMAN.key else COMPANY.hours
    if staff_channel:
        opens = hours.opens.hour * 3600 + hours.opens.minute * 60
        return opens + rng.randrange(hours.span_minutes * 60 - 1800)
    return rng.randrange(6 * 3600, 22 * 3600)


def _priority(rng: random.Random, scenario: Scenario) -> str:
    if scenario.kind in {RequestKind.SUGGESTION, RequestKind.COMPLIMENT}:
        return Priority.LOW if rng.random() < 0.6 else Priority.NORMAL
    if rng.random() < scenario.raise_priority:
        higher: dict[str, str] = {Priority.LOW: Priority.NORMAL, Priority.NORMAL: Priority.HIGH}
        return higher.get(scenario.priority, Priority.URGENT)
    return scenario.priority


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _file_after_assignment(rng: random.Random, events: list[RequestEvent], category: str) -> None:
    """Whoever picks a public submission up files it under a category, right after the assignment."""
    position = next((i for i, event in enumerate(events) if event.kind == "assign"), None)
    if position is not None:
        owner = events[position].target
        events.insert(position + 1, RequestEvent("category", _minutes(rng, 2, 30), actor=owner, target=category))


def _confidentiality(rng: random.Random, scenario: Scenario) -> str:
    roll = rng.random()
    if roll < scenario.anonymous:
        return Confidentiality.ANONYMOUS
    if roll < scenario.anonymous + scenario.confidential:
        return Confidentiality.CONFIDENTIAL
    return Confidentiality.NORMAL


def _request(gen: _Generator, number: int, plan: _Plan) -> RequestSpec:
    if plan.scenario == "order":
        return _order_request(gen, number, plan)
    rng = gen.rng
    scenario = SCENARIOS_BY_KEY[plan.scenario]
    organisation = ORGANISATION_OF_UNIT[scenario.unit]
    staff = STAFF[scenario.unit]
    values = fill_values(rng)
    values["petugas"] = STAFF_CALLED[rng.choice(staff.agents)]
    item = rng.choice(scenario.items)
    channel = plan.channel or rng.choice(scenario.channels)
    confidentiality = plan.confidentiality or _confidentiality(rng, scenario)
    anonymous = confidentiality == Confidentiality.ANONYMOUS
    if anonymous and channel not in {Channel.WEB, Channel.SUGGESTION_BOX, Channel.COMMENT_CARD}:
        channel = Channel.WEB if channel == Channel.EMAIL else Channel.SUGGESTION_BOX
    letter = None
    if scenario.letter is not None:
        sender_template, number_template = item.sender or rng.choice(scenario.letter.senders)
        sender = sender_template.format(**values)
        # A letter may arrive scanned by e-mail, from the sender's office address.
        email = organisation_email(rng, sender) if channel == Channel.EMAIL else ""
        requester = _Requester(name=sender, email=email, is_person=False)
        number_text = number_template.format(**values)
        letter = LetterPlan(number_text, sender, rng.randint(1, 6), scenario.letter.due_days)
    elif anonymous:
        requester = _Requester()
    else:
        requester = gen.requester(organisation, scenario.unit, channel, plan.days_ago)
    # Whoever left an address or number can follow the request with its tracking code and write back.
    can_write = not anonymous and scenario.letter is None and bool(requester.email or requester.phone)
    outcome = _fit_outcome(plan.outcome, scenario, plan.days_ago, can_write)
    staff_channel = channel in STAFF_CHANNELS
    logged_by = (rng.choice(staff.agents) if rng.random() < 0.8 else staff.supervisor) if staff_channel else ""
    slot = None
    if outcome == "upcoming" and channel == Channel.WEB and rng.random() < 0.6:
        slot = SlotPlan(scenario.appointment_place, rng.randint(2, 10), rng.randrange(8))
    story = _Story(rng, staff, gen.greeting(requester, scenario.language, anonymous), scenario.language, values)
    if scenario.kind == RequestKind.APPOINTMENT:
        _appointment(story, scenario, item, outcome, slot is not None, can_write)
    elif scenario.kind in {RequestKind.SUGGESTION, RequestKind.COMPLIMENT}:
        _suggestion(story, scenario, item, outcome, anonymous)
    else:
        _handle(story, scenario, item, outcome, can_write)
    category = scenario.category if scenario.category in CATEGORIES[scenario.unit] else ""
    if category and not staff_channel:
        _file_after_assignment(
            rng, story.events, CATEGORIES[scenario.transfer_to][0] if scenario.transfer_to else category
        )
    complaint = None
    if scenario.kind == RequestKind.COMPLAINT:
        place, remedy = scenario.incident_place.format(**values), scenario.remedy.format(**values)
        complaint = ComplaintPlan(rng.randint(0, 10), place, remedy)
    return RequestSpec(
        number=number,
        organisation=organisation,
        unit=scenario.unit,
        scenario=scenario.key,
        kind=scenario.kind,
        channel=channel,
        subject=_capitalised(item.subject.format(**values)),
        description=item.description.format(**values),
        priority=_priority(rng, scenario),
        confidentiality=confidentiality,
        language=scenario.language,
        category=category if staff_channel else "",
        customer_index=requester.customer_index,
        requester_name=requester.name,
        requester_email=requester.email,
        requester_phone=requester.phone,
        logged_by=logged_by,
        days_ago=plan.days_ago,
        second_of_day=_arrival(rng, organisation, staff_channel),
        events=_fit_in(story.events, plan.days_ago),
        final_status=story.status,
        complaint=complaint,
        letter=letter,
        slot=slot,
    )


def _order_requester(gen: _Generator, channel: str, days_ago: int) -> _Requester:
    """Who orders: a customer of the trading company; an order letter comes from a shop or distributor."""
    if channel != Channel.LETTER:
        return gen.requester(COMPANY.key, LAYANAN, channel, days_ago)
    for _attempt in range(5):
        found = gen.existing(COMPANY.key, LAYANAN, days_ago, need_email=False)
        if found is not None and not found.is_person:
            return replace(found, email="", phone="")
    return _Requester(name=gen.rng.choice(ORDER_LETTER_SENDERS), is_person=False)


def _order_request(gen: _Generator, number: int, plan: _Plan) -> RequestSpec:
    rng = gen.rng
    staff = STAFF[LAYANAN]
    channel = plan.channel or rng.choice((Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.WALK_IN, Channel.LETTER))
    lines = _order_lines(rng, plan.seed_order, short=plan.outcome != "closed" or rng.random() < 0.5)
    requester = _order_requester(gen, channel, plan.days_ago)
    letter = None
    if channel == Channel.LETTER:
        initials = "".join(word[0] for word in requester.name.split() if word[0].isupper())[:4]
        letter = LetterPlan(f"SP-{rng.randint(10, 250):03d}/{initials}/$tahun", requester.name, rng.randint(1, 3), 14)
    subject, description = _order_text(lines, requester.address, rng.choice(PAYMENT_TERMS))
    if letter is not None:
        description = f"Surat pesanan nomor $nomor_surat tanggal $tanggal_surat.\n{description}"
    order = OrderPlan(
        lines=lines,
        promised_in_days=rng.randint(1, 4) if plan.outcome != "closed" else rng.randint(0, 3),
        notes=rng.choice(("", "", "Kirim sebelum pukul 10.00 WITA.", "Bongkar di gudang belakang toko.")),
        at_submission=channel != Channel.PHONE or rng.random() < 0.5,
    )
    story = _Story(rng, staff, gen.greeting(requester, "id", anonymous=False), "id", {})
    _order_story(story, order, plan.outcome, can_write=bool(requester.email))
    staff_channel = channel in STAFF_CHANNELS
    if not staff_channel:
        _file_after_assignment(rng, story.events, "Pesanan")
    return RequestSpec(
        number=number,
        organisation=COMPANY.key,
        unit=LAYANAN,
        scenario="order",
        kind=RequestKind.ORDER,
        channel=channel,
        subject=subject,
        description=description,
        priority=Priority.HIGH if sum(line.quantity for line in lines) >= 150 else Priority.NORMAL,
        confidentiality=Confidentiality.NORMAL,
        language="id",
        category="Pesanan" if staff_channel else "",
        customer_index=requester.customer_index,
        requester_name=requester.name,
        requester_email=requester.email,
        requester_phone=requester.phone,
        logged_by=rng.choice(staff.agents) if staff_channel else "",
        days_ago=plan.days_ago,
        second_of_day=_arrival(rng, COMPANY.key, staff_channel),
        events=_fit_in(story.events, plan.days_ago),
        final_status=story.status,
        letter=letter,
        order=order,
    )


def generate_request_specs(seed: int, customers: Sequence[CustomerSpec], count: int) -> list[RequestSpec]:
    """The demo requests for ``seed`` and these customers: always the same list. No database access."""
    gen = _Generator(seed, customers)
    return [_request(gen, number, plan) for number, plan in enumerate(_plans(gen.rng, count))]
