"""Write operations on management reviews: schedules, opening (which assembles the pack), the meeting's record,
decisions and recognition. Same conventions as ``prima.plans.services``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prima.accounts.models import ServiceUnit, User
from prima.activity.services import log_action
from prima.plans.models import (
    CallForProposals,
    Decision,
    Plan,
    PlanItem,
    Recognition,
    Review,
    ReviewFrequency,
    ReviewSchedule,
    ReviewStatus,
)
from prima.plans.pack import build_pack
from prima.plans.periods import period_containing
from prima.plans.queries import staff_of
from prima.plans.services import (
    MAX_QUESTION,
    MAX_TEXT,
    ActionInput,
    ItemInput,
    _clean_item,
    _create_item,
    _text,
    open_owned_action,
    raise_call,
)

LEADERS_ONLY = gettext_lazy(
    "Only a leader (pimpinan) of this unit or of a unit above it may run its management reviews."
)


def _require_leader(actor: User, target: ServiceUnit | Review) -> None:
    if not actor.has_perm("plans.run_reviews", target):
        raise PermissionDenied(str(LEADERS_ONLY))


def _require_open(review: Review) -> None:
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Open the review first; a closed review cannot change."), code="not_open")


def set_review_schedule(unit: ServiceUnit, *, frequency: str, actor: User) -> ReviewSchedule:
    """Hold reviews of ``unit`` monthly or quarterly (replacing an earlier choice) and schedule the current one.

    Side effects: the unit's ReviewSchedule; the current period's Review; activity ``plans.schedule.set``.
    """
    _require_leader(actor, unit)
    if frequency not in ReviewFrequency.values:
        raise ValidationError({"frequency": _("Choose monthly or quarterly.")}, code="frequency")
    with transaction.atomic():
        schedule, _created = ReviewSchedule.objects.update_or_create(
            unit=unit, defaults={"frequency": frequency, "is_active": True, "created_by": actor}
        )
        log_action("plans.schedule.set", actor=actor, obj=schedule, unit=unit, data={"frequency": frequency})
        _schedule_one(schedule, timezone.localdate())
    return schedule


def _schedule_one(schedule: ReviewSchedule, today: date) -> bool:
    start, end = period_containing(today, schedule.frequency)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _review, created = Review.objects.get_or_create(
                    unit=schedule.unit,
                    frequency=schedule.frequency,
                    period_start=start,
                    defaults={"period_end": end, "meeting_date": end - timedelta(days=1)},
                )
        except IntegrityError:  # another runner created it between our read and our insert
            return False
    return created


def schedule_reviews(today: date | None = None) -> int:
    """Periodic job: create the review of the current month or quarter for every active schedule, once.

    Idempotent: a review exists at most once per unit, frequency and period. Returns how many were created.
    """
    today = today or timezone.localdate()
    created = 0
    for schedule in ReviewSchedule.objects.filter(is_active=True, unit__is_active=True).select_related("unit"):
        created += int(_schedule_one(schedule, today))
    return created


def open_review(review: Review, *, actor: User) -> Review:
    """Open a scheduled review: assemble and store its pack. Activity ``plans.review.opened``."""
    _require_leader(actor, review)
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("unit").get(pk=review.pk)
        if locked.status != ReviewStatus.SCHEDULED:
            raise ValidationError(_("This review is already open or closed."), code="not_scheduled")
        locked.pack = build_pack(locked)
        locked.pack_built_at = timezone.now()
        locked.status = ReviewStatus.OPEN
        locked.opened_by = actor
        locked.opened_at = locked.pack_built_at
        locked.save(update_fields=["pack", "pack_built_at", "status", "opened_by", "opened_at"])
        log_action("plans.review.opened", actor=actor, obj=locked, unit=locked.unit, data={"review": str(locked)})
    review.refresh_from_db()
    return review


def refresh_pack(review: Review, *, actor: User) -> Review:
    """Re-assemble the pack of an open review from today's data. Activity ``plans.review.refreshed``."""
    _require_leader(actor, review)
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("unit").get(pk=review.pk)
        _require_open(locked)
        locked.pack = build_pack(locked)
        locked.pack_built_at = timezone.now()
        locked.save(update_fields=["pack", "pack_built_at"])
        log_action("plans.review.refreshed", actor=actor, obj=locked, unit=locked.unit, data={"review": str(locked)})
    review.refresh_from_db()
    return review


def record_meeting(review: Review, *, attendees: Iterable[User], minutes: str, actor: User) -> Review:
    """Record who attended (staff of the unit) and the minutes. Activity ``plans.review.minuted``."""
    _require_leader(actor, review)
    _require_open(review)
    minutes = _text(minutes, field_name="minutes", limit=20_000, required=False)
    people = list(attendees)
    allowed = set(staff_of(review.unit).values_list("pk", flat=True)) | {actor.pk}
    strangers = [person.full_name for person in people if person.pk not in allowed]
    if strangers:
        message = _("Not staff of %(unit)s: %(names)s.") % {"unit": review.unit.name, "names": ", ".join(strangers)}
        raise ValidationError({"attendees": message}, code="not_staff")
    with transaction.atomic():
        review.minutes = minutes
        review.save(update_fields=["minutes"])
        review.attendees.set(people)
        log_action("plans.review.minuted", actor=actor, obj=review, unit=review.unit, data={"attendees": len(people)})
    return review


def add_decision(
    review: Review,
    *,
    text: str,
    action: ActionInput | None = None,
    plan: Plan | None = None,
    item: ItemInput | None = None,
    call_question: str = "",
    call_background: str = "",
    call_closes_on: date | None = None,
    actor: User,
) -> Decision:
    """Record a decision; it may open an owned action, add an item to a plan of the unit, and/or ask all staff for
    proposals (a call for proposals, Skenario 1).

    Side effects: one Decision; optionally an Action, a PlanItem (linked to the action), a CallForProposals with
    its e-mails; activity ``plans.review.decided``.
    """
    _require_leader(actor, review)
    _require_open(review)
    text = _text(text, field_name="text", limit=MAX_TEXT)
    call_question = _text(call_question, field_name="call_question", limit=MAX_QUESTION, required=False)
    if item is not None:
        if plan is None:
            raise ValidationError({"plan": _("Choose the plan the item goes into.")}, code="no_plan")
        if not plan.unit.path.startswith(review.unit.path):
            raise ValidationError({"plan": _("Choose a plan of the reviewed unit.")}, code="plan_unit")
        if not actor.has_perm("plans.manage_plans", plan):
            raise PermissionDenied(_("Only a leader or supervisor may change this plan."))
        item = _clean_item(plan, item)
    from prima.improvement.models import SourceKind

    with transaction.atomic():
        opened = None
        if action is not None:
            opened = open_owned_action(
                review.unit,
                action,
                source_kind=SourceKind.MANAGEMENT_REVIEW,
                source_ref=f"review:{review.pk}",
                actor=actor,
            )
        plan_item: PlanItem | None = None
        if item is not None and plan is not None:
            plan_item = _create_item(plan, item, actor=actor)
            if opened is not None:
                plan_item.actions.add(opened)
        call: CallForProposals | None = None
        if call_question:
            call = raise_call(
                review.unit,
                question=call_question,
                background=call_background,
                closes_on=call_closes_on,
                plan=plan,
                review=review,
                actor=actor,
            )
        decision = Decision.objects.create(
            review=review, text=text, action=opened, plan_item=plan_item, call=call, created_by=actor
        )
        log_action("plans.review.decided", actor=actor, obj=review, unit=review.unit, data={"decision": text[:200]})
    return decision


def give_recognition(
    review: Review, *, recipient: User, reason: str, basis: dict[str, object] | None = None, actor: User
) -> Recognition:
    """Record recognition of a colleague at the review: who, why, by whom, and the figures it rests on.

    Side effects: one Recognition (at most one per person per review); activity ``plans.recognition.given``.
    """
    _require_leader(actor, review)
    _require_open(review)
    reason = _text(reason, field_name="reason", limit=MAX_TEXT)
    if not staff_of(review.unit).filter(pk=recipient.pk).exists():
        raise ValidationError({"recipient": _("Recognise a staff member of %(unit)s.") % {"unit": review.unit.name}})
    if basis is None:
        candidates = review.pack.get("recognition", []) if isinstance(review.pack, dict) else []
        basis = next((dict(row) for row in candidates if row.get("user_id") == recipient.pk), {})
    with transaction.atomic():
        try:
            with transaction.atomic():
                recognition = Recognition.objects.create(
                    unit=review.unit, review=review, recipient=recipient, reason=reason, basis=basis, given_by=actor
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "recipient": _("%(name)s has already been recognised at this review.")
                    % {"name": recipient.full_name}
                },
                code="duplicate",
            ) from None
        log_action(
            "plans.recognition.given",
            actor=actor,
            obj=recognition,
            unit=review.unit,
            data={"recipient": recipient.full_name},
        )
    return recognition


def close_review(review: Review, *, actor: User) -> Review:
    """Close the meeting: the pack, minutes and decisions are final. Activity ``plans.review.closed``."""
    _require_leader(actor, review)
    with transaction.atomic():
        if not Review.objects.filter(pk=review.pk, status=ReviewStatus.OPEN).update(
            status=ReviewStatus.CLOSED, closed_by=actor, closed_at=timezone.now()
        ):
            raise ValidationError(_("Only an open review can be closed."), code="not_open")
        log_action("plans.review.closed", actor=actor, obj=review, unit=review.unit, data={"review": str(review)})
    review.refresh_from_db()
    return review
