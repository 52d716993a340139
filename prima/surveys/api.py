"""The survey API: surveys in the caller's scope, their SKM and SERVQUAL results, answers and paper imports.

Scope first, then permission: a survey outside the caller's scope is 404 (``surveys_visible_to``), an action the
caller may not take on a survey they can see is 403 (``prima.surveys.rules``), bad input is 400 with messages
per field or per item code. Everything is written through ``prima.surveys.services`` and ``imports``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Max, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, pagination, parsers, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.accounts.queries import memberships_of
from prima.standards.models import Service
from prima.surveys.analytics._scope import period_bounds
from prima.surveys.analytics.servqual import ZEITHAML_WEIGHTS, compute_servqual
from prima.surveys.analytics.skm import compute_skm
from prima.surveys.imports import ImportRefused, import_responses
from prima.surveys.models import ResponseChannel, Survey
from prima.surveys.queries import surveys_visible_to
from prima.surveys.rules import may_manage_surveys
from prima.surveys.serializers import (
    ErrorSerializer,
    ImportErrorSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    ResponseCreatedSerializer,
    ResponseCreateSerializer,
    ServqualQuerySerializer,
    ServqualResultSerializer,
    SkmQuerySerializer,
    SkmResultSerializer,
    SurveyCreateSerializer,
    SurveyDetailSerializer,
    SurveySerializer,
)
from prima.surveys.services import answers_for_display, create_survey_from_template, record_response

MAX_ID = 2**63 - 1
IDEMPOTENCY_HEADER = "Idempotency-Key"
NOT_FOUND = gettext_lazy("There is no such survey, or it is not one you may see.")
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; ``errors`` lists the messages."),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed to do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such survey within the caller's scope."),
}
FILTER_PARAMETERS = [
    OpenApiParameter("unit", int, description="Only this unit and the units below it."),
    OpenApiParameter("service", int, description="Only this service."),
    OpenApiParameter("from", str, description="First day (YYYY-MM-DD, inclusive, in the unit's time zone)."),
    OpenApiParameter("to", str, description="Last day (YYYY-MM-DD, inclusive)."),
]


class SurveyPagination(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


def _bad_request(errors: dict[str, Any]) -> exceptions.ValidationError:
    return exceptions.ValidationError(errors)


@extend_schema_view(
    list=extend_schema(
        summary="List surveys",
        description="Surveys of the units the caller may see and organisation-wide surveys of their organisation.",
        responses={200: SurveySerializer(many=True), 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="One survey",
        description="The survey with the questions of its current instrument version.",
        responses={200: SurveyDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class SurveyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Survey]):
    """Satisfaction surveys (SKM, CSAT, NPS, SERVQUAL, IPA)."""

    queryset = Survey.objects.none()
    serializer_class = SurveySerializer
    pagination_class = SurveyPagination

    def get_queryset(self) -> QuerySet[Survey]:
        return surveys_visible_to(self.request.user).annotate(version_number=Max("versions__number"))

    def perform_authentication(self, request: Request) -> None:
        """Answer in the caller's language (the profile's for a signed-in user, with basic auth too)."""
        super().perform_authentication(request)
        language = getattr(request.user, "language", "")
        if request.user.is_authenticated and language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = language

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def visible_survey(self, pk: Any) -> Survey:
        raw = str(pk)
        if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID))) or not 0 < int(raw) <= MAX_ID:
            raise exceptions.NotFound(NOT_FOUND)
        try:
            return surveys_visible_to(self.user).select_related("organisation", "unit", "service").get(pk=int(raw))
        except Survey.DoesNotExist:
            raise exceptions.NotFound(NOT_FOUND) from None

    def require(self, permission: str, survey: Survey) -> None:
        if not self.user.has_perm(f"surveys.{permission}", survey):
            raise exceptions.PermissionDenied()

    def retrieve(self, request: Request, pk: str) -> Response:
        survey = self.visible_survey(pk)
        self.require("view_survey", survey)
        return Response(SurveyDetailSerializer(survey).data)

    # --- creating ----------------------------------------------------------------------------------------------

    def _organisation(self, unit: ServiceUnit | None, service: Service | None) -> Organisation:
        if unit is not None:
            return unit.organisation
        if service is not None:
            return service.unit.organisation
        organisations = {membership.unit.organisation for membership in memberships_of(self.user)}
        if len(organisations) != 1:
            raise _bad_request({"unit": [_("Choose the unit the survey belongs to.")]})
        return organisations.pop()

    @extend_schema(
        summary="Create a survey from a template",
        description="Templates: skm2017, servqual, csat, nps, ipa (legacy: skm2014, kep25). Without ``unit`` the "
        "survey covers the whole organisation. Needs the right to manage surveys of the unit.",
        request=SurveyCreateSerializer,
        responses={201: SurveyDetailSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def create(self, request: Request) -> Response:
        serializer = SurveyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        unit = service = None
        if data.get("unit"):
            unit = ServiceUnit.objects.select_related("organisation").filter(pk=data["unit"]).first()
            if unit is None:
                raise _bad_request({"unit": [_("No such unit.")]})
        if data.get("service"):
            service = Service.objects.select_related("unit__organisation").filter(pk=data["service"]).first()
            if service is None:
                raise _bad_request({"service": [_("No such service.")]})
        organisation = self._organisation(unit, service)
        if not may_manage_surveys(self.user, organisation, unit or (service.unit if service else None)):
            raise exceptions.PermissionDenied(_("You may not create surveys for this unit."))
        survey = create_survey_from_template(
            data["template"],
            name=data["name"],
            organisation=organisation,
            unit=unit,
            service=service,
            created_by=self.user,
            rule_set=data.get("rule_set"),
        )
        return Response(SurveyDetailSerializer(survey).data, status=status.HTTP_201_CREATED)

    # --- results -----------------------------------------------------------------------------------------------

    def _filters(self, survey: Survey, query: dict[str, Any]) -> dict[str, Any]:
        unit = service = None
        if query.get("unit"):
            unit = ServiceUnit.objects.filter(pk=query["unit"], organisation_id=survey.organisation_id).first()
            if unit is None:
                raise _bad_request({"unit": [_("No such unit in this survey's organisation.")]})
        if query.get("service"):
            service = Service.objects.filter(pk=query["service"], unit__organisation_id=survey.organisation_id).first()
            if service is None:
                raise _bad_request({"service": [_("No such service in this survey's organisation.")]})
        start, end = period_bounds(survey, query.get("from"), query.get("to"))
        return {"unit": unit, "service": service, "start": start, "end": end}

    @extend_schema(
        summary="SKM result (IKM)",
        description="The same JSON as ``manage.py skm_report``: respondents, per unsur NRR and mutu, IKM (1-4), "
        "IKM unit (25-100), mutu and its label. Numbers at full precision; null without data.",
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("rule_set", str, description="Compute under another rule set (default: the survey's)."),
        ],
        responses={200: SkmResultSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def skm(self, request: Request, pk: str) -> Response:
        survey = self.visible_survey(pk)
        self.require("view_results", survey)
        query = SkmQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = self._filters(survey, query.validated_data)
        data = compute_skm(survey, rule_set=query.validated_data.get("rule_set"), **filters).as_json()
        first, last = query.validated_data.get("from"), query.validated_data.get("to")
        data["filters"].update({"from": first.isoformat() if first else None, "to": last.isoformat() if last else None})
        return Response(data)

    @extend_schema(
        summary="SERVQUAL result",
        description="Per item and per dimension: expectation and perception means, gap (P - E) with its 95 % "
        "confidence interval and n; unweighted and weighted SERVQUAL scores. Negative items are reverse-scored.",
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("weights", str, enum=["equal", "zeithaml"], description="Dimension weights."),
        ],
        responses={200: ServqualResultSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def servqual(self, request: Request, pk: str) -> Response:
        survey = self.visible_survey(pk)
        self.require("view_results", survey)
        query = ServqualQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = self._filters(survey, query.validated_data)
        weights: dict[str, Fraction] | None = (
            ZEITHAML_WEIGHTS if query.validated_data.get("weights") == "zeithaml" else None
        )
        return Response(compute_servqual(survey, weights=weights, **filters).as_json())

    # --- writing answers ---------------------------------------------------------------------------------------

    @extend_schema(
        summary="Record one response",
        description="Answers by item code. Send an ``Idempotency-Key`` header to make retries safe: the same key "
        "again answers 200 with the response recorded before. 400 lists the problems per item code.",
        request=ResponseCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False, description="At most 80 characters."
            )
        ],
        responses={
            201: OpenApiResponse(ResponseCreatedSerializer, description="Recorded."),
            200: OpenApiResponse(ResponseCreatedSerializer, description="A retry: the response recorded before."),
            400: ERRORS[400],
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def responses(self, request: Request, pk: str) -> Response:
        survey = self.visible_survey(pk)
        self.require("record_response", survey)
        serializer = ResponseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = (request.headers.get(IDEMPOTENCY_HEADER) or "").strip()
        if len(key) > 80:
            raise _bad_request({IDEMPOTENCY_HEADER: [_("Use at most 80 characters.")]})
        service = None
        if data.get("service"):
            service = Service.objects.filter(pk=data["service"], unit__organisation_id=survey.organisation_id).first()
            if service is None:
                raise _bad_request({"service": [_("No such service in this survey's organisation.")]})
        scoped_key = f"api:{survey.pk}:{key}" if key else None
        existed = bool(scoped_key) and survey.responses.filter(idempotency_key=scoped_key).exists()
        try:
            response = record_response(
                survey,
                data["answers"],
                channel=ResponseChannel.API,
                idempotency_key=scoped_key,
                service=service,
                owner=None,
                respondent_name=data.get("respondent_name", ""),
                respondent_contact=data.get("respondent_contact", ""),
                submitted_at=data.get("submitted_at"),
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise _bad_request({"answers": error.message_dict}) from None
            raise _bad_request({"non_field_errors": error.messages}) from None
        body = {
            "id": response.pk,
            "survey": survey.pk,
            "version": response.version.number,
            "submitted_at": response.submitted_at,
            "answers": answers_for_display(response),
        }
        return Response(
            ResponseCreatedSerializer(body).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Import paper answers",
        description="A CSV (UTF-8) or XLSX file, row 1 the item codes, one row per form; all rows or none. "
        "400 lists every bad cell with its spreadsheet row and column.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(ImportErrorSerializer, description="Nothing imported; the bad cells."),
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    @action(
        detail=True,
        methods=["post"],
        pagination_class=None,
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def imports(self, request: Request, pk: str) -> Response:
        survey = self.visible_survey(pk)
        self.require("manage_survey", survey)
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            result = import_responses(survey, file.read(), file_name=file.name or "", actor=self.user)
        except ImportRefused as refused:
            cells = [
                {"row": error.row, "column": error.column, "code": error.code, "message": error.message}
                for error in refused.errors
            ]
            body = {
                "detail": _("Nothing was imported; correct these cells and upload the file again."),
                "errors": {"cells": cells, "messages": [str(error) for error in refused.errors]},
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response({"imported": result.imported, "batch": result.batch}, status=status.HTTP_201_CREATED)


router = routers.DefaultRouter()
router.register("surveys", SurveyViewSet, basename="survey")
urlpatterns = router.urls
