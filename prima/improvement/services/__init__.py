"""Write operations of the improvement app, one function per operation (validate → change in a transaction →
log_action). Other apps import them from here: ``from prima.improvement.services import open_action``."""

from prima.improvement.services.actions import (
    cancel_action,
    escalate_overdue_actions,
    open_action,
    record_progress,
    run_effectiveness_checks,
    update_action,
    verify_action,
)
from prima.improvement.services.changes import delete_change, record_change, set_change_status, update_change
from prima.improvement.services.objectives import (
    add_target,
    cascade_target,
    close_objective,
    create_objective,
    remove_target,
    update_objective,
    update_target,
)
from prima.improvement.services.proposals import accept_proposal, dismiss_proposal, propose_action, record_signal

__all__ = [
    "accept_proposal",
    "add_target",
    "cancel_action",
    "cascade_target",
    "close_objective",
    "create_objective",
    "delete_change",
    "dismiss_proposal",
    "escalate_overdue_actions",
    "open_action",
    "propose_action",
    "record_change",
    "record_progress",
    "record_signal",
    "remove_target",
    "run_effectiveness_checks",
    "set_change_status",
    "update_action",
    "update_change",
    "update_objective",
    "update_target",
    "verify_action",
]
