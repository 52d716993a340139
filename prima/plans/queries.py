"""Reading plans, ideas, acknowledgements and reviews, scoped to the reader.

A staff member takes part in the plans of their own units, of the units above them (a head office's plan is
published to the whole subtree) and of the units they see from above (leaders, administrators). Counts (votes,
comments, participants) are computed in SQL with subqueries, never by loading rows into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from prima.accounts.models import Membership, ServiceUnit, User
from prima.accounts.queries import memberships_of, visible_unit_ids
from prima.plans.models import (
    Acknowledgement,
    CallForProposals,
    Decision,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaVote,
    Plan,
    PlanItem,
    PlanStatus,
    Recognition,
    Review,
)

# Ids in URLs beyond what a database integer holds simply match nothing.
MAX_ID = 2**63 - 1


def in_range(pk: int) -> bool:
    return 0 < pk <= MAX_ID


def _ancestor_ids(unit_path: str) -> list[int]:
    return [int(part) for part in unit_path.strip("/").split("/") if part]


def participation_unit_ids(user: User | AnonymousUser) -> list[int]:
    """Units whose plans, calls and reviews the user takes part in: the units they see, plus every unit above
    one of their own units. Cached on the user for the request."""
    cached: list[int] | None = getattr(user, "_prima_plan_unit_ids", None)
    if cached is not None:
        return cached
    ids = set(visible_unit_ids(user))
    for membership in memberships_of(user):
        ids.update(_ancestor_ids(membership.unit.path))
    result = sorted(ids)
    if user.is_authenticated:
        user._prima_plan_unit_ids = result  # type: ignore[attr-defined]
    return result


def staff_of(unit: ServiceUnit) -> QuerySet[User]:
    """Active staff with any role in ``unit`` or a unit below it: the people a plan is published to."""
    member = Membership.objects.filter(user=OuterRef("pk"), unit__path__startswith=unit.path, unit__is_active=True)
    return User.objects.filter(is_active=True).filter(Exists(member)).order_by("full_name", "id")


def local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``[start, end)`` in local dates as aware datetimes for filtering timestamps."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.min, tzinfo=zone),
    )


# --- plans ----------------------------------------------------------------------------------------


def plans_visible_to(user: User | AnonymousUser) -> QuerySet[Plan]:
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(unit_id__in=participation_unit_ids(user))


def plan_list_for(user: User | AnonymousUser) -> QuerySet[Plan]:
    """The plans page: one query, each plan with its number of items and ideas."""
    items = PlanItem.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk"))
    ideas = Idea.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk"))
    return (
        plans_visible_to(user)
        .select_related("unit")
        .annotate(
            item_count=Coalesce(Subquery(items.values("n")[:1], output_field=IntegerField()), Value(0)),
            idea_count=Coalesce(Subquery(ideas.values("n")[:1], output_field=IntegerField()), Value(0)),
        )
        .order_by("-period_start", "-id")
    )


def plan_for(user: User | AnonymousUser, pk: int) -> Plan:
    """One plan the user takes part in, or ``Plan.DoesNotExist`` (a 404 for views)."""
    if not in_range(pk):
        raise Plan.DoesNotExist
    return plans_visible_to(user).select_related("unit", "created_by", "published_by").get(pk=pk)


def items_of(plan: Plan) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("owner", "source_idea__author", "service", "standard_change")
        .prefetch_related("objectives", "actions", "changes")
        .order_by("due_date", "id")
    )


def annotate_ideas(ideas: QuerySet[Idea], user: User | AnonymousUser) -> QuerySet[Idea]:
    """Ideas with ``vote_count``, ``comment_count`` and ``voted`` (by ``user``) counted in SQL; most voted first."""
    votes = IdeaVote.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk"))
    comments = IdeaComment.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk"))
    user_id = user.pk if user.is_authenticated else None
    return (
        ideas.select_related("author", "decided_by")
        .annotate(
            vote_count=Coalesce(Subquery(votes.values("n")[:1], output_field=IntegerField()), Value(0)),
            comment_count=Coalesce(Subquery(comments.values("n")[:1], output_field=IntegerField()), Value(0)),
            voted=Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), voter_id=user_id)),
        )
        .order_by("-vote_count", "-created_at", "-id")
    )


def _plan_ideas(plan: Plan) -> QuerySet[Idea]:
    return Idea.objects.filter(Q(plan=plan) | Q(call__plan=plan))


def ideas_of_plan(plan: Plan, user: User | AnonymousUser) -> QuerySet[Idea]:
    return annotate_ideas(_plan_ideas(plan), user)


def ideas_visible_to(user: User | AnonymousUser) -> QuerySet[Idea]:
    if not user.is_authenticated:
        return Idea.objects.none()
    if user.is_superuser:
        return Idea.objects.all()
    return Idea.objects.filter(unit_id__in=participation_unit_ids(user))


def idea_for(user: User | AnonymousUser, pk: int) -> Idea:
    if not in_range(pk):
        raise Idea.DoesNotExist
    return annotate_ideas(ideas_visible_to(user), user).select_related("unit", "plan", "call").get(pk=pk)


def comments_of(idea: Idea) -> QuerySet[IdeaComment]:
    return IdeaComment.objects.filter(idea=idea).select_related("author").order_by("created_at", "id")


@dataclass(frozen=True)
class Participation:
    """Who took part in a plan: proposers, commenters and voters (names), and everyone once."""

    proposers: list[User]
    commenters: list[User]
    voters: list[User]

    @property
    def people(self) -> list[User]:
        seen: dict[int, User] = {}
        for person in [*self.proposers, *self.commenters, *self.voters]:
            seen.setdefault(person.pk, person)
        return sorted(seen.values(), key=lambda person: (person.full_name, person.pk))


def participation_in(plan: Plan) -> Participation:
    """Three queries whatever the number of ideas, votes and comments."""
    plan_ideas = _plan_ideas(plan)
    people = User.objects.order_by("full_name", "id")
    return Participation(
        proposers=list(people.filter(Exists(plan_ideas.filter(author=OuterRef("pk"))))),
        commenters=list(people.filter(Exists(IdeaComment.objects.filter(idea__in=plan_ideas, author=OuterRef("pk"))))),
        voters=list(people.filter(Exists(IdeaVote.objects.filter(idea__in=plan_ideas, voter=OuterRef("pk"))))),
    )


def acknowledgements_of(plan: Plan) -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(plan=plan).select_related("user").order_by("user__full_name", "user_id")


def pending_acknowledgements(user: User | AnonymousUser) -> QuerySet[Acknowledgement]:
    """Published plans the user was told about and has not yet acknowledged: their "acknowledge" list."""
    if not user.is_authenticated:
        return Acknowledgement.objects.none()
    return (
        Acknowledgement.objects.filter(user=user, acknowledged_at__isnull=True, plan__status=PlanStatus.PUBLISHED)
        .select_related("plan__unit")
        .order_by("-plan__published_at", "-id")
    )


def acknowledgement_for(user: User | AnonymousUser, plan: Plan) -> Acknowledgement | None:
    if not user.is_authenticated:
        return None
    return Acknowledgement.objects.filter(user=user, plan=plan).first()


# --- calls for proposals ------------------------------------------------------------------------------


def calls_visible_to(user: User | AnonymousUser) -> QuerySet[CallForProposals]:
    if not user.is_authenticated:
        return CallForProposals.objects.none()
    calls = CallForProposals.objects.all()
    if not user.is_superuser:
        calls = calls.filter(unit_id__in=participation_unit_ids(user))
    ideas = Idea.objects.filter(call=OuterRef("pk")).order_by().values("call").annotate(n=Count("pk"))
    return calls.select_related("unit", "raised_by", "plan", "review").annotate(
        idea_count=Coalesce(Subquery(ideas.values("n")[:1], output_field=IntegerField()), Value(0))
    )


def open_calls_for(user: User | AnonymousUser) -> QuerySet[CallForProposals]:
    today = timezone.localdate()
    return (
        calls_visible_to(user)
        .filter(closed_at__isnull=True)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("-raised_at", "-id")
    )


def call_for(user: User | AnonymousUser, pk: int) -> CallForProposals:
    if not in_range(pk):
        raise CallForProposals.DoesNotExist
    return calls_visible_to(user).get(pk=pk)


def ideas_of_call(call: CallForProposals, user: User | AnonymousUser) -> QuerySet[Idea]:
    return annotate_ideas(Idea.objects.filter(call=call), user)


# --- reviews ------------------------------------------------------------------------------------------


def reviews_visible_to(user: User | AnonymousUser) -> QuerySet[Review]:
    if not user.is_authenticated:
        return Review.objects.none()
    if user.is_superuser:
        return Review.objects.all()
    return Review.objects.filter(unit_id__in=participation_unit_ids(user))


def review_for(user: User | AnonymousUser, pk: int) -> Review:
    if not in_range(pk):
        raise Review.DoesNotExist
    return reviews_visible_to(user).select_related("unit", "opened_by", "closed_by").get(pk=pk)


def decisions_of(review: Review) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(review=review)
        .select_related("created_by", "action", "plan_item", "call")
        .order_by("id")
    )


def recognitions_of(review: Review) -> QuerySet[Recognition]:
    return Recognition.objects.filter(review=review).select_related("recipient", "given_by").order_by("id")


def accepted_ideas_by_author(unit: ServiceUnit, start: date, end: date) -> dict[int, int]:
    """How many ideas of each author were accepted in ``[start, end)`` in the unit's subtree (for recognition)."""
    low, high = local_bounds(start, end)
    rows = (
        Idea.objects.filter(
            unit__path__startswith=unit.path,
            status=IdeaStatus.ACCEPTED,
            decided_at__gte=low,
            decided_at__lt=high,
        )
        .order_by()
        .values("author")
        .annotate(n=Count("pk"))
    )
    return {row["author"]: row["n"] for row in rows}


# --- public -------------------------------------------------------------------------------------------


def public_plans_of(unit: ServiceUnit) -> QuerySet[Plan]:
    """Published plans of an active unit, each with only its customer-facing items (prefetched as
    ``public_items``). Drafts and closed plans never reach the public."""
    if not unit.is_active:
        return Plan.objects.none()
    public_items = PlanItem.objects.filter(customer_facing=True).select_related("service").order_by("due_date", "id")
    return (
        Plan.objects.filter(unit=unit, status=PlanStatus.PUBLISHED)
        .filter(Exists(PlanItem.objects.filter(plan=OuterRef("pk"), customer_facing=True)))
        .prefetch_related(Prefetch("items", queryset=public_items, to_attr="public_items"))
        .order_by("-period_start", "-id")
    )
