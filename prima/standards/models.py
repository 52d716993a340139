"""The service catalogue and its versioned service standards (standar pelayanan), plus each unit's
service charter (maklumat pelayanan).

Bilingual content is stored as ``{"id": …, "en": …}`` JSON (see ``prima.standards.i18n``). Every write
goes through ``prima.standards.services``; these models hold no domain logic beyond reading themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.components import (
    COMPONENT_CHOICES,
    COMPONENTS_BY_CODE,
    FEE,
    TIME_LIMIT,
    ComponentGroup,
    ComponentSpec,
    DurationUnit,
    TimeLimit,
)
from prima.standards.i18n import localized

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Service(models.Model):
    """One kind of service a unit offers (jenis layanan), e.g. "Izin Usaha Mikro"."""

    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="services", verbose_name=_("service unit")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.JSONField(_("name"), default=dict, help_text=_('Bilingual: {"id": "…", "en": "…"}.'))
    description = models.JSONField(_("description"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    if TYPE_CHECKING:
        standards: RelatedManager[ServiceStandard]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["unit_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="unique_service_code_per_unit"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.code

    @property
    def display_name(self) -> str:
        return localized(self.name)

    @property
    def display_description(self) -> str:
        return localized(self.description)


class StandardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# The life of one version. Publishing a version moves the one published before it to SUPERSEDED.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    StandardStatus.DRAFT: frozenset({StandardStatus.APPROVED}),
    StandardStatus.APPROVED: frozenset({StandardStatus.PUBLISHED, StandardStatus.DRAFT}),
    StandardStatus.PUBLISHED: frozenset({StandardStatus.SUPERSEDED}),
    StandardStatus.SUPERSEDED: frozenset(),
}
# Versions still being worked on; a service has at most one at a time.
OPEN_STATUSES = (StandardStatus.DRAFT, StandardStatus.APPROVED)


class ServiceStandard(models.Model):
    """One version of a service's standard with its fourteen components.

    ``published_at``/``superseded_at`` bound the time the version was in force; that interval, not the
    legal ``effective_from`` date, decides which version a request was served under.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="standards", verbose_name=_("service"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on version"),
    )
    change_note = models.TextField(_("change note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    if TYPE_CHECKING:
        components: RelatedManager[StandardComponent]

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="unique_standard_version"),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status=StandardStatus.PUBLISHED),
                name="one_published_standard_per_service",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_standard_per_service",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="standard_version_positive"),
        ]
        indexes = [models.Index(fields=["service", "published_at"], name="standard_in_force")]

    def __str__(self) -> str:
        return f"{self.service} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == StandardStatus.DRAFT

    def can_become(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]

    def component(self, code: str) -> StandardComponent | None:
        """One component by code; reads prefetched components when there are any."""
        for component in self.components.all():
            if component.code == code:
                return component
        return None

    def time_limit(self) -> TimeLimit | None:
        """The promised duration from the "jangka waktu pelayanan" component, for the SLA clocks."""
        component = self.component(TIME_LIMIT)
        return component.time_limit() if component is not None else None

    def fee_amount(self) -> int | None:
        """The tariff in whole rupiah (0 = free of charge), or None when not set."""
        component = self.component(FEE)
        return component.amount if component is not None else None


class StandardComponent(models.Model):
    """One of the fourteen components of a standard version. Structured values live next to the text:
    an amount in whole rupiah for the fee, a duration for the time limit."""

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.CASCADE, related_name="components", verbose_name=_("service standard")
    )
    code = models.CharField(_("component"), max_length=40, choices=COMPONENT_CHOICES)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.JSONField(_("text"), default=dict, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (rupiah)"), null=True, blank=True)
    duration_value = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    duration_unit = models.CharField(_("time unit"), max_length=20, choices=DurationUnit.choices, blank=True)

    class Meta:
        verbose_name = _("standard component")
        verbose_name_plural = _("standard components")
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="unique_component_per_standard"),
            models.CheckConstraint(condition=Q(code=FEE) | Q(amount__isnull=True), name="amount_only_on_fee"),
            models.CheckConstraint(
                condition=Q(code=TIME_LIMIT) | (Q(duration_value__isnull=True) & Q(duration_unit="")),
                name="duration_only_on_time_limit",
            ),
            models.CheckConstraint(
                condition=(Q(duration_value__isnull=True) & Q(duration_unit=""))
                | (Q(duration_value__gte=1) & ~Q(duration_unit="")),
                name="duration_value_and_unit_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard} · {self.title}"

    @property
    def spec(self) -> ComponentSpec:
        return COMPONENTS_BY_CODE[self.code]

    @property
    def group(self) -> ComponentGroup:
        return self.spec.group

    @property
    def title(self) -> str:
        return localized(self.spec.title)

    @property
    def hint(self) -> str:
        return localized(self.spec.hint)

    @property
    def display_text(self) -> str:
        return localized(self.text)

    @property
    def is_fee(self) -> bool:
        return self.code == FEE

    @property
    def is_time_limit(self) -> bool:
        return self.code == TIME_LIMIT

    @property
    def is_free(self) -> bool:
        return self.code == FEE and self.amount == 0

    def time_limit(self) -> TimeLimit | None:
        if self.duration_value is None or not self.duration_unit:
            return None
        return TimeLimit(value=self.duration_value, unit=DurationUnit(self.duration_unit))

    def is_complete(self) -> bool:
        """Ready for approval: Indonesian text, or (for fee and time limit) the structured value."""
        if self.is_fee and self.amount is not None:
            return True
        if self.is_time_limit and self.time_limit() is not None:
            return True
        return bool(self.text.get("id", "").strip()) if isinstance(self.text, dict) else False


class ServiceCharter(models.Model):
    """A unit's service charter (maklumat pelayanan): its written promise to keep its standards.

    Each publication is a new version; the one without ``superseded_at`` is in force.
    """

    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="charters", verbose_name=_("service unit")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.JSONField(_("text"), default=dict)
    signatory = models.CharField(
        _("signed by"), max_length=200, blank=True, help_text=_("Name and position, as printed under the charter.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service charter")
        verbose_name_plural = _("service charters")
        ordering = ["unit", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "version"], name="unique_charter_version"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(superseded_at__isnull=True), name="one_charter_in_force_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {_('service charter')} v{self.version}"

    @property
    def display_text(self) -> str:
        return localized(self.text)
