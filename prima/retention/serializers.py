"""API representations of lost-customer data."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prima.retention.models import (
    CustomerStatus,
    Granularity,
    Interview,
    InterviewChannel,
    RetentionStatus,
    WinBackAttempt,
    WinBackOutcome,
)


class CustomerStatusSerializer(serializers.ModelSerializer[CustomerStatus]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    usual_interval_days = serializers.SerializerMethodField()
    lost_after_days = serializers.SerializerMethodField()
    may_be_contacted = serializers.BooleanField(source="contactable", read_only=True)
    interviewed = serializers.BooleanField(read_only=True)

    class Meta:
        model = CustomerStatus
        fields = [
            "id",
            "customer",
            "customer_name",
            "unit",
            "unit_name",
            "status",
            "status_since",
            "detected_at",
            "first_activity_at",
            "last_activity_at",
            "visits",
            "usual_interval_days",
            "lost_after_days",
            "may_be_contacted",
            "interviewed",
        ]
        read_only_fields = fields

    def get_usual_interval_days(self, obj: CustomerStatus) -> float | None:
        return round(obj.usual_interval.total_seconds() / 86400, 1) if obj.usual_interval else None

    def get_lost_after_days(self, obj: CustomerStatus) -> float:
        return round(obj.lost_after.total_seconds() / 86400, 1)


class ChurnQuerySerializer(serializers.Serializer[dict[str, Any]]):
    granularity = serializers.ChoiceField(choices=Granularity.choices, default=Granularity.MONTH)
    periods = serializers.IntegerField(min_value=1, max_value=36, default=12)
    unit = serializers.IntegerField(required=False, min_value=1)
    segment = serializers.IntegerField(required=False, min_value=1)


class StatusQuerySerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(
        choices=[RetentionStatus.LOST, RetentionStatus.AT_RISK], default=RetentionStatus.LOST
    )
    unit = serializers.IntegerField(required=False, min_value=1)
    segment = serializers.IntegerField(required=False, min_value=1)


class ChurnRowSerializer(serializers.Serializer[Any]):
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    period_label = serializers.CharField(source="period.label")
    active_at_start = serializers.IntegerField()
    lost = serializers.IntegerField()
    churn_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    active_at_end = serializers.IntegerField()


class WinBackAttemptSerializer(serializers.ModelSerializer[WinBackAttempt]):
    class Meta:
        model = WinBackAttempt
        fields = ["id", "attempted_on", "action", "outcome", "outcome_at"]
        read_only_fields = fields


class AttemptInputSerializer(serializers.Serializer[dict[str, Any]]):
    attempted_on = serializers.DateField()
    action = serializers.CharField(max_length=300)
    outcome = serializers.ChoiceField(choices=WinBackOutcome.choices, default=WinBackOutcome.PENDING)


class InterviewSerializer(serializers.ModelSerializer[Interview]):
    channel = serializers.ChoiceField(choices=InterviewChannel.choices)
    reason_name = serializers.CharField(source="reason.__str__", read_only=True)
    attempts = WinBackAttemptSerializer(many=True, read_only=True)
    attempt = AttemptInputSerializer(write_only=True, required=False)
    submission_key = serializers.CharField(write_only=True, required=False, max_length=64)

    class Meta:
        model = Interview
        fields = [
            "id",
            "customer",
            "unit",
            "interviewed_on",
            "interviewer",
            "channel",
            "reason",
            "reason_name",
            "notes",
            "attempts",
            "attempt",
            "submission_key",
            "created_at",
        ]
        read_only_fields = ["id", "created_at", "reason_name", "attempts"]
        extra_kwargs = {"interviewer": {"required": False}}
