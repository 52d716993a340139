"""The outbox and the inbound mail in the back office: read-only, so what was promised or received stays as it
was; "retry now" and "process again" go through the services like every other write."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prima.accounts.models import User
from prima.notify.inbound.parsing import decode_bytes
from prima.notify.inbound.services import process_again
from prima.notify.models import InboundEmail, OutboundEmail
from prima.notify.services import retry_email

RAW_PREVIEW_CHARACTERS = 20_000
INBOUND_FIELDS = (
    "received_at",
    "source",
    "message_id",
    "from_name",
    "from_address",
    "to_addresses",
    "subject",
    "status",
    "reason",
    "detail",
    "attempts",
    "next_attempt_at",
    "processed_at",
    "ticket",
    "ticket_message",
    "raw_size",
    "raw_sha256",
    "raw_message",
)


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


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin[InboundEmail]):
    list_display = ["received_at", "from_address", "subject", "status", "reason", "ticket", "attempts"]
    list_filter = ["status", "reason", "source"]
    search_fields = ["from_address", "subject", "message_id", "to_addresses"]
    date_hierarchy = "received_at"
    list_select_related = ["ticket"]
    actions = ["process_again"]
    fields = INBOUND_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: InboundEmail | None = None) -> list[str]:
        return list(INBOUND_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: InboundEmail | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: InboundEmail | None = None) -> bool:
        # No edit form for a single e-mail; the permission only unlocks the list's "process again" action.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("size"))
    def raw_size(self, obj: InboundEmail) -> str:
        return filesizeformat(len(obj.raw))

    @admin.display(description=_("raw message"))
    def raw_message(self, obj: InboundEmail) -> str:
        text = decode_bytes(bytes(obj.raw[:RAW_PREVIEW_CHARACTERS]), "utf-8")
        return text + ("\n…" if len(obj.raw) > RAW_PREVIEW_CHARACTERS else "")

    @admin.action(description=_("Process again"), permissions=["change"])
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        emails = list(queryset)
        processed = sum(1 for email in emails if process_again(email, actor=actor))
        self.message_user(
            request,
            ngettext("%(count)d e-mail was processed again.", "%(count)d e-mails were processed again.", processed)
            % {"count": processed},
            messages.SUCCESS,
        )
        if skipped := len(emails) - processed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was left alone: it is already processed.",
                    "%(count)d e-mails were left alone: they are already processed.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
