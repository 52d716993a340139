"""Read-only admin for support and audits: objectives, changes and actions change through Prima's pages and
services, which check permissions and log every step."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prima.improvement.models import Action, ChangeEntry, Objective, ProposedAction, Target


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Objective]):
    list_display = ["__str__", "organisation", "unit", "period_start", "period_end", "status"]
    list_filter = ["status"]
    list_select_related = ["organisation", "unit"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Target]):
    list_display = ["objective", "metric_code", "level", "unit", "person", "target_value", "parent"]
    list_select_related = ["objective", "unit", "person", "parent"]


@admin.register(ChangeEntry)
class ChangeEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ChangeEntry]):
    list_display = ["title", "unit", "kind", "origin", "rating", "status", "identified_on"]
    list_filter = ["kind", "origin", "status"]
    list_select_related = ["unit"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Action]):
    list_display = ["title", "unit", "owner", "due_date", "status", "effectiveness_result"]
    list_filter = ["status", "kind", "source_kind"]
    list_select_related = ["unit", "owner"]


@admin.register(ProposedAction)
class ProposedActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ProposedAction]):
    list_display = ["title", "unit", "source_kind", "status", "created_at"]
    list_filter = ["status", "source_kind"]
    list_select_related = ["unit"]
