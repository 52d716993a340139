"""Reads of the compliance app: who manages which units, which audits a user may see, and the SQL building
blocks of the compliance figures over the request and SLA tables. No side effects.

How the service-level figures are counted
-----------------------------------------
Prima derives SLA clocks from each request's history instead of storing them (decision 0005). What is stored,
and what these figures are computed from in SQL, is:

* ``Ticket.first_response_at`` (the first public staff reply), ``resolved_at``/``closed_at`` and the status
  history, and the public staff replies themselves (``TicketMessage``);
* the SLA policy that governs a request (chosen in SQL exactly like ``prima.sla.queries.select_policy``: the
  most specific policy effective when the request was received) and whether it has a target of a given kind;
* ``BreachEvent`` rows of kind *breached*: every due time the breach scan found missed, with the unit and owner
  the request had then.

A target counts as **missed** when the breach scan recorded a breach for it. The scan runs every few minutes,
so a target missed by less than that and met before the next scan counts as met.

For a period [start, end):

* **First response / resolution within standard**: requests governed by a policy with that target whose
  target *fell due unmet* in the period (the earliest recorded breach's due time is in the period: missed), or
  that *met* it in the period without any recorded breach (first response given, resp. resolved or closed, in
  the period: within). Each request counts once, in the period its outcome was decided.
* **Regular updates within standard**: requests governed by a policy with a regular-update target that were
  updated (a public staff reply) in the period or had an update promise fall due unmet in it; within = updated
  in the period with no update breach falling due in it. A request counts once per period.
* Percent = within ÷ (within + missed) * 100; no such request gives no figure (not zero).

Unit figures cover the unit and the units below it (the request's current unit); person figures cover the
requests a person owns now. Breach counts use the unit and owner recorded on the breach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, StrIndex, TruncMonth

from prima.accounts.models import Role, ServiceUnit, User
from prima.accounts.queries import memberships_of
from prima.compliance.models import Audit, AuditItem, AuditStatus, Checklist
from prima.sla.choices import BreachKind, ClockKind
from prima.sla.models import BreachEvent, SlaPolicy, SlaTarget
from prima.tickets.choices import Status, Visibility
from prima.tickets.models import StatusChange, Ticket, TicketMessage
from prima.tickets.workflow import ACTIVE_STATUSES

MAX_ID = 2**63 - 1
STAFF_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.AGENT, Role.ADMIN})
MANAGER_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
PERCENT_STEP = Decimal("0.01")
# The clocks whose share "within standard" the dashboard shows, in display order.
WITHIN_CLOCKS: tuple[str, ...] = (ClockKind.FIRST_RESPONSE, ClockKind.PERIODIC_UPDATE, ClockKind.RESOLUTION)


# --- access -------------------------------------------------------------------------------------------------


def _manager_units(user: User | AnonymousUser) -> list[ServiceUnit]:
    return [membership.unit for membership in memberships_of(user) if membership.role in MANAGER_ROLES]


def may_manage_unit(user: User | AnonymousUser, unit: ServiceUnit) -> bool:
    """A supervisor, leader or administrator of ``unit`` or of a unit above it (or a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(
        managed.organisation_id == unit.organisation_id and unit.path.startswith(managed.path)
        for managed in _manager_units(user)
    )


def manages_any_unit(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or _manager_units(user)))


def managed_units(user: User | AnonymousUser) -> QuerySet[ServiceUnit]:
    """Active units the user manages: the subtrees of the units where they are supervisor, leader or admin."""
    if not user.is_authenticated:
        return ServiceUnit.objects.none()
    if user.is_superuser:
        return ServiceUnit.objects.filter(is_active=True)
    condition = Q(pk__in=[])
    for unit in _manager_units(user):
        condition |= Q(path__startswith=unit.path)
    return ServiceUnit.objects.filter(condition, is_active=True)


def managed_unit_ids(user: User | AnonymousUser) -> list[int]:
    cached: list[int] | None = getattr(user, "_compliance_managed_unit_ids", None)
    if cached is None:
        cached = list(managed_units(user).values_list("pk", flat=True))
        if user.is_authenticated:
            user.__dict__["_compliance_managed_unit_ids"] = cached
    return cached


def agent_unit_ids(user: User | AnonymousUser) -> list[int]:
    return [membership.unit_id for membership in memberships_of(user) if membership.role == Role.AGENT]


def audits_visible_to(user: User | AnonymousUser) -> QuerySet[Audit]:
    """Managers: every audit of the units they manage. Agents: the completed unit-level audits of their units.
    Everyone: the audits of themselves."""
    if not user.is_authenticated:
        return Audit.objects.none()
    if user.is_superuser:
        return Audit.objects.all()
    condition = (
        Q(unit_id__in=managed_unit_ids(user))
        | Q(unit_id__in=agent_unit_ids(user), status=AuditStatus.COMPLETED, person__isnull=True)
        | Q(person_id=user.pk)
    )
    return Audit.objects.filter(condition)


def audit_visible_to(user: User | AnonymousUser, audit: Audit) -> bool:
    """The same rule as ``audits_visible_to`` for one audit already loaded."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or audit.person_id == user.pk or may_manage_unit(user, audit.unit):
        return True
    return audit.person_id is None and audit.is_completed and audit.unit_id in agent_unit_ids(user)


def audit_list_for(user: User | AnonymousUser) -> QuerySet[Audit]:
    return audits_visible_to(user).select_related("unit", "person", "auditor", "standard__service")


def audit_for(user: User | AnonymousUser, pk: int) -> Audit:
    """One audit the user may see, or ``Audit.DoesNotExist``."""
    if not 0 < pk <= MAX_ID:
        raise Audit.DoesNotExist
    return audits_visible_to(user).select_related("unit", "person", "auditor", "standard__service").get(pk=pk)


def audit_item_for(user: User | AnonymousUser, audit_pk: int, item_pk: int) -> AuditItem:
    audit = audit_for(user, audit_pk)
    if not 0 < item_pk <= MAX_ID:
        raise AuditItem.DoesNotExist
    item = AuditItem.objects.get(audit=audit, pk=item_pk)
    item.audit = audit
    return item


def checklists_for(user: User | AnonymousUser) -> QuerySet[Checklist]:
    """Checklists of the units the user manages."""
    return (
        Checklist.objects.filter(unit_id__in=managed_unit_ids(user))
        .select_related("unit", "standard__service")
        .annotate(item_count=Count("items"))
    )


def checklist_for(user: User | AnonymousUser, pk: int) -> Checklist:
    if not 0 < pk <= MAX_ID:
        raise Checklist.DoesNotExist
    return Checklist.objects.select_related("unit", "standard__service").get(pk=pk, unit_id__in=managed_unit_ids(user))


def staff_of(unit: ServiceUnit) -> QuerySet[User]:
    """Active people with a staff role in ``unit`` or a unit below it, by name."""
    from prima.accounts.models import Membership

    members = Membership.objects.filter(user=OuterRef("pk"), unit__path__startswith=unit.path, role__in=STAFF_ROLES)
    return User.objects.filter(Exists(members), is_active=True).order_by("full_name", "pk")


def audits_in_scope(*, unit: ServiceUnit | None = None, user_id: int | None = None) -> QuerySet[Audit]:
    audits = Audit.objects.all()
    if unit is not None:
        audits = audits.filter(unit__path__startswith=unit.path)
    if user_id is not None:
        audits = audits.filter(person_id=user_id)
    return audits


# --- scope and period of the figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose requests: an organisation, a unit with its subtree, and/or the requests a person owns."""

    organisation_id: int
    unit_path: str | None = None
    user_id: int | None = None

    @classmethod
    def of_unit(cls, unit: ServiceUnit, user_id: int | None = None) -> Scope:
        return cls(organisation_id=unit.organisation_id, unit_path=unit.path, user_id=user_id)


def tickets_in(scope: Scope) -> QuerySet[Ticket]:
    """The scope's requests, without duplicates merged into another request."""
    tickets = Ticket.objects.filter(organisation_id=scope.organisation_id, merged_into__isnull=True)
    if scope.unit_path is not None:
        tickets = tickets.filter(unit__path__startswith=scope.unit_path)
    if scope.user_id is not None:
        tickets = tickets.filter(owner_id=scope.user_id)
    return tickets


def breaches_in(scope: Scope) -> QuerySet[BreachEvent]:
    """Recorded breaches (kind *breached*, not *due soon*), by the unit and owner recorded on them."""
    events = BreachEvent.objects.filter(kind=BreachKind.BREACHED, ticket__organisation_id=scope.organisation_id)
    if scope.unit_path is not None:
        events = events.filter(unit__path__startswith=scope.unit_path)
    if scope.user_id is not None:
        events = events.filter(owner_id=scope.user_id)
    return events


def governing_policy(prefix: str = "") -> Subquery:
    """The id of the SLA policy that governs the outer query's request (``prefix`` leads to the request, e.g.
    ``"ticket__"`` from a message), chosen like ``prima.sla.queries.select_policy``: effective when the request
    was received, for its kind and priority or any, in its unit, an ancestor unit or organisation-wide; the most
    specific wins (kind, then priority, then the nearest unit, then the highest version)."""

    def outer(name: str) -> OuterRef:
        return OuterRef(f"{prefix}{name}")

    policies = (
        SlaPolicy.objects.filter(organisation_id=outer("organisation_id"), effective_from__lte=outer("created_at"))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=outer("created_at")))
        .filter(Q(kind="") | Q(kind=outer("kind")))
        .filter(Q(priority="") | Q(priority=outer("priority")))
        .annotate(reach=StrIndex(outer("unit__path"), F("unit__path")))
        .filter(Q(unit__isnull=True) | Q(reach=1))
        .annotate(
            kind_specific=Case(When(kind="", then=Value(0)), default=Value(1)),
            priority_specific=Case(When(priority="", then=Value(0)), default=Value(1)),
            nearness=Coalesce(Length("unit__path"), Value(0)),
        )
        .order_by("-kind_specific", "-priority_specific", "-nearness", "-version")
        .values("pk")[:1]
    )
    return Subquery(policies)


def has_target(clock: str) -> Exists:
    """Whether the policy annotated as ``compliance_policy`` has a target of kind ``clock``."""
    return Exists(SlaTarget.objects.filter(policy_id=OuterRef("compliance_policy"), clock=clock))


def first_breach_due(clock: str, ticket_ref: str = "pk") -> Subquery:
    """The earliest due time of a recorded breach of ``clock`` of the outer query's request."""
    events = BreachEvent.objects.filter(ticket_id=OuterRef(ticket_ref), clock=clock, kind=BreachKind.BREACHED)
    return Subquery(events.order_by("due_at").values("due_at")[:1])


def met_at(clock: str) -> F | Coalesce:
    """When a request met a first-response or resolution target (resolution: resolved, else closed)."""
    if clock == ClockKind.FIRST_RESPONSE:
        return F("first_response_at")
    return Coalesce("resolved_at", "closed_at")


def staff_replies() -> QuerySet[TicketMessage]:
    """The messages that count as a response (``prima.sla.clocks.counts_as_response``)."""
    return TicketMessage.objects.filter(visibility=Visibility.PUBLIC, from_public=False)


def clock_outcomes(tickets: QuerySet[Ticket], clock: str, start: dt.datetime, end: dt.datetime) -> QuerySet[Ticket]:
    """``tickets`` annotated for the within-standard figure of ``clock`` in [start, end): ``counted_within``
    and ``counted_missed`` (booleans as 1/0 conditions usable in ``Count(filter=…)``). Rows that count
    neither way are filtered out."""
    # A cheap superset first (the period's outcomes and recorded breaches), so the per-request policy and breach
    # subqueries run only for candidates.
    breached = BreachEvent.objects.filter(clock=clock, kind=BreachKind.BREACHED, due_at__gte=start, due_at__lt=end)
    candidates = Q(pk__in=breached.values("ticket_id"))
    if clock == ClockKind.PERIODIC_UPDATE:
        candidates |= Q(pk__in=staff_replies().filter(created_at__gte=start, created_at__lt=end).values("ticket_id"))
    elif clock == ClockKind.FIRST_RESPONSE:
        candidates |= Q(first_response_at__gte=start, first_response_at__lt=end)
    else:
        candidates |= Q(resolved_at__gte=start, resolved_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end)
    tickets = tickets.filter(candidates)
    annotated = tickets.annotate(compliance_policy=governing_policy()).annotate(governed=has_target(clock))
    if clock == ClockKind.PERIODIC_UPDATE:
        replied = Exists(staff_replies().filter(ticket_id=OuterRef("pk"), created_at__gte=start, created_at__lt=end))
        missed = Exists(
            BreachEvent.objects.filter(
                ticket_id=OuterRef("pk"),
                clock=clock,
                kind=BreachKind.BREACHED,
                due_at__gte=start,
                due_at__lt=end,
            )
        )
        return annotated.annotate(is_missed=missed, is_within=replied).filter(
            Q(is_missed=True) | Q(governed=True, is_within=True)
        )
    annotated = annotated.annotate(breach_due=first_breach_due(clock), outcome_at=met_at(clock))
    return annotated.annotate(
        is_missed=Case(When(breach_due__gte=start, breach_due__lt=end, then=Value(True)), default=Value(False)),
        is_within=Case(
            When(governed=True, breach_due__isnull=True, outcome_at__gte=start, outcome_at__lt=end, then=Value(True)),
            default=Value(False),
        ),
    ).filter(Q(is_missed=True) | Q(is_within=True))


WITHIN = Count("pk", filter=Q(is_within=True, is_missed=False))
MISSED = Count("pk", filter=Q(is_missed=True))


@dataclass(frozen=True)
class Share:
    """``within`` of ``within + missed`` requests met a target."""

    within: int = 0
    missed: int = 0

    @property
    def total(self) -> int:
        return self.within + self.missed

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.within) * 100 / Decimal(self.total)).quantize(PERCENT_STEP, ROUND_HALF_UP)


def within_standard(scope: Scope, clock: str, start: dt.datetime, end: dt.datetime) -> Share:
    """One query: the share of ``scope``'s requests within the ``clock`` standard in [start, end)."""
    row = clock_outcomes(tickets_in(scope), clock, start, end).aggregate(within=WITHIN, missed=MISSED)
    return Share(row["within"] or 0, row["missed"] or 0)


def within_standard_by_owner(
    scope: Scope, clock: str, start: dt.datetime, end: dt.datetime, owner_ids: Iterable[int]
) -> dict[int, Share]:
    """One grouped query: {owner id: share} for the requests each person owns in ``scope``."""
    rows = (
        clock_outcomes(tickets_in(scope).filter(owner_id__in=list(owner_ids)), clock, start, end)
        .order_by()
        .values("owner_id")
        .annotate(within=WITHIN, missed=MISSED)
    )
    return {row["owner_id"]: Share(row["within"], row["missed"]) for row in rows}


def breaches_by_clock(scope: Scope, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """{clock kind: number of breaches} whose due time fell in [start, end)."""
    rows = (
        breaches_in(scope)
        .filter(due_at__gte=start, due_at__lt=end)
        .order_by()
        .values("clock")
        .annotate(count=Count("pk"))
    )
    return {row["clock"]: row["count"] for row in rows}


def breaches_by_owner(
    scope: Scope, start: dt.datetime, end: dt.datetime, owner_ids: Iterable[int]
) -> dict[int, dict[str, int]]:
    rows = (
        breaches_in(scope)
        .filter(due_at__gte=start, due_at__lt=end, owner_id__in=list(owner_ids))
        .order_by()
        .values("owner_id", "clock")
        .annotate(count=Count("pk"))
    )
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["owner_id"], {})[row["clock"]] = row["count"]
    return result


@dataclass(frozen=True)
class Load:
    open: int = 0
    overdue: int = 0


def _load_counts(now: dt.datetime) -> dict[str, Count]:
    return {
        "open": Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        "overdue": Count("pk", filter=Q(status__in=ACTIVE_STATUSES, due_at__lt=now)),
    }


def open_load(scope: Scope, now: dt.datetime) -> Load:
    """Requests open (any open or paused status) now, and those of them past their due time."""
    row = tickets_in(scope).aggregate(**_load_counts(now))
    return Load(row["open"] or 0, row["overdue"] or 0)


def open_load_by_owner(scope: Scope, now: dt.datetime, owner_ids: Iterable[int]) -> dict[int, Load]:
    rows = (
        tickets_in(scope)
        .filter(owner_id__in=list(owner_ids), status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list("owner_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    )
    return {owner_id: Load(open_count, overdue) for owner_id, open_count, overdue in rows}


def open_at(scope: Scope, moment: dt.datetime) -> int:
    """Requests received before ``moment`` whose status at ``moment`` (the last status change before it) was
    an open or paused one."""
    last_status = Subquery(
        StatusChange.objects.filter(ticket_id=OuterRef("pk"), created_at__lt=moment)
        .order_by("-created_at", "-id")
        .values("to_status")[:1]
    )
    return (
        tickets_in(scope)
        .filter(created_at__lt=moment)
        .annotate(status_then=Coalesce(last_status, Value(Status.NEW)))
        .filter(status_then__in=ACTIVE_STATUSES)
        .count()
    )


def received_counts(scope: Scope, start: dt.datetime, end: dt.datetime, *, kind: str) -> tuple[int, int]:
    """(requests of ``kind``, requests of every kind) received in [start, end)."""
    row = (
        tickets_in(scope)
        .filter(created_at__gte=start, created_at__lt=end)
        .aggregate(of_kind=Count("pk", filter=Q(kind=kind)), total=Count("pk"))
    )
    return row["of_kind"] or 0, row["total"] or 0


# --- monthly series ---------------------------------------------------------------------------------------


def _month(value: dt.date | dt.datetime, zone: dt.tzinfo) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date() if value.tzinfo else value.date()
    return value.replace(day=1)


def monthly_within_standard(
    scope: Scope, clock: str, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> dict[dt.date, Share]:
    """{first day of month: share} over [start, end), each month counted as its own period (see the module
    docstring), in two grouped queries."""
    within: dict[dt.date, int] = {}
    missed: dict[dt.date, int] = {}
    tickets = tickets_in(scope)
    if clock == ClockKind.PERIODIC_UPDATE:
        same_month_breach = BreachEvent.objects.annotate(month=TruncMonth("due_at", tzinfo=zone)).filter(
            ticket_id=OuterRef("ticket_id"), clock=clock, kind=BreachKind.BREACHED, month=OuterRef("month")
        )
        replies = (
            staff_replies()
            .filter(ticket__in=tickets, created_at__gte=start, created_at__lt=end)
            .annotate(compliance_policy=governing_policy("ticket__"), month=TruncMonth("created_at", tzinfo=zone))
            .filter(has_target(clock))
            .exclude(Exists(same_month_breach))
            .order_by()
            .values("month")
            .annotate(count=Count("ticket_id", distinct=True))
        )
        for row in replies:
            within[_month(row["month"], zone)] = row["count"]
        breaches = (
            BreachEvent.objects.filter(
                ticket__in=tickets, clock=clock, kind=BreachKind.BREACHED, due_at__gte=start, due_at__lt=end
            )
            .annotate(month=TruncMonth("due_at", tzinfo=zone))
            .order_by()
            .values("month")
            .annotate(count=Count("ticket_id", distinct=True))
        )
        for row in breaches:
            missed[_month(row["month"], zone)] = row["count"]
    else:
        annotated = tickets.annotate(breach_due=first_breach_due(clock), outcome_at=met_at(clock))
        met = (
            annotated.annotate(compliance_policy=governing_policy())
            .filter(has_target(clock), breach_due__isnull=True, outcome_at__gte=start, outcome_at__lt=end)
            .annotate(month=TruncMonth("outcome_at", tzinfo=zone))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
        )
        for row in met:
            within[_month(row["month"], zone)] = row["count"]
        late = (
            annotated.filter(breach_due__gte=start, breach_due__lt=end)
            .annotate(month=TruncMonth("breach_due", tzinfo=zone))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
        )
        for row in late:
            missed[_month(row["month"], zone)] = row["count"]
    return {month: Share(within.get(month, 0), missed.get(month, 0)) for month in {*within, *missed}}


def monthly_breaches(
    scope: Scope, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> dict[dt.date, dict[str, int]]:
    """{first day of month: {clock: breaches}} by due time, one grouped query."""
    rows = (
        breaches_in(scope)
        .filter(due_at__gte=start, due_at__lt=end)
        .annotate(month=TruncMonth("due_at", tzinfo=zone))
        .order_by()
        .values("month", "clock")
        .annotate(count=Count("pk"))
    )
    result: dict[dt.date, dict[str, int]] = {}
    for row in rows:
        result.setdefault(_month(row["month"], zone), {})[row["clock"]] = row["count"]
    return result


def monthly_audit_scores(audits: QuerySet[Audit], first: dt.date, end: dt.date) -> dict[dt.date, Decimal]:
    """{first day of month: average score} of the completed audits dated in [first, end), one grouped query."""
    rows = (
        audits.filter(status=AuditStatus.COMPLETED, audit_date__gte=first, audit_date__lt=end)
        .annotate(month=TruncMonth("audit_date"))
        .order_by()
        .values("month")
        .annotate(average=Avg("score"))
    )
    return {
        _month(row["month"], dt.UTC): Decimal(row["average"]).quantize(PERCENT_STEP, ROUND_HALF_UP)
        for row in rows
        if row["average"] is not None
    }


@dataclass(frozen=True)
class AuditFigures:
    count: int = 0
    average: Decimal | None = None
    latest: Decimal | None = None
    latest_date: dt.date | None = None


def _percent(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(PERCENT_STEP, ROUND_HALF_UP)


def audit_figures(audits: QuerySet[Audit], first: dt.date, end: dt.date) -> AuditFigures:
    """Completed audits dated in [first, end): how many, their average score and the latest one's score."""
    completed = audits.filter(status=AuditStatus.COMPLETED, audit_date__gte=first, audit_date__lt=end)
    row = completed.aggregate(count=Count("pk"), average=Avg("score"))
    latest = completed.order_by("-audit_date", "-id").values("score", "audit_date").first() if row["count"] else None
    return AuditFigures(
        row["count"] or 0,
        _percent(row["average"]),
        _percent(latest["score"]) if latest else None,
        latest["audit_date"] if latest else None,
    )


def with_audit_figures(people: QuerySet[User], first: dt.date, end: dt.date) -> QuerySet[User]:
    """``people`` annotated with ``audit_count``, ``audit_average`` and ``audit_latest`` (their person-audits
    completed in [first, end)), in the same query."""
    completed = Audit.objects.filter(
        person_id=OuterRef("pk"), status=AuditStatus.COMPLETED, audit_date__gte=first, audit_date__lt=end
    )
    grouped = completed.order_by().values("person_id")
    return people.annotate(
        audit_count=Coalesce(Subquery(grouped.annotate(n=Count("pk")).values("n")), Value(0)),
        audit_average=Subquery(grouped.annotate(a=Avg("score")).values("a")),
        audit_latest=Subquery(completed.order_by("-audit_date", "-id").values("score")[:1]),
    )
