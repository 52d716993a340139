"""Quality objectives with metric-bound targets, the register of internal and external changes (KUK 1.2),
corrective and preventive actions (KUK 2.5) and the actions that detectors propose.

Targets never hold an actual value: actuals are computed on demand from ``prima.core.metrics``. Every write
goes through ``prima.improvement.services``; these models only read themselves.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit
from prima.core.metrics import ScopeLevel
from prima.standards.i18n import localized

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class TargetLevel(models.TextChoices):
    ORGANISATION = ScopeLevel.ORGANISATION.value, _("Organisation")
    UNIT = ScopeLevel.UNIT.value, _("Unit")
    PERSON = ScopeLevel.PERSON.value, _("Person")


class Objective(models.Model):
    """A quality objective (sasaran mutu) of an organisation or of one unit's subtree, for a period."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="quality_objectives")
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_objectives",
        verbose_name=_("service unit"),
        help_text=_("Empty for an objective of the whole organisation."),
    )
    title = models.JSONField(_("title"), default=dict)
    goal = models.JSONField(_("goal"), default=dict, blank=True)
    guideline = models.JSONField(_("guideline"), default=dict, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    if TYPE_CHECKING:
        targets: RelatedManager[Target]

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="objective_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title or f"#{self.pk}"

    @property
    def display_title(self) -> str:
        return localized(self.title)

    @property
    def display_goal(self) -> str:
        return localized(self.goal)

    @property
    def display_guideline(self) -> str:
        return localized(self.guideline)

    @property
    def level(self) -> ScopeLevel:
        return ScopeLevel.UNIT if self.unit_id else ScopeLevel.ORGANISATION


class Target(models.Model):
    """One measurable target of an objective: a registry metric for one scope, held against a value.

    The comparison comes from the metric's direction. A cascaded target points at the target it was cascaded from.
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cascaded from"),
    )
    metric_code = models.CharField(_("metric"), max_length=80)
    level = models.CharField(_("level"), max_length=20, choices=TargetLevel.choices)
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service unit")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_targets",
        verbose_name=_("person"),
    )
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    if TYPE_CHECKING:
        children: RelatedManager[Target]
        benchmarks: RelatedManager[Benchmark]

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["objective_id", "parent_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "unit"],
                condition=Q(parent__isnull=False, person__isnull=True),
                name="unique_cascaded_unit_target",
            ),
            models.UniqueConstraint(
                fields=["parent", "person"],
                condition=Q(parent__isnull=False, person__isnull=False),
                name="unique_cascaded_person_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_code} · {self.target_value}"


class Benchmark(models.Model):
    """A comparison value shown next to a target: a competitor's figure, last year's, a national average…"""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="benchmarks")
    label = models.CharField(_("label"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        ordering = ["target_id", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class ChangeKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation")
    TECHNOLOGY = "technology", _("Technology")
    STAFFING = "staffing", _("Staffing")
    COMPETITORS = "competitors", _("Competitors")
    CUSTOMER_EXPECTATIONS = "customer_expectations", _("Customer expectations")
    FACILITIES = "facilities", _("Facilities")
    OTHER = "other", _("Other")


class ChangeOrigin(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class ChangeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADDRESSED = "addressed", _("Addressed")
    CLOSED = "closed", _("Closed")


class ChangeEntry(models.Model):
    """An internal or external change to weigh when planning service quality (KUK 1.2)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="change_entries")
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="change_entries", verbose_name=_("service unit")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ChangeKind.choices)
    origin = models.CharField(_("internal or external"), max_length=20, choices=ChangeOrigin.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (minor) to 5 (severe).")
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (rare) to 5 (almost certain)."),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), editable=False, default=1)
    services = models.ManyToManyField(
        "standards.Service", blank=True, related_name="change_entries", verbose_name=_("services affected")
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="change_entries", verbose_name=_("objectives that answer it")
    )
    status = models.CharField(_("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.OPEN)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    expected_on = models.DateField(
        _("expected on"), null=True, blank=True, help_text=_("When the change takes effect.")
    )
    addressed_on = models.DateField(_("addressed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("change entry")
        verbose_name_plural = _("change entries")
        ordering = ["-rating", "-identified_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="change_impact_range"),
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="change_likelihood_range"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective")
    PREVENTIVE = "preventive", _("Preventive")


class SourceKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    COMPLAINT_CLUSTER = "complaint_cluster", _("Complaint cluster")
    SLA_BREACH_TREND = "sla_breach_trend", _("SLA breach trend")
    SKM_UNSUR_BELOW_B = "skm_unsur_below_b", _("SKM element below quality B")
    SERVQUAL_GAP = "servqual_gap", _("SERVQUAL gap")
    IPA_CONCENTRATE = "ipa_concentrate", _("IPA 'concentrate here' item")
    AUDIT_FAILURE = "audit_failure", _("Audit failure")
    LOST_CUSTOMER = "lost_customer", _("Lost-customer reason")
    MANAGEMENT_REVIEW = "management_review", _("Management review")
    STAFF_IDEA = "staff_idea", _("Staff idea")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    VERIFIED_EFFECTIVE = "verified_effective", _("Verified effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which the owner still has work to do; an action in one of them past its due date is overdue.
PENDING_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
FINISHED_STATUSES = (ActionStatus.DONE, ActionStatus.VERIFIED_EFFECTIVE, ActionStatus.NOT_EFFECTIVE)

# What the owner (or a manager) may move an action to, by its current status. Verifying is separate.
PROGRESS_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.OPEN, ActionStatus.DONE}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.NOT_EFFECTIVE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.VERIFIED_EFFECTIVE: frozenset(),
    ActionStatus.CANCELLED: frozenset(),
}


class EffectivenessResult(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    NOT_IMPROVED = "not_improved", _("Not improved")
    NO_DATA = "no_data", _("No data")


class Action(models.Model):
    """A corrective or preventive action (KUK 2.5) with one owner, traced to its source and checked for effect."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="improvement_actions")
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="improvement_actions", verbose_name=_("service unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices, default=ActionKind.CORRECTIVE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    source_kind = models.CharField(_("source"), max_length=30, choices=SourceKind.choices)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="improvement_actions", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    progress_note = models.TextField(_("progress note"), blank=True)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("objective"),
    )
    # Effectiveness: the source metric for the action's unit, measured before and after.
    metric_code = models.CharField(_("metric"), max_length=80, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline until"), null=True, blank=True)
    effectiveness_check_on = models.DateField(_("effectiveness check on"), null=True, blank=True)
    effectiveness_checked_at = models.DateTimeField(_("effectiveness checked at"), null=True, blank=True)
    effectiveness_value = models.DecimalField(
        _("value at check"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    effectiveness_result = models.CharField(
        _("effectiveness result"), max_length=20, choices=EffectivenessResult.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="improvement_action_owner"),
            models.Index(fields=["unit", "status", "due_date"], name="improvement_action_unit"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status in PENDING_STATUSES and self.due_date < (today or timezone.localdate())


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for decision")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class ProposedAction(models.Model):
    """An action proposed by a detector or a colleague; a supervisor accepts it (→ an Action) or dismisses it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="proposed_actions", verbose_name=_("service unit")
    )
    source_kind = models.CharField(_("source"), max_length=30, choices=SourceKind.choices)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    metric_code = models.CharField(_("metric"), max_length=80, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    # Detectors propose each signal once: the key names the signal (detector, unit, period, subject).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
        help_text=_("Empty when Prima detected the signal."),
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    dismiss_reason = models.TextField(_("reason for dismissal"), blank=True)
    action = models.OneToOneField(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal", verbose_name=_("action")
    )

    class Meta:
        verbose_name = _("proposed action")
        verbose_name_plural = _("proposed actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
