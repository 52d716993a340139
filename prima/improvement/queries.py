"""Reads of improvement data, scoped to the user, and the live status of objectives against the metric registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from prima.accounts.models import Organisation, Role, ServiceUnit, User
from prima.accounts.queries import memberships_of, staff_visible_to, units_visible_to, visible_unit_ids
from prima.core.metrics import Direction, Metric, MetricScope
from prima.improvement.measure import MetricCache, metric_or_none, month_windows
from prima.improvement.models import (
    FINISHED_STATUSES,
    PENDING_STATUSES,
    Action,
    ActionStatus,
    Benchmark,
    ChangeEntry,
    Objective,
    ProposalStatus,
    ProposedAction,
    Target,
    TargetLevel,
)

# Roles that see the objectives of their own unit, of the units above it and of the organisation.
OBJECTIVE_READER_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})


# --- scoping ---------------------------------------------------------------------------------------


def objectives_visible_to(user: User | AnonymousUser) -> QuerySet[Objective]:
    """Leaders, supervisors and administrators see the objectives of the units they see, of the units above their
    own and of their organisation; every colleague sees the objectives that cascade to them or to their unit."""
    if not user.is_authenticated:
        return Objective.objects.none()
    if user.is_superuser:
        return Objective.objects.all()
    memberships = memberships_of(user)
    member_unit_ids = {membership.unit_id for membership in memberships}
    condition = Q(Exists(Target.objects.filter(objective=OuterRef("pk"), person_id=user.pk)))
    condition |= Q(Exists(Target.objects.filter(objective=OuterRef("pk"), unit_id__in=member_unit_ids)))
    readers = [membership for membership in memberships if membership.role in OBJECTIVE_READER_ROLES]
    if readers:
        ancestor_ids = {int(part) for membership in readers for part in membership.unit.path.strip("/").split("/")}
        organisation_ids = {membership.unit.organisation_id for membership in readers}
        condition |= Q(unit_id__in=set(visible_unit_ids(user)) | ancestor_ids)
        condition |= Q(unit__isnull=True, organisation_id__in=organisation_ids)
    return Objective.objects.filter(condition)


def objective_for(user: User | AnonymousUser, pk: int) -> Objective:
    """One objective the user may see, or ``Objective.DoesNotExist``."""
    return objectives_visible_to(user).select_related("unit", "organisation", "created_by").get(pk=pk)


def target_for(user: User | AnonymousUser, pk: int) -> Target:
    return Target.objects.select_related("objective", "objective__unit", "unit", "person").get(
        pk=pk, objective__in=objectives_visible_to(user)
    )


def actions_visible_to(user: User | AnonymousUser) -> QuerySet[Action]:
    """Actions of the units the user sees, and the user's own actions wherever they are."""
    if not user.is_authenticated:
        return Action.objects.none()
    if user.is_superuser:
        return Action.objects.all()
    return Action.objects.filter(Q(unit_id__in=visible_unit_ids(user)) | Q(owner_id=user.pk))


def action_for(user: User | AnonymousUser, pk: int) -> Action:
    return actions_visible_to(user).select_related("unit", "owner", "created_by", "verified_by", "objective").get(pk=pk)


def changes_visible_to(user: User | AnonymousUser) -> QuerySet[ChangeEntry]:
    if not user.is_authenticated:
        return ChangeEntry.objects.none()
    if user.is_superuser:
        return ChangeEntry.objects.all()
    return ChangeEntry.objects.filter(unit_id__in=visible_unit_ids(user))


def change_for(user: User | AnonymousUser, pk: int) -> ChangeEntry:
    return changes_visible_to(user).select_related("unit", "created_by").get(pk=pk)


def proposals_visible_to(user: User | AnonymousUser) -> QuerySet[ProposedAction]:
    if not user.is_authenticated:
        return ProposedAction.objects.none()
    if user.is_superuser:
        return ProposedAction.objects.all()
    return ProposedAction.objects.filter(Q(unit_id__in=visible_unit_ids(user)) | Q(proposed_by_id=user.pk))


def proposal_for(user: User | AnonymousUser, pk: int) -> ProposedAction:
    return proposals_visible_to(user).select_related("unit", "proposed_by", "decided_by", "action").get(pk=pk)


# --- lists -----------------------------------------------------------------------------------------


def with_targets(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """Prefetch targets with their units, people and benchmarks (two queries for any number of objectives)."""
    return objectives.prefetch_related(Prefetch("targets", queryset=_targets()))


def _targets() -> QuerySet[Target]:
    return (
        Target.objects.select_related("unit", "person")
        .prefetch_related(Prefetch("benchmarks", queryset=Benchmark.objects.order_by("pk")))
        .order_by("parent_id", "pk")
    )


def objective_list(user: User | AnonymousUser, *, include_closed: bool = False) -> QuerySet[Objective]:
    objectives = objectives_visible_to(user).select_related("unit", "organisation")
    if not include_closed:
        objectives = objectives.filter(status="active")
    return objectives.annotate(target_count=Count("targets", filter=Q(targets__parent__isnull=True)))


def action_list(
    user: User | AnonymousUser,
    *,
    unit_id: int | None = None,
    owner_id: int | None = None,
    status: str | None = None,
    overdue_on: date | None = None,
) -> QuerySet[Action]:
    actions = actions_visible_to(user).select_related("unit", "owner")
    if unit_id is not None:
        actions = actions.filter(unit_id=unit_id)
    if owner_id is not None:
        actions = actions.filter(owner_id=owner_id)
    if status:
        actions = actions.filter(status=status)
    if overdue_on is not None:
        actions = actions.filter(status__in=PENDING_STATUSES, due_date__lt=overdue_on)
    return actions.order_by("due_date", "pk")


def my_actions(user: User) -> QuerySet[Action]:
    """The owner's queue: what is still to do first (by due date), then what awaits verification."""
    return (
        Action.objects.filter(owner_id=user.pk)
        .exclude(status__in=[ActionStatus.CANCELLED, ActionStatus.VERIFIED_EFFECTIVE])
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def change_list(
    user: User | AnonymousUser,
    *,
    unit_id: int | None = None,
    kind: str | None = None,
    origin: str | None = None,
    status: str | None = None,
) -> QuerySet[ChangeEntry]:
    changes = changes_visible_to(user).select_related("unit")
    filters = {"unit_id": unit_id, "kind": kind, "origin": origin, "status": status}
    return changes.filter(**{name: value for name, value in filters.items() if value})


def risk_grid(changes: QuerySet[ChangeEntry]) -> list[list[int]]:
    """Counts per cell of the impact-by-likelihood grid: rows from impact 5 down to 1, columns likelihood 1 to 5."""
    counts = {
        (row["impact"], row["likelihood"]): row["n"]
        for row in changes.order_by().values("impact", "likelihood").annotate(n=Count("pk"))
    }
    return [[counts.get((impact, likelihood), 0) for likelihood in range(1, 6)] for impact in range(5, 0, -1)]


def pending_proposals(user: User | AnonymousUser) -> QuerySet[ProposedAction]:
    return (
        proposals_visible_to(user)
        .filter(status=ProposalStatus.PENDING)
        .select_related("unit", "proposed_by")
        .order_by("-created_at", "-pk")
    )


# --- objective status ------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    start: date
    end: date  # exclusive
    value: Decimal | None


@dataclass
class TargetStatus:
    target: Target
    metric: Metric | None
    target_value: Decimal
    actual: Decimal | None
    met: bool | None
    benchmarks: list[Benchmark]
    trend: list[TrendPoint] = field(default_factory=list)
    children: list[TargetStatus] = field(default_factory=list)

    @property
    def metric_code(self) -> str:
        return self.target.metric_code

    @property
    def metric_label(self) -> str:
        return str(self.metric.label) if self.metric else self.target.metric_code

    @property
    def direction(self) -> Direction | None:
        return self.metric.direction if self.metric else None

    @property
    def decimals(self) -> int:
        return self.metric.decimals if self.metric else 2


def target_scope(target: Target, objective: Objective) -> MetricScope:
    """The registry scope a target is measured in."""
    if target.level == TargetLevel.PERSON:
        return MetricScope(organisation_id=objective.organisation_id, user_id=target.person_id)
    if target.level == TargetLevel.UNIT:
        return MetricScope(organisation_id=objective.organisation_id, unit_id=target.unit_id)
    return MetricScope(organisation_id=objective.organisation_id)


def measured_period(objective: Objective, on: date) -> tuple[date, date]:
    """The part of the objective's period up to and including ``on``: (start, exclusive end)."""
    return objective.period_start, min(objective.period_end, on) + timedelta(days=1)


def objective_status(
    objective: Objective,
    *,
    on: date | None = None,
    cache: MetricCache | None = None,
    include_trend: bool = True,
) -> list[TargetStatus]:
    """The objective's top-level targets with their actuals computed live from the metric registry, whether they
    are met, their benchmarks, a monthly trend, and the cascade tree below each (children carry actuals only).

    ``cache`` shares computations within a request; two queries plus one registry call per (metric, scope, period).
    """
    on = on or timezone.localdate()
    cache = cache or MetricCache()
    if "targets" in getattr(objective, "_prefetched_objects_cache", {}):
        targets = list(objective.targets.all())  # prefetched with ``with_targets`` for a list of objectives
    else:
        targets = list(_targets().filter(objective=objective))
    start, end = measured_period(objective, on)
    by_parent: dict[int | None, list[Target]] = {}
    for target in targets:
        by_parent.setdefault(target.parent_id, []).append(target)

    def status_of(target: Target, depth: int) -> TargetStatus:
        metric = metric_or_none(target.metric_code)
        scope = target_scope(target, objective)
        actual = None
        trend: list[TrendPoint] = []
        if metric is not None and metric.supports(scope):
            actual = cache.value(metric, scope, start, end)
            if include_trend and depth == 0:
                trend = [
                    TrendPoint(month_start, month_end, cache.value(metric, scope, month_start, month_end))
                    for month_start, month_end in month_windows(start, end)
                ]
        return TargetStatus(
            target=target,
            metric=metric,
            target_value=target.target_value,
            actual=actual,
            met=metric.meets(actual, target.target_value) if metric else None,
            benchmarks=list(target.benchmarks.all()),
            trend=trend,
            children=[status_of(child, depth + 1) for child in by_parent.get(target.pk, [])],
        )

    return [status_of(target, 0) for target in by_parent.get(None, [])]


# --- scorecard -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionScorecard:
    open: int
    overdue: int
    done: int
    done_on_time: int

    @property
    def done_on_time_share(self) -> Decimal | None:
        """Percentage of finished actions finished by their due date; None when nothing is finished yet."""
        if not self.done:
            return None
        return (Decimal(self.done_on_time) * 100 / Decimal(self.done)).quantize(Decimal("0.1"))


def action_scorecard(person: User, *, on: date | None = None) -> ActionScorecard:
    """A person's actions in one aggregate query: open, overdue, finished, and finished on time."""
    on = on or timezone.localdate()
    finished = Q(status__in=FINISHED_STATUSES)
    row = Action.objects.filter(owner_id=person.pk).aggregate(
        open=Count("pk", filter=Q(status__in=PENDING_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=PENDING_STATUSES, due_date__lt=on)),
        done=Count("pk", filter=finished),
        done_on_time=Count("pk", filter=finished & Q(completed_on__lte=F("due_date"))),
    )
    return ActionScorecard(open=row["open"], overdue=row["overdue"], done=row["done"], done_on_time=row["done_on_time"])


# --- choices for forms ----------------------------------------------------------------------------


def units_for_objectives(user: User) -> QuerySet[ServiceUnit]:
    """Active units the user may set objectives for (leader or administrator of it or above it)."""
    from prima.improvement.rules import may_manage_objectives

    units = list(units_visible_to(user).filter(is_active=True))
    return ServiceUnit.objects.filter(pk__in=[unit.pk for unit in units if may_manage_objectives(user, unit)])


def organisations_for_objectives(user: User) -> list[Organisation]:
    """Organisations whose organisation-wide objectives the user may set."""
    from prima.improvement.rules import may_manage_objectives

    organisations = {membership.unit.organisation_id for membership in memberships_of(user)}
    if user.is_superuser:
        return list(Organisation.objects.all())
    return [
        organisation
        for organisation in Organisation.objects.filter(pk__in=organisations)
        if may_manage_objectives(user, None, organisation)
    ]


def units_for_actions(user: User) -> QuerySet[ServiceUnit]:
    """Active units whose actions (and change register) the user manages."""
    from prima.improvement.rules import may_manage_actions

    units = list(units_visible_to(user).filter(is_active=True))
    return ServiceUnit.objects.filter(pk__in=[unit.pk for unit in units if may_manage_actions(user, unit)])


def units_for_proposals(user: User) -> QuerySet[ServiceUnit]:
    from prima.improvement.rules import may_propose

    units = list(units_visible_to(user).filter(is_active=True))
    return ServiceUnit.objects.filter(pk__in=[unit.pk for unit in units if may_propose(user, unit)])


def owner_choices(user: User) -> QuerySet[User]:
    """Colleagues the user may make an action's owner (the service checks they work in the action's unit)."""
    return staff_visible_to(user).order_by("full_name")
