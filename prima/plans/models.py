"""Improvement plans (rencana kerja) that colleagues take part in, and management reviews.

KUK 1.3 (colleagues take part: ideas, comments, votes, owned items), KUK 1.4 (the plan is published to staff,
who acknowledge it, and its customer-facing part to the public) and the management review that assembles its
own pack from live figures. Every write goes through ``prima.plans.services``; other apps' models are referenced
by string so that this app depends on their tables, not their import order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.standards.components import DurationUnit, TimeLimit

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """One unit's improvement plan for a period."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("service unit")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    if TYPE_CHECKING:
        items: RelatedManager[PlanItem]
        ideas: RelatedManager[Idea]
        acknowledgements: RelatedManager[Acknowledgement]

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="plan_unit_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED


class PlanItem(models.Model):
    """One thing the plan will do, with an owner and a due date. A customer-facing item carries the words the
    public reads; if it names a service, what it promises is checked against that service's published standard
    before the plan is published (``prima.plans.promises``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items_owned",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    customer_facing = models.BooleanField(_("customer-facing"), default=False)
    public_wording = models.TextField(_("public wording"), blank=True)
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("service"),
    )
    promised_time_value = models.PositiveIntegerField(_("promised time limit"), null=True, blank=True)
    promised_time_unit = models.CharField(
        _("time unit"), max_length=20, choices=DurationUnit.choices, blank=True, default=""
    )
    promised_fee = models.PositiveBigIntegerField(_("promised fee (rupiah)"), null=True, blank=True)
    standard_change = models.ForeignKey(
        "standards.ServiceStandard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("standard change"),
    )
    objectives = models.ManyToManyField(
        "improvement.Objective", blank=True, related_name="plan_items", verbose_name=_("quality objectives")
    )
    changes = models.ManyToManyField(
        "improvement.ChangeEntry", blank=True, related_name="plan_items", verbose_name=_("changes")
    )
    actions = models.ManyToManyField(
        "improvement.Action", blank=True, related_name="plan_items", verbose_name=_("actions")
    )
    source_idea = models.OneToOneField(
        "plans.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_item",
        verbose_name=_("from the idea"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(promised_time_value__isnull=True) & Q(promised_time_unit=""))
                | (Q(promised_time_value__gte=1) & ~Q(promised_time_unit="")),
                name="plan_item_time_value_and_unit_together",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def promised_time_limit(self) -> TimeLimit | None:
        if self.promised_time_value is None or not self.promised_time_unit:
            return None
        return TimeLimit(value=self.promised_time_value, unit=DurationUnit(self.promised_time_unit))


class CallForProposals(models.Model):
    """A leader's request to all staff of a unit for improvement ideas (Skenario 1), e.g. raised by a review."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="calls_for_proposals", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("plan"),
    )
    review = models.ForeignKey(
        "plans.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("review"),
    )
    question = models.CharField(_("question to staff"), max_length=300)
    background = models.TextField(_("background"), blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        if self.closed_at is not None:
            return False
        return self.closes_on is None or self.closes_on >= timezone.localdate()


class IdeaStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Idea(models.Model):
    """A colleague's proposal, to a plan or to a call for proposals (at least one of the two)."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="plan_ideas", verbose_name=_("unit")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="ideas", verbose_name=_("plan")
    )
    call = models.ForeignKey(
        CallForProposals,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("call for proposals"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_ideas", verbose_name=_("proposed by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("proposal"))
    status = models.CharField(_("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.PROPOSED)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    if TYPE_CHECKING:
        votes: RelatedManager[IdeaVote]
        comments: RelatedManager[IdeaComment]

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(call__isnull=False), name="idea_has_plan_or_call"
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="idea_unit_created")]

    def __str__(self) -> str:
        return self.title


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes", verbose_name=_("idea"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_idea_votes", verbose_name=_("voter")
    )
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["idea", "voter"], name="one_vote_per_person_per_idea")]

    def __str__(self) -> str:
        return f"{self.voter} → {self.idea}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_idea_comments", verbose_name=_("author")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class Acknowledgement(models.Model):
    """One staff member told of a published plan; ``acknowledged_at`` is set once, when they confirm reading it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="acknowledgements", verbose_name=_("plan"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_acknowledgements",
        verbose_name=_("staff member"),
    )
    notified_at = models.DateTimeField(_("notified at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["plan", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="one_acknowledgement_per_plan_user")]
        indexes = [models.Index(fields=["user", "acknowledged_at"], name="ack_user_pending")]

    def __str__(self) -> str:
        return f"{self.user} · {self.plan}"


class ReviewFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReviewSchedule(models.Model):
    """A unit holds a management review every month or quarter; ``schedule_reviews`` creates each one."""

    unit = models.OneToOneField(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="review_schedule", verbose_name=_("unit")
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=ReviewFrequency.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set up by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("review schedule")
        verbose_name_plural = _("review schedules")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_frequency_display()}"


class ReviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Review(models.Model):
    """One management review of a unit for a period. Opening it stores the pack (a JSON snapshot of the live
    figures, ``prima.plans.pack``); the pack can be refreshed until the meeting is closed."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("unit")
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=ReviewFrequency.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    meeting_date = models.DateField(_("meeting date"))
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SCHEDULED)
    pack = models.JSONField(_("review pack"), default=dict, blank=True)
    pack_built_at = models.DateTimeField(_("pack assembled at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reviews_attended", verbose_name=_("attendees")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    if TYPE_CHECKING:
        decisions: RelatedManager[Decision]
        recognitions: RelatedManager[Recognition]

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "frequency", "period_start"], name="one_review_per_unit_period"),
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period_start")), name="review_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_start:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == ReviewStatus.CLOSED


class Decision(models.Model):
    """What the review decided; it may have created an action, a plan item or a call for proposals."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("review"))
    text = models.TextField(_("decision"))
    action = models.ForeignKey(
        "improvement.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_decisions",
        verbose_name=_("action"),
    )
    plan_item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_decisions",
        verbose_name=_("plan item"),
    )
    call = models.ForeignKey(
        CallForProposals,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("call for proposals"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["review", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Recognition(models.Model):
    """Recognition given to a colleague, with why and by whom (usually at a review, from measured data)."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("unit")
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("review"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("recipient")
    )
    reason = models.TextField(_("why"))
    basis = models.JSONField(_("measured basis"), default=dict, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "recipient"],
                condition=Q(review__isnull=False),
                name="one_recognition_per_review_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.reason[:40]}"
