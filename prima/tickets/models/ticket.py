"""The request itself (class ``Ticket``, shown as "request", so it never clashes with ``HttpRequest``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind, Status
from prima.tickets.workflow import status_group


class Ticket(models.Model):
    """One request from a customer, of any kind, received through any channel.

    Written only by ``prima.tickets.services``. The requester's identity (``customer`` and the ``requester_*``
    snapshots) is empty for anonymous requests and must be shown through
    ``prima.tickets.confidentiality.requester_display`` everywhere.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("organisation")
    )
    # The composite indexes in Meta lead with unit, owner and customer, so their single-column indexes are
    # left out: one index fewer to write on every change of a million-row table.
    unit = models.ForeignKey(
        "accounts.ServiceUnit",
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("service unit"),
        db_index=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_tickets",
        verbose_name=_("owner"),
        db_index=False,
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="collaborating_tickets", verbose_name=_("collaborators")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    tracking_code = models.CharField(_("tracking code"), max_length=18, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("customer"),
        db_index=False,
    )
    requester_name = models.CharField(_("requester's name"), max_length=150, blank=True)
    requester_email = models.EmailField(_("requester's e-mail address"), blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=32, blank=True)
    requester_language = models.CharField(
        _("requester's language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    category = models.ForeignKey(
        "tickets.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("category"),
    )
    # The service of the catalogue the request is about, and the version of its standard in force when the
    # request came in (none when the service had no published standard then).
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("service"),
    )
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("service standard"),
    )
    tags = models.ManyToManyField("tickets.Tag", blank=True, related_name="tickets", verbose_name=_("tags"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    # An idempotency key chosen by the submitting form or API client: the same key twice gives one request.
    submission_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-id"]
        # The staff inbox pages by (-id) with a keyset, never OFFSET; each view has an index that ends in id.
        indexes = [
            models.Index(fields=["unit", "status", "-id"], name="ticket_unit_status_id"),
            # One range per unit, already newest first, for the inbox's per-unit arms (``queries.inbox``): the
            # "My units" tab (unit, -id), "Mine" and "Unassigned" (unit, owner, -id); no sort of a whole unit.
            models.Index(fields=["unit", "-id"], name="ticket_unit_id"),
            models.Index(fields=["unit", "owner", "-id"], name="ticket_unit_owner_id"),
            models.Index(fields=["owner", "status", "-id"], name="ticket_owner_status_id"),
            models.Index(fields=["status", "due_at"], name="ticket_status_due"),
            models.Index(fields=["customer", "-id"], name="ticket_customer_id"),
        ]

    def __str__(self) -> str:
        # Never the requester's name: this string lands in logs and object_repr columns.
        return self.tracking_code

    @property
    def status_group(self) -> str:
        return status_group(self.status)

    @property
    def is_anonymous(self) -> bool:
        return self.confidentiality == Confidentiality.ANONYMOUS

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL
