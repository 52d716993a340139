"""Back-office configuration. Services can be corrected here; standard versions and charters are records of
decisions (who approved and published what, when) and are read-only: they change through Prima's pages."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prima.standards.models import Service, ServiceCharter, ServiceStandard, StandardComponent


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["__str__", "code", "unit", "is_active"]
    list_filter = ["is_active", "unit__organisation"]
    search_fields = ["code", "name"]
    list_select_related = ["unit"]
    readonly_fields = ["unit", "code", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A service is created through Prima's catalogue page, which records who added it.
        return False


class StandardComponentInline(ReadOnlyAdminMixin, admin.TabularInline[StandardComponent, ServiceStandard]):
    model = StandardComponent
    fields = ("position", "code", "text", "amount", "duration_value", "duration_unit")
    readonly_fields = fields
    extra = 0


@admin.register(ServiceStandard)
class ServiceStandardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ServiceStandard]):
    list_display = ["service", "version", "status", "effective_from", "published_at", "superseded_at"]
    list_filter = ["status", "service__unit"]
    list_select_related = ["service__unit"]
    search_fields = ["service__code"]
    inlines = [StandardComponentInline]


@admin.register(ServiceCharter)
class ServiceCharterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ServiceCharter]):
    list_display = ["unit", "version", "published_at", "superseded_at", "signatory"]
    list_filter = ["unit"]
    list_select_related = ["unit"]
