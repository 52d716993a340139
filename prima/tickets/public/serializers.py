"""What the public API answers for a tracking code whose submission is still being registered: the fields of a
request (``PublicRequestSerializer``), filled in as the request will start, plus ``being_registered``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prima.tickets.choices import RequestKind, Status, StatusGroup
from prima.tickets.models import IntakeSubmission
from prima.tickets.serializers import EnumChoiceField, PublicMessageSerializer
from prima.tickets.workflow import status_group


class PublicSubmissionSerializer(serializers.Serializer[IntakeSubmission]):
    """A submission received (durable, with its code) and not registered as a request yet: it will start as a
    new request without messages. The public status page shows "received, being registered" for it."""

    tracking_code = serializers.CharField(read_only=True)
    kind = EnumChoiceField(RequestKind, "RequestKindEnum", read_only=True, allow_null=True)
    status = EnumChoiceField(Status, "RequestStatusEnum", read_only=True)
    status_group = EnumChoiceField(StatusGroup, "RequestStatusGroupEnum", read_only=True)
    unit_name = serializers.CharField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    resolved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    merged = serializers.BooleanField(read_only=True)
    messages = PublicMessageSerializer(many=True, read_only=True)
    being_registered = serializers.BooleanField(
        read_only=True,
        help_text="Always true here: received and kept under this code, being registered as a request.",
    )

    def to_representation(self, instance: IntakeSubmission) -> dict[str, Any]:
        kind = instance.payload.get("arguments", {}).get("kind")
        return {
            "tracking_code": instance.tracking_code,
            "kind": kind if kind in RequestKind.values else None,
            "status": Status.NEW.value,
            "status_group": status_group(Status.NEW),
            "unit_name": instance.unit.name,
            "received_at": serializers.DateTimeField().to_representation(instance.created_at),
            "resolved_at": None,
            "closed_at": None,
            "merged": False,
            "messages": [],
            "being_registered": True,
        }
