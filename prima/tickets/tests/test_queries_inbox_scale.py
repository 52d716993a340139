"""The inbox read unit by unit (``queries._arms``): the same pages as one plain query over the whole view, and
an SQLite plan that never sorts a whole unit."""

import random

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prima.accounts.models import Role
from prima.factories import MembershipFactory, ServiceUnitFactory, UserFactory
from prima.tickets.access import serving_unit_ids
from prima.tickets.choices import Channel, Priority, RequestKind, Status
from prima.tickets.management.commands.bench_seed_requests import bench_tracking_code
from prima.tickets.models import Ticket
from prima.tickets.queries import InboxFilters, InboxView, inbox
from prima.tickets.services import create_category
from prima.tickets.workflow import ACTIVE_STATUSES, statuses_in_group

ROWS = 360


@pytest.fixture
def many(cast):
    """ROWS requests spread at random over the three units of the cast and one unit nobody in it serves, with
    varied statuses, kinds, priorities, channels, owners and subjects; a few with a collaborator."""
    rng = random.Random(20240601)
    other = ServiceUnitFactory(organisation=cast.organisation, name="Lain", code="lain")
    outsider = UserFactory(email="luar@prima.test")
    MembershipFactory(user=outsider, unit=other, role=Role.AGENT)
    category = create_category(cast.head_office, name="Perizinan", actor=None)
    units = [cast.head_office, cast.unit_a, cast.unit_b, other]
    owners = {
        cast.head_office.pk: [cast.leader],
        cast.unit_a.pk: [cast.agent_a, cast.supervisor],
        cast.unit_b.pk: [cast.agent_b],
        other.pk: [outsider],
    }
    now = timezone.now()
    rows = []
    for n in range(ROWS):
        unit = rng.choices(units, weights=[2, 5, 3, 1])[0]
        rows.append(
            Ticket(
                organisation=cast.organisation,
                unit=unit,
                owner=None if rng.random() < 0.3 else rng.choice(owners[unit.pk]),
                kind=rng.choice(RequestKind.values),
                channel=rng.choice(Channel.values),
                status=rng.choice(Status.values),
                priority=rng.choice(Priority.values),
                category=category if rng.random() < 0.2 else None,
                tracking_code=bench_tracking_code(9, n),
                subject=rng.choice(["Izin usaha", "IMB rumah", "Antrean loket"]) + f" {n}",
                description="-",
                created_at=now,
                updated_at=now,
            )
        )
    tickets = Ticket.objects.bulk_create(rows)
    for ticket in rng.sample([t for t in tickets if t.unit_id == other.pk], 5):
        ticket.collaborators.add(cast.agent_a)
    return {"category": category, "other": other}


def reference(user, view, filters):
    """The view as one plain query, newest first (what the inbox read before it went unit by unit)."""
    in_units = Q(unit_id__in=serving_unit_ids(user))
    condition = {
        InboxView.MINE: in_units & Q(owner_id=user.pk),
        InboxView.UNIT: in_units,
        InboxView.UNASSIGNED: in_units & Q(owner__isnull=True, status__in=ACTIVE_STATUSES),
        InboxView.ALL: in_units | Q(collaborators=user),
    }[view]
    tickets = Ticket.objects.filter(condition)
    if filters.status_group:
        tickets = tickets.filter(status__in=statuses_in_group(filters.status_group))
    for field in ("kind", "priority", "channel", "category_id", "unit_id"):
        if getattr(filters, field) is not None:
            tickets = tickets.filter(**{field: getattr(filters, field)})
    if filters.search:
        tickets = tickets.filter(subject__icontains=filters.search)
    return list(tickets.order_by("-id").values_list("id", flat=True).distinct())


def all_pages(user, view, filters, limit):
    seen, after_id = [], None
    while True:
        page = inbox(user, view=view, filters=filters, after_id=after_id, limit=limit)
        assert len(page.tickets) <= limit
        seen += [t.pk for t in page.tickets]
        if page.next_after_id is None:
            return seen
        assert page.next_after_id == page.tickets[-1].pk
        after_id = page.next_after_id


FILTERS = [
    {},
    {"status_group": "open"},
    {"kind": RequestKind.COMPLAINT},
    {"priority": Priority.HIGH, "channel": Channel.WEB},
    {"search": "usaha"},
    {"category": True},
    {"unit": "unit_a"},
]


@pytest.mark.parametrize("who", ["leader", "agent_a", "supervisor"])
@pytest.mark.parametrize("view", [InboxView.UNIT, InboxView.MINE, InboxView.UNASSIGNED, InboxView.ALL])
@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: "-".join(spec) or "none")
@pytest.mark.parametrize("limit", [7, 50])
def test_pages_equal_the_plain_query(cast, many, who, view, spec, limit):
    user = getattr(cast, who)
    values = dict(spec)
    if values.pop("category", None):
        values["category_id"] = many["category"].pk
    if "unit" in values:
        values["unit_id"] = getattr(cast, values.pop("unit")).pk
    filters = InboxFilters(**values)

    expected = reference(user, view, filters)
    seen = all_pages(user, view, filters, limit)

    assert seen == expected
    assert len(set(seen)) == len(seen)


def test_the_fixture_gives_every_view_several_pages(cast, many):
    assert len(reference(cast.leader, InboxView.UNIT, InboxFilters())) > 250
    assert len(reference(cast.agent_a, InboxView.ALL, InboxFilters())) > 100
    assert len(reference(cast.agent_a, InboxView.UNASSIGNED, InboxFilters())) > 14
    assert len(reference(cast.agent_a, InboxView.MINE, InboxFilters())) > 14


def test_a_user_serving_no_unit_gets_an_empty_page_without_a_query(cast, many):
    nobody = UserFactory(email="kosong@prima.test")
    inbox(nobody, view=InboxView.UNIT)

    with CaptureQueriesContext(connection) as queries:
        page = inbox(nobody, view=InboxView.UNIT)

    assert (page.tickets, page.next_after_id, len(queries)) == ([], None, 0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("view", [InboxView.UNIT, InboxView.MINE, InboxView.UNASSIGNED, InboxView.ALL])
def test_plan_reads_one_index_range_per_unit_and_sorts_nothing(cast, many, view):
    inbox(cast.leader, view=view)
    with CaptureQueriesContext(connection) as queries:
        inbox(cast.leader, view=view, after_id=10**9)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[0]["sql"])
        plan = [row[-1] for row in cursor.fetchall()]

    per_unit = [
        line for line in plan if "USING COVERING INDEX ticket_unit" in line or "USING INDEX ticket_unit" in line
    ]
    assert len(per_unit) == 3, plan  # the leader serves the head office and its two units
    assert all("id<?" in line for line in per_unit), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan
