"""No input makes a staff request page answer 500: every field of every form gets junk, every id gets ids that
do not exist, cannot exist, or belong to another unit."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.tickets.models import Ticket
from prima.tickets.services import OrderLineInput, book_appointment, create_category, create_tag, record_order

from .conftest import submit

LONG = "x" * 10_000
HUGE_NUMBER = "9" * 30
UNICODE = "Budi 🙂 بودي\u200b\u202e \uff22\uff55\uff44\uff49 ①②"

VALUES = [
    pytest.param("", id="empty"),
    pytest.param(LONG, id="long"),
    pytest.param(UNICODE, id="unicode"),
    pytest.param("\x00", id="nul"),
    pytest.param(HUGE_NUMBER, id="huge-number"),
    pytest.param("-1", id="negative"),
    pytest.param("0", id="zero"),
    pytest.param("1e400", id="overflowing-decimal"),
    pytest.param("NaN", id="nan"),
    pytest.param("-Infinity", id="infinity"),
    pytest.param("0.0001", id="too-many-decimals"),
    pytest.param("2025-13-45", id="impossible-date"),
    pytest.param("2025-02-30T25:61", id="impossible-time"),
    pytest.param("9999-12-31", id="last-day"),
    pytest.param("0001-01-01T00:00", id="first-moment"),
    pytest.param(["1", "abc", ""], id="list"),
]


@pytest.fixture
def world(cast):
    """A request of each kind with what their pages offer, and things of unit B to smuggle in."""
    order = submit(cast.unit_a, kind="order", subject="Pesanan")
    record_order(order, lines=[OrderLineInput(item="Kertas", quantity="10")], actor=cast.agent_a)
    appointment_request = submit(cast.unit_a, kind="appointment", subject="Janji")
    starts = timezone.now() + dt.timedelta(days=2)
    appointment = book_appointment(
        appointment_request, place="Loket", starts_at=starts, ends_at=starts + dt.timedelta(hours=1), actor=None
    )
    complaint = submit(cast.unit_a, kind="complaint", subject="Keluhan")
    create_category(cast.unit_a, name="Loket", actor=cast.supervisor)
    create_tag(cast.organisation, name="loket", actor=cast.supervisor)
    b_ticket = submit(cast.unit_b, subject="Unit B")
    return {
        "order": order,
        "line": order.order.lines.get(),
        "appointment_request": appointment_request,
        "appointment": appointment,
        "complaint": complaint,
        "b_ticket": b_ticket,
        "b_category": create_category(cast.unit_b, name="Loket B", actor=cast.leader),
    }


def post_urls(world) -> list[str]:
    order, complaint, booked = world["order"], world["complaint"], world["appointment_request"]
    actions = ["reply", "take", "assign", "collaborators", "transfer", "status", "priority", "category", "tags"]
    return [
        reverse("tickets:create"),
        reverse("tickets:bulk"),
        *(reverse(f"tickets:{name}", args=[complaint.pk]) for name in [*actions, "merge", "verify"]),
        reverse("tickets:book_appointment", args=[booked.pk]),
        reverse("tickets:cancel_appointment", args=[booked.pk, world["appointment"].pk]),
        reverse("tickets:add_line", args=[order.pk]),
        reverse("tickets:update_line", args=[order.pk, world["line"].pk]),
        reverse("tickets:promised_date", args=[order.pk]),
    ]


def field_names(client, world) -> list[str]:
    """Every input name the staff pages render."""
    pages = [reverse("tickets:create"), reverse("tickets:inbox") + "?view=unit"] + [
        reverse("tickets:detail", args=[world[name].pk]) for name in ("order", "complaint", "appointment_request")
    ]
    names = set()
    for page in pages:
        names |= set(re.findall(r'name="([^"]+)"', client.get(page).content.decode()))
    return sorted(names - {"csrfmiddlewaretoken", "language", "next"})


@pytest.mark.parametrize("value", VALUES)
def test_staff_request_forms_post_junk_no_server_error(cast, world, value):
    client = client_for(cast.supervisor)  # a manager reaches every form; an agent is turned away from some
    data = {name: value for name in field_names(client, world)}

    statuses = {url: client.post(url, data).status_code for url in post_urls(world)}

    assert {url: status for url, status in statuses.items() if status >= 500} == {}


@pytest.mark.parametrize("user", ["agent_a", "supervisor"])
def test_staff_request_forms_post_other_units_ids_no_server_error_and_no_smuggling(cast, world, user):
    """Ids of unit B's staff, request, category and of a trainer go into every field; none of them sticks."""
    client = client_for(getattr(cast, user))
    smuggled = [cast.agent_b.pk, cast.trainer.pk, world["b_ticket"].pk, world["b_category"].pk]
    data = {name: [str(pk) for pk in smuggled] for name in field_names(client, world)}
    data["merge-into"] = world["b_ticket"].tracking_code

    statuses = {url: client.post(url, data).status_code for url in post_urls(world)}

    unit_a = Ticket.objects.filter(pk__in=[world[name].pk for name in ("order", "complaint", "appointment_request")])
    assert (
        {url: status for url, status in statuses.items() if status >= 500},
        unit_a.filter(owner__in=[cast.agent_b, cast.trainer]).count(),
        unit_a.filter(collaborators__in=[cast.trainer]).count(),
        unit_a.filter(category=world["b_category"]).count(),
        unit_a.filter(merged_into=world["b_ticket"]).count(),
    ) == ({}, 0, 0, 0, 0)


@pytest.mark.parametrize(
    "query",
    [
        {"view": LONG},
        {"view": ["mine", "all"]},
        {"after_id": HUGE_NUMBER},
        {"after_id": "-5"},
        {"after_id": "abc"},
        {"limit": HUGE_NUMBER},
        {"limit": "0"},
        {"category": HUGE_NUMBER},
        {"category": "abc"},
        {"unit": "-1"},
        {"q": LONG},
        {"q": UNICODE},
        {"q": "%_\\'\""},
        {"q": "PRM-%%%%-____-****"},
        {"status_group": "bogus", "kind": LONG, "priority": UNICODE, "channel": HUGE_NUMBER},
    ],
)
def test_inbox_view_junk_query_no_server_error(cast, world, query):
    response = client_for(cast.supervisor).get(reverse("tickets:inbox"), query)

    assert response.status_code == 200


def test_inbox_view_nul_in_query_is_400(cast):
    assert client_for(cast.agent_a).get(reverse("tickets:inbox") + "?q=%00").status_code == 400


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/requests/{huge}/"),
        ("get", "/requests/{order}/files/{huge}/"),
        ("post", "/requests/{huge}/reply/"),
        ("post", "/requests/{order}/order/lines/{huge}/"),
        ("post", "/requests/{booked}/appointments/{huge}/cancel/"),
    ],
)
def test_staff_request_urls_with_impossible_ids_are_404(cast, world, method, path):
    url = path.format(huge=HUGE_NUMBER, order=world["order"].pk, booked=world["appointment_request"].pk)

    response = getattr(client_for(cast.supervisor), method)(url)

    assert response.status_code == 404


def test_bulk_view_too_many_ids_is_400(cast, world):
    response = client_for(cast.supervisor).post(
        reverse("tickets:bulk"), {"tickets": [str(n) for n in range(1, 1002)], "action": "close"}
    )

    assert response.status_code == 400


def test_bulk_view_return_query_cannot_redirect_elsewhere(cast, world):
    response = client_for(cast.supervisor).post(
        reverse("tickets:bulk"),
        {"tickets": [world["complaint"].pk], "action": "close", "return_query": "//evil.example/\r\nX: y"},
    )

    assert (response.status_code, response.url.startswith(reverse("tickets:inbox") + "?")) == (302, True)
