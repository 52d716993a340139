"""The plans API: plans (read; create and publish for leaders and supervisors), ideas (propose, vote, comment),
the caller's acknowledgements, and reviews (read; decisions for leaders).

Scope first, then permission: an object outside the caller's units is 404, an act the caller may not perform is
403 (raised by the services), invalid input is 400 with field errors.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, pagination, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from prima.accounts.models import User
from prima.accounts.queries import units_visible_to
from prima.plans import queries, reviews, services
from prima.plans.models import Acknowledgement, CallForProposals, Decision, Idea, Plan, PlanItem, Review
from prima.plans.serializers import (
    AcknowledgementSerializer,
    CommentSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    IdeaCreateSerializer,
    IdeaSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    ReviewSerializer,
    VoteResultSerializer,
    VoteSerializer,
)
from prima.plans.services import ActionInput


class ByIdPagination(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _lookup(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not queries.in_range(number):
        raise Http404
    found = queryset.filter(pk=number).first()
    if found is None:
        raise Http404
    return found


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Plan]):
    """Plans of the caller's units (and the units above them)."""

    serializer_class = PlanSerializer
    pagination_class = ByIdPagination

    def get_queryset(self) -> QuerySet[Plan]:
        items = PlanItem.objects.select_related("owner", "source_idea__author").order_by("due_date", "id")
        return queries.plans_visible_to(self.request.user).prefetch_related(Prefetch("items", queryset=items))

    def get_object(self) -> Plan:
        return _lookup(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = _lookup(units_visible_to(request.user), data.pop("unit").pk)
        plan = services.create_plan(unit, actor=_user(request), **data)
        return Response(PlanSerializer(self.get_object_for(plan.pk)).data, status=status.HTTP_201_CREATED)

    def get_object_for(self, pk: int) -> Plan:
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        services.publish_plan(plan, actor=_user(request))
        return Response(PlanSerializer(self.get_object_for(plan.pk)).data)

    @extend_schema(request=None, responses={200: AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        row = services.acknowledge_plan(self.get_object(), actor=_user(request))
        return Response(AcknowledgementSerializer(row).data)


class IdeaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Idea]):
    """Ideas to the plans and calls of the caller's units, with their votes and comments counted."""

    serializer_class = IdeaSerializer
    pagination_class = ByIdPagination

    def get_queryset(self) -> QuerySet[Idea]:
        return queries.annotate_ideas(queries.ideas_visible_to(self.request.user), self.request.user).order_by("-id")

    def get_object(self) -> Idea:
        return _lookup(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(request=IdeaCreateSerializer, responses={201: IdeaSerializer})
    def create(self, request: Request) -> Response:
        serializer = IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = _lookup(queries.plans_visible_to(request.user), data["plan"]) if data.get("plan") else None
        call: CallForProposals | None = (
            _lookup(queries.calls_visible_to(request.user), data["call"]) if data.get("call") else None
        )
        idea = services.propose_idea(plan=plan, call=call, title=data["title"], body=data["body"], actor=_user(request))
        return Response(IdeaSerializer(self.get_queryset().get(pk=idea.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VoteSerializer, responses={200: VoteResultSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, pk: str) -> Response:
        idea = self.get_object()
        serializer = VoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        voted = services.set_vote(idea, actor=_user(request), vote=serializer.validated_data["vote"])
        fresh = self.get_queryset().get(pk=idea.pk)
        return Response({"voted": voted, "vote_count": fresh.vote_count})  # type: ignore[attr-defined]

    @extend_schema(request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str) -> Response:
        idea = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_on_idea(idea, body=serializer.validated_data["body"], actor=_user(request))
        return Response({"body": comment.body}, status=status.HTTP_201_CREATED)


class AcknowledgementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Acknowledgement]):
    """The caller's own acknowledgements: published plans they were told about, acknowledged or not."""

    serializer_class = AcknowledgementSerializer
    pagination_class = ByIdPagination
    queryset = Acknowledgement.objects.none()  # for the schema; get_queryset scopes every request

    def get_queryset(self) -> QuerySet[Acknowledgement]:
        return Acknowledgement.objects.filter(user_id=_user(self.request).pk).select_related("plan")


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Review]):
    """Management reviews of the caller's units, with their stored pack and decisions."""

    serializer_class = ReviewSerializer
    pagination_class = ByIdPagination

    def get_queryset(self) -> QuerySet[Review]:
        decisions = Decision.objects.order_by("id")
        return queries.reviews_visible_to(self.request.user).prefetch_related(Prefetch("decisions", queryset=decisions))

    def get_object(self) -> Review:
        return _lookup(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        serializer = DecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action_input = None
        if data.get("action_title"):
            owner = queries.staff_of(review.unit).filter(pk=data["action_owner"]).first()
            if owner is None:
                raise exceptions.ValidationError({"action_owner": [_("Choose a staff member of the unit.")]})
            action_input = ActionInput(title=data["action_title"], owner=owner, due_date=data["action_due_date"])
        decision = reviews.add_decision(
            review,
            text=data["text"],
            action=action_input,
            call_question=data.get("call_question", ""),
            call_background=data["text"],
            actor=_user(request),
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


router = routers.DefaultRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-ideas", IdeaViewSet, basename="plan-idea")
router.register("plan-acknowledgements", AcknowledgementViewSet, basename="plan-acknowledgement")
router.register("reviews", ReviewViewSet, basename="review")
urlpatterns = router.urls
