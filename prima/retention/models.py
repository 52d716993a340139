"""Lost-customer analysis (Kotler's third method): who stopped using a unit's services, why, and who came back.

``CustomerStatus`` and ``Lapse`` are written only by the periodic scan (``prima.retention.detection``), which
derives them from the customer timeline; interviews, win-back attempts, loss reasons and thresholds are written
by ``prima.retention.services``.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    LOST = "lost", _("Lost")
    WON_BACK = "won_back", _("Won back")


class InterviewChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    HOME_VISIT = "visit", _("Visit to the customer")
    COUNTER = "counter", _("At the counter (the customer came in)")
    LETTER = "letter", _("Letter")


class WinBackOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    WON_BACK = "won_back", _("Won back")
    NOT_WON_BACK = "not_won_back", _("Not won back")


class Granularity(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


DEFAULT_ONE_OFF_DAYS = 180
DEFAULT_INTERVAL_FACTOR = Decimal("2.00")
DEFAULT_MINIMUM_DAYS = 30
DEFAULT_REPEAT_AFTER = 3
DEFAULT_AT_RISK_PERCENT = 50


class RetentionSettings(models.Model):
    """A unit's thresholds for calling a customer lost. Units without a row use the defaults above."""

    unit = models.OneToOneField(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="retention_settings", verbose_name=_("unit")
    )
    one_off_days = models.PositiveSmallIntegerField(
        _("one-off customers are lost after (days)"),
        default=DEFAULT_ONE_OFF_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
        help_text=_("For customers with too few visits to have a usual interval of their own."),
    )
    interval_factor = models.DecimalField(
        _("factor on the customer's usual interval"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_INTERVAL_FACTOR,
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("10.00"))],
        help_text=_("A repeat customer is lost when the time since the last visit exceeds this many usual intervals."),
    )
    minimum_days = models.PositiveSmallIntegerField(
        _("never lost in fewer than (days)"),
        default=DEFAULT_MINIMUM_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    repeat_after = models.PositiveSmallIntegerField(
        _("visits needed for a usual interval"),
        default=DEFAULT_REPEAT_AFTER,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk from (% of the lost threshold)"),
        default=DEFAULT_AT_RISK_PERCENT,
        validators=[MinValueValidator(10), MaxValueValidator(95)],
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lost-customer thresholds")
        verbose_name_plural = _("lost-customer thresholds")

    def __str__(self) -> str:
        return str(self.unit)

    def lost_after(self, visits: int, usual_interval: timedelta | None) -> timedelta:
        """How long after the last visit a customer with ``visits`` visits and this usual interval is lost."""
        if visits < self.repeat_after or usual_interval is None:
            return timedelta(days=self.one_off_days)
        return max(usual_interval * float(self.interval_factor), timedelta(days=self.minimum_days))

    def at_risk_after(self, lost_after: timedelta) -> timedelta:
        return lost_after * (self.at_risk_percent / 100)


class CustomerStatus(models.Model):
    """Where one customer stands with one unit, as of the last scan."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="retention_statuses", verbose_name=_("customer")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("service unit")
    )
    status = models.CharField(_("status"), max_length=10, choices=RetentionStatus.choices)
    # When the situation began according to the data (e.g. last visit + threshold), and when a scan first saw it.
    status_since = models.DateTimeField(_("since"))
    detected_at = models.DateTimeField(_("detected at"))
    first_activity_at = models.DateTimeField(_("first visit"))
    last_activity_at = models.DateTimeField(_("last visit"))
    visits = models.PositiveIntegerField(_("visits"))
    usual_interval = models.DurationField(_("usual interval"), null=True, blank=True)
    lost_after = models.DurationField(_("lost after"))

    class Meta:
        verbose_name = _("customer retention status")
        verbose_name_plural = _("customer retention statuses")
        ordering = ["-last_activity_at", "id"]
        constraints = [models.UniqueConstraint(fields=["customer", "unit"], name="retention_status_per_unit")]
        indexes = [models.Index(fields=["unit", "status", "-status_since"], name="retention_unit_status")]

    def __str__(self) -> str:
        return f"{self.customer_id} · {self.unit_id} · {self.status}"

    @property
    def days_since_last_visit(self) -> int:
        return (timezone.now() - self.last_activity_at).days


class Lapse(models.Model):
    """One time a customer stopped coming to a unit: lost at ``lost_at``, back at ``returned_at`` (if ever)."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="retention_lapses", verbose_name=_("customer")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("service unit")
    )
    last_activity_at = models.DateTimeField(_("last visit before the lapse"))
    lost_at = models.DateTimeField(_("lost at"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected at"))

    class Meta:
        verbose_name = _("lapse")
        verbose_name_plural = _("lapses")
        ordering = ["-lost_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "unit", "last_activity_at"], name="retention_lapse_once")
        ]
        indexes = [models.Index(fields=["unit", "lost_at"], name="retention_lapse_unit_lost")]

    def __str__(self) -> str:
        return f"{self.customer_id} · {self.unit_id} · {self.lost_at:%Y-%m-%d}"


class LossReason(models.Model):
    """Why customers say they stopped; a per-organisation list seeded with defaults and editable."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="loss_reasons", verbose_name=_("organisation")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.JSONField(_("name"), help_text=_('Bilingual: {"id": "…", "en": "…"}.'))
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for leaving")
        verbose_name_plural = _("reasons for leaving")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="retention_reason_code")]

    def __str__(self) -> str:
        from prima.standards.i18n import localized

        return localized(self.name) or self.code


class Interview(models.Model):
    """A conversation with a customer who stopped coming: why they left, in their words."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="retention_interviews", verbose_name=_("customer")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("service unit")
    )
    interviewed_on = models.DateField(_("date of the interview"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="retention_interviews",
        verbose_name=_("interviewer"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=InterviewChannel.choices)
    reason = models.ForeignKey(
        LossReason, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("reason")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Chosen by the form (or API client): the same key twice records one interview.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("lost-customer interview")
        verbose_name_plural = _("lost-customer interviews")
        ordering = ["-interviewed_on", "-id"]
        indexes = [models.Index(fields=["unit", "-interviewed_on"], name="retention_interview_unit_day")]

    def __str__(self) -> str:
        return f"{self.customer_id} · {self.interviewed_on:%Y-%m-%d}"


class WinBackAttempt(models.Model):
    """Something done to bring a lost customer back, and whether it worked."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("interview")
    )
    attempted_on = models.DateField(_("date"))
    action = models.CharField(_("what was offered or done"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=WinBackOutcome.choices, default=WinBackOutcome.PENDING
    )
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("win-back attempt")
        verbose_name_plural = _("win-back attempts")
        ordering = ["-attempted_on", "-id"]

    def __str__(self) -> str:
        return self.action
