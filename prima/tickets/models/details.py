"""What only some kinds of request carry: complaint particulars, the letter answered, appointments, orders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.tickets.choices import OrderChangeKind


class ComplaintDetails(models.Model):
    """The contents of a written complaint that UU 25/2009 Pasal 42 asks for, beyond name and description."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="complaint_details", verbose_name=_("request")
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_place = models.CharField(_("place of the incident"), max_length=200, blank=True)
    remedy_requested = models.TextField(_("remedy requested"), blank=True)

    class Meta:
        verbose_name = _("complaint details")
        verbose_name_plural = _("complaint details")

    def __str__(self) -> str:
        return str(self.ticket_id)


class LetterDetails(models.Model):
    """The incoming letter a request answers (or arrived as)."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="letter_details", verbose_name=_("request")
    )
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    due_date = models.DateField(_("reply due by"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter details")
        verbose_name_plural = _("letter details")

    def __str__(self) -> str:
        return self.letter_number


class Appointment(models.Model):
    """A booked slot (janji temu) at a place of a unit.

    A request keeps its cancelled appointments as history, so this is a ForeignKey with at most one active
    (not cancelled) appointment per request. Double booking is refused twice over: the database refuses two
    active appointments starting at the same place and time, and ``book_appointment`` refuses overlaps.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="appointments", verbose_name=_("request")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="appointments", verbose_name=_("unit")
    )
    place = models.CharField(_("place"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["unit", "starts_at"], name="appointment_unit_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "place", "starts_at"],
                condition=models.Q(cancelled_at__isnull=True),
                name="no_double_booked_appointment",
            ),
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(cancelled_at__isnull=True),
                name="one_active_appointment_per_ticket",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class Order(models.Model):
    """An order (pesanan): what was ordered and when it was promised. Every change writes an ``OrderChange``."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="order", verbose_name=_("request")
    )
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return str(self.ticket_id)


class OrderLine(models.Model):
    """One ordered item. The shortfall is computed from stock, never stored, so it cannot go stale."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity ordered"), max_digits=12, decimal_places=3)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)
    quantity_in_stock = models.DecimalField(_("quantity in stock"), max_digits=12, decimal_places=3, default=Decimal(0))
    quantity_delivered = models.DecimalField(
        _("quantity delivered"), max_digits=12, decimal_places=3, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=models.Q(quantity_in_stock__gte=0), name="order_line_stock_not_negative"),
            models.CheckConstraint(
                condition=models.Q(quantity_delivered__gte=0, quantity_delivered__lte=models.F("quantity")),
                name="order_line_delivered_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def shortfall(self) -> Decimal:
        """How much of the order the stock cannot cover: max(0, quantity - quantity in stock)."""
        return max(Decimal(0), self.quantity - self.quantity_in_stock)

    @property
    def outstanding(self) -> Decimal:
        """How much is still to be delivered."""
        return self.quantity - self.quantity_delivered


class OrderChange(models.Model):
    """The log of an order: recording it, stock and delivery updates, a new promised date.

    ``summary`` is written once, in the organisation's default language, for exports; pages describe the
    change from ``kind`` and ``data`` in the reader's language.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="changes", verbose_name=_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=OrderChangeKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)
    summary = models.CharField(_("summary"), max_length=300)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("order change")
        verbose_name_plural = _("order changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.summary
