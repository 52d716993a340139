"""Fill the benchmark database with many requests, fast (bench/scenarios/inbox.py and bench/scenarios/sla.py).

``manage.py bench_seed_requests --count N [--profile inbox|sla] [--state FILE]`` makes sure the profile's
benchmark organisation (a head office with four service units and their staff) exists and holds at least N
requests, inserting only the missing ones: a second call with a larger N tops up (100,000 → 1,000,000), one
with a smaller N inserts nothing.

Rows go in with raw INSERTs (``executemany``), ``BATCH_SIZE`` rows per transaction, bypassing the services:
no activity log, status history, messages or notifications (the inbox lists requests from the request table
alone, and the breach scan reads the history of its candidates only). Everything else is what the services
would store: valid, unique tracking codes (a bijection of the row's ordinal, so no lookup is needed), owners
who work in the request's unit, timestamps that agree with the status.

Profiles:

* ``inbox``: a realistic mix of kinds, channels, priorities, statuses (most requests closed) and owners over
  units of different sizes, received every 30 s from 2024-01-01. The organisation has no SLA policy, so
  ``due_at`` stays empty, as ``prima.sla.services.refresh_ticket_due_date`` would leave it.
* ``sla``: every request open (new or in progress), received in the last two weeks, under an
  organisation-wide policy "resolved within 30 calendar days"; ``due_at`` is what the clocks compute. Exactly
  one request in ``--past-due-every`` (default 1,000) is past due, by 10 minutes to 3 days, so the breach
  scan has a known number of candidates and every escalation level to reach.

``--state FILE`` writes what the scenarios need as JSON: two logins with a fresh random password on every
call (the supervisor of the largest unit, and the leader of the head office above all four), that unit, the
row count, an ``after_id`` near the oldest 10 % of the requests (for a deep inbox page), ids of requests of that
unit to open (for the sla profile, a quarter of them past due), and how long the insert took.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import secrets
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from prima.accounts.models import Membership, Organisation, Role, ServiceUnit, User
from prima.accounts.services import create_organisation, create_service_unit, grant_role
from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.models import SlaPolicy
from prima.sla.services import create_policy
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status
from prima.tickets.models import Ticket
from prima.tickets.tracking import ALPHABET, format_tracking_code
from prima.tickets.workflow import ACTIVE_STATUSES

BATCH_SIZE = 5_000
MAX_COUNT = 5_000_000
LEAF_UNITS = (
    ("Loket Pelayanan Terpadu", 40),
    ("Layanan Perizinan", 30),
    ("Layanan Kependudukan", 20),
    ("Pengaduan", 10),
)
AGENTS_PER_UNIT = 4
INBOX_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
INBOX_SPACING_S = 30
SLA_POLICY_NAME = "Benchmark: resolved within 30 days"
SLA_RESOLUTION_DAYS = 30
SLA_RECENT_S = 14 * 86_400  # requests that are not past due were received in the last two weeks
SLA_OVERRUN_S = (600, 3 * 86_400)  # how late a past-due request is: 10 minutes to 3 days
DEFAULT_PAST_DUE_EVERY = 1_000
DETAIL_IDS = 200

# A 56-bit multiplicative bijection of the row's ordinal, tagged per profile in the top 4 of the code's 60 bits:
# unique within and across profiles by construction, spread over the alphabet like random codes.
_CODE_BITS = 56
_CODE_MASK = (1 << _CODE_BITS) - 1
_CODE_MULTIPLIER = 0x9E3779B97F4A7C1  # odd, so multiplying is a bijection modulo 2**56
_CODE_OFFSET = 0x5DEECE66D
_RFC4648_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)

SUBJECTS = (
    "Syarat izin usaha mikro",
    "Antrean loket terlalu lama",
    "Status permohonan KTP elektronik",
    "Jadwal pengambilan dokumen",
    "Petugas tidak ramah di loket 2",
    "Permintaan salinan akta kelahiran",
    "Saran: tambah kursi ruang tunggu",
    "Pembayaran retribusi belum tercatat",
    "Informasi biaya legalisir",
    "Surat permohonan data statistik",
    "Pesanan formulir cetak 50 lembar",
    "Terima kasih atas layanan cepat",
)
DESCRIPTIONS = (
    "Saya sudah datang dua kali tetapi berkas belum bisa diproses. Mohon penjelasan syarat yang kurang.",
    "Mohon informasi jam layanan dan dokumen apa saja yang perlu dibawa.",
    "Nomor antrean saya sudah lewat tetapi belum dipanggil, padahal sudah menunggu lebih dari satu jam.",
    "Kami mengajukan permohonan data untuk keperluan penelitian, mohon ditindaklanjuti.",
)
NAMES = ("Budi Santoso", "Siti Aminah", "Agus Wijaya", "Dewi Lestari", "Rudi Hartono", "Sri Wahyuni", "Andi Pratama")
KINDS = (
    (RequestKind.INFORMATION, 30),
    (RequestKind.COMPLAINT, 25),
    (RequestKind.APPOINTMENT, 10),
    (RequestKind.LETTER, 8),
    (RequestKind.SUGGESTION, 12),
    (RequestKind.ORDER, 5),
    (RequestKind.COMPLIMENT, 10),
)
CHANNELS = (
    (Channel.WEB, 30),
    (Channel.WALK_IN, 25),
    (Channel.PHONE, 15),
    (Channel.EMAIL, 15),
    (Channel.LETTER, 5),
    (Channel.SUGGESTION_BOX, 5),
    (Channel.COMMENT_CARD, 3),
    (Channel.API, 2),
)
PRIORITIES = ((Priority.LOW, 10), (Priority.NORMAL, 70), (Priority.HIGH, 15), (Priority.URGENT, 5))
CONFIDENTIALITIES = ((Confidentiality.NORMAL, 90), (Confidentiality.CONFIDENTIAL, 8), (Confidentiality.ANONYMOUS, 2))
INBOX_STATUSES = (
    (Status.CLOSED, 62),
    (Status.RESOLVED, 12),
    (Status.NEW, 8),
    (Status.IN_PROGRESS, 10),
    (Status.WAITING_CUSTOMER, 5),
    (Status.WAITING_THIRD_PARTY, 3),
)
SLA_STATUSES = ((Status.NEW, 40), (Status.IN_PROGRESS, 60))
COLUMNS = (
    "organisation_id",
    "unit_id",
    "owner_id",
    "kind",
    "channel",
    "status",
    "priority",
    "confidentiality",
    "tracking_code",
    "subject",
    "description",
    "requester_name",
    "requester_email",
    "requester_phone",
    "requester_language",
    "due_at",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
)
Row = tuple[Any, ...]
Span = tuple[int, int]  # the ordinals this call inserts: [first, last + 1)


@dataclass(frozen=True)
class Profile:
    name: str
    organisation: str
    code_tag: int  # 1..15: the top 4 bits of every tracking code of this profile


PROFILES = {
    "inbox": Profile("inbox", "Prima benchmark: inbox", 1),
    "sla": Profile("sla", "Prima benchmark: SLA", 2),
}


def bench_tracking_code(tag: int, ordinal: int) -> str:
    """The valid tracking code of the ``ordinal``-th benchmark request of a profile: distinct for every
    (tag, ordinal) with 0 <= ordinal < 2**56 and 1 <= tag < 16, without a lookup or a random draw."""
    value = (tag << _CODE_BITS) | ((ordinal * _CODE_MULTIPLIER + _CODE_OFFSET) & _CODE_MASK)
    symbols = base64.b32encode((value << 4).to_bytes(8, "big"))[:12].decode("ascii")
    return format_tracking_code(symbols.translate(_RFC4648_TO_CROCKFORD))


@dataclass
class Cast:
    """The profile's organisation, units (largest first) and staff."""

    organisation: Organisation
    root: ServiceUnit
    units: list[ServiceUnit]
    weights: list[int]
    agents: dict[int, list[int]]  # unit id -> ids of its agents
    logins: dict[str, User]  # "supervisor" (of the largest unit), "leader" (of the head office, above them all)


class Command(BaseCommand):
    help = "Insert benchmark requests fast, topping up to --count (bench/scenarios/inbox.py, sla.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="How many requests the profile should hold.")
        parser.add_argument("--profile", choices=sorted(PROFILES), default="inbox", help="Which data set (see above).")
        parser.add_argument(
            "--past-due-every",
            type=int,
            default=DEFAULT_PAST_DUE_EVERY,
            help="sla profile: one request in this many is past due.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows per INSERT transaction.")
        parser.add_argument("--state", type=Path, help="Write the login, ids and timings to this JSON file.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, batch_size, every = options["count"], options["batch_size"], options["past_due_every"]
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 0 and {MAX_COUNT:,}.")
        if batch_size < 1 or every < 2:
            raise CommandError("--batch-size must be at least 1 and --past-due-every at least 2.")
        profile = PROFILES[options["profile"]]
        cast = self._cast(profile)
        passwords = {}
        for role, user in cast.logins.items():
            passwords[role] = secrets.token_urlsafe(18)
            user.set_password(passwords[role])
            user.save(update_fields=["password"])
        existing = Ticket.objects.filter(organisation=cast.organisation).count()
        started = time.perf_counter()
        inserted = self._insert(profile, cast, existing, count, batch_size, every)
        seconds = time.perf_counter() - started
        total = existing + inserted
        self.stdout.write(
            f"{profile.organisation}: {inserted:,} requests inserted in {seconds:.1f} s "
            f"({inserted / seconds if seconds > 0 else 0:,.0f}/s); {total:,} in all."
        )
        if options["state"] is not None:
            state = self._state(profile, cast, total, inserted, seconds, passwords, every)
            options["state"].write_text(json.dumps(state, indent=1))

    # --- The organisation and its people -----------------------------------------------------------

    def _cast(self, profile: Profile) -> Cast:
        with transaction.atomic():
            organisation = Organisation.objects.filter(name=profile.organisation).first()
            if organisation is None:
                organisation = create_organisation(profile.organisation, actor=None)
            root = self._unit(organisation, "Dinas Pelayanan Publik", f"{profile.name}-root", None)
            units = [
                self._unit(organisation, name, f"{profile.name}-{index}", root)
                for index, (name, _weight) in enumerate(LEAF_UNITS, start=1)
            ]
            leader = self._member(profile, "leader", root, Role.LEADER)
            supervisors = [
                self._member(profile, f"supervisor{i}", unit, Role.SUPERVISOR) for i, unit in enumerate(units, 1)
            ]
            agents = {
                unit.pk: [
                    self._member(profile, f"agent{i}.{n}", unit, Role.AGENT).pk for n in range(1, AGENTS_PER_UNIT + 1)
                ]
                for i, unit in enumerate(units, 1)
            }
            if profile.name == "sla":
                self._policy(organisation)
        weights = [weight for _name, weight in LEAF_UNITS]
        return Cast(organisation, root, units, weights, agents, {"supervisor": supervisors[0], "leader": leader})

    def _unit(self, organisation: Organisation, name: str, code: str, parent: ServiceUnit | None) -> ServiceUnit:
        unit = ServiceUnit.objects.filter(organisation=organisation, code=code).first()
        return unit or create_service_unit(organisation, name=name, code=code, parent=parent, actor=None)

    def _member(self, profile: Profile, handle: str, unit: ServiceUnit, role: Role) -> User:
        email = f"{profile.name}.{handle}@bench.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, full_name=f"{handle.title()} ({profile.name})")
        if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
            grant_role(user, unit=unit, role=role, actor=None)
        return user

    def _policy(self, organisation: Organisation) -> None:
        """Created before the requests (creating it afterwards would refresh every open request's due date)."""
        if SlaPolicy.objects.filter(organisation=organisation, name=SLA_POLICY_NAME).exists():
            return
        create_policy(
            organisation,
            name=SLA_POLICY_NAME,
            targets=[TargetSpec(ClockKind.RESOLUTION, SLA_RESOLUTION_DAYS, TimeUnit.DAYS, ClockMode.CALENDAR)],
            effective_from=timezone.now() - dt.timedelta(days=365),
            actor=None,
        )

    # --- The requests --------------------------------------------------------------------------------

    def _insert(self, profile: Profile, cast: Cast, existing: int, count: int, batch_size: int, every: int) -> int:
        if count <= existing:
            return 0
        table = connection.ops.quote_name(Ticket._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
        now = timezone.now()
        make_rows = self._inbox_rows if profile.name == "inbox" else self._sla_rows
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # This connection only: a page cache that holds the indexes being filled (about 128 MB), and
                # fewer checkpoints (every ~256 MB of WAL rather than every 4 MB: every batch, otherwise).
                cursor.execute("PRAGMA cache_size = -131072")
                cursor.execute("PRAGMA wal_autocheckpoint = 65536")
            for start in range(existing, count, batch_size):
                stop = min(start + batch_size, count)
                rows = make_rows(profile, cast, start, stop, now=now, every=every, span=(existing, count))
                with transaction.atomic():
                    cursor.executemany(sql, rows)
        return count - existing

    def _common(self, profile: Profile, cast: Cast, rng: random.Random, ordinals: range) -> list[list[Any]]:
        """Per row, in COLUMNS order up to requester_language; the profile adds the rest."""
        size = len(ordinals)
        units = rng.choices(cast.units, weights=cast.weights, k=size)
        kinds = _pick(rng, KINDS, size)
        channels = _pick(rng, CHANNELS, size)
        priorities = _pick(rng, PRIORITIES, size)
        confidentialities = _pick(rng, CONFIDENTIALITIES, size)
        rows = []
        for index, ordinal in enumerate(ordinals):
            unit = units[index]
            anonymous = confidentialities[index] == Confidentiality.ANONYMOUS
            name = "" if anonymous else NAMES[ordinal % len(NAMES)]
            rows.append(
                [
                    cast.organisation.pk,
                    unit.pk,
                    None,  # owner, set by the profile
                    kinds[index],
                    channels[index],
                    None,  # status, set by the profile
                    priorities[index],
                    confidentialities[index],
                    bench_tracking_code(profile.code_tag, ordinal),
                    SUBJECTS[ordinal % len(SUBJECTS)],
                    DESCRIPTIONS[ordinal % len(DESCRIPTIONS)],
                    name,
                    "" if anonymous else f"warga{ordinal}@contoh.id",
                    "" if anonymous else f"08{ordinal % 10**10:010d}",
                    "id",
                ]
            )
        return rows

    def _inbox_rows(
        self, profile: Profile, cast: Cast, start: int, stop: int, *, now: dt.datetime, every: int, span: Span
    ) -> list[Row]:
        rng = random.Random(f"inbox-{start}")
        ordinals = range(start, stop)
        statuses = _pick(rng, INBOX_STATUSES, len(ordinals))
        adapt = _datetime_adapter()
        rows: list[Row] = []
        for index, row in enumerate(self._common(profile, cast, rng, ordinals)):
            ordinal, status = ordinals[index], statuses[index]
            created = INBOX_EPOCH + dt.timedelta(seconds=ordinal * INBOX_SPACING_S)
            agents = cast.agents[row[1]]
            unassigned = status == Status.NEW and rng.random() < 0.6
            responded = created + dt.timedelta(hours=2) if status != Status.NEW else None
            resolved = created + dt.timedelta(days=3) if status in (Status.RESOLVED, Status.CLOSED) else None
            closed = created + dt.timedelta(days=5) if status == Status.CLOSED else None
            updated = closed or resolved or responded or created
            row[2] = None if unassigned else agents[ordinal % len(agents)]
            row[5] = status
            row += [None, adapt(created), adapt(updated), _maybe(adapt, responded), _maybe(adapt, resolved)]
            row.append(_maybe(adapt, closed))
            rows.append(tuple(row))
        return rows

    def _sla_rows(
        self, profile: Profile, cast: Cast, start: int, stop: int, *, now: dt.datetime, every: int, span: Span
    ) -> list[Row]:
        rng = random.Random(f"sla-{start}")
        ordinals = range(start, stop)
        statuses = _pick(rng, SLA_STATUSES, len(ordinals))
        adapt = _datetime_adapter()
        budget = dt.timedelta(days=SLA_RESOLUTION_DAYS)
        end, length = span[1], max(span[1] - span[0], 1)
        rows: list[Row] = []
        for index, row in enumerate(self._common(profile, cast, rng, ordinals)):
            ordinal, status = ordinals[index], statuses[index]
            if is_past_due(ordinal, every):
                due = now - dt.timedelta(seconds=rng.randint(*SLA_OVERRUN_S))
                created = due - budget
            else:
                # Received in order over the last two weeks, older first, like the ids.
                age = SLA_RECENT_S * (end - ordinal) // length + rng.randint(60, 120)
                created = now - dt.timedelta(seconds=age)
                due = created + budget
            agents = cast.agents[row[1]]
            unassigned = status == Status.NEW and rng.random() < 0.5
            row[2] = None if unassigned else agents[ordinal % len(agents)]
            row[5] = status
            row += [adapt(due), adapt(created), adapt(created), None, None, None]
            rows.append(tuple(row))
        return rows

    # --- What the scenarios need -------------------------------------------------------------------------

    def _state(
        self,
        profile: Profile,
        cast: Cast,
        total: int,
        inserted: int,
        seconds: float,
        passwords: dict[str, str],
        every: int,
    ) -> dict[str, Any]:
        requests = Ticket.objects.filter(organisation=cast.organisation)
        unit_requests = requests.filter(unit=cast.units[0])
        oldest_tenth = requests.order_by("id").values_list("id", flat=True)[total // 10 : total // 10 + 1]
        detail_ids = list(unit_requests.order_by("-id").values_list("id", flat=True)[:DETAIL_IDS])
        past_due: list[int] = []
        if profile.name == "sla":
            overdue = unit_requests.filter(status__in=ACTIVE_STATUSES, due_at__lt=timezone.now())
            past_due = list(overdue.order_by().values_list("id", flat=True)[: DETAIL_IDS // 4])
            detail_ids = past_due + detail_ids[: DETAIL_IDS - len(past_due)]
        return {
            "call": uuid.uuid4().hex,
            "profile": profile.name,
            "organisation_id": cast.organisation.pk,
            "unit_id": cast.units[0].pk,
            "logins": {role: {"email": user.email, "password": passwords[role]} for role, user in cast.logins.items()},
            "count": total,
            "inserted": inserted,
            "insert_seconds": round(seconds, 3),
            "past_due_every": every if profile.name == "sla" else None,
            "deep_after_id": next(iter(oldest_tenth), None),
            "detail_ids": detail_ids,
            "past_due_detail_ids": past_due,
        }


def is_past_due(ordinal: int, every: int) -> bool:
    """Which requests of the sla profile are past due: exactly ``count // every`` of the first ``count``."""
    return ordinal % every == every - 1


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]], size: int) -> list[str]:
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted], k=size)


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """What the database driver takes for an aware datetime, as the ORM would store it."""
    return connection.ops.adapt_datetimefield_value


def _maybe(adapt: Callable[[dt.datetime], Any], value: dt.datetime | None) -> Any:
    return None if value is None else adapt(value)
