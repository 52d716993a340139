"""Write operations on plans, ideas, votes, comments, calls for proposals and acknowledgements.

Each function checks who may do it (``PermissionDenied``) and what is asked (``ValidationError`` with a message
for people), changes the database in one transaction, logs the change with ``log_action`` and queues any e-mail
in the same transaction. Reviews have their own module, ``prima.plans.reviews``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit, User
from prima.activity.services import log_action
from prima.plans import notifications
from prima.plans.models import (
    Acknowledgement,
    CallForProposals,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaVote,
    Plan,
    PlanItem,
    PlanStatus,
    Review,
)
from prima.plans.promises import over_promises
from prima.plans.queries import staff_of
from prima.standards.components import MAX_DURATION_VALUE, DurationUnit
from prima.standards.models import OPEN_STATUSES, Service, ServiceStandard

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_QUESTION = 300


def _require(actor: User, permission: str, target: Any, message: str) -> None:
    if not actor.has_perm(permission, target):
        raise PermissionDenied(message)


def _text(value: str, *, field_name: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field_name: _("This field is required.")}, code="required")
    if len(text) > limit:
        message = _("Keep this under %(limit)s characters (it has %(length)s).") % {
            "limit": limit,
            "length": len(text),
        }
        raise ValidationError({field_name: message}, code="too_long")
    return text


def _is_staff_of(user: User | None, unit: ServiceUnit) -> bool:
    return user is not None and staff_of(unit).filter(pk=user.pk).exists()


@dataclass
class ActionInput:
    """An improvement action to open with one owner, for an accepted idea or a review decision."""

    title: str
    owner: User
    due_date: date
    description: str = ""


def open_owned_action(unit: ServiceUnit, data: ActionInput, *, source_kind: str, source_ref: str, actor: User) -> Any:
    """Open an improvement action through the improvement app's one write path."""
    from prima.improvement.services import open_action

    return open_action(
        unit=unit,
        title=data.title,
        description=data.description,
        owner=data.owner,
        due_date=data.due_date,
        source_kind=source_kind,
        source_ref=source_ref,
        actor=actor,
    )


# --- plans ------------------------------------------------------------------------------------------


def create_plan(
    unit: ServiceUnit, *, title: str, period_start: date, period_end: date, summary: str = "", actor: User
) -> Plan:
    """Start a draft plan for ``unit``. Side effects: one Plan row; activity ``plans.plan.created``."""
    _require(actor, "plans.manage_plans", unit, _("Only a leader or supervisor of this unit may create its plans."))
    title = _text(title, field_name="title", limit=MAX_TITLE)
    summary = _text(summary, field_name="summary", limit=MAX_TEXT, required=False)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its first day.")}, code="period")
    with transaction.atomic():
        plan = Plan.objects.create(
            unit=unit,
            title=title,
            summary=summary,
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
        log_action("plans.plan.created", actor=actor, obj=plan, unit=unit, data={"title": plan.title})
    return plan


@dataclass
class ItemInput:
    """What a plan item says; shared by the form, the API and accepting an idea."""

    title: str
    description: str = ""
    owner: User | None = None
    due_date: date | None = None
    customer_facing: bool = False
    public_wording: str = ""
    service: Service | None = None
    promised_time_value: int | None = None
    promised_time_unit: str = ""
    promised_fee: int | None = None
    standard_change: ServiceStandard | None = None
    objectives: list[Any] = field(default_factory=list)
    changes: list[Any] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)


def _clean_item(plan: Plan, data: ItemInput) -> ItemInput:
    unit = plan.unit
    data.title = _text(data.title, field_name="title", limit=MAX_TITLE)
    data.description = _text(data.description, field_name="description", limit=MAX_TEXT, required=False)
    data.public_wording = _text(data.public_wording, field_name="public_wording", limit=MAX_TEXT, required=False)
    errors: dict[str, str] = {}
    if data.owner is not None and not _is_staff_of(data.owner, unit):
        errors["owner"] = _("The owner must be a staff member of %(unit)s.") % {"unit": unit.name}
    if data.customer_facing and not data.public_wording:
        errors["public_wording"] = _("A customer-facing item needs the wording the public will read.")
    if data.service is not None and not data.service.unit.path.startswith(unit.path):
        errors["service"] = _("Choose a service of %(unit)s.") % {"unit": unit.name}
    if (data.promised_time_value is None) != (not data.promised_time_unit):
        errors["promised_time_value"] = _("Give the promised time limit as a number and a unit.")
    elif data.promised_time_value is not None:
        if not 1 <= data.promised_time_value <= MAX_DURATION_VALUE:
            errors["promised_time_value"] = _("The time limit must be between 1 and %(maximum)s.") % {
                "maximum": MAX_DURATION_VALUE
            }
        if data.promised_time_unit not in DurationUnit.values:
            errors["promised_time_unit"] = _("Choose working days, calendar days or working hours.")
    if (data.promised_time_value is not None or data.promised_fee is not None) and data.service is None:
        errors["service"] = _("Name the service whose time limit or fee the item promises.")
    if data.promised_fee is not None and data.promised_fee < 0:
        errors["promised_fee"] = _("The fee cannot be negative.")
    if data.standard_change is not None and (
        data.service is None
        or data.standard_change.service_id != data.service.pk
        or data.standard_change.status not in OPEN_STATUSES
    ):
        errors["standard_change"] = _("Choose a draft version of the standard of the item's service.")
    organisation_id = unit.organisation_id
    if any(getattr(objective, "organisation_id", None) != organisation_id for objective in data.objectives):
        errors["objectives"] = _("Choose quality objectives of this organisation.")
    if any(getattr(change, "organisation_id", None) != organisation_id for change in data.changes):
        errors["changes"] = _("Choose changes registered by this organisation.")
    if any(getattr(action, "organisation_id", None) != organisation_id for action in data.actions):
        errors["actions"] = _("Choose actions of this organisation.")
    if errors:
        raise ValidationError(errors)
    return data


def _create_item(plan: Plan, data: ItemInput, *, actor: User, source_idea: Idea | None = None) -> PlanItem:
    item = PlanItem.objects.create(
        plan=plan,
        title=data.title,
        description=data.description,
        owner=data.owner,
        due_date=data.due_date,
        customer_facing=data.customer_facing,
        public_wording=data.public_wording,
        service=data.service,
        promised_time_value=data.promised_time_value,
        promised_time_unit=data.promised_time_unit if data.promised_time_value is not None else "",
        promised_fee=data.promised_fee,
        standard_change=data.standard_change,
        source_idea=source_idea,
        created_by=actor,
    )
    item.objectives.set(data.objectives)
    item.changes.set(data.changes)
    item.actions.set(data.actions)
    return item


def _check_open(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."), code="plan_closed")


def add_plan_item(plan: Plan, data: ItemInput, *, action: ActionInput | None = None, actor: User) -> PlanItem:
    """Add an item to a draft or published plan, optionally with an owned improvement action.

    Side effects: one PlanItem; optionally one Action linked to it; activity ``plans.item.added``.
    """
    _require(actor, "plans.manage_plans", plan, _("Only a leader or supervisor of this unit may change its plans."))
    _check_open(plan)
    data = _clean_item(plan, data)
    from prima.improvement.models import SourceKind

    with transaction.atomic():
        item = _create_item(plan, data, actor=actor)
        if action is not None:
            item.actions.add(
                open_owned_action(
                    plan.unit, action, source_kind=SourceKind.OTHER, source_ref=f"plan:{plan.pk}", actor=actor
                )
            )
        log_action(
            "plans.item.added", actor=actor, obj=item, unit=plan.unit, data={"plan": plan.title, "item": item.title}
        )
    return item


def publish_plan(plan: Plan, *, actor: User) -> int:
    """Publish a draft plan to every staff member of its unit and the units below it.

    Refuses (ValidationError, one message per item) when a customer-facing item over-promises
    (``prima.plans.promises``). Side effects: status published; one Acknowledgement row and one e-mail per staff
    member; activity ``plans.plan.published``. Returns how many staff were notified.
    """
    _require(actor, "plans.manage_plans", plan, _("Only a leader or supervisor of this unit may publish its plans."))
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
        if locked.status != PlanStatus.DRAFT:
            raise ValidationError(_("Only a draft plan can be published."), code="not_draft")
        if not locked.items.exists():
            raise ValidationError(_("Add at least one item before publishing the plan."), code="empty_plan")
        problems = over_promises(locked)
        if problems:
            raise ValidationError([ValidationError(problem.message, code="over_promise") for problem in problems])
        now = timezone.now()
        locked.status = PlanStatus.PUBLISHED
        locked.published_by = actor
        locked.published_at = now
        locked.save(update_fields=["status", "published_by", "published_at"])
        recipients = list(staff_of(locked.unit))
        Acknowledgement.objects.bulk_create(
            [Acknowledgement(plan=locked, user=user, notified_at=now) for user in recipients],
            ignore_conflicts=True,
        )
        notified = notifications.plan_published(locked, recipients, sender=actor)
        log_action(
            "plans.plan.published",
            actor=actor,
            obj=locked,
            unit=locked.unit,
            data={"title": locked.title, "notified": notified},
        )
    plan.refresh_from_db()
    return notified


def close_plan(plan: Plan, *, actor: User) -> Plan:
    """Close a published plan: it leaves the public page. Activity ``plans.plan.closed``."""
    _require(actor, "plans.manage_plans", plan, _("Only a leader or supervisor of this unit may close its plans."))
    with transaction.atomic():
        updated = Plan.objects.filter(pk=plan.pk, status=PlanStatus.PUBLISHED).update(
            status=PlanStatus.CLOSED, closed_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Only a published plan can be closed."), code="not_published")
        log_action("plans.plan.closed", actor=actor, obj=plan, unit=plan.unit, data={"title": plan.title})
    plan.refresh_from_db()
    return plan


def acknowledge_plan(plan: Plan, *, actor: User) -> Acknowledgement:
    """Record once that ``actor`` has read the published plan. A second call changes nothing.

    Side effects: sets ``acknowledged_at`` (creating the row for staff who joined after publication);
    activity ``plans.plan.acknowledged`` the first time only.
    """
    _require(actor, "plans.take_part", plan, _("This plan is not addressed to you."))
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Only a published plan can be acknowledged."), code="not_published")
    with transaction.atomic():
        row, _created = Acknowledgement.objects.get_or_create(plan=plan, user=actor)
        changed = Acknowledgement.objects.filter(pk=row.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now()
        )
        if changed:
            log_action("plans.plan.acknowledged", actor=actor, obj=plan, unit=plan.unit, data={"title": plan.title})
    row.refresh_from_db()
    return row


# --- calls for proposals --------------------------------------------------------------------------------


def raise_call(
    unit: ServiceUnit,
    *,
    question: str,
    background: str = "",
    closes_on: date | None = None,
    plan: Plan | None = None,
    review: Review | None = None,
    actor: User,
) -> CallForProposals:
    """Ask all staff of ``unit`` (and the units below it) for improvement proposals.

    Side effects: one CallForProposals; one e-mail per staff member; activity ``plans.call.raised``.
    """
    _require(actor, "plans.manage_plans", unit, _("Only a leader or supervisor of this unit may ask for proposals."))
    question = _text(question, field_name="question", limit=MAX_QUESTION)
    background = _text(background, field_name="background", limit=MAX_TEXT, required=False)
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")}, code="past")
    if plan is not None and plan.unit_id != unit.pk:
        raise ValidationError({"plan": _("Choose a plan of the same unit.")}, code="plan_unit")
    if plan is not None:
        _check_open(plan)
    with transaction.atomic():
        call = CallForProposals.objects.create(
            unit=unit,
            question=question,
            background=background,
            closes_on=closes_on,
            plan=plan,
            review=review,
            raised_by=actor,
        )
        notified = notifications.call_raised(call, staff_of(unit), sender=actor)
        log_action(
            "plans.call.raised", actor=actor, obj=call, unit=unit, data={"question": question, "notified": notified}
        )
    return call


def close_call(call: CallForProposals, *, actor: User) -> CallForProposals:
    _require(actor, "plans.manage_plans", call, _("Only a leader or supervisor of this unit may close this call."))
    with transaction.atomic():
        if CallForProposals.objects.filter(pk=call.pk, closed_at__isnull=True).update(closed_at=timezone.now()):
            log_action("plans.call.closed", actor=actor, obj=call, unit=call.unit, data={"question": call.question})
    call.refresh_from_db()
    return call


# --- ideas, votes, comments --------------------------------------------------------------------------


def propose_idea(
    *, plan: Plan | None = None, call: CallForProposals | None = None, title: str, body: str, actor: User
) -> Idea:
    """A colleague proposes an idea to a plan or to an open call for proposals.

    Side effects: one Idea; activity ``plans.idea.proposed``.
    """
    target = plan or call
    if target is None:
        raise ValidationError(_("Propose the idea to a plan or to a call for proposals."), code="no_target")
    _require(actor, "plans.take_part", target, _("You may propose ideas only to your own units' plans."))
    title = _text(title, field_name="title", limit=MAX_TITLE)
    body = _text(body, field_name="body", limit=MAX_TEXT)
    if plan is not None:
        _check_open(plan)
    if call is not None and not call.is_open:
        raise ValidationError(_("This call for proposals is closed."), code="call_closed")
    unit = target.unit
    with transaction.atomic():
        idea = Idea.objects.create(unit=unit, plan=plan, call=call, author=actor, title=title, body=body)
        log_action("plans.idea.proposed", actor=actor, obj=idea, unit=unit, data={"title": idea.title})
    return idea


def set_vote(idea: Idea, *, actor: User, vote: bool) -> bool:
    """Give (``vote=True``) or withdraw the actor's one vote for ``idea``; repeating it changes nothing.

    Returns whether the actor now votes for the idea. Side effects: at most one IdeaVote row created or deleted;
    activity ``plans.idea.voted`` / ``plans.idea.unvoted`` when something changed.
    """
    _require(actor, "plans.take_part", idea, _("You may vote only on your own units' ideas."))
    if idea.status != IdeaStatus.PROPOSED:
        raise ValidationError(_("Votes are closed: this idea has been decided."), code="decided")
    with transaction.atomic():
        if vote:
            try:
                with transaction.atomic():
                    IdeaVote.objects.create(idea=idea, voter=actor)
            except IntegrityError:
                return True  # already voted: a double submit
            log_action("plans.idea.voted", actor=actor, obj=idea, unit=idea.unit, data={"title": idea.title})
            return True
        deleted, _rows = IdeaVote.objects.filter(idea=idea, voter=actor).delete()
        if deleted:
            log_action("plans.idea.unvoted", actor=actor, obj=idea, unit=idea.unit, data={"title": idea.title})
        return False


def toggle_vote(idea: Idea, *, actor: User) -> bool:
    """Vote if the actor has not voted for ``idea``, withdraw the vote if they have. Returns the new state."""
    voted = IdeaVote.objects.filter(idea=idea, voter=actor).exists()
    return set_vote(idea, actor=actor, vote=not voted)


def comment_on_idea(idea: Idea, *, body: str, actor: User) -> IdeaComment:
    """Side effects: one IdeaComment; activity ``plans.idea.commented``."""
    _require(actor, "plans.take_part", idea, _("You may comment only on your own units' ideas."))
    body = _text(body, field_name="body", limit=MAX_TEXT)
    with transaction.atomic():
        comment = IdeaComment.objects.create(idea=idea, author=actor, body=body)
        log_action("plans.idea.commented", actor=actor, obj=idea, unit=idea.unit, data={"title": idea.title})
    return comment


def accept_idea(
    idea: Idea, item: ItemInput, *, plan: Plan | None = None, action: ActionInput | None = None, actor: User
) -> PlanItem:
    """Turn an idea into a plan item, crediting its author, optionally with an owned improvement action.

    The plan is ``plan`` or the idea's own plan or its call's plan. Side effects: the idea becomes accepted; one
    PlanItem (``source_idea`` = the idea); optionally one Action linked to the item; activity
    ``plans.idea.accepted``.
    """
    _require(actor, "plans.manage_plans", idea, _("Only a leader or supervisor may accept ideas."))
    target_plan = plan or idea.plan or (idea.call.plan if idea.call is not None else None)
    if target_plan is None:
        raise ValidationError({"plan": _("Choose the plan the idea becomes part of.")}, code="no_plan")
    _require(actor, "plans.manage_plans", target_plan, _("Only a leader or supervisor may change this plan."))
    if not target_plan.unit.path.startswith(idea.unit.path) and not idea.unit.path.startswith(target_plan.unit.path):
        raise ValidationError({"plan": _("Choose a plan of the idea's unit.")}, code="plan_unit")
    _check_open(target_plan)
    item = _clean_item(target_plan, item)
    from prima.improvement.models import SourceKind

    with transaction.atomic():
        if not Idea.objects.filter(pk=idea.pk, status=IdeaStatus.PROPOSED).update(
            status=IdeaStatus.ACCEPTED, decided_by=actor, decided_at=timezone.now()
        ):
            raise ValidationError(_("This idea has already been decided."), code="decided")
        plan_item = _create_item(target_plan, item, actor=actor, source_idea=idea)
        if action is not None:
            opened = open_owned_action(
                target_plan.unit, action, source_kind=SourceKind.STAFF_IDEA, source_ref=f"idea:{idea.pk}", actor=actor
            )
            plan_item.actions.add(opened)
        log_action(
            "plans.idea.accepted",
            actor=actor,
            obj=idea,
            unit=idea.unit,
            data={"title": idea.title, "author": idea.author.full_name, "plan": target_plan.title},
        )
    idea.refresh_from_db()
    return plan_item


def decline_idea(idea: Idea, *, reason: str, actor: User) -> Idea:
    """Decline with a reason the author can read. Activity ``plans.idea.declined``."""
    _require(actor, "plans.manage_plans", idea, _("Only a leader or supervisor may decline ideas."))
    reason = _text(reason, field_name="reason", limit=MAX_TEXT)
    with transaction.atomic():
        if not Idea.objects.filter(pk=idea.pk, status=IdeaStatus.PROPOSED).update(
            status=IdeaStatus.DECLINED, decided_by=actor, decided_at=timezone.now(), decline_reason=reason
        ):
            raise ValidationError(_("This idea has already been decided."), code="decided")
        log_action("plans.idea.declined", actor=actor, obj=idea, unit=idea.unit, data={"title": idea.title})
    idea.refresh_from_db()
    return idea


def owners_for(plan: Plan) -> Iterable[User]:
    """Who can own an item of ``plan``: its unit's staff."""
    return staff_of(plan.unit)
