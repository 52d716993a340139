"""Read-only admin views of invitations and campaigns (changes go through the services and staff pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from prima.surveys.collection.models import Campaign, Invitation, InvitationReminder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "survey", "period_start", "period_end", "status", "target_sample")
    list_filter = ("status",)
    list_select_related = ("survey",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("survey", "campaign", "created_at", "expires_at", "used_at", "invalidation_reason")
    list_filter = ("invalidation_reason",)
    list_select_related = ("survey", "campaign")
    exclude = ("token_hash", "email")


@admin.register(InvitationReminder)
class InvitationReminderAdmin(ReadOnlyAdmin):
    list_display = ("invitation", "number", "sent_at")
    exclude = ("token_hash",)
