"""Reading requests, always scoped to the reader: staff see the requests of the units they serve and those
they collaborate on; the public reaches one request by its tracking code."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.customers.models import Customer
from prima.tickets.access import serving_unit_ids
from prima.tickets.choices import StatusGroup
from prima.tickets.confidentiality import identity_visible_q
from prima.tickets.models import IntakeSubmission, Ticket
from prima.tickets.tracking import CODE_LENGTH, normalize_tracking_code
from prima.tickets.workflow import ACTIVE_STATUSES, statuses_in_group

DUE_SOON_WINDOW = dt.timedelta(hours=48)
MAX_PAGE_SIZE = 200
# Looked up when the typed code is malformed, so a bad code costs the same query as a good one.
_NO_SUCH_CODE = "PRM-UUUU-UUUU-UUUU"
assert len(_NO_SUCH_CODE) == CODE_LENGTH


class InboxView(models.TextChoices):
    MINE = "mine", _("Mine")
    UNIT = "unit", _("My units")
    UNASSIGNED = "unassigned", _("Unassigned")
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    ALL = "all", _("All I can see")


@dataclass(frozen=True)
class InboxFilters:
    status_group: str | None = None
    kind: str | None = None
    priority: str | None = None
    channel: str | None = None
    category_id: int | None = None
    unit_id: int | None = None
    search: str = ""


@dataclass(frozen=True)
class InboxPage:
    tickets: list[Ticket]
    next_after_id: int | None  # pass as ``after_id`` for the next page; None on the last page


def tickets_visible_to(user: User | AnonymousUser) -> QuerySet[Ticket]:
    """Requests of the units the user serves (see ``prima.tickets.access``) and those they collaborate on."""
    if not user.is_authenticated:
        return Ticket.objects.none()
    if user.is_superuser:
        return Ticket.objects.all()
    collaborating = Ticket.collaborators.through.objects.filter(ticket_id=OuterRef("pk"), user_id=user.pk)
    return Ticket.objects.filter(Q(unit_id__in=serving_unit_ids(user)) | Exists(collaborating))


def ticket_for(user: User | AnonymousUser, pk: int) -> Ticket:
    """One request the user may see, with what its page shows, or ``Ticket.DoesNotExist`` (a 404 for views)."""
    return (
        tickets_visible_to(user)
        .select_related(
            "unit", "organisation", "owner", "category", "customer", "merged_into", "verified_by", "service", "standard"
        )
        .get(pk=pk)
    )


def ticket_by_tracking_code(code: str) -> Ticket | None:
    """The request a member of the public follows with its code, or None.

    Case, spaces, dashes, a missing ``PRM`` prefix and look-alike letters are forgiven. Every input costs one
    indexed lookup of a full code and ends in a constant-time comparison, so timing does not tell a near miss
    from a far one; the 60-bit code space (``prima.tickets.tracking``) makes guessing hopeless anyway.
    """
    normalized = normalize_tracking_code(code or "")
    candidate = normalized or _NO_SUCH_CODE
    # A unique column: no ORDER BY (compiling the model's ordering costs more than the indexed look-up).
    tickets = Ticket.objects.select_related("unit", "merged_into").filter(tracking_code=candidate).order_by()
    ticket = next(iter(tickets[:1]), None)
    stored = ticket.tracking_code if ticket is not None else _NO_SUCH_CODE
    matches = secrets.compare_digest(stored.encode(), (normalized or "").encode())
    return ticket if ticket is not None and matches else None


def submission_by_tracking_code(code: str) -> IntakeSubmission | None:
    """The intake-journal row behind a code a person was given, or None: for a code whose request is not
    registered yet (see ``prima.tickets.services.journal``), or that was handed out for a request made under
    another code. Read like ``ticket_by_tracking_code``: forgiving, one indexed lookup, constant-time compare;
    the row comes with its unit (its request, rarely needed, is not joined)."""
    normalized = normalize_tracking_code(code or "")
    candidate = normalized or _NO_SUCH_CODE
    rows = IntakeSubmission.objects.select_related("unit").filter(tracking_code=candidate)
    submission = next(iter(rows[:1]), None)  # a unique column: no ORDER BY needed
    stored = submission.tracking_code if submission is not None else _NO_SUCH_CODE
    matches = secrets.compare_digest(stored.encode(), (normalized or "").encode())
    return submission if submission is not None and matches else None


def customer_requests(user: User | AnonymousUser, customer: Customer) -> QuerySet[Ticket]:
    """A customer's requests as this reader may list them: confidential ones only for those who may see the
    requester (otherwise the list itself would reveal who complained)."""
    return (
        tickets_visible_to(user)
        .filter(identity_visible_q(user), customer=customer)
        .select_related("unit", "owner")
        .order_by("-id")
    )


def _view_queryset(user: User | AnonymousUser, view: str, now: dt.datetime) -> QuerySet[Ticket]:
    in_my_units = Ticket.objects.filter(unit_id__in=serving_unit_ids(user))
    if view == InboxView.MINE:
        return in_my_units.filter(owner_id=user.pk)
    if view == InboxView.UNIT:
        return in_my_units
    if view == InboxView.UNASSIGNED:
        return in_my_units.filter(owner__isnull=True, status__in=ACTIVE_STATUSES)
    if view == InboxView.OVERDUE:
        return in_my_units.filter(status__in=ACTIVE_STATUSES, due_at__lt=now)
    if view == InboxView.DUE_SOON:
        return in_my_units.filter(status__in=ACTIVE_STATUSES, due_at__gte=now, due_at__lt=now + DUE_SOON_WINDOW)
    if view == InboxView.ALL:
        return tickets_visible_to(user)
    raise ValueError(f"Unknown inbox view {view!r}")


def _search(tickets: QuerySet[Ticket], term: str) -> QuerySet[Ticket]:
    term = term.strip()
    if not term:
        return tickets
    condition = Q(subject__icontains=term)
    code = normalize_tracking_code(term)
    if code is not None:
        condition |= Q(tracking_code=code)
    elif len(term) >= 4:
        condition |= Q(tracking_code__contains=term.upper())
    return tickets.filter(condition)


def _arms(user: User | AnonymousUser, view: str, filters: InboxFilters) -> list[QuerySet[Ticket]] | None:
    """The view as one queryset per unit (and one for the requests the user collaborates on, in "all"), each
    a single range of an index ending in -id, or None for the views that are read in one piece (overdue and
    due soon, narrowed by their due dates; a superuser's "all", newest first by primary key)."""
    if view == InboxView.MINE:
        condition = Q(owner_id=user.pk)
    elif view == InboxView.UNASSIGNED:
        condition = Q(owner__isnull=True, status__in=ACTIVE_STATUSES)
    elif view in (InboxView.UNIT, InboxView.ALL) and not (view == InboxView.ALL and user.is_superuser):
        condition = Q()
    else:
        return None
    unit_ids = [pk for pk in serving_unit_ids(user) if filters.unit_id in (None, "", pk)]
    arms = [Ticket.objects.filter(condition, unit_id=pk) for pk in unit_ids]
    if view == InboxView.ALL:
        collaborating = Ticket.collaborators.through.objects.filter(user_id=cast(int, user.pk)).values("ticket_id")
        arms.append(Ticket.objects.filter(pk__in=collaborating))
    return arms


def _filtered(tickets: QuerySet[Ticket], filters: InboxFilters, after_id: int | None) -> QuerySet[Ticket]:
    if filters.status_group:
        tickets = tickets.filter(status__in=statuses_in_group(filters.status_group))
    for field in ("kind", "priority", "channel", "category_id", "unit_id"):
        value = getattr(filters, field)
        if value not in (None, ""):
            tickets = tickets.filter(**{field: value})
    tickets = _search(tickets, filters.search)
    if after_id is not None:
        tickets = tickets.filter(id__lt=after_id)
    return tickets


def _newest_of(arms: list[QuerySet[Ticket]], limit: int) -> QuerySet[Ticket]:
    """The requests among the newest ``limit`` of each arm: one subquery, a UNION ALL of per-arm
    ``ORDER BY id DESC LIMIT n`` (each wrapped, as SQLite and PostgreSQL both require), so the database reads
    at most ``len(arms) * limit`` index entries whatever the size of the table."""
    parts: list[str] = []
    params: list[Any] = []
    for number, arm in enumerate(arms):
        sql, arm_params = arm.order_by("-id").values_list("id")[:limit].query.sql_with_params()
        parts.append(f'SELECT "arm{number}"."id" FROM ({sql}) "arm{number}"')  # noqa: S608
        params += arm_params
    # Only the ORM's own compiled SQL and fixed aliases go in; every value stays a parameter.
    return Ticket.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611


def inbox(
    user: User | AnonymousUser,
    *,
    view: str = InboxView.MINE,
    filters: InboxFilters | None = None,
    after_id: int | None = None,
    limit: int = 50,
    now: dt.datetime | None = None,
) -> InboxPage:
    """One page of the staff inbox, newest first, paged by keyset on id (never OFFSET): pass the page's
    ``next_after_id`` as ``after_id`` to get the next. A page costs the same few queries however deep it is
    (the requests, their tags, their collaborators); units, owners and categories come joined.

    The views scoped by unit are read unit by unit (``_arms``): "the newest 50 of units 1, 2 and 3" would make
    the database sort every request of those units, "the newest 50 of unit 1, of unit 2 and of unit 3, then the
    newest 50 of those" reads 150 index entries, at any depth and any table size.
    """
    if not user.is_authenticated:
        return InboxPage(tickets=[], next_after_id=None)
    filters = filters or InboxFilters()
    if filters.status_group and filters.status_group not in StatusGroup.values:
        raise ValueError(f"Unknown status group {filters.status_group!r}")
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    arms = _arms(user, view, filters)
    if arms is None:
        tickets = _filtered(_view_queryset(user, view, now or timezone.now()), filters, after_id)
    elif not arms:
        return InboxPage(tickets=[], next_after_id=None)
    else:
        tickets = _newest_of([_filtered(arm, filters, after_id) for arm in arms], limit + 1)
    rows = list(
        tickets.select_related("unit", "owner", "category")
        .prefetch_related("tags", "collaborators")
        .order_by("-id")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    return InboxPage(tickets=rows, next_after_id=rows[-1].pk if has_more else None)
