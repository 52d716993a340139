"""Proposed actions: from a colleague or from a detector (once per signal); a supervisor accepts or dismisses."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.accounts.models import ServiceUnit, User
from prima.activity.services import log_action
from prima.core.metrics import ScopeLevel
from prima.improvement.measure import checked_metric
from prima.improvement.models import Action, ActionKind, ProposalStatus, ProposedAction, SourceKind
from prima.improvement.rules import may_manage_actions, may_propose
from prima.improvement.services._common import invalid, recent_duplicate
from prima.improvement.services.actions import open_action


def _data(proposal: ProposedAction, **extra: Any) -> dict[str, Any]:
    return {"title": proposal.title, **extra}


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise invalid(_("Give the proposal a title."), "required", "title")
    if len(title) > 200:
        raise invalid(_("A title has at most 200 characters."), "too_long", "title")
    return title


@transaction.atomic
def propose_action(
    *,
    unit: ServiceUnit,
    title: str,
    actor: User,
    source_kind: str = SourceKind.OTHER,
    description: str = "",
    source_ref: str = "",
    metric_code: str = "",
) -> ProposedAction:
    """A colleague of ``unit`` proposes an action for a supervisor to decide on.

    Side effects: one ProposedAction; activity ``improvement.proposal.created``.
    """
    if not may_propose(actor, unit):
        raise PermissionDenied(_("Only colleagues of %(unit)s may propose actions for it.") % {"unit": unit.name})
    if source_kind not in SourceKind.values:
        raise invalid(_("Choose where the proposal comes from."), "invalid_choice", "source_kind")
    if metric_code:
        checked_metric(metric_code, ScopeLevel.UNIT)
    title = _clean_title(title)
    duplicate = recent_duplicate(ProposedAction, unit, unit_id=unit.pk, title=title, proposed_by=actor)
    if duplicate is not None:
        return duplicate
    proposal = ProposedAction.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        source_kind=source_kind,
        source_ref=source_ref.strip()[:200],
        title=title,
        description=description.strip(),
        metric_code=metric_code,
        proposed_by=actor,
    )
    log_action("improvement.proposal.created", actor=actor, obj=proposal, unit=unit, data=_data(proposal))
    return proposal


def record_signal(
    *,
    unit: ServiceUnit,
    dedupe_key: str,
    source_kind: str,
    title: str,
    description: str,
    source_ref: str = "",
    metric_code: str = "",
    evidence: dict[str, Any] | None = None,
) -> ProposedAction | None:
    """Propose an action for a detected signal, once per ``dedupe_key``. Returns None when it was proposed before.

    Side effects: one ProposedAction; activity ``improvement.proposal.detected``.
    """
    if ProposedAction.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            proposal = ProposedAction.objects.create(
                organisation_id=unit.organisation_id,
                unit=unit,
                source_kind=source_kind,
                source_ref=source_ref[:200],
                title=title[:200],
                description=description,
                metric_code=metric_code,
                evidence=evidence or {},
                dedupe_key=dedupe_key,
            )
            log_action("improvement.proposal.detected", actor=None, obj=proposal, unit=unit, data=_data(proposal))
    except IntegrityError:
        return None  # a concurrent run recorded the same signal
    return proposal


def _lock_pending(proposal: ProposedAction) -> ProposedAction:
    locked = ProposedAction.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise invalid(_("This proposal has already been decided."), "already_decided")
    return locked


def _require_decider(actor: User, unit: ServiceUnit) -> None:
    if not may_manage_actions(actor, unit):
        raise PermissionDenied(
            _("Only a supervisor, leader or administrator of %(unit)s may decide on proposed actions.")
            % {"unit": unit.name}
        )


@transaction.atomic
def accept_proposal(
    proposal: ProposedAction,
    *,
    actor: User,
    owner: User,
    due_date: date,
    kind: str = ActionKind.CORRECTIVE,
    title: str | None = None,
    root_cause: str = "",
    effectiveness_check_on: date | None = None,
) -> Action:
    """Turn a pending proposal into an action with an owner and a due date (the proposal's metric, if any,
    becomes the action's effectiveness metric). Side effects: see ``open_action``; activity
    ``improvement.proposal.accepted``.
    """
    _require_decider(actor, proposal.unit)
    locked = _lock_pending(proposal)
    action = open_action(
        unit=locked.unit,
        title=title or locked.title,
        source_kind=locked.source_kind,
        source_ref=locked.source_ref,
        owner=owner,
        due_date=due_date,
        actor=actor,
        description=locked.description,
        root_cause=root_cause,
        metric_code=locked.metric_code or None,
        effectiveness_check_on=effectiveness_check_on,
        kind=kind,
    )
    locked.status = ProposalStatus.ACCEPTED
    locked.decided_by, locked.decided_at, locked.action = actor, timezone.now(), action
    locked.save(update_fields=["status", "decided_by", "decided_at", "action"])
    log_action("improvement.proposal.accepted", actor=actor, obj=locked, unit=locked.unit, data=_data(locked))
    return action


@transaction.atomic
def dismiss_proposal(proposal: ProposedAction, *, actor: User, reason: str) -> ProposedAction:
    """Dismiss a pending proposal; the reason is required and kept. Side effects: ``improvement.proposal.dismissed``."""
    _require_decider(actor, proposal.unit)
    reason = reason.strip()
    if not reason:
        raise invalid(_("Say why the proposal is dismissed."), "required", "reason")
    locked = _lock_pending(proposal)
    locked.status = ProposalStatus.DISMISSED
    locked.decided_by, locked.decided_at, locked.dismiss_reason = actor, timezone.now(), reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "dismiss_reason"])
    log_action(
        "improvement.proposal.dismissed",
        actor=actor,
        obj=locked,
        unit=locked.unit,
        data=_data(locked, reason=reason[:500]),
    )
    return locked
