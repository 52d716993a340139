"""Back-office view of checklists and audits: read-only records (they change through Prima's pages, which check
who may act and keep the activity log). An in-use flag on a checklist is the one thing to correct here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prima.compliance.models import Audit, AuditItem, Checklist, ChecklistItem


class ReadOnlyInline:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChecklistItemInline(ReadOnlyInline, admin.TabularInline[ChecklistItem, Checklist]):
    model = ChecklistItem
    fields = ("position", "component", "text")
    readonly_fields = fields
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin[Checklist]):
    list_display = ["__str__", "unit", "standard", "is_active", "created_at"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["unit", "standard__service"]
    fields = ["name", "organisation", "unit", "standard", "is_active", "created_by", "created_at"]
    readonly_fields = ["name", "organisation", "unit", "standard", "created_by", "created_at"]
    inlines = [ChecklistItemInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditItemInline(ReadOnlyInline, admin.TabularInline[AuditItem, Audit]):
    model = AuditItem
    fields = ("position", "component", "text", "result", "note", "evidence_name", "recorded_at")
    readonly_fields = fields
    extra = 0


@admin.register(Audit)
class AuditAdmin(ReadOnlyInline, admin.ModelAdmin[Audit]):
    list_display = ["__str__", "unit", "person", "auditor", "status", "score"]
    list_filter = ["status", "organisation"]
    list_select_related = ["unit", "person", "auditor"]
    inlines = [AuditItemInline]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
