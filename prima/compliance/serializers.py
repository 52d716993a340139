"""API shapes of the compliance app. Input serializers validate only; the services decide."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from prima.compliance.dashboard import Dashboard, Figures, MonthRow
from prima.compliance.forms import PeriodForm
from prima.compliance.models import Audit, AuditItem, ItemResult
from prima.compliance.queries import MAX_ID, WITHIN_CLOCKS, Share
from prima.compliance.services import MAX_NOTE_LENGTH
from prima.sla.choices import ClockKind
from prima.standards.i18n import localized


class ComplianceErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class AuditItemSerializer(serializers.ModelSerializer[AuditItem]):
    text = serializers.SerializerMethodField()
    component_title = serializers.CharField(read_only=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = AuditItem
        fields = [
            "id",
            "position",
            "component",
            "component_title",
            "text",
            "result",
            "note",
            "evidence_name",
            "evidence_size",
            "evidence_url",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_text(self, item: AuditItem) -> str:
        return item.display_text

    def get_evidence_url(self, item: AuditItem) -> str | None:
        """The API address that serves the file to callers who may see the audit."""
        if not item.evidence:
            return None
        return reverse("compliance-audit-evidence", kwargs={"pk": item.audit_id, "item_pk": item.pk})


@extend_schema_field({"type": "string", "pattern": "^(draft|completed)$", "description": "``draft`` or ``completed``."})
class AuditStatusField(serializers.CharField):
    """The audit's status, described inline so it does not collide with other apps' ``status`` enums."""


class AuditSerializer(serializers.ModelSerializer[Audit]):
    status = AuditStatusField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    person_name = serializers.SerializerMethodField()
    auditor_name = serializers.CharField(source="auditor.full_name", read_only=True)
    checklist_name = serializers.SerializerMethodField()

    class Meta:
        model = Audit
        fields = [
            "id",
            "unit",
            "unit_name",
            "person",
            "person_name",
            "checklist",
            "checklist_name",
            "standard",
            "auditor",
            "auditor_name",
            "audit_date",
            "status",
            "score",
            "passed",
            "failed",
            "not_applicable",
            "created_at",
            "completed_at",
        ]
        read_only_fields = fields

    def get_person_name(self, audit: Audit) -> str | None:
        return audit.person.full_name if audit.person else None

    def get_checklist_name(self, audit: Audit) -> str:
        return localized(audit.checklist_name)


class AuditDetailSerializer(AuditSerializer):
    items = AuditItemSerializer(many=True, read_only=True)

    class Meta(AuditSerializer.Meta):
        fields = [*AuditSerializer.Meta.fields, "items"]
        read_only_fields = fields


class AuditCreateSerializer(serializers.Serializer[Any]):
    checklist = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    audit_date = serializers.DateField()


class ItemResultSerializer(serializers.Serializer[Any]):
    result = serializers.ChoiceField(choices=ItemResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE_LENGTH, default="")
    evidence = serializers.FileField(required=False, allow_null=True, help_text="PDF, JPG, PNG, DOCX or XLSX, ≤ 10 MB.")
    remove_evidence = serializers.BooleanField(required=False, default=False)


class ChecklistSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    standard = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()
    item_count = serializers.IntegerField()


class DashboardQuerySerializer(serializers.Serializer[Any]):
    """The query parameters; the period follows the dashboard page's rules (``PeriodForm``)."""

    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    preset = serializers.ChoiceField(choices=PeriodForm.base_fields["preset"].choices, required=False)  # type: ignore[attr-defined]
    start = serializers.DateField(required=False, help_text="With preset=custom: the first day.")
    end = serializers.DateField(required=False, help_text="With preset=custom: the last day (inclusive).")


# --- dashboard output ---------------------------------------------------------------------------------------


class ShareSerializer(serializers.Serializer[Any]):
    within = serializers.IntegerField()
    missed = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class WithinSerializer(serializers.Serializer[Any]):
    first_response = ShareSerializer()
    periodic_update = ShareSerializer()
    resolution = ShareSerializer()


class BreachCountSerializer(serializers.Serializer[Any]):
    verification = serializers.IntegerField()
    first_response = serializers.IntegerField()
    follow_up = serializers.IntegerField()
    periodic_update = serializers.IntegerField()
    resolution = serializers.IntegerField()


class LoadSerializer(serializers.Serializer[Any]):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class AuditFiguresSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    latest = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class FiguresSerializer(serializers.Serializer[Any]):
    within_standard = WithinSerializer()
    breaches = BreachCountSerializer()
    breaches_total = serializers.IntegerField()
    open_load = LoadSerializer()
    audits = AuditFiguresSerializer()


class PersonFiguresSerializer(FiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField()
    within_standard = WithinSerializer()
    breaches_total = serializers.IntegerField()
    audit_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class NamedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day (inclusive).")


class DashboardSerializer(FiguresSerializer):
    unit = NamedSerializer(allow_null=True)
    person = NamedSerializer(allow_null=True)
    period = PeriodSerializer()
    people = PersonFiguresSerializer(many=True)
    trend = MonthSerializer(many=True)


def _share(share: Share) -> dict[str, Any]:
    return {"within": share.within, "missed": share.missed, "total": share.total, "percent": share.percent}


def _within(shares: dict[str, Share]) -> dict[str, Any]:
    return {clock: _share(shares.get(clock, Share())) for clock in WITHIN_CLOCKS}


def figures_data(figures: Figures) -> dict[str, Any]:
    return {
        "within_standard": _within(figures.shares),
        "breaches": {clock: figures.breaches.get(clock, 0) for clock in ClockKind.values},
        "breaches_total": figures.breach_total,
        "open_load": {"open": figures.load.open, "overdue": figures.load.overdue},
        "audits": {"count": figures.audits.count, "average": figures.audits.average, "latest": figures.audits.latest},
    }


def _month(row: MonthRow) -> dict[str, Any]:
    return {
        "month": row.month,
        "within_standard": _within(row.shares),
        "breaches_total": row.breach_total,
        "audit_score": row.audit_score,
    }


def dashboard_data(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard as plain data for ``DashboardSerializer``."""
    return {
        "unit": {"id": dashboard.unit.pk, "name": dashboard.unit.name} if dashboard.unit else None,
        "person": {"id": dashboard.person.pk, "name": dashboard.person.full_name} if dashboard.person else None,
        "period": {"start": dashboard.period.first, "end": dashboard.period.last},
        **figures_data(dashboard.figures),
        "people": [
            {"id": row.person.pk, "name": row.person.full_name, **figures_data(row.figures)} for row in dashboard.people
        ],
        "trend": [_month(row) for row in dashboard.trend],
    }
