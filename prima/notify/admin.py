"""The outbox in the back office: read-only, so what was promised stays as it was; "retry now" goes through
the service like every other write."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prima.accounts.models import User
from prima.notify.models import OutboundEmail
from prima.notify.services import retry_email


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin[OutboundEmail]):
    list_display = ["created_at", "to_address", "subject", "language", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "language"]
    search_fields = ["to_address", "subject", "message_id", "idempotency_key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def get_readonly_fields(self, request: HttpRequest, obj: OutboundEmail | None = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        # No edit form for a single e-mail; the permission only unlocks the list's "retry now" action.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        emails = list(queryset)
        retried = sum(1 for email in emails if retry_email(email, actor=actor))
        self.message_user(
            request,
            ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )
        if skipped := len(emails) - retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was left alone: it is sent or being sent.",
                    "%(count)d e-mails were left alone: they are sent or being sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
