"""API representations of requests.

Every requester field goes through ``prima.tickets.confidentiality``: a reader who may not see who asked gets
``null`` in the requester fields, ``identity_hidden: true`` and a placeholder in ``requester_display``. Input
serializers check types and shapes only; the rules (required fields per kind, dates, transitions, who may own a
request) live in ``prima.tickets.services`` and come back as field errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction, extend_schema_field, inline_serializer
from rest_framework import serializers

from prima.accounts.models import ServiceUnit, User
from prima.customers.models import Customer
from prima.sla.choices import ClockKind, ClockState
from prima.sla.clocks import Clock
from prima.sla.queries import clocks_for_ticket
from prima.standards.models import Service
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status, StatusGroup, Visibility
from prima.tickets.confidentiality import RequesterIdentity, requester_display, requester_identity
from prima.tickets.models import (
    Appointment,
    Category,
    ComplaintDetails,
    LetterDetails,
    Order,
    OrderLine,
    OwnershipChange,
    StatusChange,
    Tag,
    Ticket,
    TicketMessage,
)
from prima.tickets.services.details import APPOINTMENT_FIELDS, COMPLAINT_FIELDS, LETTER_FIELDS, ORDER_FIELDS

# The kind-specific fields of ``details``: the service reports their errors under their own names.
DETAIL_FIELDS = COMPLAINT_FIELDS | LETTER_FIELDS | APPOINTMENT_FIELDS | ORDER_FIELDS
UNEXPECTED_DETAILS = _("These fields do not belong to this kind of request: %(fields)s.")


class EnumChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum component (``component``), shared by every field with the
    same choices: ``kind`` and ``channel`` of requests never collide with the customers' fields of those names."""

    def __init__(self, choices_class: type[models.TextChoices], component: str, **kwargs: Any) -> None:
        self.choices_class = choices_class
        self.component = component
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "prima.tickets.serializers.EnumChoiceField"

    def get_name(self) -> str | None:
        return str(self.target.component)

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        choices = self.target.choices_class
        return {
            "type": "string",
            "enum": list(choices.values),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
        }


def reader_of(context: Mapping[str, Any]) -> User | AnonymousUser:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()


# --- small nested objects -------------------------------------------------------------------------------------


class UnitBriefSerializer(serializers.ModelSerializer[ServiceUnit]):
    class Meta:
        model = ServiceUnit
        fields = ["id", "name"]
        read_only_fields = fields


class StaffBriefSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "full_name"]
        read_only_fields = fields


class CategoryBriefSerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "name"]
        read_only_fields = fields


# --- reading requests -----------------------------------------------------------------------------------------


class RequestSerializer(serializers.ModelSerializer[Ticket]):
    """One row of the request list. The requester fields are null when ``identity_hidden`` is true."""

    kind = EnumChoiceField(RequestKind, "RequestKindEnum", read_only=True)
    channel = EnumChoiceField(Channel, "RequestChannelEnum", read_only=True)
    status = EnumChoiceField(Status, "RequestStatusEnum", read_only=True)
    status_group = EnumChoiceField(StatusGroup, "RequestStatusGroupEnum", read_only=True)
    priority = EnumChoiceField(Priority, "RequestPriorityEnum", read_only=True)
    confidentiality = EnumChoiceField(Confidentiality, "RequestConfidentialityEnum", read_only=True)
    unit = UnitBriefSerializer(read_only=True)
    owner = StaffBriefSerializer(read_only=True, allow_null=True)
    category = CategoryBriefSerializer(read_only=True, allow_null=True)
    tags: serializers.SlugRelatedField[Tag] = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    requester_name = serializers.SerializerMethodField()
    requester_email = serializers.SerializerMethodField()
    requester_phone = serializers.SerializerMethodField()
    customer = serializers.SerializerMethodField(help_text="The requester's customer record, when visible.")
    requester_display = serializers.SerializerMethodField(
        help_text="The requester's name, or a placeholder when the identity is hidden or was never stored."
    )
    identity_hidden = serializers.SerializerMethodField(
        help_text="True when the reader may not see who sent the request (confidential or anonymous)."
    )

    class Meta:
        model = Ticket
        fields = [
            "id",
            "tracking_code",
            "kind",
            "channel",
            "status",
            "status_group",
            "priority",
            "confidentiality",
            "subject",
            "unit",
            "owner",
            "category",
            "tags",
            "requester_name",
            "requester_email",
            "requester_phone",
            "customer",
            "requester_display",
            "identity_hidden",
            "created_at",
            "updated_at",
            "due_at",
        ]
        read_only_fields = fields

    def _identity_of(self, ticket: Ticket) -> RequesterIdentity | None:
        """The requester's identity for this reader (or None), worked out once per request and row."""
        cache: dict[int, RequesterIdentity | None] = self.__dict__.setdefault("_identity_cache", {})
        if ticket.pk not in cache:
            cache[ticket.pk] = requester_identity(reader_of(self.context), ticket)
        return cache[ticket.pk]

    def get_requester_name(self, ticket: Ticket) -> str | None:
        identity = self._identity_of(ticket)
        return identity.name if identity is not None else None

    def get_requester_email(self, ticket: Ticket) -> str | None:
        identity = self._identity_of(ticket)
        return identity.email if identity is not None else None

    def get_requester_phone(self, ticket: Ticket) -> str | None:
        identity = self._identity_of(ticket)
        return identity.phone if identity is not None else None

    def get_customer(self, ticket: Ticket) -> int | None:
        identity = self._identity_of(ticket)
        return identity.customer_id if identity is not None else None

    def get_requester_display(self, ticket: Ticket) -> str:
        return requester_display(reader_of(self.context), ticket)

    def get_identity_hidden(self, ticket: Ticket) -> bool:
        return self._identity_of(ticket) is None


class ComplaintSerializer(serializers.ModelSerializer[ComplaintDetails]):
    class Meta:
        model = ComplaintDetails
        fields = ["incident_date", "incident_place", "remedy_requested"]
        read_only_fields = fields


class LetterSerializer(serializers.ModelSerializer[LetterDetails]):
    """``sender`` may name the requester, so it follows the requester's confidentiality."""

    sender = serializers.SerializerMethodField(help_text="Null when the requester's identity is hidden.")

    class Meta:
        model = LetterDetails
        fields = ["letter_number", "letter_date", "sender", "due_date"]
        read_only_fields = fields

    def get_sender(self, letter: LetterDetails) -> str | None:
        return letter.sender if self.context.get("identity_visible") else None


class AppointmentSerializer(serializers.ModelSerializer[Appointment]):
    unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "unit", "place", "starts_at", "ends_at"]
        read_only_fields = fields


class OrderLineSerializer(serializers.ModelSerializer[OrderLine]):
    shortfall = serializers.DecimalField(max_digits=12, decimal_places=3, read_only=True)
    outstanding = serializers.DecimalField(max_digits=12, decimal_places=3, read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "item",
            "quantity",
            "unit_of_measure",
            "quantity_in_stock",
            "quantity_delivered",
            "shortfall",
            "outstanding",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer[Order]):
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["promised_date", "notes", "lines"]
        read_only_fields = fields


class SlaClockSerializer(serializers.Serializer[Clock]):
    """One service-level clock of a request, as of the moment of the answer. Read-only."""

    kind = EnumChoiceField(ClockKind, "SlaClockKindEnum", read_only=True)
    # ``label`` comes in ``get_fields``: in the class body it would shadow ``Field.label``.
    state = EnumChoiceField(ClockState, "SlaClockStateEnum", read_only=True)
    due_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the target is due; null while the clock is paused or when it does not apply.",
    )
    met_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When the target was met, if it was.")
    remaining_seconds = serializers.SerializerMethodField(
        help_text="Time left while running or paused, measured like the target (working seconds for a "
        "working-time target); null otherwise."
    )
    overrun_seconds = serializers.SerializerMethodField(
        help_text="How far past the due time when breached (until now, or until it was met late), measured "
        "like the target; null otherwise."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        label = serializers.SerializerMethodField(help_text="The clock's name in the caller's language.")
        return {"kind": fields.pop("kind"), "label": label, **fields}

    def get_label(self, clock: Clock) -> str:
        return str(ClockKind(clock.kind).label)

    def get_remaining_seconds(self, clock: Clock) -> int | None:
        return int(clock.remaining.total_seconds()) if clock.remaining is not None else None

    def get_overrun_seconds(self, clock: Clock) -> int | None:
        return int(clock.overrun.total_seconds()) if clock.overrun is not None else None


class RequestDetailSerializer(RequestSerializer):
    """One request in full, with its kind-specific parts (null when the request has none) and its
    service-level clocks."""

    requester_language = serializers.SerializerMethodField(help_text="Null when the requester's identity is hidden.")
    verified_by = StaffBriefSerializer(read_only=True, allow_null=True)
    collaborators = StaffBriefSerializer(many=True, read_only=True)
    merged_into: serializers.PrimaryKeyRelatedField[Ticket] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    service: serializers.PrimaryKeyRelatedField[Service] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The catalogue service the request is about."
    )
    service_name = serializers.SerializerMethodField(
        help_text="The service's name in the language of the response; null without a service."
    )
    standard_version = serializers.SerializerMethodField(
        help_text="The version of the service standard in force when the request came in; null when none was."
    )
    complaint = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField()
    appointment = serializers.SerializerMethodField(help_text="The active (not cancelled) appointment.")
    order = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField(
        help_text="The service-level clocks of the policy governing the request, in the order they apply; "
        "empty when no policy applies."
    )

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "description",
            "requester_language",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "verified_at",
            "verified_by",
            "merged_into",
            "collaborators",
            "service",
            "service_name",
            "standard_version",
            "complaint",
            "letter",
            "appointment",
            "order",
            "clocks",
        ]
        read_only_fields = fields

    def get_service_name(self, ticket: Ticket) -> str | None:
        return ticket.service.display_name if ticket.service is not None else None

    def get_standard_version(self, ticket: Ticket) -> int | None:
        return ticket.standard.version if ticket.standard is not None else None

    def get_requester_language(self, ticket: Ticket) -> str | None:
        return ticket.requester_language if self._identity_of(ticket) is not None else None

    @staticmethod
    def _related(ticket: Ticket, name: str) -> Any:
        """A reverse one-to-one row, or None (``select_related`` caches the absence too)."""
        try:
            return getattr(ticket, name)
        except (ComplaintDetails.DoesNotExist, LetterDetails.DoesNotExist, Order.DoesNotExist):
            return None

    @extend_schema_field(ComplaintSerializer(allow_null=True))
    def get_complaint(self, ticket: Ticket) -> dict[str, Any] | None:
        complaint = self._related(ticket, "complaint_details")
        return ComplaintSerializer(complaint).data if complaint is not None else None

    @extend_schema_field(LetterSerializer(allow_null=True))
    def get_letter(self, ticket: Ticket) -> dict[str, Any] | None:
        letter = self._related(ticket, "letter_details")
        if letter is None:
            return None
        context = {"identity_visible": self._identity_of(ticket) is not None}
        return LetterSerializer(letter, context=context).data

    @extend_schema_field(AppointmentSerializer(allow_null=True))
    def get_appointment(self, ticket: Ticket) -> dict[str, Any] | None:
        active = [appointment for appointment in ticket.appointments.all() if appointment.cancelled_at is None]
        return AppointmentSerializer(active[0]).data if active else None

    @extend_schema_field(OrderSerializer(allow_null=True))
    def get_order(self, ticket: Ticket) -> dict[str, Any] | None:
        order = self._related(ticket, "order")
        return OrderSerializer(order).data if order is not None else None

    @extend_schema_field(SlaClockSerializer(many=True))
    def get_clocks(self, ticket: Ticket) -> list[dict[str, Any]]:
        clocks = clocks_for_ticket(ticket)
        return [SlaClockSerializer(clock).data for clock in clocks.clocks] if clocks is not None else []


# --- creating requests ----------------------------------------------------------------------------------------


class LocalDateTimeField(serializers.DateTimeField):
    """A date and time passed on as given: the service reads one without an offset in the unit's time zone."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        # Refuse what cannot be stored in UTC once read in any zone (year 1 or 9999 near midnight).
        try:
            bounds = [value - dt.timedelta(days=1), value + dt.timedelta(days=1)]
            if value.tzinfo is not None:
                bounds = [bound.astimezone(dt.UTC) for bound in bounds]
        except OverflowError:
            self.fail("overflow")
        return value


class OrderLineInputSerializer(serializers.Serializer[dict[str, Any]]):
    item = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        min_value=Decimal("0.001"),
        error_messages={"min_value": _("Enter a number above zero.")},
    )
    unit_of_measure = serializers.CharField(max_length=30, required=False, allow_blank=True)
    quantity_in_stock = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        min_value=Decimal(0),
        required=False,
        error_messages={"min_value": _("Enter zero or more.")},
    )


class RequestDetailsInputSerializer(serializers.Serializer[dict[str, Any]]):
    """Kind-specific fields, all optional here; which ones a kind accepts or needs is checked on submission:

    * complaint: ``incident_date``, ``incident_place``, ``remedy_requested``
    * letter (kind ``letter``, or any kind arriving by channel ``letter``): ``letter_number`` and ``letter_date``
      (both required for kind ``letter``), ``sender``, ``due_date``
    * appointment: ``place``, ``starts_at``, ``ends_at`` (all three to book at once, or none)
    * order: ``lines``, ``promised_date``, ``notes``
    """

    incident_date = serializers.DateField(required=False, allow_null=True, help_text="Complaint.")
    incident_place = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Complaint.")
    remedy_requested = serializers.CharField(required=False, allow_blank=True, help_text="Complaint.")
    letter_number = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="Letter.")
    letter_date = serializers.DateField(required=False, allow_null=True, help_text="Letter.")
    sender = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Letter.")
    due_date = serializers.DateField(required=False, allow_null=True, help_text="Letter: reply due by.")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="Appointment.")
    starts_at = LocalDateTimeField(
        required=False, allow_null=True, help_text="Appointment. Without an offset: the unit's local time."
    )
    ends_at = LocalDateTimeField(
        required=False, allow_null=True, help_text="Appointment. Without an offset: the unit's local time."
    )
    lines = OrderLineInputSerializer(many=True, required=False, help_text="Order: the ordered items.")
    promised_date = serializers.DateField(required=False, allow_null=True, help_text="Order.")
    notes = serializers.CharField(required=False, allow_blank=True, help_text="Order.")

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {"non_field_errors": [UNEXPECTED_DETAILS % {"fields": ", ".join(unknown)}]}
                )
        return super().to_internal_value(data)


class RequestCreateSerializer(serializers.Serializer[dict[str, Any]]):
    """A request logged by staff (phone, walk-in, letter, …) or sent by an integration (channel ``api``)."""

    unit = serializers.PrimaryKeyRelatedField(
        queryset=ServiceUnit.objects.none(),
        error_messages={"does_not_exist": _("Choose a service unit you work in.")},
        help_text="A unit the caller works in.",
    )
    kind = EnumChoiceField(RequestKind, "RequestKindEnum")
    channel = EnumChoiceField(Channel, "RequestChannelEnum", default=Channel.API)
    subject = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    requester_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    requester_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    requester_phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Choose a customer of your units.")},
    )
    confidentiality = EnumChoiceField(Confidentiality, "RequestConfidentialityEnum", default=Confidentiality.NORMAL)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="The requester's language (default: Indonesian)."
    )
    priority = EnumChoiceField(Priority, "RequestPriorityEnum", default=Priority.NORMAL)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Choose an active category of this unit.")},
    )
    submission_key = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Idempotency key; the Idempotency-Key header does the same.",
    )
    details = RequestDetailsInputSerializer(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("unit", "customer", "category"):
            queryset = self.context.get(f"{name}_choices")
            if queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]


# --- conversation ---------------------------------------------------------------------------------------------


class MessageSerializer(serializers.ModelSerializer[TicketMessage]):
    """A message on a request. Staff messages name their author; a message from the requester is shown under
    ``requester_display``, so a hidden identity stays hidden here too."""

    visibility = EnumChoiceField(Visibility, "MessageVisibilityEnum", read_only=True)
    author = StaffBriefSerializer(read_only=True, allow_null=True)
    author_display = serializers.SerializerMethodField(
        help_text="The staff author's name, or for messages from the requester their display name or placeholder."
    )

    class Meta:
        model = TicketMessage
        fields = ["id", "visibility", "from_public", "author", "author_display", "body", "created_at"]
        read_only_fields = fields

    def get_author_display(self, message: TicketMessage) -> str:
        if message.from_public:
            ticket = self.context["ticket"]
            cache: dict[str, str] = self.__dict__.setdefault("_display_cache", {})
            if "requester" not in cache:
                cache["requester"] = requester_display(reader_of(self.context), ticket)
            return cache["requester"]
        return str(message.author) if message.author is not None else ""


class MessageCreateSerializer(serializers.Serializer[dict[str, Any]]):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    visibility = EnumChoiceField(Visibility, "MessageVisibilityEnum", default=Visibility.PUBLIC)


# --- workflow and ownership -----------------------------------------------------------------------------------


class StatusChangeInputSerializer(serializers.Serializer[dict[str, Any]]):
    to_status = EnumChoiceField(Status, "RequestStatusEnum")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when reopening a resolved or closed request."
    )


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    from_status = EnumChoiceField(
        Status, "RequestStatusEnum", read_only=True, allow_null=True, help_text="Null for the first status."
    )
    to_status = EnumChoiceField(Status, "RequestStatusEnum", read_only=True)
    actor = StaffBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StatusChange
        fields = ["id", "from_status", "to_status", "reason", "actor", "created_at"]
        read_only_fields = fields

    def to_representation(self, change: StatusChange) -> dict[str, Any]:
        data = super().to_representation(change)
        data["from_status"] = data["from_status"] or None
        return data


class AssignInputSerializer(serializers.Serializer[dict[str, Any]]):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        error_messages={"does_not_exist": _("Choose a staff member of this organisation.")},
        help_text="The new owner, or null to unassign.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = self.context.get("owner_choices")
        if queryset is not None:
            self.fields["owner"].queryset = queryset  # type: ignore[attr-defined]


class TransferInputSerializer(serializers.Serializer[dict[str, Any]]):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=ServiceUnit.objects.none(),
        error_messages={"does_not_exist": _("Choose an active unit of this organisation.")},
        help_text="An active unit of the request's organisation.",
    )
    reason = serializers.CharField(allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = self.context.get("unit_choices")
        if queryset is not None:
            self.fields["unit"].queryset = queryset  # type: ignore[attr-defined]


class OwnershipChangeSerializer(serializers.ModelSerializer[OwnershipChange]):
    from_owner = StaffBriefSerializer(read_only=True, allow_null=True)
    to_owner = StaffBriefSerializer(read_only=True, allow_null=True)
    from_unit = UnitBriefSerializer(read_only=True)
    to_unit = UnitBriefSerializer(read_only=True)
    actor = StaffBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = OwnershipChange
        fields = ["id", "from_owner", "to_owner", "from_unit", "to_unit", "reason", "actor", "created_at"]
        read_only_fields = fields


# --- the public tracking page ---------------------------------------------------------------------------------


class PublicMessageSerializer(serializers.ModelSerializer[TicketMessage]):
    from_requester = serializers.BooleanField(source="from_public", read_only=True)

    class Meta:
        model = TicketMessage
        fields = ["from_requester", "body", "created_at"]
        read_only_fields = fields


class PublicRequestSerializer(serializers.ModelSerializer[Ticket]):
    """What anyone holding the tracking code sees: no names, no contact details, no staff, no internal notes."""

    kind = EnumChoiceField(RequestKind, "RequestKindEnum", read_only=True)
    status = EnumChoiceField(Status, "RequestStatusEnum", read_only=True)
    status_group = EnumChoiceField(StatusGroup, "RequestStatusGroupEnum", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    received_at = serializers.DateTimeField(source="created_at", read_only=True)
    merged = serializers.SerializerMethodField(help_text="True when the request was merged into another.")
    messages = serializers.SerializerMethodField(help_text="Public messages only, oldest first.")

    class Meta:
        model = Ticket
        fields = [
            "tracking_code",
            "kind",
            "status",
            "status_group",
            "unit_name",
            "received_at",
            "resolved_at",
            "closed_at",
            "merged",
            "messages",
        ]
        read_only_fields = fields

    def get_merged(self, ticket: Ticket) -> bool:
        return ticket.merged_into_id is not None

    @extend_schema_field(PublicMessageSerializer(many=True))
    def get_messages(self, ticket: Ticket) -> list[dict[str, Any]]:
        messages = TicketMessage.objects.filter(ticket=ticket, visibility=Visibility.PUBLIC).order_by("id")
        return PublicMessageSerializer(messages, many=True).data  # type: ignore[return-value]


# Every 4xx: ``detail`` says what went wrong; on 400, ``errors`` lists the messages per field. (A field named
# ``errors`` would shadow ``Serializer.errors`` in a class body, hence the inline serializer.)
ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            required=False, help_text="Field name → messages (nested for ``details``). Only on 400."
        ),
    },
)
