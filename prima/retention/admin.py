from django.contrib import admin
from django.http import HttpRequest

from prima.retention.models import LossReason, RetentionSettings


@admin.register(LossReason)
class LossReasonAdmin(admin.ModelAdmin[LossReason]):
    """The reasons are configuration; supervisors and leaders also manage them on the retention settings page."""

    list_display = ["__str__", "code", "organisation", "position", "is_active"]
    list_filter = ["organisation", "is_active"]
    ordering = ["organisation", "position", "id"]


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin[RetentionSettings]):
    """Per-unit thresholds, read-only here: changes go through the retention settings page, which logs them and
    re-runs the scan."""

    list_display = ["unit", "one_off_days", "interval_factor", "minimum_days", "repeat_after", "at_risk_percent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RetentionSettings | None = None) -> bool:
        return False
