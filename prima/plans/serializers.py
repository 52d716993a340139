"""API representations of plans, ideas, acknowledgements and reviews. Validation of input shape only; the
services decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from prima.accounts.models import ServiceUnit
from prima.plans.models import Acknowledgement, Decision, Idea, Plan, PlanItem, Review


class PlanItemSerializer(serializers.ModelSerializer[PlanItem]):
    owner_name = serializers.CharField(source="owner.full_name", default="", read_only=True)
    credited_to = serializers.CharField(source="source_idea.author.full_name", default="", read_only=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "title",
            "description",
            "owner",
            "owner_name",
            "due_date",
            "customer_facing",
            "public_wording",
            "service",
            "credited_to",
        ]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    items = PlanItemSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, published or closed")

    class Meta:
        model = Plan
        fields = ["id", "unit", "title", "summary", "period_start", "period_end", "status", "published_at", "items"]
        read_only_fields = ["status", "published_at", "items"]


class PlanCreateSerializer(serializers.Serializer[Any]):
    unit = serializers.PrimaryKeyRelatedField(queryset=ServiceUnit.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class IdeaSerializer(serializers.ModelSerializer[Idea]):
    author_name = serializers.CharField(source="author.full_name", read_only=True)
    vote_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    voted = serializers.BooleanField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="proposed, accepted or declined")

    class Meta:
        model = Idea
        fields = [
            "id",
            "plan",
            "call",
            "title",
            "body",
            "status",
            "author_name",
            "created_at",
            "vote_count",
            "comment_count",
            "voted",
            "decline_reason",
        ]
        read_only_fields = ["status", "created_at", "decline_reason"]


class IdeaCreateSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(required=False, min_value=1)
    call = serializers.IntegerField(required=False, min_value=1)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)


class VoteSerializer(serializers.Serializer[Any]):
    vote = serializers.BooleanField()


class CommentSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)


class VoteResultSerializer(serializers.Serializer[Any]):
    voted = serializers.BooleanField()
    vote_count = serializers.IntegerField()


class AcknowledgementSerializer(serializers.ModelSerializer[Acknowledgement]):
    plan_title = serializers.CharField(source="plan.title", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = ["id", "plan", "plan_title", "notified_at", "acknowledged_at"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "text", "action", "plan_item", "call", "created_at"]


class DecisionCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    action_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    action_owner = serializers.IntegerField(required=False, min_value=1)
    action_due_date = serializers.DateField(required=False)
    call_question = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("action_title"):
            errors = {}
            if not attrs.get("action_owner"):
                errors["action_owner"] = [_("An action needs an owner.")]
            if attrs.get("action_due_date") is None:
                errors["action_due_date"] = [_("An action needs a due date.")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class ReviewSerializer(serializers.ModelSerializer[Review]):
    decisions = DecisionSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="scheduled, open or closed")
    frequency = serializers.CharField(read_only=True, help_text="monthly or quarterly")

    class Meta:
        model = Review
        fields = [
            "id",
            "unit",
            "frequency",
            "period_start",
            "period_end",
            "meeting_date",
            "status",
            "pack",
            "pack_built_at",
            "minutes",
            "decisions",
        ]
