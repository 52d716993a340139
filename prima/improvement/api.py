"""The improvement API: quality objectives with live actuals (read), the change register, improvement actions and
proposed actions, written through the same services as the pages.

Scope first, then permission: an object outside the caller's scope is 404, an operation the caller may not do on an
object they see is 403 (``prima.improvement.rules``), and a refusal by a service is 400 with field errors.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import include, path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, pagination, permissions, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from prima.accounts.models import User
from prima.improvement import queries, services
from prima.improvement.models import (
    PENDING_STATUSES,
    Action,
    ActionStatus,
    ChangeEntry,
    ChangeKind,
    ChangeOrigin,
    ChangeStatus,
    Objective,
    ProposalStatus,
    ProposedAction,
)
from prima.improvement.serializers import (
    AcceptInputSerializer,
    ActionCreateSerializer,
    ActionSerializer,
    ActionUpdateSerializer,
    ChangeEntryInputSerializer,
    ChangeEntrySerializer,
    ChangeStatusInputSerializer,
    ImprovementErrorSerializer,
    ObjectiveDetailSerializer,
    ObjectiveSerializer,
    ProgressInputSerializer,
    ProposalCreateSerializer,
    ProposedActionSerializer,
    ReasonInputSerializer,
    VerifyInputSerializer,
)
from prima.improvement.views._common import MAX_ID

ERRORS = {
    400: OpenApiResponse(
        ImprovementErrorSerializer, description="Invalid input; ``errors`` lists the messages per field."
    ),
    403: OpenApiResponse(ImprovementErrorSerializer, description="Not signed in, or not allowed to do this."),
    404: OpenApiResponse(ImprovementErrorSerializer, description="No such object within the caller's scope."),
}


class ViewsImprovement(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("improvement.view_improvement"))


class ById(pagination.CursorPagination):
    ordering = "-id"
    page_size = 50


def _schema_only(view: Any) -> bool:
    """drf-spectacular builds the schema with a fake view and no signed-in user."""
    return bool(getattr(view, "swagger_fake_view", False))


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _require(request: Request, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise exceptions.PermissionDenied


def _valid(serializer_class: type[BaseSerializer[Any]], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ScopedLookup:
    """``get_object`` through the viewset's scoped queryset, with ids beyond the database's range as 404."""

    def get_object(self) -> Any:
        pk = self.kwargs["pk"]  # type: ignore[attr-defined]
        if not str(pk).isdigit() or int(pk) > MAX_ID:
            raise exceptions.NotFound
        try:
            return self.get_queryset().get(pk=int(pk))  # type: ignore[attr-defined]
        except Exception as error:
            if isinstance(error, Objective.DoesNotExist | ChangeEntry.DoesNotExist | Action.DoesNotExist):
                raise exceptions.NotFound from None
            if isinstance(error, ProposedAction.DoesNotExist):
                raise exceptions.NotFound from None
            raise


# --- objectives -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Quality objectives the caller may see", responses={200: ObjectiveSerializer, 403: ERRORS[403]}
    ),
    retrieve=extend_schema(
        summary="One objective with each target's live actual, benchmarks, monthly trend and cascade",
        responses={200: ObjectiveDetailSerializer, **ERRORS},
    ),
)
class ObjectiveViewSet(
    ScopedLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Objective]
):
    permission_classes = [permissions.IsAuthenticated, ViewsImprovement]
    pagination_class = ById
    serializer_class = ObjectiveSerializer

    def get_queryset(self) -> QuerySet[Objective]:
        if _schema_only(self):
            return Objective.objects.none()
        return queries.objectives_visible_to(_user(self.request)).select_related("unit")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        objective = self.get_object()
        statuses = queries.objective_status(objective)
        serializer = ObjectiveDetailSerializer(objective, context={"request": request, "statuses": statuses})
        return Response(serializer.data)


# --- change entries -------------------------------------------------------------------------------


class ChangeFilter(filters.FilterSet):
    unit = filters.NumberFilter(field_name="unit_id")
    kind = filters.ChoiceFilter(choices=ChangeKind.choices)
    origin = filters.ChoiceFilter(choices=ChangeOrigin.choices)
    status = filters.ChoiceFilter(choices=ChangeStatus.choices)

    class Meta:
        model = ChangeEntry
        fields = ["unit", "kind", "origin", "status"]


def _change_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "origin": data["origin"],
        "title": data["title"],
        "description": data["description"],
        "impact": data["impact"],
        "likelihood": data["likelihood"],
        "services": data.get("services", []),
        "objectives": data.get("objectives", []),
        "identified_on": data["identified_on"],
        "expected_on": data["expected_on"],
    }


@extend_schema_view(
    list=extend_schema(
        summary="The register of internal and external changes",
        responses={200: ChangeEntrySerializer, 403: ERRORS[403]},
    ),
    retrieve=extend_schema(summary="One change entry", responses={200: ChangeEntrySerializer, **ERRORS}),
    create=extend_schema(
        summary="Record a change", request=ChangeEntryInputSerializer, responses={201: ChangeEntrySerializer, **ERRORS}
    ),
    update=extend_schema(
        summary="Update a change (its unit stays)",
        request=ChangeEntryInputSerializer,
        responses={200: ChangeEntrySerializer, **ERRORS},
    ),
    destroy=extend_schema(summary="Remove a change recorded by mistake", responses={204: None, **ERRORS}),
)
class ChangeEntryViewSet(
    ScopedLookup,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ChangeEntry],
):
    permission_classes = [permissions.IsAuthenticated, ViewsImprovement]
    pagination_class = ById
    serializer_class = ChangeEntrySerializer
    filterset_class = ChangeFilter
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ChangeEntry]:
        if _schema_only(self):
            return ChangeEntry.objects.none()
        return queries.changes_visible_to(_user(self.request)).prefetch_related("services", "objectives")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(ChangeEntryInputSerializer, request)
        _require(request, "improvement.manage_changes", data["unit"])
        entry = services.record_change(unit=data["unit"], actor=_user(request), **_change_arguments(data))
        return Response(ChangeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        _require(request, "improvement.manage_changes", entry)
        data = _valid(ChangeEntryInputSerializer, request)
        if data["unit"].pk != entry.unit_id:
            raise exceptions.ValidationError({"unit": ["A change stays in the unit it was recorded for."]})
        entry = services.update_change(entry, actor=_user(request), **_change_arguments(data))
        return Response(ChangeEntrySerializer(entry).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        _require(request, "improvement.manage_changes", entry)
        services.delete_change(entry, actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Mark a change open, addressed or closed",
        request=ChangeStatusInputSerializer,
        responses={200: ChangeEntrySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        entry = self.get_object()
        _require(request, "improvement.manage_changes", entry)
        data = _valid(ChangeStatusInputSerializer, request)
        entry = services.set_change_status(entry, status=data["status"], actor=_user(request))
        return Response(ChangeEntrySerializer(entry).data)


# --- actions --------------------------------------------------------------------------------------


class ActionFilter(filters.FilterSet):
    unit = filters.NumberFilter(field_name="unit_id")
    owner = filters.NumberFilter(field_name="owner_id")
    status = filters.ChoiceFilter(choices=ActionStatus.choices)
    overdue = filters.BooleanFilter(method="filter_overdue", label="Only actions past their due date and not done")

    class Meta:
        model = Action
        fields = ["unit", "owner", "status", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Action], name: str, value: bool) -> QuerySet[Action]:
        overdue = {"status__in": PENDING_STATUSES, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


@extend_schema_view(
    list=extend_schema(
        summary="Improvement actions the caller may see", responses={200: ActionSerializer, 403: ERRORS[403]}
    ),
    retrieve=extend_schema(summary="One improvement action", responses={200: ActionSerializer, **ERRORS}),
    create=extend_schema(
        summary="Open an improvement action",
        request=ActionCreateSerializer,
        responses={201: ActionSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary="Reassign, reschedule or reword an action",
        request=ActionUpdateSerializer,
        responses={200: ActionSerializer, **ERRORS},
    ),
)
class ActionViewSet(ScopedLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Action]):
    permission_classes = [permissions.IsAuthenticated, ViewsImprovement]
    pagination_class = ById
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[Action]:
        if _schema_only(self):
            return Action.objects.none()
        return queries.actions_visible_to(_user(self.request)).select_related("unit")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(ActionCreateSerializer, request)
        _require(request, "improvement.manage_actions", data["unit"])
        created = services.open_action(actor=_user(request), **data)
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self.get_object()
        _require(request, "improvement.manage_actions", target)
        data = _valid(ActionUpdateSerializer, request)
        return Response(ActionSerializer(services.update_action(target, actor=_user(request), **data)).data)

    @extend_schema(
        summary="Record progress (status and/or a note): the owner or a manager",
        request=ProgressInputSerializer,
        responses={200: ActionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        _require(request, "improvement.record_progress", target)
        data = _valid(ProgressInputSerializer, request)
        return Response(ActionSerializer(services.record_progress(target, actor=_user(request), **data)).data)

    @extend_schema(
        summary="Judge a finished action effective or not (supervisors and leaders)",
        request=VerifyInputSerializer,
        responses={200: ActionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        _require(request, "improvement.verify_action", target)
        data = _valid(VerifyInputSerializer, request)
        return Response(ActionSerializer(services.verify_action(target, actor=_user(request), **data)).data)

    @extend_schema(
        summary="Cancel an action, with a reason",
        request=ReasonInputSerializer,
        responses={200: ActionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        _require(request, "improvement.manage_actions", target)
        data = _valid(ReasonInputSerializer, request)
        return Response(ActionSerializer(services.cancel_action(target, actor=_user(request), **data)).data)


# --- proposed actions -----------------------------------------------------------------------------


class ProposalFilter(filters.FilterSet):
    unit = filters.NumberFilter(field_name="unit_id")
    status = filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = ProposedAction
        fields = ["unit", "status"]


@extend_schema_view(
    list=extend_schema(
        summary="Proposed actions (detected or from colleagues)",
        responses={200: ProposedActionSerializer, 403: ERRORS[403]},
    ),
    retrieve=extend_schema(summary="One proposed action", responses={200: ProposedActionSerializer, **ERRORS}),
    create=extend_schema(
        summary="Propose an action (any colleague of the unit)",
        request=ProposalCreateSerializer,
        responses={201: ProposedActionSerializer, **ERRORS},
    ),
)
class ProposedActionViewSet(
    ScopedLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ProposedAction]
):
    permission_classes = [permissions.IsAuthenticated, ViewsImprovement]
    pagination_class = ById
    serializer_class = ProposedActionSerializer
    filterset_class = ProposalFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ProposedAction]:
        if _schema_only(self):
            return ProposedAction.objects.none()
        return queries.proposals_visible_to(_user(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(ProposalCreateSerializer, request)
        _require(request, "improvement.propose_action", data["unit"])
        proposal = services.propose_action(actor=_user(request), **data)
        return Response(ProposedActionSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept: open an action from the proposal",
        request=AcceptInputSerializer,
        responses={201: ActionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        _require(request, "improvement.decide_proposal", proposal)
        data = _valid(AcceptInputSerializer, request)
        opened = services.accept_proposal(proposal, actor=_user(request), **data)
        return Response(ActionSerializer(opened).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Dismiss, with a required reason",
        request=ReasonInputSerializer,
        responses={200: ProposedActionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        _require(request, "improvement.decide_proposal", proposal)
        data = _valid(ReasonInputSerializer, request)
        return Response(
            ProposedActionSerializer(services.dismiss_proposal(proposal, actor=_user(request), **data)).data
        )


router = routers.SimpleRouter()
router.register("improvement/objectives", ObjectiveViewSet, basename="improvement-objective")
router.register("improvement/changes", ChangeEntryViewSet, basename="improvement-change")
router.register("improvement/actions", ActionViewSet, basename="improvement-action")
router.register("improvement/proposed-actions", ProposedActionViewSet, basename="improvement-proposal")

urlpatterns = [path("", include(router.urls))]
