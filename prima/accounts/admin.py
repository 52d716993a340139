"""Back-office configuration only: organisations, units, staff and roles. Day-to-day work happens in Prima's pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Membership, Organisation, ServiceUnit, User
from prima.accounts.services import create_service_unit


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "language", "memberships__role"]
    search_fields = ["full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "created_at"]
    search_fields = ["name"]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin[ServiceUnit]):
    list_display = ["name", "code", "organisation", "parent", "time_zone", "is_active"]
    list_filter = ["organisation", "time_zone", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path"]

    def save_model(self, request: HttpRequest, obj: ServiceUnit, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # New units go through the service so their tree path and activity log are written.
        created = create_service_unit(
            obj.organisation,
            name=obj.name,
            code=obj.code,
            parent=obj.parent,
            time_zone=obj.time_zone,
            address=obj.address,
            email=obj.email,
            phone=obj.phone,
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk = created.pk
        obj.path = created.path

    def get_readonly_fields(self, request: HttpRequest, obj: ServiceUnit | None = None) -> list[str]:
        # Moving a unit would need its subtree's paths rewritten; the parent is fixed once created.
        return ["path", "parent", "organisation"] if obj else ["path"]
