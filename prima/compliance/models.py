"""SOP audit checklists and audits (KUK 2.1: monitoring the service standards; 2.4: responsibility).

A ``Checklist`` is a supervisor's template: items taken from the components of a published service standard
and/or written by the supervisor (bilingual JSON, see ``prima.standards.i18n``). Starting an ``Audit`` copies
the checklist's items into ``AuditItem`` rows, so later edits to the checklist never change an old audit.
A completed audit is read-only; its ``score`` (passed ÷ (passed + failed), in percent) is stored on completion
so trends are plain SQL aggregates. Every write goes through ``prima.compliance.services``.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.standards.components import COMPONENT_CHOICES, COMPONENTS_BY_CODE
from prima.standards.i18n import localized

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class AuditStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class ItemResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Checklist(models.Model):
    """An audit checklist template of a unit, usable for audits of that unit and the units below it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("service unit")
    )
    name = models.JSONField(_("name"), default=dict, help_text=_('Bilingual: {"id": "…", "en": "…"}.'))
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service standard"),
        help_text=_("The published standard version the items were taken from, if any."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    if TYPE_CHECKING:
        items: RelatedManager[ChecklistItem]

    class Meta:
        verbose_name = _("audit checklist")
        verbose_name_plural = _("audit checklists")
        ordering = ["unit__path", "-id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name)


class ChecklistItem(models.Model):
    """One thing to check: a component of the standard (``component`` set) or a custom item."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    component = models.CharField(_("component"), max_length=40, choices=COMPONENT_CHOICES, blank=True)
    text = models.JSONField(_("text"), default=dict)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "position", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return localized(self.text)

    @property
    def component_title(self) -> str:
        spec = COMPONENTS_BY_CODE.get(self.component)
        return localized(spec.title) if spec else ""


class Audit(models.Model):
    """One audit of a unit (and optionally one person of it) against a checklist, on one date."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("service unit")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person audited"),
    )
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="audits", verbose_name=_("checklist")
    )
    checklist_name = models.JSONField(_("checklist name"), default=dict)
    standard = models.ForeignKey(
        "standards.ServiceStandard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service standard version"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auditor")
    )
    audit_date = models.DateField(_("audit date"))
    status = models.CharField(_("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.DRAFT)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.PositiveSmallIntegerField(_("passed"), default=0)
    failed = models.PositiveSmallIntegerField(_("failed"), default=0)
    not_applicable = models.PositiveSmallIntegerField(_("not applicable"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    if TYPE_CHECKING:
        items: RelatedManager[AuditItem]

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-audit_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "audit_date"], name="compliance_audit_unit"),
            models.Index(fields=["person", "status", "audit_date"], name="compliance_audit_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AuditStatus.DRAFT) | Q(completed_at__isnull=False),
                name="compliance_completed_audit_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{localized(self.checklist_name)} · {self.audit_date:%Y-%m-%d}"

    @property
    def display_checklist_name(self) -> str:
        return localized(self.checklist_name)

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED


def evidence_path(item: AuditItem, filename: str) -> str:
    # The stored name is never the uploaded one: it carries no personal data and cannot be guessed.
    return f"compliance/evidence/{item.audit_id}/{uuid.uuid4().hex}"


class AuditItem(models.Model):
    """One checklist item as frozen in an audit, with its result, note and optional evidence file."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="items", verbose_name=_("audit"))
    position = models.PositiveSmallIntegerField(_("position"))
    component = models.CharField(_("component"), max_length=40, choices=COMPONENT_CHOICES, blank=True)
    text = models.JSONField(_("text"), default=dict)
    result = models.CharField(_("result"), max_length=20, choices=ItemResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=200)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("audit item")
        verbose_name_plural = _("audit items")
        ordering = ["audit", "position", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return localized(self.text)

    @property
    def component_title(self) -> str:
        spec = COMPONENTS_BY_CODE.get(self.component)
        return localized(spec.title) if spec else ""
