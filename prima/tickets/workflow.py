"""The request workflow as data: which group each status belongs to and which moves are allowed.

The SLA clock (a later issue) reads the same data: time spent in a PAUSED status does not count.
"""

from __future__ import annotations

from prima.tickets.choices import Status, StatusGroup

STATUS_GROUPS: dict[str, str] = {
    Status.NEW: StatusGroup.OPEN,
    Status.IN_PROGRESS: StatusGroup.OPEN,
    Status.WAITING_CUSTOMER: StatusGroup.PAUSED,
    Status.WAITING_THIRD_PARTY: StatusGroup.PAUSED,
    Status.RESOLVED: StatusGroup.RESOLVED,
    Status.CLOSED: StatusGroup.CLOSED,
}

# Closing straight from an open status is allowed (spam, withdrawn, duplicate); reopening always goes to
# IN_PROGRESS so the request lands back in someone's working queue.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.IN_PROGRESS, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.RESOLVED, Status.CLOSED}
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.RESOLVED, Status.CLOSED}
    ),
    Status.WAITING_CUSTOMER: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}),
    Status.WAITING_THIRD_PARTY: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}

# Statuses a staff member still has to act on or wait for: the inbox's "active" requests.
ACTIVE_STATUSES: frozenset[str] = frozenset(
    status for status, group in STATUS_GROUPS.items() if group in {StatusGroup.OPEN, StatusGroup.PAUSED}
)


def status_group(status: str) -> str:
    """The StatusGroup value of a status, e.g. ``status_group("waiting_customer") == "paused"``."""
    return STATUS_GROUPS[status]


def statuses_in_group(group: str) -> list[str]:
    """The statuses of one StatusGroup, in workflow order."""
    return [status for status, status_group_ in STATUS_GROUPS.items() if status_group_ == group]


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def is_reopening(from_status: str, to_status: str) -> bool:
    """Moving out of RESOLVED or CLOSED back into work."""
    return STATUS_GROUPS[from_status] in {StatusGroup.RESOLVED, StatusGroup.CLOSED} and STATUS_GROUPS[to_status] in {
        StatusGroup.OPEN,
        StatusGroup.PAUSED,
    }
