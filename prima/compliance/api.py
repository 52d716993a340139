"""The compliance API: SOP audits (list, retrieve, create, record item results, complete, evidence) and the
dashboard figures of a unit or a person for a period.

Scope first, then permission: an audit, unit or person outside the caller's scope is 404; an act on an audit the
caller may see but not manage is 403; a refusal by the service is 400 with field errors. Writes call the same
services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, pagination, permissions, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prima.accounts.models import User
from prima.compliance import dashboard as figures
from prima.compliance import queries, services
from prima.compliance.forms import PeriodForm
from prima.compliance.models import Audit, AuditItem, AuditStatus, Checklist
from prima.compliance.serializers import (
    AuditCreateSerializer,
    AuditDetailSerializer,
    AuditSerializer,
    ChecklistSerializer,
    ComplianceErrorSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    ItemResultSerializer,
    dashboard_data,
)
from prima.standards.i18n import localized

IDEMPOTENCY_HEADER = "Idempotency-Key"
ERRORS = {
    400: OpenApiResponse(
        ComplianceErrorSerializer, description="Invalid input; ``errors`` lists the messages per field."
    ),
    403: OpenApiResponse(ComplianceErrorSerializer, description="Not signed in, or not allowed to do this."),
    404: OpenApiResponse(ComplianceErrorSerializer, description="No such audit within the caller's scope."),
}


class ViewsCompliance(permissions.BasePermission):
    """Staff who serve customers (``compliance.view_dashboard``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("compliance.view_dashboard"))


class AuditPagination(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


def _id(value: Any) -> int | None:
    raw = str(value)
    if not raw.isdigit() or not 0 < int(raw) <= queries.MAX_ID:
        return None
    return int(raw)


def _filter_id(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    value = _id(raw)
    if value is None:
        raise exceptions.ValidationError({name: [_("Give a positive whole number.")]})
    return value


@extend_schema_view(
    list=extend_schema(
        summary="List SOP audits",
        description="Audits the caller may see, newest first: managers those of the units they manage, agents "
        "the completed unit-level audits of their units, everyone the audits of themselves.",
        parameters=[
            OpenApiParameter("unit", int, description="Only audits of this unit."),
            OpenApiParameter("person", int, description="Only audits of this person."),
            OpenApiParameter("status", str, enum=AuditStatus.values),
        ],
        responses={200: AuditSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="One SOP audit",
        responses={200: AuditDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class AuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Audit]):
    queryset = Audit.objects.none()
    serializer_class = AuditSerializer
    permission_classes = [permissions.IsAuthenticated, ViewsCompliance]
    pagination_class = AuditPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def get_queryset(self) -> Any:
        audits = queries.audit_list_for(self.user)
        if self.action != "list":
            return audits
        if (unit_id := _filter_id(self.request, "unit")) is not None:
            audits = audits.filter(unit_id=unit_id)
        if (person_id := _filter_id(self.request, "person")) is not None:
            audits = audits.filter(person_id=person_id)
        audit_status = self.request.query_params.get("status")
        if audit_status:
            if audit_status not in AuditStatus.values:
                raise exceptions.ValidationError({"status": [_("Unknown status.")]})
            audits = audits.filter(status=audit_status)
        return audits

    def get_serializer_class(self) -> Any:
        return AuditDetailSerializer if self.action == "retrieve" else AuditSerializer

    def get_object(self) -> Audit:
        pk = _id(self.kwargs.get("pk"))
        if pk is None:
            raise exceptions.NotFound()
        try:
            return queries.audit_for(self.user, pk)
        except Audit.DoesNotExist:
            raise exceptions.NotFound() from None

    def _managed(self, audit: Audit) -> Audit:
        if not self.user.has_perm("compliance.manage_audits", audit):
            raise exceptions.PermissionDenied()
        return audit

    @extend_schema(
        summary="Start an SOP audit",
        description="A draft audit of a unit (and optionally one staff member of it) with a frozen copy of the "
        "checklist's items. Send an ``Idempotency-Key`` header to make a retry return the same audit.",
        request=AuditCreateSerializer,
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False)],
        responses={201: AuditDetailSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def create(self, request: Request) -> Response:
        if not self.user.has_perm("compliance.manage_audits"):
            raise exceptions.PermissionDenied()
        serializer = AuditCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        checklist = queries.checklists_for(self.user).filter(pk=data["checklist"]).first()
        if checklist is None:
            raise exceptions.ValidationError({"checklist": [_("There is no such checklist among yours.")]})
        unit = queries.managed_units(self.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [_("There is no such unit among those you manage.")]})
        person = None
        if data.get("person") is not None:
            person = queries.staff_of(unit).filter(pk=data["person"]).first()
            if person is None:
                raise exceptions.ValidationError({"person": [_("Choose a staff member of the unit.")]})
        key = (request.headers.get(IDEMPOTENCY_HEADER) or "").strip()[:64] or None
        audit = services.start_audit(
            checklist,
            unit=unit,
            person=person,
            audit_date=data["audit_date"],
            actor=self.user,
            submission_key=f"api:{self.user.pk}:{key}" if key else None,
        )
        return Response(
            AuditDetailSerializer(queries.audit_for(self.user, audit.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Record an item's result",
        description="Result (pass, fail, not applicable), note and optional evidence file (multipart) of one item "
        "of a draft audit. A completed audit is read-only (400).",
        request={"multipart/form-data": ItemResultSerializer, "application/json": ItemResultSerializer},
        responses={200: AuditDetailSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_pk>[0-9]+)", url_name="item")
    def record_item(self, request: Request, pk: str, item_pk: str) -> Response:
        audit = self._managed(self.get_object())
        item = self._item(audit, item_pk)
        serializer = ItemResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.record_result(
            item,
            result=data["result"],
            note=data.get("note", ""),
            evidence=data.get("evidence"),
            remove_evidence=data.get("remove_evidence", False),
            actor=self.user,
        )
        return Response(AuditDetailSerializer(queries.audit_for(self.user, audit.pk)).data)

    def _item(self, audit: Audit, item_pk: str) -> AuditItem:
        pk = _id(item_pk)
        item = audit.items.filter(pk=pk).first() if pk is not None else None
        if item is None:
            raise exceptions.NotFound()
        item.audit = audit
        return item

    @extend_schema(
        summary="Complete an SOP audit",
        description="Once every item has a result. Completing a completed audit changes nothing.",
        request=None,
        responses={200: AuditDetailSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        audit = self._managed(self.get_object())
        services.complete_audit(audit, actor=self.user)
        return Response(AuditDetailSerializer(queries.audit_for(self.user, audit.pk)).data)

    @extend_schema(
        summary="An item's evidence file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], url_path=r"items/(?P<item_pk>[0-9]+)/evidence", url_name="evidence")
    def evidence(self, request: Request, pk: str, item_pk: str) -> FileResponse:
        item = self._item(self.get_object(), item_pk)
        if not item.evidence:
            raise exceptions.NotFound()
        try:
            handle = item.evidence.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound() from None
        response = FileResponse(
            handle, as_attachment=True, filename=item.evidence_name or "bukti", content_type=item.evidence_content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ChecklistViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Checklist]):
    queryset = Checklist.objects.none()
    serializer_class = ChecklistSerializer
    permission_classes = [permissions.IsAuthenticated, ViewsCompliance]
    pagination_class = AuditPagination

    def get_queryset(self) -> Any:
        return queries.checklists_for(self.request.user)

    @extend_schema(
        summary="List audit checklists",
        description="The checklists of the units the caller manages.",
        responses={200: ChecklistSerializer(many=True), 403: ERRORS[403]},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {
                "id": checklist.pk,
                "name": localized(checklist.name),
                "unit": checklist.unit_id,
                "unit_name": checklist.unit.name,
                "standard": checklist.standard_id,
                "is_active": checklist.is_active,
                "item_count": checklist.item_count,
            }
            for checklist in (page or [])
        ]
        return self.get_paginated_response(ChecklistSerializer(rows, many=True).data)


class DashboardView(APIView):
    permission_classes = [permissions.IsAuthenticated, ViewsCompliance]

    @extend_schema(
        summary="Compliance figures",
        description=str(figures.HELP_TEXT)
        + " Without ``unit``: a manager gets their top unit, an agent their own figures (``person`` may only be "
        "themselves).",
        parameters=[DashboardQuerySerializer],
        responses={200: DashboardSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request: Request) -> Response:
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        try:
            subject = figures.subject_for(
                user, unit_id=query.validated_data.get("unit"), person_id=query.validated_data.get("person")
            )
        except figures.OutOfScope:
            raise exceptions.NotFound() from None
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    "non_field_errors" if field == "__all__" else field: [str(message) for message in messages]
                    for field, messages in form.errors.items()
                }
            )
        now = timezone.now()
        period = form.period(timezone.localtime(now, subject.zone).date(), subject.zone)
        dashboard = figures.dashboard_for(subject, period, now=now)
        return Response(DashboardSerializer(dashboard_data(dashboard)).data)


router = routers.SimpleRouter()
router.register("compliance/audits", AuditViewSet, basename="compliance-audit")
router.register("compliance/checklists", ChecklistViewSet, basename="compliance-checklist")
urlpatterns = [
    *router.urls,
    path("compliance/dashboard/", DashboardView.as_view(), name="compliance-dashboard"),
]
