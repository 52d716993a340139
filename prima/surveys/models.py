"""Satisfaction surveys: instruments (versioned, bilingual), responses and their answers.

An instrument is a survey's list of items. Items never change once a response used them: editing a survey
creates a new ``InstrumentVersion``, and every ``Response`` keeps the version it answered. Item texts are
bilingual JSON (``{"id": …, "en": …}``, read with ``prima.standards.i18n.localized``).

``Answer`` is the analytics fact table: one row per answered item (a multiple-choice item gives one row per
chosen option). It repeats the response's survey, unit, service and time so that every index (IKM, CSAT,
SERVQUAL, …) is one ``GROUP BY`` over this table, computed in the database. Answers are immutable.
Every write goes through ``prima.surveys.services``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit


def new_public_token() -> str:
    """An unguessable token for a survey's public link and QR poster (~190 bits)."""
    return secrets.token_urlsafe(24)


class Method(models.TextChoices):
    SKM = "skm", _("Community satisfaction survey (SKM/IKM)")
    CSAT = "csat", _("Customer satisfaction (CSAT)")
    NPS = "nps", _("Net Promoter Score (NPS)")
    SERVQUAL = "servqual", _("SERVQUAL")
    IPA = "ipa", _("Importance-performance analysis (IPA)")
    CUSTOM = "custom", _("Custom questionnaire")


class RuleSet(models.TextChoices):
    """The regulation an SKM result is computed under (weights, bands). Stored with every survey."""

    PERMENPAN14_2017 = "permenpan14_2017", _("Permenpan RB 14/2017")
    PERMENPAN16_2014 = "permenpan16_2014", _("Permenpan RB 16/2014")
    KEP25_2004 = "kep25_2004", _("KEP/25/M.PAN/2/2004")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("service unit"),
        help_text=_("Empty: the whole organisation."),
    )
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("service"),
    )
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=20, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    rule_set = models.CharField(_("rule set"), max_length=30, choices=RuleSet.choices, default=RuleSet.PERMENPAN14_2017)
    legacy_rounded_weights = models.BooleanField(
        _("legacy rounded weights"),
        default=False,
        help_text=_(
            "Compute with the printed weight (0.111 or 0.071) instead of the exact 1/k, to reproduce old reports."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN)
    public_token = models.CharField(max_length=64, unique=True, default=new_public_token, editable=False)
    population_size = models.PositiveIntegerField(
        _("population size"), null=True, blank=True, help_text=_("Service users in the period, for sample adequacy.")
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    # Post-service invitations (sent when a request of this survey's unit/service is resolved).
    invite_after_resolution = models.BooleanField(_("invite after resolution"), default=False)
    invitation_sample_percent = models.PositiveSmallIntegerField(
        _("share of resolved requests invited (%)"), default=100
    )
    invitation_cooldown_days = models.PositiveSmallIntegerField(
        _("days between invitations to one customer"), default=30
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> InstrumentVersion | None:
        return self.versions.order_by("-number").first()


class InstrumentVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["survey_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="unique_instrument_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"


class ItemKind(models.TextChoices):
    SCALE = "scale", _("Rating scale")
    CSAT = "csat", _("Satisfaction (3 levels)")
    NPS = "nps", _("Likelihood to recommend (0-10)")
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")
    PROFILE = "profile", _("Respondent profile")


class PairRole(models.TextChoices):
    """Paired items measure one attribute twice: SERVQUAL expectation/perception, IPA importance/performance."""

    NONE = "", _("Not paired")
    EXPECTATION = "expectation", _("Expectation")
    PERCEPTION = "perception", _("Perception")
    IMPORTANCE = "importance", _("Importance")
    PERFORMANCE = "performance", _("Performance")


class ProfileField(models.TextChoices):
    NONE = "", _("None")
    AGE_BAND = "age_band", _("Age")
    SEX = "sex", _("Sex")
    EDUCATION = "education", _("Education")
    OCCUPATION = "occupation", _("Occupation")
    SERVICE = "service", _("Service used")


class Item(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20, help_text=_("Stable code, e.g. U1 … U9 for SKM unsur."))
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    text = models.JSONField(_("question"), default=dict)
    name = models.JSONField(_("short name"), default=dict, blank=True, help_text=_("E.g. the unsur name."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    # SKM: items that count in the index; weight None = equal share (exactly 1/k of the counted items).
    is_unsur = models.BooleanField(_("counts in the index"), default=False)
    weight = models.DecimalField(_("weight"), max_digits=12, decimal_places=10, null=True, blank=True)
    # SERVQUAL dimension (tangibles, reliability, …) or any grouping of items.
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    pair_key = models.CharField(_("attribute"), max_length=20, blank=True)
    pair_role = models.CharField(_("pair role"), max_length=12, choices=PairRole.choices, blank=True, default="")
    reverse_scored = models.BooleanField(_("reverse scored"), default=False)
    profile_field = models.CharField(max_length=20, choices=ProfileField.choices, blank=True, default="")
    # Conditional question: shown only when the item ``show_if_code`` was answered with one of ``show_if_values``.
    show_if_code = models.CharField(max_length=20, blank=True)
    show_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_item_code_per_version"),
        ]

    def __str__(self) -> str:
        return self.code


class Option(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="options")
    value = models.SmallIntegerField(_("value"))
    label = models.JSONField(_("label"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)
    # The "service used" profile item: the service this option stands for (attributes the response to it).
    service = models.ForeignKey("standards.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["item_id", "position", "value"]
        constraints = [
            models.UniqueConstraint(fields=["item", "value"], name="unique_option_value_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}={self.value}"


class ResponseChannel(models.TextChoices):
    WEB = "web", _("Public link")
    KIOSK = "kiosk", _("Counter kiosk")
    INVITATION = "invitation", _("Invitation after service")
    PAPER = "paper", _("Paper form (imported)")
    API = "api", _("API")


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses")
    # Attribution: the unit/service served and, for invitations, the request and its owner.
    unit = models.ForeignKey(ServiceUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    service = models.ForeignKey("standards.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=12, choices=ResponseChannel.choices)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # Double submits: the form's one-time key (or invitation id, or import row key) is recorded once.
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    # Anonymous unless the respondent chooses otherwise.
    is_anonymous = models.BooleanField(default=True)
    respondent_name = models.CharField(_("name"), max_length=200, blank=True)
    respondent_contact = models.CharField(_("contact"), max_length=200, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_batch = models.CharField(max_length=40, blank=True)
    import_row = models.PositiveIntegerField(null=True, blank=True)
    # How many items that count in the index (SKM unsur) this response answered: a respondent of the IKM is a
    # response with at least one, counted without scanning the answers.
    index_items_answered = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="survey_response_time_idx")]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    # Denormalised from the response, for one-table aggregates.
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(ServiceUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    service = models.ForeignKey("standards.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField()
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Per-respondent facts written with the answers (they are immutable), so that every index stays one GROUP BY
    # over this table and never a grouping by response (see prima.surveys.services.responses.answer_rows):
    # 1 on exactly one row of a response that counts as a respondent of the index (its first answered SKM unsur,
    # or its first complete SERVQUAL pair), else null.
    respondent_tally = models.SmallIntegerField(null=True, blank=True)
    # On a perception row whose expectation was answered too: perception - expectation (both reverse-scored).
    gap = models.SmallIntegerField(null=True, blank=True)
    # On the first such row of each dimension: the respondent's sum of gaps in that dimension and how many pairs.
    group_sum = models.SmallIntegerField(null=True, blank=True)
    group_pairs = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="survey_answer_time_idx"),
            # Covers the IKM and SERVQUAL aggregates (index-only scans): everything they read of an answer row.
            models.Index(
                fields=["survey", "item", "value", "respondent_tally", "gap", "group_pairs", "group_sum"],
                name="survey_answer_facts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


class ImportBatch(models.Model):
    """One imported file of paper answers. The file's SHA-256 refuses a second import of the same file."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="import_batches")
    batch = models.CharField(max_length=40, unique=True)
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("import of paper answers")
        verbose_name_plural = _("imports of paper answers")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["survey", "sha256"], name="unique_survey_import_file")]

    def __str__(self) -> str:
        return self.file_name or self.batch
