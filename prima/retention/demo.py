"""Demo data for lost-customer analysis (Skenario 1: falling customer numbers in the demo's licensing office).

The demo's customers come with a registration history; here some of the Perizinan Usaha customers become regulars
who came back every month or so — walk-in questions answered at the counter, submitted and closed through the
ticket services — and most of them stopped coming in the past months, so the unit's customer numbers fall.
The unit counts a one-time applicant as lost after 60 days (its own threshold). Then the scan runs, and staff
interview a few of the lost customers (with win-back attempts).

Deterministic for a seed; does nothing when the demo organisation is missing or this demo was already loaded.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, DateTimeField, Q, Value, When
from django.utils import timezone

from prima.accounts.models import Role, ServiceUnit, User
from prima.activity.models import ActivityLog
from prima.customers.models import Customer
from prima.retention.detection import scan_lost_customers
from prima.retention.models import CustomerStatus, Interview, InterviewChannel, Lapse, LossReason, RetentionStatus
from prima.retention.queries import customer_may_be_contacted
from prima.retention.services import AttemptInput, ensure_default_reasons, record_interview, update_thresholds
from prima.tickets.choices import Channel, RequestKind, Status
from prima.tickets.models import StatusChange, Ticket
from prima.tickets.services import change_status, submit_request

ORGANISATION = "DPMPTSP Kabupaten Sleman"
UNIT_CODE = "perizinan-usaha"
KEY_PREFIX = "demo-retention"
REGULARS = 70
ONE_OFF_DAYS = 60  # the unit's own setting: a one-time applicant counts as lost after two months
MAX_VISITS = 10
SERVED_IN = timedelta(minutes=25)

QUESTIONS = (
    ("Konsultasi perubahan data NIB", "Pemohon menanyakan cara mengubah alamat usaha pada NIB di OSS."),
    ("Menanyakan syarat sertifikat standar", "Pemohon meminta daftar dokumen untuk sertifikat standar usaha."),
    ("Pendampingan pengisian OSS", "Pemohon dibantu mengisi data kegiatan usaha (KBLI) di OSS."),
    ("Menanyakan izin PIRT", "Pemohon menanyakan alur izin produksi pangan industri rumah tangga."),
    ("Cetak ulang NIB", "Pemohon meminta bantuan mencetak ulang NIB yang hilang."),
    ("Laporan kegiatan penanaman modal", "Pemohon menanyakan cara mengisi LKPM triwulan."),
)
REASONS = (  # (reason code, weight)
    ("slow", 4),
    ("requirements", 3),
    ("online", 3),
    ("other-provider", 1),
    ("attitude", 1),
    ("no-longer-needed", 2),
)
NOTES = {
    "slow": "Antrean di loket bisa dua jam; pemohon memilih datang ke mal pelayanan di kota.",
    "requirements": "Merasa syarat yang diminta berubah-ubah setiap datang.",
    "online": "Sekarang mengurus sendiri lewat OSS dari rumah dan tidak perlu ke kantor.",
    "other-provider": "Memakai jasa biro perizinan agar tidak perlu antre.",
    "attitude": "Kecewa karena petugas kurang ramah saat ditanya berulang kali.",
    "no-longer-needed": "Usaha kuliner sudah tutup sejak awal tahun.",
}
ATTEMPTS = (
    "Ditawari pendampingan OSS lewat WhatsApp oleh petugas",
    "Diundang ke klinik UMKM dengan jadwal antrean khusus",
    "Dijelaskan daftar syarat tetap dan diberi lembar ringkas",
)


@dataclass(frozen=True)
class _Visit:
    customer: Customer
    when: datetime
    actor: User


def load_demo(seed: int) -> None:
    unit = ServiceUnit.objects.filter(code=UNIT_CODE, organisation__name=ORGANISATION).first()
    if unit is None or Interview.objects.filter(unit=unit, submission_key__startswith=KEY_PREFIX).exists():
        return
    desk = list(
        User.objects.filter(memberships__unit=unit, memberships__role__in=[Role.AGENT, Role.SUPERVISOR])
        .distinct()
        .order_by("email")
    )
    if not desk:
        return
    rng = random.Random(f"{KEY_PREFIX}-{seed}")
    now = timezone.now()
    supervisor = next(
        (user for user in desk if user.memberships.filter(unit=unit, role=Role.SUPERVISOR).exists()), None
    )
    update_thresholds(
        unit,
        one_off_days=ONE_OFF_DAYS,
        interval_factor=Decimal("2.00"),
        minimum_days=30,
        repeat_after=3,
        at_risk_percent=50,
        actor=supervisor or desk[0],
    )
    visits = _plan_visits(rng, unit, desk, now)
    with transaction.atomic():
        _submit_visits(unit, visits, seed)
    scan_lost_customers()
    _interview_lost_customers(rng, unit, desk, seed)


def _plan_visits(rng: random.Random, unit: ServiceUnit, desk: Sequence[User], now: datetime) -> list[_Visit]:
    """Regulars among the unit's older customers: most stopped 1 to 5 months ago, some stayed, a few came back."""
    candidates = list(Customer.objects.filter(units=unit, created_at__lte=now - timedelta(days=200)).order_by("id"))
    chosen = rng.sample(candidates, min(REGULARS, len(candidates)))
    visits: list[_Visit] = []
    for customer in sorted(chosen, key=lambda c: c.pk):
        rhythm = rng.randint(24, 36)
        roll = rng.random()
        stops: list[tuple[datetime, datetime | None]]
        if roll < 0.82:  # stopped coming
            stops = [(now - timedelta(days=rng.randint(40, 150)), None)]
        elif roll < 0.94:  # still a regular
            stops = [(now - timedelta(days=rng.randint(2, 15)), None)]
        else:  # stayed away for months, then came back
            stops = [(now - timedelta(days=rng.randint(200, 260)), now - timedelta(days=rng.randint(3, 20)))]
        last, returned = stops[0]
        first = max(customer.created_at + timedelta(days=rhythm), last - timedelta(days=rhythm * (MAX_VISITS - 1)))
        moment = first
        while moment <= last:
            visits.append(_Visit(customer, _office_hours(moment, rng), rng.choice(desk)))
            moment += timedelta(days=rhythm + rng.randint(-3, 3))
        if returned is not None:
            visits.append(_Visit(customer, _office_hours(returned, rng), rng.choice(desk)))
    visits.sort(key=lambda visit: (visit.when, visit.customer.pk))
    return visits


def _office_hours(moment: datetime, rng: random.Random) -> datetime:
    """The same day between 08:00 and 14:00 WIB, moved off the weekend."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local -= timedelta(days=1)
    return local.replace(hour=8 + rng.randint(0, 5), minute=rng.randint(0, 59), second=0, microsecond=0)


def _submit_visits(unit: ServiceUnit, visits: Sequence[_Visit], seed: int) -> None:
    """Each visit is a walk-in question answered at the counter: submitted, then closed; then moved to its day."""
    moments: dict[int, datetime] = {}
    for number, visit in enumerate(visits):
        subject, description = QUESTIONS[number % len(QUESTIONS)]
        ticket = submit_request(
            unit,
            kind=RequestKind.INFORMATION,
            channel=Channel.WALK_IN,
            subject=subject,
            description=description,
            customer=visit.customer,
            submission_key=f"{KEY_PREFIX}-{seed}-{number}",
            actor=visit.actor,
        )
        if ticket.status != Status.CLOSED:
            change_status(ticket, to_status=Status.CLOSED, reason="Dijawab langsung di loket.", actor=visit.actor)
        moments[ticket.pk] = visit.when
    _move_into_the_past(moments)


def _batches(items: Sequence[tuple[int, datetime]], size: int = 200) -> Iterable[Sequence[tuple[int, datetime]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _move_into_the_past(moments: dict[int, datetime]) -> None:
    """The services stamp "now"; set each request's rows to its visit (arrival) and closing time in bulk."""
    ticket_type = ContentType.objects.get_for_model(Ticket)
    for batch in _batches(sorted(moments.items())):
        ids = [pk for pk, _when in batch]
        arrived = Case(*[When(pk=pk, then=Value(when)) for pk, when in batch], output_field=DateTimeField())
        closed = Case(*[When(pk=pk, then=Value(when + SERVED_IN)) for pk, when in batch], output_field=DateTimeField())
        Ticket.objects.filter(pk__in=ids).update(created_at=arrived, updated_at=closed, closed_at=closed)
        for field_name, status in (("created_at", Status.NEW), ("created_at", Status.CLOSED)):
            offset = SERVED_IN if status == Status.CLOSED else timedelta(0)
            whens = [When(ticket_id=pk, then=Value(when + offset)) for pk, when in batch]
            StatusChange.objects.filter(ticket_id__in=ids, to_status=status).update(
                **{field_name: Case(*whens, output_field=DateTimeField())}
            )
        submitted = [When(object_id=str(pk), then=Value(when)) for pk, when in batch]
        closing = [When(object_id=str(pk), then=Value(when + SERVED_IN)) for pk, when in batch]
        entries = ActivityLog.objects.filter(content_type=ticket_type, object_id__in=[str(pk) for pk in ids])
        entries.filter(action="tickets.ticket.submitted").update(
            created_at=Case(*submitted, output_field=DateTimeField())
        )
        entries.filter(~Q(action="tickets.ticket.submitted")).update(
            created_at=Case(*closing, output_field=DateTimeField())
        )


def _interview_lost_customers(rng: random.Random, unit: ServiceUnit, desk: Sequence[User], seed: int) -> None:
    """Staff call (or, without consent, talk at the counter with) a few customers who stopped coming."""
    ensure_default_reasons(unit.organisation)
    reasons = {reason.code: reason for reason in LossReason.objects.filter(organisation=unit.organisation)}
    codes = [code for code, _weight in REASONS if code in reasons]
    weights = [weight for code, weight in REASONS if code in reasons]
    lost = list(
        CustomerStatus.objects.filter(unit=unit, status__in=[RetentionStatus.LOST, RetentionStatus.WON_BACK])
        .select_related("customer")
        .order_by("status_since", "id")
    )
    today = timezone.localdate()
    for number, status in enumerate(rng.sample(lost, min(8, len(lost)))):
        customer = status.customer
        code = rng.choices(codes, weights=weights)[0]
        lost_on = timezone.localtime(status.status_since).date()
        interviewed_on = min(lost_on + timedelta(days=rng.randint(5, 20)), today)
        if status.status == RetentionStatus.WON_BACK:
            lapse = (
                Lapse.objects.filter(customer=customer, unit=unit, returned_at__isnull=False)
                .order_by("-lost_at")
                .first()
            )
            if lapse is not None:  # talked to them while they were away; the scan sees them come back
                interviewed_on = timezone.localtime(lapse.lost_at).date() + timedelta(days=10)
        channel = (
            rng.choice([InterviewChannel.PHONE, InterviewChannel.WHATSAPP])
            if customer_may_be_contacted(customer)
            else InterviewChannel.COUNTER
        )
        outcome = "pending"
        if status.status == RetentionStatus.LOST and number % 3 == 2:
            outcome = "not_won_back"
        attempt = None
        if code not in {"no-longer-needed"}:
            attempt = AttemptInput(interviewed_on, ATTEMPTS[number % len(ATTEMPTS)], outcome)
        record_interview(
            customer,
            unit=unit,
            interviewed_on=interviewed_on,
            channel=channel,
            reason=reasons[code],
            notes=NOTES[code],
            interviewer=desk[number % len(desk)],
            attempt=attempt,
            submission_key=f"{KEY_PREFIX}-{seed}-interview-{number}",
            actor=desk[number % len(desk)],
        )
    scan_lost_customers()  # attempts with customers who have since come back are marked won back
