"""Write operations of lost-customer analysis: thresholds, reasons, interviews and win-back attempts.

The periodic scan that finds lost customers lives in ``prima.retention.detection``. Permission checks belong to
the callers (``prima.retention.rules``); these functions check the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Membership, Organisation, ServiceUnit, User
from prima.activity.services import log_action
from prima.customers.models import Customer
from prima.retention.models import (
    CustomerStatus,
    Interview,
    InterviewChannel,
    LossReason,
    RetentionSettings,
    WinBackAttempt,
    WinBackOutcome,
)
from prima.retention.queries import customer_may_be_contacted
from prima.standards.i18n import I18nText, i18n_text, localized

# Kotler's lost-customer analysis asks why customers left; these are the reasons Indonesian service units hear.
DEFAULT_REASONS: tuple[tuple[str, str, str], ...] = (
    ("price", "Biaya atau tarif", "Price or fee"),
    ("slow", "Layanan lambat", "Slow service"),
    ("attitude", "Sikap petugas", "Staff attitude"),
    ("requirements", "Persyaratan terlalu rumit", "Requirements too complex"),
    ("no-longer-needed", "Pindah atau tidak membutuhkan lagi", "Moved or no longer needs the service"),
    ("other-provider", "Beralih ke penyedia lain", "Switched to another provider"),
    ("online", "Beralih ke layanan daring", "Online alternative"),
    ("other", "Lainnya", "Other"),
)

# Channels where staff reach out to the customer (as opposed to the customer coming to the counter).
OUTREACH_CHANNELS = frozenset(
    {
        InterviewChannel.PHONE,
        InterviewChannel.WHATSAPP,
        InterviewChannel.EMAIL,
        InterviewChannel.HOME_VISIT,
        InterviewChannel.LETTER,
    }
)


def thresholds_for(unit: ServiceUnit) -> RetentionSettings:
    """The unit's saved thresholds, or unsaved defaults."""
    return RetentionSettings.objects.filter(unit=unit).first() or RetentionSettings(unit=unit)


def update_thresholds(
    unit: ServiceUnit,
    *,
    one_off_days: int,
    interval_factor: Decimal,
    minimum_days: int,
    repeat_after: int,
    at_risk_percent: int,
    actor: User,
) -> RetentionSettings:
    """Save the unit's thresholds and re-run the scan so lists and figures follow at once.

    Raises ValidationError for values out of range. Side effects: activity ``retention.settings.changed``;
    ``detection.scan_lost_customers``.
    """
    from prima.retention.detection import scan_lost_customers

    settings = thresholds_for(unit)
    before = _threshold_values(settings)
    settings.one_off_days = one_off_days
    settings.interval_factor = interval_factor
    settings.minimum_days = minimum_days
    settings.repeat_after = repeat_after
    settings.at_risk_percent = at_risk_percent
    settings.updated_at = timezone.now()
    settings.updated_by = actor
    settings.full_clean(exclude=["unit", "updated_by"])
    after = _threshold_values(settings)
    with transaction.atomic():
        settings.save()
        if after != before:
            log_action("retention.settings.changed", actor=actor, obj=settings, unit=unit, data=after)
    if after != before:
        scan_lost_customers()
    return settings


def _threshold_values(settings: RetentionSettings) -> dict[str, str]:
    return {
        "one_off_days": str(settings.one_off_days),
        "interval_factor": str(Decimal(settings.interval_factor).quantize(Decimal("0.01"))),
        "minimum_days": str(settings.minimum_days),
        "repeat_after": str(settings.repeat_after),
        "at_risk_percent": str(settings.at_risk_percent),
    }


def ensure_default_reasons(organisation: Organisation) -> None:
    """Give an organisation the default reasons the first time it needs them; idempotent."""
    if LossReason.objects.filter(organisation=organisation).exists():
        return
    LossReason.objects.bulk_create(
        [
            LossReason(organisation=organisation, code=code, name=i18n_text(id=name_id, en=name_en), position=10 * n)
            for n, (code, name_id, name_en) in enumerate(DEFAULT_REASONS, start=1)
        ],
        ignore_conflicts=True,  # two first requests at once
    )


def create_loss_reason(organisation: Organisation, *, name: I18nText, actor: User) -> LossReason:
    """Add a reason to the organisation's list. Side effects: activity ``retention.reason.created``."""
    from django.utils.text import slugify

    name = i18n_text(id=name.get("id", ""), en=name.get("en", ""))
    if not name.get("id"):
        raise ValidationError({"name_id": _("Enter the reason in Indonesian.")})
    ensure_default_reasons(organisation)
    base = slugify(name["id"])[:32] or "reason"
    taken = set(LossReason.objects.filter(organisation=organisation).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    last = LossReason.objects.filter(organisation=organisation).order_by("-position").first()
    with transaction.atomic():
        reason = LossReason.objects.create(
            organisation=organisation, code=code, name=name, position=(last.position if last else 0) + 10
        )
        log_action("retention.reason.created", actor=actor, obj=reason, data={"name": name["id"]})
    return reason


def set_loss_reason_active(reason: LossReason, *, is_active: bool, actor: User) -> LossReason:
    """Take a reason out of use (past interviews keep it) or back into use.

    Side effects: activity ``retention.reason.changed``.
    """
    if reason.is_active == is_active:
        return reason
    with transaction.atomic():
        reason.is_active = is_active
        reason.save(update_fields=["is_active"])
        log_action("retention.reason.changed", actor=actor, obj=reason, data={"name": localized(reason.name, "id")})
    return reason


@dataclass(frozen=True)
class AttemptInput:
    attempted_on: date
    action: str
    outcome: str = WinBackOutcome.PENDING


def record_interview(
    customer: Customer,
    *,
    unit: ServiceUnit,
    interviewed_on: date,
    channel: str,
    reason: LossReason,
    notes: str = "",
    interviewer: User | None = None,
    attempt: AttemptInput | None = None,
    submission_key: str | None = None,
    actor: User,
) -> Interview:
    """Record why a customer stopped using ``unit``, optionally with a first win-back attempt.

    Raises ValidationError (keyed by argument) when the unit never served the customer, the reason belongs to
    another organisation or is out of use, the date is in the future, or staff reached out (phone, WhatsApp,
    e-mail, visit, letter) to a customer who gave no consent to be contacted (UU No. 27/2022). The same
    ``submission_key`` twice returns the interview already recorded.

    Side effects: activity ``retention.interview.recorded`` (and ``retention.attempt.recorded``).
    """
    if submission_key:
        existing = Interview.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return _same_interview(existing, customer)
    interviewer = interviewer or actor
    errors: dict[str, ValidationError] = {}
    if unit.organisation_id != customer.organisation_id or not (
        customer.units.filter(pk=unit.pk).exists()
        or CustomerStatus.objects.filter(customer=customer, unit=unit).exists()
    ):
        errors["unit"] = ValidationError(_("This unit has not served this customer."), code="not_served")
    if reason.organisation_id != customer.organisation_id or not reason.is_active:
        errors["reason"] = ValidationError(_("Choose one of the organisation's reasons in use."), code="invalid")
    if interviewed_on > timezone.localdate():
        errors["interviewed_on"] = ValidationError(_("The interview cannot be in the future."), code="future")
    if channel not in InterviewChannel.values:
        errors["channel"] = ValidationError(_("Choose a channel."), code="invalid")
    elif channel in OUTREACH_CHANNELS and not customer_may_be_contacted(customer):
        errors["channel"] = ValidationError(
            _(
                "This customer has not agreed to be contacted for follow-up or surveys. Record only interviews "
                "held when the customer came in, or record their consent first."
            ),
            code="no_consent",
        )
    if not Membership.objects.filter(user=interviewer, unit__organisation_id=customer.organisation_id).exists():
        errors["interviewer"] = ValidationError(_("The interviewer does not work in this organisation."))
    if attempt is not None:
        errors.update(_attempt_errors(attempt, interviewed_on))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            interview = Interview.objects.create(
                customer=customer,
                unit=unit,
                interviewed_on=interviewed_on,
                interviewer=interviewer,
                channel=channel,
                reason=reason,
                notes=notes.strip(),
                recorded_by=actor,
                submission_key=submission_key or None,
            )
            log_action(
                "retention.interview.recorded",
                actor=actor,
                obj=interview,
                customer=customer,
                unit=unit,
                data={"reason": localized(reason.name, "id"), "channel": channel},
            )
            if attempt is not None:
                _insert_attempt(interview, attempt, actor=actor, submission_key=None)
    except IntegrityError:
        # The same form submitted twice at once: the second meets the unique key.
        existing = Interview.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return _same_interview(existing, customer)
    return interview


def _same_interview(existing: Interview, customer: Customer) -> Interview:
    if existing.customer_id != customer.pk:
        raise ValidationError({"submission_key": _("This submission key was already used.")}, code="reused")
    return existing


def _attempt_errors(attempt: AttemptInput, interviewed_on: date | None = None) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if not attempt.action.strip():
        errors["action"] = ValidationError(_("Say what was offered or done."), code="required")
    if attempt.attempted_on > timezone.localdate():
        errors["attempted_on"] = ValidationError(_("The attempt cannot be in the future."), code="future")
    elif interviewed_on is not None and attempt.attempted_on < interviewed_on:
        errors["attempted_on"] = ValidationError(_("The attempt cannot be before the interview."), code="too_early")
    if attempt.outcome not in WinBackOutcome.values:
        errors["outcome"] = ValidationError(_("Choose an outcome."), code="invalid")
    return errors


def _insert_attempt(
    interview: Interview, attempt: AttemptInput, *, actor: User, submission_key: str | None
) -> WinBackAttempt:
    created = WinBackAttempt.objects.create(
        interview=interview,
        attempted_on=attempt.attempted_on,
        action=attempt.action.strip(),
        outcome=attempt.outcome,
        outcome_at=None if attempt.outcome == WinBackOutcome.PENDING else timezone.now(),
        recorded_by=actor,
        submission_key=submission_key or None,
    )
    log_action(
        "retention.attempt.recorded",
        actor=actor,
        obj=created,
        customer=interview.customer,
        unit=interview.unit,
        data={"action": created.action, "outcome": attempt.outcome},
    )
    return created


def add_win_back_attempt(
    interview: Interview, attempt: AttemptInput, *, actor: User, submission_key: str | None = None
) -> WinBackAttempt:
    """Record something done to win the customer back. Side effects: activity ``retention.attempt.recorded``."""
    if submission_key:
        existing = WinBackAttempt.objects.filter(submission_key=submission_key, interview=interview).first()
        if existing is not None:
            return existing
    errors = _attempt_errors(attempt, interview.interviewed_on)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return _insert_attempt(interview, attempt, actor=actor, submission_key=submission_key)
    except IntegrityError:
        existing = WinBackAttempt.objects.filter(submission_key=submission_key, interview=interview).first()
        if existing is None:
            raise ValidationError({"submission_key": _("This submission key was already used.")}) from None
        return existing


def set_attempt_outcome(attempt: WinBackAttempt, *, outcome: str, actor: User) -> WinBackAttempt:
    """Record whether an attempt won the customer back. Side effects: activity ``retention.attempt.outcome_set``."""
    if outcome not in WinBackOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if attempt.outcome == outcome:
        return attempt
    with transaction.atomic():
        attempt.outcome = outcome
        attempt.outcome_at = None if outcome == WinBackOutcome.PENDING else timezone.now()
        attempt.save(update_fields=["outcome", "outcome_at"])
        log_action(
            "retention.attempt.outcome_set",
            actor=actor,
            obj=attempt,
            customer=attempt.interview.customer,
            unit=attempt.interview.unit,
            data={"outcome": outcome},
        )
    return attempt
