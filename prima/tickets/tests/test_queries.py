"""Scoped reads: who sees which requests, the public tracking look-up, and the keyset-paged inbox."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prima.accounts.models import Role
from prima.factories import MembershipFactory, ServiceUnitFactory, UserFactory
from prima.tickets.confidentiality import requester_display
from prima.tickets.models import Ticket
from prima.tickets.queries import (
    InboxFilters,
    InboxView,
    customer_requests,
    inbox,
    ticket_by_tracking_code,
    ticket_for,
    tickets_visible_to,
)
from prima.tickets.services import (
    add_collaborators,
    assign_ticket,
    change_status,
    create_category,
    create_tag,
    set_tags,
)

from .conftest import submit


@pytest.fixture
def tickets(cast):
    return {
        "a": submit(cast.unit_a, subject="Izin usaha A"),
        "b": submit(cast.unit_b, subject="IMB B"),
        "head": submit(cast.head_office, subject="Umum"),
    }


def subjects(queryset):
    return sorted(queryset.values_list("subject", flat=True))


def test_tickets_visible_to_agent_sees_own_unit(cast, tickets):
    assert subjects(tickets_visible_to(cast.agent_a)) == ["Izin usaha A"]


def test_tickets_visible_to_agent_b_does_not_see_unit_a(cast, tickets):
    assert subjects(tickets_visible_to(cast.agent_b)) == ["IMB B"]


def test_tickets_visible_to_leader_sees_subtree(cast, tickets):
    assert subjects(tickets_visible_to(cast.leader)) == ["IMB B", "Izin usaha A", "Umum"]


def test_tickets_visible_to_admin_sees_subtree(cast, tickets):
    assert subjects(tickets_visible_to(cast.admin)) == ["IMB B", "Izin usaha A", "Umum"]


def test_tickets_visible_to_trainer_sees_nothing(cast, tickets):
    assert subjects(tickets_visible_to(cast.trainer)) == []


def test_tickets_visible_to_anonymous_sees_nothing(cast, tickets):
    assert subjects(tickets_visible_to(AnonymousUser())) == []


def test_tickets_visible_to_collaborator_from_other_unit(cast, tickets):
    add_collaborators(tickets["a"], users=[cast.agent_b], actor=cast.leader)

    assert subjects(tickets_visible_to(cast.agent_b)) == ["IMB B", "Izin usaha A"]


def test_tickets_visible_to_ignores_other_organisation(cast, tickets):
    submit(ServiceUnitFactory(), subject="Asing")

    assert "Asing" not in subjects(tickets_visible_to(cast.leader))


def test_tickets_visible_to_user_with_trainer_and_agent_roles_sees_agent_unit_only(cast, tickets):
    person = UserFactory()
    MembershipFactory(user=person, unit=cast.unit_a, role=Role.AGENT)
    MembershipFactory(user=person, unit=cast.unit_b, role=Role.TRAINER)

    assert subjects(tickets_visible_to(person)) == ["Izin usaha A"]


def test_ticket_for_returns_visible_request(cast, tickets):
    assert ticket_for(cast.agent_a, tickets["a"].pk) == tickets["a"]


def test_ticket_for_refuses_request_of_other_unit(cast, tickets):
    with pytest.raises(Ticket.DoesNotExist):
        ticket_for(cast.agent_b, tickets["a"].pk)


def test_ticket_by_tracking_code_finds_request(cast, tickets):
    code = tickets["a"].tracking_code

    assert ticket_by_tracking_code(code.lower().replace("-", " ")) == tickets["a"]


def test_ticket_by_tracking_code_without_prefix(cast, tickets):
    code = tickets["a"].tracking_code

    assert ticket_by_tracking_code(code[4:]) == tickets["a"]


def test_ticket_by_tracking_code_refuses_near_miss(cast, tickets):
    code = tickets["a"].tracking_code
    near = code[:-1] + ("2" if code[-1] != "2" else "3")

    assert ticket_by_tracking_code(near) is None


def test_ticket_by_tracking_code_refuses_garbage(cast, tickets):
    assert [ticket_by_tracking_code(value) for value in ("", "PRM", "' OR 1=1 --", "PRM-UUUU-UUUU-UUUU")] == [
        None,
        None,
        None,
        None,
    ]


def test_inbox_mine_lists_owned_requests(cast, tickets):
    assign_ticket(tickets["a"], owner=cast.agent_a, actor=cast.supervisor)
    submit(cast.unit_a, subject="Belum ditugaskan")

    page = inbox(cast.agent_a, view=InboxView.MINE)

    assert [t.subject for t in page.tickets] == ["Izin usaha A"]


def test_inbox_unit_lists_units_newest_first(cast, tickets):
    later = submit(cast.unit_a, subject="Kedua")

    page = inbox(cast.agent_a, view=InboxView.UNIT)

    assert [t.pk for t in page.tickets] == [later.pk, tickets["a"].pk]


def test_inbox_unassigned_leaves_out_owned_and_closed(cast, tickets):
    assign_ticket(tickets["a"], owner=cast.agent_a, actor=cast.supervisor)
    closed = submit(cast.unit_a, subject="Spam")
    change_status(closed, to_status="closed", actor=cast.supervisor)
    submit(cast.unit_a, subject="Menunggu")

    page = inbox(cast.supervisor, view=InboxView.UNASSIGNED)

    assert [t.subject for t in page.tickets] == ["Menunggu"]


def test_inbox_overdue_and_due_soon(cast, tickets):
    now = timezone.now()
    overdue = submit(cast.unit_a, subject="Terlambat")
    soon = submit(cast.unit_a, subject="Segera")
    later = submit(cast.unit_a, subject="Nanti")
    done = submit(cast.unit_a, subject="Selesai terlambat")
    Ticket.objects.filter(pk__in=[overdue.pk, done.pk]).update(due_at=now - dt.timedelta(hours=1))
    Ticket.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=5))
    Ticket.objects.filter(pk=later.pk).update(due_at=now + dt.timedelta(days=10))
    change_status(done, to_status="resolved", actor=cast.agent_a)

    assert (
        [t.subject for t in inbox(cast.agent_a, view=InboxView.OVERDUE, now=now).tickets],
        [t.subject for t in inbox(cast.agent_a, view=InboxView.DUE_SOON, now=now).tickets],
    ) == (["Terlambat"], ["Segera"])


def test_inbox_all_includes_collaborations(cast, tickets):
    add_collaborators(tickets["a"], users=[cast.agent_b], actor=cast.leader)

    page = inbox(cast.agent_b, view=InboxView.ALL)

    assert sorted(t.subject for t in page.tickets) == ["IMB B", "Izin usaha A"]


def test_inbox_unit_view_of_agent_b_leaves_out_unit_a(cast, tickets):
    assert [t.subject for t in inbox(cast.agent_b, view=InboxView.UNIT).tickets] == ["IMB B"]


def test_inbox_filters_by_status_group(cast, tickets):
    waiting = submit(cast.unit_a, subject="Tunggu")
    change_status(waiting, to_status="waiting_customer", actor=cast.agent_a)

    page = inbox(cast.agent_a, view=InboxView.UNIT, filters=InboxFilters(status_group="paused"))

    assert [t.subject for t in page.tickets] == ["Tunggu"]


def test_inbox_filters_by_kind_priority_channel_and_category(cast, tickets):
    category = create_category(cast.unit_a, name="NIB", actor=cast.supervisor)
    match = submit(
        cast.unit_a,
        kind="complaint",
        priority="high",
        channel="phone",
        category=category,
        actor=cast.agent_a,
        subject="Cocok",
    )
    submit(cast.unit_a, kind="complaint", priority="high", channel="web", category=category, subject="Beda kanal")

    page = inbox(
        cast.agent_a,
        view=InboxView.UNIT,
        filters=InboxFilters(kind="complaint", priority="high", channel="phone", category_id=category.pk),
    )

    assert [t.pk for t in page.tickets] == [match.pk]


def test_inbox_filter_by_unit_stays_within_scope(cast, tickets):
    page = inbox(cast.agent_b, view=InboxView.UNIT, filters=InboxFilters(unit_id=cast.unit_a.pk))

    assert page.tickets == []


def test_inbox_search_by_subject(cast, tickets):
    page = inbox(cast.leader, view=InboxView.ALL, filters=InboxFilters(search="imb"))

    assert [t.subject for t in page.tickets] == ["IMB B"]


def test_inbox_search_by_tracking_code(cast, tickets):
    code = tickets["b"].tracking_code.lower()

    page = inbox(cast.leader, view=InboxView.ALL, filters=InboxFilters(search=code))

    assert [t.pk for t in page.tickets] == [tickets["b"].pk]


def test_inbox_search_by_part_of_tracking_code(cast, tickets):
    part = tickets["b"].tracking_code[4:9]

    page = inbox(cast.leader, view=InboxView.ALL, filters=InboxFilters(search=part))

    assert tickets["b"].pk in [t.pk for t in page.tickets]


def test_inbox_anonymous_user_gets_empty_page(cast, tickets):
    assert inbox(AnonymousUser(), view=InboxView.ALL).tickets == []


def test_inbox_pages_return_every_row_exactly_once(cast):
    created = [submit(cast.unit_a, subject=f"Permintaan {n}").pk for n in range(23)]
    seen, after_id, pages = [], None, 0
    while True:
        page = inbox(cast.agent_a, view=InboxView.UNIT, after_id=after_id, limit=5)
        seen += [t.pk for t in page.tickets]
        pages += 1
        if page.next_after_id is None:
            break
        after_id = page.next_after_id

    assert (seen, pages) == (sorted(created, reverse=True), 5)


def test_inbox_last_full_page_has_no_next(cast):
    for n in range(4):
        submit(cast.unit_a, subject=f"Permintaan {n}")

    page = inbox(cast.agent_a, view=InboxView.UNIT, limit=4)

    assert (len(page.tickets), page.next_after_id) == (4, None)


def _decorate(tickets, cast):
    tag = create_tag(cast.organisation, name="prioritas", actor=None)
    for ticket in tickets:
        assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
        add_collaborators(ticket, users=[cast.supervisor], actor=cast.supervisor)
        set_tags(ticket, tags=[tag], actor=cast.supervisor)


def _render_rows(page, user):
    # Everything an inbox row shows, the requester through the confidentiality check.
    return [
        (
            requester_display(user, t),
            t.tracking_code,
            t.unit.name,
            t.owner.full_name,
            [x.name for x in t.tags.all()],
            [c.pk for c in t.collaborators.all()],
        )
        for t in page.tickets
    ]


def test_inbox_first_and_deep_page_cost_the_same_queries(cast):
    tickets = [
        submit(cast.unit_a, subject=f"Permintaan {n}", confidentiality=("normal", "confidential", "anonymous")[n % 3])
        for n in range(30)
    ]
    _decorate(tickets, cast)
    inbox(cast.agent_a, view=InboxView.UNIT)  # fill the per-user caches, as the first query of a request does

    with CaptureQueriesContext(connection) as first:
        _render_rows(inbox(cast.agent_a, view=InboxView.UNIT, limit=5), cast.agent_a)
    with CaptureQueriesContext(connection) as deep:
        _render_rows(inbox(cast.agent_a, view=InboxView.UNIT, limit=5, after_id=tickets[6].pk), cast.agent_a)

    assert (len(first), len(deep)) == (3, 3)


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_query_count_does_not_grow_with_rows(cast, count):
    tickets = [submit(cast.unit_a, subject=f"Permintaan {n}", confidentiality="confidential") for n in range(count)]
    _decorate(tickets, cast)
    inbox(cast.agent_a, view=InboxView.ALL)

    with CaptureQueriesContext(connection) as queries:
        rows = _render_rows(inbox(cast.agent_a, view=InboxView.ALL), cast.agent_a)

    assert (len(rows), len(queries)) == (count, 3)


def test_inbox_deep_page_uses_keyset_not_offset(cast):
    tickets = [submit(cast.unit_a, subject=f"Permintaan {n}") for n in range(3)]
    inbox(cast.agent_a, view=InboxView.UNIT)

    with CaptureQueriesContext(connection) as queries:
        inbox(cast.agent_a, view=InboxView.UNIT, after_id=tickets[-1].pk, limit=1)

    main_query = queries.captured_queries[0]["sql"].upper()
    assert ("OFFSET" in main_query, '"TICKETS_TICKET"."ID" <' in main_query) == (False, True)


def test_customer_requests_hides_confidential_from_agent_who_does_not_own_it(cast):
    normal = submit(cast.unit_a, subject="Biasa")
    submit(cast.unit_a, subject="Rahasia", kind="complaint", confidentiality="confidential")

    assert [t.subject for t in customer_requests(cast.agent_a, normal.customer)] == ["Biasa"]


def test_customer_requests_shows_confidential_to_supervisor(cast):
    normal = submit(cast.unit_a, subject="Biasa")
    submit(cast.unit_a, subject="Rahasia", kind="complaint", confidentiality="confidential")

    assert [t.subject for t in customer_requests(cast.supervisor, normal.customer)] == ["Rahasia", "Biasa"]


def test_customer_requests_shows_confidential_to_its_owner(cast):
    normal = submit(cast.unit_a, subject="Biasa")
    secret = submit(cast.unit_a, subject="Rahasia", kind="complaint", confidentiality="confidential")
    assign_ticket(secret, owner=cast.agent_a, actor=cast.supervisor)

    assert [t.subject for t in customer_requests(cast.agent_a, normal.customer)] == ["Rahasia", "Biasa"]
