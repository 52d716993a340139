"""The staff inbox: tabs, scoping, confidential requesters, keyset paging, filters, bulk actions, query counts."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.tickets.models import Ticket
from prima.tickets.services import (
    add_collaborators,
    assign_ticket,
    change_status,
    create_category,
    create_tag,
    set_category,
    set_tags,
)

from .conftest import submit

INBOX = reverse("tickets:inbox")
BULK = reverse("tickets:bulk")


def english_client_for(user) -> Client:
    """A client for a staff member who chose English, so texts compare as written in the code."""
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def shown(response) -> list[str]:
    return [ticket.subject for ticket in response.context["page"].tickets]


@pytest.fixture
def tickets(cast):
    owned = submit(cast.unit_a, subject="Izin usaha milik Dewi")
    assign_ticket(owned, owner=cast.agent_a, actor=cast.supervisor)
    return {
        "owned": owned,
        "open": submit(cast.unit_a, subject="Izin usaha belum ditugaskan"),
        "b": submit(cast.unit_b, subject="IMB unit B"),
    }


# --- tabs --------------------------------------------------------------------------------------------------------


def test_inbox_view_mine_is_the_default_tab(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX)

    assert (response.status_code, response.context["view"], shown(response)) == (
        200,
        "mine",
        ["Izin usaha milik Dewi"],
    )


def test_inbox_view_unit_tab_lists_the_units_requests_newest_first(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX, {"view": "unit"})

    assert shown(response) == ["Izin usaha belum ditugaskan", "Izin usaha milik Dewi"]


def test_inbox_view_unassigned_tab(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX, {"view": "unassigned"})

    assert shown(response) == ["Izin usaha belum ditugaskan"]


def test_inbox_view_overdue_and_due_soon_tabs(cast, tickets):
    now = timezone.now()
    Ticket.objects.filter(pk=tickets["owned"].pk).update(due_at=now - dt.timedelta(hours=2))
    Ticket.objects.filter(pk=tickets["open"].pk).update(due_at=now + dt.timedelta(hours=5))
    client = client_for(cast.agent_a)

    overdue = client.get(INBOX, {"view": "overdue"})
    due_soon = client.get(INBOX, {"view": "due_soon"})

    assert (shown(overdue), shown(due_soon)) == (["Izin usaha milik Dewi"], ["Izin usaha belum ditugaskan"])


def test_inbox_view_marks_overdue_rows(cast, tickets):
    Ticket.objects.filter(pk=tickets["owned"].pk).update(due_at=timezone.now() - dt.timedelta(hours=2))

    content = english_client_for(cast.agent_a).get(INBOX).content.decode()

    assert (content.count('class="request-row is-overdue"'), content.count('overdue-marker">Overdue<')) == (1, 1)


def test_inbox_view_all_tab_is_offered_to_managers_only(cast, tickets):
    agent = client_for(cast.agent_a).get(INBOX)
    supervisor = client_for(cast.supervisor).get(INBOX)

    assert ([value for value, _ in agent.context["tabs"]], [value for value, _ in supervisor.context["tabs"]]) == (
        ["mine", "unit", "unassigned", "overdue", "due_soon"],
        ["mine", "unit", "unassigned", "overdue", "due_soon", "all"],
    )


def test_inbox_view_all_tab_refused_to_an_agent_falls_back_to_mine(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX, {"view": "all"})

    assert (response.status_code, response.context["view"], shown(response)) == (
        200,
        "mine",
        ["Izin usaha milik Dewi"],
    )


def test_inbox_view_all_tab_for_leader_covers_the_subtree(cast, tickets):
    response = client_for(cast.leader).get(INBOX, {"view": "all"})

    assert shown(response) == ["IMB unit B", "Izin usaha belum ditugaskan", "Izin usaha milik Dewi"]


# --- scoping -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["mine", "unit", "unassigned", "overdue", "due_soon", "all"])
def test_inbox_view_agent_b_never_sees_unit_a(cast, tickets, view):
    Ticket.objects.update(due_at=timezone.now() + dt.timedelta(hours=1))
    assign_ticket(tickets["b"], owner=cast.agent_b, actor=cast.leader)

    response = client_for(cast.agent_b).get(INBOX, {"view": view})

    assert [s for s in shown(response) if "unit B" not in s] == []


def test_inbox_view_agent_b_sees_unit_b_in_unit_tab(cast, tickets):
    assert shown(client_for(cast.agent_b).get(INBOX, {"view": "unit"})) == ["IMB unit B"]


def test_inbox_view_trainer_is_forbidden(cast, tickets):
    assert client_for(cast.trainer).get(INBOX).status_code == 403


def test_inbox_view_anonymous_redirects_to_login(db):
    response = Client().get(INBOX)

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={INBOX}")


def test_inbox_view_speaks_indonesian_by_default(cast, tickets):
    content = client_for(cast.agent_a).get(INBOX).content.decode()

    assert ('<html lang="id">' in content, "Tugas saya" in content) == (True, True)


# --- confidential requesters ---------------------------------------------------------------------------------------


@pytest.fixture
def confidential(cast):
    return submit(
        cast.unit_a,
        subject="Pungutan liar di loket",
        confidentiality="confidential",
        requester_name="Rahasia Sekali",
        requester_email="pelapor@contoh.id",
    )


def test_inbox_view_hides_confidential_requester_from_other_agents(cast, confidential):
    content = english_client_for(cast.agent_a).get(INBOX, {"view": "unit"}).content.decode()

    assert ('<span class="requester">Confidential requester</span>' in content, "Rahasia Sekali" in content) == (
        True,
        False,
    )


def test_inbox_view_shows_confidential_requester_to_the_supervisor(cast, confidential):
    content = english_client_for(cast.supervisor).get(INBOX, {"view": "unit"}).content.decode()

    assert '<span class="requester">Rahasia Sekali</span>' in content


def test_inbox_view_shows_confidential_requester_to_its_owner(cast, confidential):
    assign_ticket(confidential, owner=cast.agent_a, actor=cast.supervisor)

    content = english_client_for(cast.agent_a).get(INBOX).content.decode()

    assert '<span class="requester">Rahasia Sekali</span>' in content


def test_inbox_view_anonymous_requester_shows_placeholder(cast):
    submit(cast.unit_a, confidentiality="anonymous", requester_name="", requester_email="")

    content = english_client_for(cast.supervisor).get(INBOX, {"view": "unit"}).content.decode()

    assert '<span class="requester">Anonymous</span>' in content


# --- paging ------------------------------------------------------------------------------------------------------


def older_link(response) -> str | None:
    match = re.search(r'<a rel="next" class="older" href="([^"]+)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def test_inbox_view_older_link_pages_without_duplicates(cast):
    made = [submit(cast.unit_a, subject=f"Permohonan {number}") for number in range(5)]
    client = client_for(cast.agent_a)

    seen, url, pages = [], INBOX + "?view=unit&limit=2", 0
    while url is not None:
        response = client.get(url if url.startswith("/") else INBOX + url)
        seen += [ticket.pk for ticket in response.context["page"].tickets]
        url, pages = older_link(response), pages + 1

    assert (seen, pages) == ([ticket.pk for ticket in reversed(made)], 3)


def test_inbox_view_older_link_keeps_the_filters(cast):
    for number in range(3):
        submit(cast.unit_a, subject=f"Pengaduan {number}", kind="complaint")
    submit(cast.unit_a, subject="Informasi")

    first = client_for(cast.agent_a).get(INBOX, {"view": "unit", "kind": "complaint", "limit": "2"})

    assert older_link(first) == (f"?view=unit&kind=complaint&limit=2&after_id={first.context['page'].tickets[-1].pk}")


def test_inbox_view_last_page_has_no_older_link(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX, {"view": "unit"})

    assert older_link(response) is None


def test_inbox_view_never_uses_offset(cast, tickets):
    client = client_for(cast.agent_a)

    with CaptureQueriesContext(connection) as context:
        client.get(INBOX, {"view": "unit", "after_id": tickets["open"].pk})

    assert [q["sql"] for q in context.captured_queries if "OFFSET" in q["sql"].upper()] == []


# --- filters -----------------------------------------------------------------------------------------------------


def test_inbox_view_filters_by_kind_and_priority(cast, tickets):
    submit(cast.unit_a, subject="Keluhan mendesak", kind="complaint", priority="urgent")
    submit(cast.unit_a, subject="Keluhan biasa", kind="complaint")

    response = client_for(cast.agent_a).get(INBOX, {"view": "unit", "kind": "complaint", "priority": "urgent"})

    assert shown(response) == ["Keluhan mendesak"]


def test_inbox_view_searches_by_tracking_code(cast, tickets):
    code = tickets["open"].tracking_code.lower().replace("-", " ")

    response = client_for(cast.agent_a).get(INBOX, {"view": "unit", "q": code})

    assert shown(response) == ["Izin usaha belum ditugaskan"]


def test_inbox_view_filters_by_category_and_status_group(cast, tickets):
    category = create_category(cast.unit_a, name="Loket", actor=cast.supervisor)
    set_category(tickets["open"], category=category, actor=cast.supervisor)
    change_status(tickets["owned"], to_status="waiting_customer", actor=cast.agent_a)

    by_category = client_for(cast.agent_a).get(INBOX, {"view": "unit", "category": category.pk})
    paused = client_for(cast.agent_a).get(INBOX, {"view": "unit", "status_group": "paused"})

    assert (shown(by_category), shown(paused)) == (["Izin usaha belum ditugaskan"], ["Izin usaha milik Dewi"])


def test_inbox_view_refused_filter_is_shown_and_not_applied(cast, tickets):
    response = english_client_for(cast.agent_a).get(INBOX, {"view": "unit", "kind": "bogus"})

    assert (response.status_code, shown(response), response.context["form"].errors["kind"]) == (
        200,
        ["Izin usaha belum ditugaskan", "Izin usaha milik Dewi"],
        ["Select a valid choice. bogus is not one of the available choices."],
    )


def test_inbox_view_category_of_another_unit_is_refused(cast, tickets):
    other = create_category(cast.unit_b, name="Loket B", actor=cast.leader)

    response = client_for(cast.agent_a).get(INBOX, {"view": "unit", "category": other.pk})

    assert (list(response.context["form"].errors), len(shown(response))) == (["category"], 2)


def test_inbox_view_htmx_request_gets_the_results_only(cast, tickets):
    response = client_for(cast.agent_a).get(INBOX, {"view": "unit"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert (response.status_code, "<html" in content, content.lstrip().startswith('<div id="results">')) == (
        200,
        False,
        True,
    )


# --- bulk actions --------------------------------------------------------------------------------------------------


def test_bulk_view_assign_changes_only_visible_tickets(cast, tickets):
    response = english_client_for(cast.supervisor).post(
        BULK,
        {
            "tickets": [tickets["open"].pk, tickets["b"].pk],
            "action": "assign",
            "owner": cast.agent_a.pk,
            "return_query": "view=unit",
        },
        follow=True,
    )

    owners = dict(Ticket.objects.values_list("subject", "owner_id"))
    assert (
        response.redirect_chain,
        [str(m) for m in response.context["messages"]],
        owners["Izin usaha belum ditugaskan"],
        owners["IMB unit B"],
    ) == ([(INBOX + "?view=unit", 302)], ["1 changed, 1 skipped."], cast.agent_a.pk, None)


def test_bulk_view_close_by_leader_closes_across_units(cast, tickets):
    response = english_client_for(cast.leader).post(
        BULK, {"tickets": [tickets["open"].pk, tickets["b"].pk], "action": "close", "reason": "Duplikat"}, follow=True
    )

    statuses = dict(Ticket.objects.values_list("subject", "status"))
    assert (
        [str(m) for m in response.context["messages"]],
        statuses["Izin usaha belum ditugaskan"],
        statuses["IMB unit B"],
        statuses["Izin usaha milik Dewi"],
    ) == (["2 changed, 0 skipped."], "closed", "closed", "new")


def test_bulk_view_counts_requests_that_cannot_close_as_skipped(cast, tickets):
    change_status(tickets["open"], to_status="closed", actor=cast.supervisor)

    response = english_client_for(cast.supervisor).post(
        BULK, {"tickets": [tickets["open"].pk, tickets["owned"].pk], "action": "close"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["1 changed, 1 skipped."]


def test_bulk_view_forbidden_to_agents(cast, tickets):
    response = client_for(cast.agent_a).post(BULK, {"tickets": [tickets["open"].pk], "action": "close"})

    assert (response.status_code, Ticket.objects.get(pk=tickets["open"].pk).status) == (403, "new")


def test_bulk_view_owner_from_another_unit_is_refused(cast, tickets):
    response = english_client_for(cast.supervisor).post(
        BULK, {"tickets": [tickets["open"].pk], "action": "assign", "owner": cast.agent_b.pk}
    )

    assert (
        response.status_code,
        response.context["bulk_form"].errors["owner"],
        Ticket.objects.get(pk=tickets["open"].pk).owner_id,
    ) == (400, ["Select a valid choice. That choice is not one of the available choices."], None)


def test_bulk_view_assign_without_owner_is_400_with_message(cast, tickets):
    response = english_client_for(cast.supervisor).post(
        BULK, {"tickets": [tickets["open"].pk], "action": "assign", "return_query": "view=unit"}
    )

    assert (response.status_code, response.context["bulk_form"].errors["owner"], shown(response)) == (
        400,
        ["Choose who takes the requests."],
        ["Izin usaha belum ditugaskan", "Izin usaha milik Dewi"],
    )


def test_bulk_view_nothing_ticked_is_400(cast, tickets):
    response = english_client_for(cast.supervisor).post(BULK, {"action": "close"})

    assert (response.status_code, response.context["bulk_form"].errors["tickets"]) == (
        400,
        ["Tick at least one request."],
    )


def test_bulk_view_get_is_not_allowed(cast):
    assert client_for(cast.supervisor).get(BULK).status_code == 405


def test_inbox_view_shows_bulk_controls_to_managers_only(cast, tickets):
    agent = client_for(cast.agent_a).get(INBOX, {"view": "unit"}).content.decode()
    supervisor = client_for(cast.supervisor).get(INBOX, {"view": "unit"}).content.decode()

    assert (agent.count('name="tickets"'), supervisor.count('name="tickets"')) == (0, 2)


# --- query counts --------------------------------------------------------------------------------------------------


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm up: session, content types, translations
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def busy_request(cast, number: int) -> Ticket:
    """A request with everything a row can show: owner, category, tags, a collaborator, a due time."""
    ticket = submit(cast.unit_a, subject=f"Permohonan {number}", confidentiality="confidential")
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    category = create_category(cast.unit_a, name=f"Kategori {number}", actor=cast.supervisor)
    set_category(ticket, category=category, actor=cast.supervisor)
    set_tags(ticket, tags=[create_tag(cast.organisation, name=f"tag{number}", actor=cast.supervisor)], actor=None)
    add_collaborators(ticket, users=[cast.agent_b], actor=cast.supervisor)
    Ticket.objects.filter(pk=ticket.pk).update(due_at=timezone.now() - dt.timedelta(hours=number))
    return ticket


@pytest.mark.parametrize("user", ["agent_a", "supervisor", "leader"])
def test_inbox_view_queries_do_not_grow_with_rows(cast, user):
    client = client_for(getattr(cast, user))
    url = INBOX + ("?view=all" if user != "agent_a" else "?view=unit")
    busy_request(cast, 1)
    with_one = queries_for(client, url)
    busy_request(cast, 2)
    busy_request(cast, 3)

    with_three = queries_for(client, url)

    assert with_one == with_three
