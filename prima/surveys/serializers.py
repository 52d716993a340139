"""API shapes of surveys, their instruments, answers and results."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from prima.surveys.instruments import TEMPLATES
from prima.surveys.models import Item, Option, RuleSet, Survey

MAX_ID = 2**63 - 1

ErrorSerializer = inline_serializer(
    name="SurveyError",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(required=False, help_text="Field or item code → messages. Only on 400."),
    },
)


class OptionSerializer(serializers.ModelSerializer[Option]):
    class Meta:
        model = Option
        fields = ["value", "label", "service"]


class ItemSerializer(serializers.ModelSerializer[Item]):
    options = OptionSerializer(many=True, read_only=True)
    # Plain strings rather than enums, whose names would collide with other apps' "kind" fields in the schema.
    kind = serializers.CharField(read_only=True, help_text="scale, csat, nps, single, multiple, text or profile.")
    pair_role = serializers.CharField(read_only=True, help_text="expectation, perception, importance, performance.")
    profile_field = serializers.CharField(read_only=True, help_text="sex, age_band, education, occupation, service.")

    class Meta:
        model = Item
        fields = [
            "code",
            "kind",
            "text",
            "name",
            "position",
            "required",
            "scale_min",
            "scale_max",
            "is_unsur",
            "weight",
            "dimension",
            "pair_key",
            "pair_role",
            "reverse_scored",
            "profile_field",
            "show_if_code",
            "show_if_values",
            "options",
        ]


class SurveySerializer(serializers.ModelSerializer[Survey]):
    version = serializers.SerializerMethodField(help_text="Number of the current instrument version.")
    # Plain strings, not enums: other apps have fields named "status" with other choices (enum name collisions).
    status = serializers.CharField(read_only=True, help_text="draft, open or closed.")
    method = serializers.CharField(read_only=True, help_text="skm, csat, nps, servqual, ipa or custom.")
    rule_set = serializers.CharField(
        read_only=True, help_text="SKM rule set: permenpan14_2017, permenpan16_2014 or kep25_2004."
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "name",
            "template",
            "method",
            "rule_set",
            "legacy_rounded_weights",
            "status",
            "organisation",
            "unit",
            "service",
            "population_size",
            "period_start",
            "period_end",
            "created_at",
            "version",
        ]

    def get_version(self, survey: Survey) -> int | None:
        number = getattr(survey, "version_number", None)
        if number is None:
            current = survey.current_version()
            number = current.number if current else None
        return number


class SurveyDetailSerializer(SurveySerializer):
    items = serializers.SerializerMethodField(help_text="The questions of the current instrument version, in order.")

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "items"]

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, survey: Survey) -> list[dict[str, Any]]:
        version = survey.current_version()
        if version is None:
            return []
        items = version.items.order_by("position", "id").prefetch_related("options")
        return ItemSerializer(items, many=True).data  # type: ignore[return-value]


class SurveyCreateSerializer(serializers.Serializer[Any]):
    template = serializers.ChoiceField(choices=[(code, str(spec.title)) for code, spec in TEMPLATES.items()])
    name = serializers.CharField(max_length=200)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    rule_set = serializers.ChoiceField(choices=RuleSet.choices, required=False, allow_null=True)


class SkmQuerySerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    to = serializers.DateField(required=False)
    rule_set = serializers.ChoiceField(choices=RuleSet.choices, required=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)  # "from" is a keyword: added by name
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["The last day must not be before the first day."]})
        return attrs


class ServqualQuerySerializer(SkmQuerySerializer):
    weights = serializers.ChoiceField(
        choices=["equal", "zeithaml"],
        required=False,
        help_text="Dimension weights of the weighted score: equal (default) or the typical 11/32/22/19/16.",
    )


class UnsurResultSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    answered = serializers.IntegerField()
    nrr = serializers.FloatField(allow_null=True)
    weight = serializers.FloatField()
    nrr_weighted = serializers.FloatField(allow_null=True)
    mutu = serializers.CharField()
    mutu_label = serializers.CharField()


class SkmResultSerializer(serializers.Serializer[Any]):
    survey = serializers.IntegerField()
    rule_set = serializers.CharField()
    respondents = serializers.IntegerField()
    unsur = UnsurResultSerializer(many=True)
    ikm = serializers.FloatField(allow_null=True, help_text="IKM on the 1-4 scale.")
    ikm_unit = serializers.FloatField(allow_null=True, help_text="IKM unit, 25-100.")
    mutu = serializers.CharField(help_text="A, B, C or D; empty without data.")
    mutu_label = serializers.CharField()
    filters = serializers.DictField()


class GapSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    dimension = serializers.CharField()
    expectation = serializers.FloatField(allow_null=True)
    perception = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


class ServqualResultSerializer(serializers.Serializer[Any]):
    survey = serializers.IntegerField()
    respondents = serializers.IntegerField()
    items = GapSerializer(many=True)
    dimensions = GapSerializer(many=True)
    unweighted = serializers.FloatField(allow_null=True)
    weighted = serializers.FloatField(allow_null=True)
    weights = serializers.DictField(child=serializers.FloatField())
    filters = serializers.DictField()


class ResponseCreateSerializer(serializers.Serializer[Any]):
    answers = serializers.DictField(
        help_text="Answers by item code: a number for scales and single choices, a list for multiple choice, "
        "text for open questions. A missing code or null is not answered."
    )
    service = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    respondent_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    respondent_contact = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    submitted_at = serializers.DateTimeField(required=False, allow_null=True)


class ResponseCreatedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    survey = serializers.IntegerField()
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    answers = serializers.DictField()


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="CSV (UTF-8) or XLSX; row 1 holds the item codes.")


class ImportResultSerializer(serializers.Serializer[Any]):
    imported = serializers.IntegerField()
    batch = serializers.CharField()


class CellErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


ImportErrorSerializer = inline_serializer(
    name="SurveyImportError",
    fields={
        "detail": serializers.CharField(),
        "errors": inline_serializer(name="SurveyImportCells", fields={"cells": CellErrorSerializer(many=True)}),
    },
)
