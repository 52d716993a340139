"""The request API: the staff's requests (scoped like the inbox, written through the same services) and the
public's read-only view of one request by its tracking code.

Scope first, then permission: a request outside the caller's scope is 404, an action the caller may not take on a
request they can see is 403 (``prima.tickets.rules``), and a refusal by the service is 400 with field errors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.forms import IntegerField
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, mixins, pagination, permissions, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from prima.accounts.models import ServiceUnit, User
from prima.customers.queries import customers_visible_to
from prima.tickets import services
from prima.tickets.access import SERVING_ROLES, serving_unit_ids
from prima.tickets.choices import Channel, Priority, RequestKind, Status, StatusGroup
from prima.tickets.models import Category, IntakeSubmission, Ticket, TicketMessage
from prima.tickets.public.queries import request_or_submission_by_code
from prima.tickets.public.serializers import PublicSubmissionSerializer
from prima.tickets.queries import _search as search_tickets
from prima.tickets.queries import tickets_visible_to
from prima.tickets.serializers import (
    DETAIL_FIELDS,
    AssignInputSerializer,
    ErrorSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    OwnershipChangeSerializer,
    PublicRequestSerializer,
    RequestCreateSerializer,
    RequestDetailSerializer,
    RequestSerializer,
    StatusChangeInputSerializer,
    StatusChangeSerializer,
    TransferInputSerializer,
)
from prima.tickets.workflow import statuses_in_group

MAX_ID = 2**63 - 1
MAX_SEARCH_LENGTH = 100
IDEMPOTENCY_HEADER = "Idempotency-Key"

NOT_FOUND = _("There is no such request, or it is not one you may see.")
PUBLIC_NOT_FOUND = _("No request has this tracking code. Check the code and try again.")

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; ``errors`` lists the messages per field."),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed to do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such request within the caller's scope."),
}


def api_errors(error: DjangoValidationError, *, renamed: dict[str, str] | None = None) -> dict[str, Any]:
    """A service's field-keyed ValidationError as API field errors: kind-specific fields nest under ``details``,
    service argument names that differ from the API's are ``renamed``."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": [str(message) for message in error.messages]}
    errors: dict[str, Any] = {}
    details: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        texts = [str(message) for message in messages]
        if field in DETAIL_FIELDS:
            details[field] = texts
        elif field == "details":
            details["non_field_errors"] = texts
        elif field == "__all__":
            errors["non_field_errors"] = texts
        else:
            errors[(renamed or {}).get(field, field)] = texts
    if details:
        errors["details"] = details
    return errors


class HandlesRequests(permissions.BasePermission):
    """Trainers and mystery shoppers do not see requests at all (``prima.tickets.access``)."""

    message = _("Only staff who handle requests may use this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(serving_unit_ids(request.user))


class RequestPagination(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


class MessagePagination(pagination.CursorPagination):
    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 200


class IdField(IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdFilter(filters.NumberFilter):
    field_class = IdField


class RequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Status.choices)
    status_group = filters.ChoiceFilter(choices=StatusGroup.choices, method="filter_status_group")
    kind = filters.ChoiceFilter(choices=RequestKind.choices)
    priority = filters.ChoiceFilter(choices=Priority.choices)
    channel = filters.ChoiceFilter(choices=Channel.choices)
    unit = IdFilter(field_name="unit_id", help_text="A service unit's id.")
    owner = filters.ChoiceFilter(
        choices=[("me", pgettext_lazy("owner filter", "Me")), ("none", pgettext_lazy("owner filter", "Nobody"))],
        method="filter_owner",
        help_text="``me``: requests the caller owns; ``none``: unassigned requests.",
    )
    q = filters.CharFilter(method="filter_search", help_text="Words of the subject, or a tracking code.")

    class Meta:
        model = Ticket
        fields = ["status", "status_group", "kind", "priority", "channel", "unit", "owner", "q"]

    def filter_status_group(self, tickets: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return tickets.filter(status__in=statuses_in_group(value))

    def filter_owner(self, tickets: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        if value == "none":
            return tickets.filter(owner__isnull=True)
        return tickets.filter(owner_id=self.request.user.pk if self.request is not None else None)

    def filter_search(self, tickets: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return search_tickets(tickets, value[:MAX_SEARCH_LENGTH])


@extend_schema_view(
    list=extend_schema(
        summary="List requests",
        description="Requests of the units the caller serves and those they collaborate on, newest first.",
        responses={200: RequestSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="One request",
        description="The request in full, with its service-level clocks (``clocks``) as of the moment of the answer.",
        responses={200: RequestDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class RequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Ticket]):
    """Requests (tickets) as the caller may see them. Requester fields are null when ``identity_hidden``."""

    queryset = Ticket.objects.none()
    serializer_class = RequestSerializer
    permission_classes = [permissions.IsAuthenticated, HandlesRequests]
    pagination_class = RequestPagination
    filterset_class = RequestFilter

    def get_queryset(self) -> QuerySet[Ticket]:
        return (
            tickets_visible_to(self.request.user)
            .select_related("unit", "owner", "category")
            .prefetch_related("tags", "collaborators")
        )

    def perform_authentication(self, request: Request) -> None:
        """Answer in the caller's language: the profile's for a signed-in user (with basic auth too, which
        ``UserLanguageMiddleware`` cannot see), otherwise what ``Accept-Language`` asked for."""
        super().perform_authentication(request)
        language = getattr(request.user, "language", "")
        if request.user.is_authenticated and language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = language

    # --- helpers ---------------------------------------------------------------------------------------------

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def visible_ticket(self, pk: Any, *, full: bool = False) -> Ticket:
        """The request ``pk`` if the caller may see it, else 404 (junk and out-of-range ids included)."""
        raw = str(pk)
        if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID))) or not 0 < int(raw) <= MAX_ID:
            raise exceptions.NotFound(NOT_FOUND)
        ticket_id = int(raw)
        tickets = tickets_visible_to(self.user).select_related("unit", "organisation", "owner", "category")
        if full:
            tickets = tickets.select_related(
                "verified_by", "complaint_details", "letter_details", "order", "service", "standard"
            ).prefetch_related("tags", "collaborators", "appointments__unit", "order__lines")
        try:
            return tickets.get(pk=ticket_id)
        except Ticket.DoesNotExist:
            raise exceptions.NotFound(NOT_FOUND) from None

    def require(self, permission: str, ticket: Ticket, message: Any = None) -> None:
        if not self.user.has_perm(f"tickets.{permission}", ticket):
            raise exceptions.PermissionDenied(message)

    def detail_data(self, ticket_id: int) -> dict[str, Any]:
        ticket = self.visible_ticket(ticket_id, full=True)
        return RequestDetailSerializer(ticket, context=self.get_serializer_context()).data

    # --- endpoints -------------------------------------------------------------------------------------------

    def retrieve(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk, full=True)
        self.require("view_ticket", ticket)
        return Response(RequestDetailSerializer(ticket, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Log or submit a request",
        description=(
            "Staff log a request (phone, walk-in, letter, …) or an integration submits one (channel ``api``). "
            "Send an ``Idempotency-Key`` header (or ``submission_key``) to make retries safe: the same key "
            "again answers 200 with the request already created, instead of creating another."
        ),
        request=RequestCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="A key unique to this submission, at most 100 characters.",
            )
        ],
        responses={
            201: OpenApiResponse(RequestDetailSerializer, description="Created."),
            200: OpenApiResponse(RequestDetailSerializer, description="A retry: the request created before."),
            400: ERRORS[400],
            403: ERRORS[403],
        },
    )
    def create(self, request: Request) -> Response:
        unit_ids = serving_unit_ids(self.user)
        serializer = RequestCreateSerializer(
            data=request.data,
            context={
                **self.get_serializer_context(),
                "unit_choices": ServiceUnit.objects.filter(pk__in=unit_ids, is_active=True),
                "customer_choices": customers_visible_to(self.user),
                "category_choices": Category.objects.filter(unit_id__in=unit_ids, is_active=True),
            },
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = self.submission_key(data.get("submission_key", ""))
        replay = key is not None and Ticket.objects.filter(submission_key=key).exists()
        try:
            ticket = services.submit_request(
                data["unit"],
                kind=data["kind"],
                channel=data["channel"],
                subject=data["subject"],
                description=data["description"],
                requester_name=data["requester_name"],
                requester_email=data["requester_email"],
                requester_phone=data["requester_phone"],
                confidentiality=data["confidentiality"],
                language=data.get("language"),
                submission_key=key,
                customer=data["customer"],
                details=data.get("details") or {},
                priority=data["priority"],
                category=data["category"],
                actor=self.user,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(api_errors(error)) from None
        if not tickets_visible_to(self.user).filter(pk=ticket.pk).exists():
            # A key reused for a request the caller may no longer see: never hand that request out.
            raise exceptions.ValidationError(
                {"submission_key": [_("This submission key was already used for another request.")]}
            )
        return Response(self.detail_data(ticket.pk), status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED)

    def submission_key(self, field: str) -> str | None:
        header = (self.request.headers.get(IDEMPOTENCY_HEADER) or "").strip()
        field = field.strip()
        if header and field and header != field:
            raise exceptions.ValidationError(
                {"submission_key": [_("The Idempotency-Key header and submission_key differ; send one of them.")]}
            )
        return header or field or None

    @extend_schema(
        summary="The conversation of a request",
        description="Public replies, messages from the requester and internal notes, oldest first.",
        responses={200: MessageSerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=MessagePagination, filterset_class=None)
    def messages(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk)
        self.require("view_ticket", ticket)
        paginator = MessagePagination()
        page = paginator.paginate_queryset(
            TicketMessage.objects.filter(ticket=ticket).select_related("author"), request, view=self
        )
        context = {**self.get_serializer_context(), "ticket": ticket}
        return paginator.get_paginated_response(MessageSerializer(page, many=True, context=context).data)

    @extend_schema(
        summary="Reply, or add an internal note",
        request=MessageCreateSerializer,
        responses={201: MessageSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @messages.mapping.post
    def add_message(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk)
        self.require("change_ticket", ticket)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.add_reply(
                ticket,
                body=serializer.validated_data["body"],
                visibility=serializer.validated_data["visibility"],
                actor=self.user,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(api_errors(error)) from None
        context = {**self.get_serializer_context(), "ticket": ticket}
        return Response(MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the status",
        request=StatusChangeInputSerializer,
        responses={200: StatusChangeSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk)
        self.require("change_ticket", ticket)
        serializer = StatusChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            change = services.change_status(
                ticket,
                to_status=serializer.validated_data["to_status"],
                reason=serializer.validated_data["reason"],
                actor=self.user,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(api_errors(error)) from None
        return Response(StatusChangeSerializer(change).data)

    @extend_schema(
        summary="Assign an owner",
        description=(
            "Supervisors of the request's unit (and leaders and admins above it) assign anyone who works in "
            "the unit; an agent of the unit may take an unassigned request by assigning it to themselves."
        ),
        request=AssignInputSerializer,
        responses={200: OwnershipChangeSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk)
        may_assign = self.user.has_perm("tickets.assign_ticket", ticket)
        denied = _("Only a supervisor of the request's unit may assign it; you may take it while it has no owner.")
        if not may_assign and not self.user.has_perm("tickets.take_ticket", ticket):
            raise exceptions.PermissionDenied(denied)
        staff = User.objects.filter(
            memberships__unit__organisation_id=ticket.organisation_id, memberships__role__in=SERVING_ROLES
        ).distinct()
        serializer = AssignInputSerializer(data=request.data, context={"owner_choices": staff})
        serializer.is_valid(raise_exception=True)
        owner: User | None = serializer.validated_data["owner"]
        if not may_assign and (owner is None or owner.pk != self.user.pk):
            raise exceptions.PermissionDenied(denied)
        try:
            change = services.assign_ticket(
                ticket, owner=owner, actor=self.user, reason=serializer.validated_data["reason"]
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(api_errors(error)) from None
        return Response(OwnershipChangeSerializer(change).data)

    @extend_schema(
        summary="Transfer to another unit",
        description="The owner, or a supervisor of the request's unit, hands it to another unit with a reason.",
        request=TransferInputSerializer,
        responses={200: OwnershipChangeSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        ticket = self.visible_ticket(pk)
        self.require(
            "transfer_ticket",
            ticket,
            _("Only the request's owner or a supervisor of its unit may transfer it."),
        )
        units = ServiceUnit.objects.filter(organisation_id=ticket.organisation_id)
        serializer = TransferInputSerializer(data=request.data, context={"unit_choices": units})
        serializer.is_valid(raise_exception=True)
        try:
            change = services.transfer_ticket(
                ticket,
                to_unit=serializer.validated_data["unit"],
                reason=serializer.validated_data["reason"],
                actor=self.user,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(api_errors(error, renamed={"to_unit": "unit"})) from None
        return Response(OwnershipChangeSerializer(change).data)


class PublicRequestView(generics.GenericAPIView[Ticket]):
    """What the requester sees with their tracking code, without an account. Read-only."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicRequestSerializer
    queryset = Ticket.objects.none()
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        summary="Follow a request by its tracking code",
        description="Status, kind, unit and the public conversation. Nothing identifying, no internal notes.",
        responses={
            200: PolymorphicProxySerializer(
                component_name="PublicRequestOrSubmission",
                serializers=[PublicRequestSerializer, PublicSubmissionSerializer],
                resource_type_field_name=None,
            ),
            404: OpenApiResponse(ErrorSerializer, description="Unknown code."),
        },
    )
    def get(self, request: Request, tracking_code: str) -> Response:
        # As the public status page: a code acknowledged but not registered yet is "being registered", not 404.
        found = request_or_submission_by_code(tracking_code[:100])
        if found is None:
            raise exceptions.NotFound(PUBLIC_NOT_FOUND)
        if isinstance(found, IntakeSubmission):
            data = PublicSubmissionSerializer(found).data
        else:
            data = PublicRequestSerializer(found).data
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response


router = routers.DefaultRouter()
router.register("requests", RequestViewSet, basename="request")
urlpatterns = [
    *router.urls,
    path("public/requests/<str:tracking_code>/", PublicRequestView.as_view(), name="public-request"),
]
