"""Back-office view of surveys. Instruments, responses and answers are records (respondents answered those exact
questions) and are read-only here; a survey's descriptive fields may be corrected. Writes that matter (creating,
new instrument versions, status, imports) go through Prima's pages and services, which log them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prima.surveys.models import ImportBatch, InstrumentVersion, Item, Response, Survey


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(ReadOnlyMixin, admin.TabularInline[InstrumentVersion, Survey]):
    model = InstrumentVersion
    fields = ("number", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["name", "method", "organisation", "unit", "status", "created_at"]
    list_filter = ["method", "status", "rule_set", "organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation", "unit"]
    fields = [
        "name",
        "organisation",
        "unit",
        "service",
        "template",
        "method",
        "rule_set",
        "legacy_rounded_weights",
        "status",
        "population_size",
        "period_start",
        "period_end",
        "created_by",
        "created_at",
    ]
    readonly_fields = [
        "organisation",
        "unit",
        "service",
        "template",
        "method",
        "rule_set",
        "legacy_rounded_weights",
        "status",
        "created_by",
        "created_at",
    ]
    inlines = [VersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # surveys start from a template through Prima's pages


@admin.register(Item)
class ItemAdmin(ReadOnlyMixin, admin.ModelAdmin[Item]):
    list_display = ["code", "kind", "version", "is_unsur", "weight", "dimension", "pair_role"]
    list_filter = ["kind", "is_unsur"]
    search_fields = ["code", "version__survey__name"]
    list_select_related = ["version__survey"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyMixin, admin.ModelAdmin[Response]):
    list_display = ["id", "survey", "channel", "unit", "service", "submitted_at", "is_anonymous"]
    list_filter = ["channel", "is_anonymous"]
    search_fields = ["survey__name", "import_batch"]
    list_select_related = ["survey", "unit", "service"]
    exclude = ["respondent_contact"]  # personal data stays in Prima's own pages


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyMixin, admin.ModelAdmin[ImportBatch]):
    list_display = ["file_name", "survey", "rows", "created_by", "created_at"]
    search_fields = ["file_name", "batch", "survey__name"]
    list_select_related = ["survey", "created_by"]
