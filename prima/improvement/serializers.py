"""API representations of objectives (with live actuals), change entries, actions and proposed actions, and the
inputs of their operations. Serializers validate shape only; the services decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction, extend_schema_field
from rest_framework import serializers

from prima.accounts.models import ServiceUnit, User
from prima.improvement.models import (
    Action,
    ActionKind,
    ActionStatus,
    Benchmark,
    ChangeEntry,
    ChangeKind,
    ChangeOrigin,
    ChangeStatus,
    EffectivenessResult,
    Objective,
    ObjectiveStatus,
    ProposalStatus,
    ProposedAction,
    SourceKind,
)
from prima.improvement.queries import TargetStatus


class EnumField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum has its own component name, so that enums of the same field name in other
    apps (``status``, ``kind``) never collide."""

    def __init__(self, choices_class: type[models.TextChoices], component: str, **kwargs: Any) -> None:
        self.choices_class = choices_class
        self.component = component
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "prima.improvement.serializers.EnumField"

    def get_name(self) -> str | None:
        return str(self.target.component)

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        choices = self.target.choices_class
        return {
            "type": "string",
            "enum": list(choices.values),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
        }


def _enum(choices_class: type[models.TextChoices], **kwargs: Any) -> EnumField:
    return EnumField(choices_class, f"Improvement{choices_class.__name__}", **kwargs)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    """A primary key looked up only among the objects ``scope(user)`` returns for the requesting user."""

    def __init__(self, scope: Callable[[User], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scope(self.context["request"].user)


class ScopedRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "prima.improvement.serializers.ScopedRelatedField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        return {"type": "integer", "description": "Id; only objects within the caller's scope are accepted."}


def _visible_units(user: User) -> QuerySet[ServiceUnit]:
    from prima.accounts.queries import units_visible_to

    return units_visible_to(user)


def _staff(user: User) -> QuerySet[User]:
    from prima.improvement.queries import owner_choices

    return owner_choices(user)


def _objectives(user: User) -> QuerySet[Objective]:
    from prima.improvement.queries import objectives_visible_to

    return objectives_visible_to(user)


def _services(user: User) -> QuerySet[Any]:
    from prima.standards.queries import services_visible_to

    return services_visible_to(user)


class ImprovementErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


# --- objectives -----------------------------------------------------------------------------------


class BenchmarkOutSerializer(serializers.ModelSerializer[Benchmark]):
    class Meta:
        model = Benchmark
        fields = ["label", "value"]
        read_only_fields = fields


class TargetTrendPointSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Exclusive.")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)


class TargetStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="target.pk")
    metric = serializers.CharField(source="metric_code")
    metric_label = serializers.CharField()
    direction = serializers.CharField(allow_null=True)
    level = serializers.CharField(source="target.level")
    unit = serializers.IntegerField(source="target.unit_id", allow_null=True)
    person = serializers.IntegerField(source="target.person_id", allow_null=True)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=4)
    actual = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    benchmarks = BenchmarkOutSerializer(many=True)
    trend = TargetTrendPointSerializer(many=True)
    children = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/TargetStatus"}})
    def get_children(self, status: TargetStatus) -> list[dict[str, Any]]:
        return [TargetStatusSerializer(child, context=self.context).data for child in status.children]


class ObjectiveSerializer(serializers.ModelSerializer[Objective]):
    status = _enum(ObjectiveStatus, read_only=True)
    title = serializers.CharField(source="display_title")
    goal = serializers.CharField(source="display_goal")
    guideline = serializers.CharField(source="display_guideline")

    class Meta:
        model = Objective
        fields = ["id", "organisation", "unit", "title", "goal", "guideline", "period_start", "period_end", "status"]
        read_only_fields = fields


class ObjectiveDetailSerializer(ObjectiveSerializer):
    targets = serializers.SerializerMethodField()

    class Meta(ObjectiveSerializer.Meta):
        fields = [*ObjectiveSerializer.Meta.fields, "targets"]
        read_only_fields = fields

    @extend_schema_field(TargetStatusSerializer(many=True))
    def get_targets(self, objective: Objective) -> list[dict[str, Any]]:
        statuses = self.context["statuses"]
        return [TargetStatusSerializer(status, context=self.context).data for status in statuses]


# --- change entries -------------------------------------------------------------------------------


class ChangeEntrySerializer(serializers.ModelSerializer[ChangeEntry]):
    kind = _enum(ChangeKind, read_only=True)
    origin = _enum(ChangeOrigin, read_only=True)
    status = _enum(ChangeStatus, read_only=True)

    class Meta:
        model = ChangeEntry
        fields = [
            "id",
            "unit",
            "kind",
            "origin",
            "title",
            "description",
            "impact",
            "likelihood",
            "rating",
            "services",
            "objectives",
            "status",
            "identified_on",
            "expected_on",
            "addressed_on",
            "closed_on",
            "created_at",
        ]
        read_only_fields = fields


class ChangeEntryInputSerializer(serializers.Serializer[Any]):
    unit = ScopedRelatedField(_visible_units, help_text="Only when recording; a change stays in its unit.")
    kind = _enum(ChangeKind)
    origin = _enum(ChangeOrigin)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    impact = serializers.IntegerField(min_value=1, max_value=5)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    services = ScopedRelatedField(_services, many=True, required=False)
    objectives = ScopedRelatedField(_objectives, many=True, required=False)
    identified_on = serializers.DateField(required=False, allow_null=True, default=None)
    expected_on = serializers.DateField(required=False, allow_null=True, default=None)


class ChangeStatusInputSerializer(serializers.Serializer[Any]):
    status = _enum(ChangeStatus)


# --- actions --------------------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer[Action]):
    kind = _enum(ActionKind, read_only=True)
    source_kind = _enum(SourceKind, read_only=True)
    status = _enum(ActionStatus, read_only=True)
    effectiveness_result = _enum(EffectivenessResult, read_only=True, allow_blank=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "unit",
            "kind",
            "title",
            "description",
            "root_cause",
            "source_kind",
            "source_ref",
            "owner",
            "due_date",
            "status",
            "overdue",
            "progress_note",
            "objective",
            "metric_code",
            "baseline_value",
            "baseline_start",
            "baseline_end",
            "effectiveness_check_on",
            "effectiveness_checked_at",
            "effectiveness_value",
            "effectiveness_result",
            "opened_on",
            "completed_on",
            "verified_by",
            "verified_at",
            "escalated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, action: Action) -> bool:
        return action.is_overdue()


class ActionCreateSerializer(serializers.Serializer[Any]):
    unit = ScopedRelatedField(_visible_units)
    kind = _enum(ActionKind, default=ActionKind.CORRECTIVE)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    root_cause = serializers.CharField(required=False, allow_blank=True, default="")
    source_kind = _enum(SourceKind)
    source_ref = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner = ScopedRelatedField(_staff)
    due_date = serializers.DateField()
    metric_code = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)
    effectiveness_check_on = serializers.DateField(required=False, allow_null=True, default=None)
    objective = ScopedRelatedField(_objectives, required=False, allow_null=True, default=None)


class ActionUpdateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    owner = ScopedRelatedField(_staff)
    due_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    root_cause = serializers.CharField(required=False, allow_blank=True, default="")
    effectiveness_check_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProgressInputSerializer(serializers.Serializer[Any]):
    status = _enum(ActionStatus, required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerifyInputSerializer(serializers.Serializer[Any]):
    effective = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


# --- proposed actions -----------------------------------------------------------------------------


class ProposedActionSerializer(serializers.ModelSerializer[ProposedAction]):
    source_kind = _enum(SourceKind, read_only=True)
    status = _enum(ProposalStatus, read_only=True)

    class Meta:
        model = ProposedAction
        fields = [
            "id",
            "unit",
            "source_kind",
            "source_ref",
            "title",
            "description",
            "metric_code",
            "evidence",
            "proposed_by",
            "created_at",
            "status",
            "decided_by",
            "decided_at",
            "dismiss_reason",
            "action",
        ]
        read_only_fields = fields


class ProposalCreateSerializer(serializers.Serializer[Any]):
    unit = ScopedRelatedField(_visible_units)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    source_kind = _enum(SourceKind, default=SourceKind.STAFF_IDEA)
    source_ref = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AcceptInputSerializer(serializers.Serializer[Any]):
    owner = ScopedRelatedField(_staff)
    due_date = serializers.DateField()
    kind = _enum(ActionKind, default=ActionKind.CORRECTIVE)
    title = serializers.CharField(max_length=200, required=False, allow_null=True, default=None)
    root_cause = serializers.CharField(required=False, allow_blank=True, default="")
    effectiveness_check_on = serializers.DateField(required=False, allow_null=True, default=None)
