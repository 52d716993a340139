"""The lost-customer API: lost and at-risk customers, churn per period, interviews. Scoped like the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, pagination, permissions, routers, views, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import units_visible_to
from prima.customers.queries import customers_visible_to, segments_visible_to
from prima.retention import services
from prima.retention.models import CustomerStatus, Interview, LossReason, WinBackAttempt
from prima.retention.periods import recent_periods
from prima.retention.queries import churn_by_period, scope_unit_ids, statuses_in, watch_list
from prima.retention.serializers import (
    ChurnQuerySerializer,
    ChurnRowSerializer,
    CustomerStatusSerializer,
    InterviewSerializer,
    StatusQuerySerializer,
)


class HasPerm(permissions.BasePermission):
    permission = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(self.permission))


class MaySeeFigures(HasPerm):
    permission = "retention.view_retention"


class MaySeeCustomers(HasPerm):
    permission = "retention.view_lost_customers"


def _scope(request: Request, data: dict[str, Any]) -> tuple[list[int], int | None]:
    unit = None
    if data.get("unit"):
        unit = units_visible_to(request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [_("No such unit among yours.")]})
    segment_id = data.get("segment")
    if segment_id and not segments_visible_to(request.user).filter(pk=segment_id).exists():
        raise exceptions.ValidationError({"segment": [_("No such segment among yours.")]})
    return scope_unit_ids(request.user, unit), segment_id


class StatusPagination(pagination.CursorPagination):
    ordering = ("-status_since", "id")


@extend_schema(parameters=[StatusQuerySerializer])
class LostCustomerList(generics.ListAPIView[CustomerStatus]):
    """Lost (``?status=lost``, the default) or at-risk customers of the caller's units, most recent first."""

    serializer_class = CustomerStatusSerializer
    permission_classes = [permissions.IsAuthenticated, MaySeeCustomers]
    pagination_class = StatusPagination

    def get_queryset(self) -> QuerySet[CustomerStatus]:
        if getattr(self, "swagger_fake_view", False):
            return CustomerStatus.objects.none()
        query = StatusQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        unit_ids, segment_id = _scope(self.request, query.validated_data)
        return watch_list(unit_ids, query.validated_data["status"], segment_id=segment_id)


class ChurnView(views.APIView):
    """Active customers at the start and end of each period and the churn rate, oldest period first."""

    permission_classes = [permissions.IsAuthenticated, MaySeeFigures]

    @extend_schema(parameters=[ChurnQuerySerializer], responses=ChurnRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = ChurnQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit_ids, segment_id = _scope(request, query.validated_data)
        periods = recent_periods(query.validated_data["granularity"], query.validated_data["periods"])
        rows = churn_by_period(statuses_in(unit_ids, segment_id), periods)
        return Response(ChurnRowSerializer(rows, many=True).data)


class InterviewPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("retention.view_lost_customers"))


class InterviewPagination(pagination.CursorPagination):
    ordering = ("-created_at", "-id")


class InterviewViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Interview]):
    """Interviews with lost customers of the caller's units; create one (with an optional first win-back
    attempt). Agents may record interviews for their own unit's customers. ``submission_key`` makes a retry safe.
    """

    serializer_class = InterviewSerializer
    permission_classes = [permissions.IsAuthenticated, InterviewPermission]
    pagination_class = InterviewPagination

    def get_queryset(self) -> QuerySet[Interview]:
        return (
            Interview.objects.filter(unit_id__in=scope_unit_ids(self.request.user))
            .select_related("reason")
            .prefetch_related(Prefetch("attempts", queryset=WinBackAttempt.objects.order_by("attempted_on", "id")))
        )

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Interview]:
        serializer = super().get_serializer(*args, **kwargs)
        fields = getattr(serializer, "fields", {})
        if "customer" in fields:
            fields["customer"].queryset = customers_visible_to(self.request.user)
            fields["unit"].queryset = units_visible_to(self.request.user)
            fields["reason"].queryset = LossReason.objects.filter(
                organisation_id__in=units_visible_to(self.request.user).values("organisation_id")
            )
            fields["interviewer"].queryset = (
                fields["interviewer"]
                .queryset.filter(memberships__unit__in=units_visible_to(self.request.user))
                .distinct()
            )
        return serializer

    def perform_create(self, serializer: BaseSerializer[Interview]) -> None:
        data = serializer.validated_data
        unit: ServiceUnit = data["unit"]
        if not self.request.user.has_perm("retention.record_interview", unit):
            raise exceptions.PermissionDenied()
        attempt = data.get("attempt")
        serializer.instance = services.record_interview(
            data["customer"],
            unit=unit,
            interviewed_on=data["interviewed_on"],
            channel=data["channel"],
            reason=data["reason"],
            notes=data.get("notes", ""),
            interviewer=data.get("interviewer"),
            attempt=services.AttemptInput(**attempt) if attempt else None,
            submission_key=data.get("submission_key"),
            actor=self.request.user,  # type: ignore[arg-type]
        )


router = routers.DefaultRouter()
router.include_root_view = False
router.register("retention/interviews", InterviewViewSet, basename="retention-interview")
urlpatterns = [
    path("retention/customers/", LostCustomerList.as_view(), name="retention-customer-list"),
    path("retention/churn/", ChurnView.as_view(), name="retention-churn"),
    *router.urls,
]
