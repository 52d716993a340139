"""The staff SLA pages: who may open them, the calendar and policy forms' validation, and that every change
re-evaluates the due times of open requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.activity.models import ActivityLog
from prima.sla.choices import ClockKind, ClockMode, ExceptionKind, TimeUnit, Weekday
from prima.sla.clocks import TargetSpec
from prima.sla.models import BusinessCalendar, CalendarException, SlaPolicy, WorkingInterval
from prima.sla.services import create_policy
from prima.sla.statutory import STATUTORY_CALENDAR_DAYS

from .conftest import at, make_ticket

pytestmark = pytest.mark.django_db

MONDAY_8 = at(2026, 8, 10, 8)
OFFICE = {
    "name": "Jam layanan",
    "observe_national_holidays": "on",
    "observe_cuti_bersama": "on",
    "weekday_0": "08:00-12:00, 13:00-16:00",
    "weekday_1": "08:00-12:00, 13:00-16:00",
    "weekday_2": "08:00-12:00, 13:00-16:00",
    "weekday_3": "08:00-12:00, 13:00-16:00",
    "weekday_4": "08:00-11:30, 13:30-16:30",
    "weekday_5": "",
    "weekday_6": "",
}


@pytest.fixture
def policy(cast):
    return create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Informasi",
        targets=[TargetSpec(ClockKind.FIRST_RESPONSE, 4, TimeUnit.HOURS, ClockMode.WORKING)],
        effective_from=at(2026, 1, 1),
        actor=cast.leader,
    )


@pytest.fixture
def ticket(cast, policy):
    """Received Monday 10 August 2026 08:00 WIB: first response due 12:00 on the built-in office week."""
    ticket = make_ticket(cast.unit_a, created_at=MONDAY_8, owner=cast.agent_a)
    client_for(cast.supervisor).post(reverse("sla:calendar", args=[cast.unit_a.pk]), OFFICE)
    ticket.refresh_from_db()
    assert ticket.due_at == at(2026, 8, 10, 12)
    return ticket


def calendar_url(unit) -> str:
    return reverse("sla:calendar", args=[unit.pk])


# --- permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("supervisor", "unit_a", 200),
        ("leader", "unit_a", 200),
        ("admin", "unit_b", 200),
        ("agent_a", "unit_a", 403),
        ("trainer", "head_office", 403),
    ],
)
def test_calendar_page_is_for_those_who_run_the_unit(cast, who, unit, expected):
    response = client_for(getattr(cast, who)).get(calendar_url(getattr(cast, unit)))

    assert response.status_code == expected


def test_calendar_of_a_unit_out_of_sight_is_404(cast):
    supervisor, agent_b = client_for(cast.supervisor), client_for(cast.agent_b)

    assert (
        supervisor.get(calendar_url(cast.unit_b)).status_code,
        agent_b.get(calendar_url(cast.unit_a)).status_code,
        supervisor.get("/sla/units/99999999999999999999/calendar/").status_code,
    ) == (404, 404, 404)


def test_home_is_403_for_agents_and_redirects_the_anonymous(cast, client):
    assert (
        client_for(cast.agent_a).get(reverse("sla:home")).status_code,
        client.get(reverse("sla:home")).status_code,
    ) == (403, 302)


def test_home_lists_the_units_the_user_runs(cast, policy):
    supervisor = client_for(cast.supervisor).get(reverse("sla:home")).content.decode()
    leader = client_for(cast.leader).get(reverse("sla:home")).content.decode()

    assert [f'id="unit-{unit.pk}"' in supervisor for unit in (cast.head_office, cast.unit_a, cast.unit_b)] == [
        False,
        True,
        False,
    ]
    assert [f'id="unit-{unit.pk}"' in leader for unit in (cast.head_office, cast.unit_a, cast.unit_b)] == [True] * 3
    assert "Informasi" in supervisor


def home_queries(user) -> int:
    client = client_for(user)
    client.get(reverse("sla:home"))
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("sla:home"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_home_queries_do_not_grow_with_units(cast, policy):
    create_policy(
        cast.organisation,
        unit=cast.unit_b,
        name="Bangunan",
        targets=[TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS)],
        actor=cast.leader,
    )

    one_unit, three_units = home_queries(cast.supervisor), home_queries(cast.leader)

    assert one_unit == three_units


def test_policy_page_of_an_agent_is_403_and_of_another_unit_404(cast, policy):
    url = reverse("sla:policy", args=[policy.pk])

    assert (client_for(cast.agent_a).get(url).status_code, client_for(cast.agent_b).get(url).status_code) == (403, 404)


def test_organisation_wide_policy_is_not_edited_here(cast):
    policy = create_policy(
        cast.organisation,
        name="Umum",
        targets=[TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS)],
        actor=cast.leader,
    )

    assert client_for(cast.leader).get(reverse("sla:policy", args=[policy.pk])).status_code == 404


# --- the calendar -------------------------------------------------------------------------------------------


def test_saving_the_calendar_gives_the_unit_its_own_with_several_intervals_a_day(cast):
    response = client_for(cast.supervisor).post(calendar_url(cast.unit_a), OFFICE)

    calendar = BusinessCalendar.objects.get(unit=cast.unit_a)
    friday = list(
        WorkingInterval.objects.filter(calendar=calendar, weekday=Weekday.FRIDAY).values_list("start_time", "end_time")
    )
    assert (response.status_code, calendar.name, friday) == (
        302,
        "Jam layanan",
        [(dt.time(8), dt.time(11, 30)), (dt.time(13, 30), dt.time(16, 30))],
    )
    assert ActivityLog.objects.filter(action="sla.calendar.saved").count() == 1


@pytest.mark.parametrize(
    ("monday", "message"),
    [
        ("08:00-12:00, 11:00-13:00", "08:00-12:00 overlaps 11:00-13:00."),
        ("12:00-08:00", "12:00-08:00 ends before it starts (00:00 means midnight)."),
        ("8 to 12", "“8 to 12” is not a time interval; write it like 08:00-12:00."),
        ("08:00-25:00", "“08:00-25:00” is not a time of day; use 00:00 to 23:59."),
    ],
)
def test_invalid_hours_are_refused_with_a_clear_message(cast, monday, message):
    user = cast.supervisor
    user.language = "en"
    user.save(update_fields=["language"])

    response = client_for(user).post(calendar_url(cast.unit_a), {**OFFICE, "weekday_0": monday})

    assert (response.status_code, message in response.content.decode(), BusinessCalendar.objects.count()) == (
        400,
        True,
        0,
    )


def test_a_week_without_hours_is_refused(cast):
    closed = {**OFFICE, **{f"weekday_{day}": "" for day in range(7)}}

    response = client_for(cast.supervisor).post(calendar_url(cast.unit_a), closed)

    assert (response.status_code, BusinessCalendar.objects.count()) == (400, 0)


def test_editing_the_hours_re_evaluates_an_open_requests_due_time(cast, ticket):
    shorter_monday = {**OFFICE, "weekday_0": "08:00-10:00, 13:00-16:00"}

    client_for(cast.supervisor).post(calendar_url(cast.unit_a), shorter_monday)

    ticket.refresh_from_db()
    assert ticket.due_at == at(2026, 8, 10, 15)  # 2 h in the morning, 2 h after lunch


def test_a_closed_day_moves_the_due_time_and_removing_it_moves_it_back(cast, ticket):
    client = client_for(cast.supervisor)

    added = client.post(
        reverse("sla:closure_add", args=[cast.unit_a.pk]), {"date": "2026-08-10", "name": "Hari jadi kota"}
    )
    ticket.refresh_from_db()
    closed_due = ticket.due_at
    closure = CalendarException.objects.get()
    removed = client.post(reverse("sla:closure_remove", args=[cast.unit_a.pk, closure.pk]))
    ticket.refresh_from_db()

    assert (added.status_code, closed_due, removed.status_code, ticket.due_at) == (
        302,
        at(2026, 8, 11, 12),
        302,
        at(2026, 8, 10, 12),
    )


def test_a_closure_needs_a_reason_and_a_day_is_closed_once(cast, ticket):
    client = client_for(cast.supervisor)
    url = reverse("sla:closure_add", args=[cast.unit_a.pk])

    nameless = client.post(url, {"date": "2026-08-17", "name": ""})
    first = client.post(url, {"date": "2026-08-18", "name": "Cuti bersama"})
    again = client.post(url, {"date": "2026-08-18", "name": "Cuti bersama"})

    assert (nameless.status_code, first.status_code, again.status_code) == (400, 302, 400)
    assert CalendarException.objects.filter(kind=ExceptionKind.CLOSED).count() == 1


def test_a_closure_of_another_unit_cannot_be_removed(cast, ticket):
    client_for(cast.supervisor).post(
        reverse("sla:closure_add", args=[cast.unit_a.pk]), {"date": "2026-08-18", "name": "Cuti bersama"}
    )
    closure = CalendarException.objects.get()

    response = client_for(cast.leader).post(reverse("sla:closure_remove", args=[cast.unit_b.pk, closure.pk]))

    assert (response.status_code, CalendarException.objects.count()) == (404, 1)


def test_calendar_page_previews_two_weeks_and_lists_the_years_holidays(cast):
    cast.supervisor.language = "en"
    cast.supervisor.save(update_fields=["language"])

    page = client_for(cast.supervisor).get(calendar_url(cast.unit_a)).content.decode()

    preview = page.split('id="preview"')[1].split("</section>")[0]
    holidays = page.split('id="holidays"')[1].split("</section>")[0]
    assert (preview.count("<li>"), "Independence Day" in holidays, "Cuti bersama" in holidays) == (14, True, True)


# --- policies -----------------------------------------------------------------------------------------------


def targets_form(**values: str) -> dict[str, str]:
    form: dict[str, str] = {}
    for clock in ClockKind.values:
        form.update(
            {
                f"{clock}_amount": "",
                f"{clock}_time_unit": "hours",
                f"{clock}_mode": "working",
                f"{clock}_starts": "received",
            }
        )
    form.update(values)
    return form


def test_correcting_a_policy_re_evaluates_open_requests(cast, ticket, policy):
    response = client_for(cast.supervisor).post(
        reverse("sla:policy", args=[policy.pk]), targets_form(first_response_amount="2", apply="correct")
    )

    ticket.refresh_from_db()
    assert (response.status_code, ticket.due_at, SlaPolicy.objects.count()) == (302, at(2026, 8, 10, 10), 1)


def test_a_new_version_leaves_requests_received_before_it_alone(cast, ticket, policy):
    response = client_for(cast.supervisor).post(
        reverse("sla:policy", args=[policy.pk]), targets_form(first_response_amount="2", apply="new_version")
    )

    ticket.refresh_from_db()
    newest = SlaPolicy.objects.order_by("-version").first()
    assert (response.status_code, ticket.due_at, newest.version, newest.previous_version_id) == (
        302,
        at(2026, 8, 10, 12),
        2,
        policy.pk,
    )


def test_a_policy_without_targets_is_refused(cast, policy):
    response = client_for(cast.supervisor).post(reverse("sla:policy", args=[policy.pk]), targets_form(apply="correct"))

    assert (response.status_code, policy.targets.count()) == (400, 1)


def test_verification_cannot_start_at_verification(cast, policy):
    form = targets_form(verification_amount="3", verification_starts="verified", apply="correct")

    response = client_for(cast.supervisor).post(reverse("sla:policy", args=[policy.pk]), form)

    assert response.status_code == 400


def test_creating_a_policy_for_a_kind_and_priority(cast):
    form = targets_form(
        name="Pengaduan mendesak",
        kind="complaint",
        priority="urgent",
        resolution_amount="3",
        resolution_time_unit="days",
    )

    response = client_for(cast.supervisor).post(reverse("sla:policy_create", args=[cast.unit_a.pk]), form)

    policy = SlaPolicy.objects.get()
    assert (response.status_code, policy.unit_id, policy.kind, policy.priority, policy.targets.get().amount) == (
        302,
        cast.unit_a.pk,
        "complaint",
        "urgent",
        3,
    )


def test_adopting_the_statutory_template(cast):
    response = client_for(cast.supervisor).post(
        reverse("sla:adopt", args=[cast.unit_a.pk]), {"template": STATUTORY_CALENDAR_DAYS}
    )

    policy = SlaPolicy.objects.get()
    assert (response.status_code, policy.source, policy.kind, policy.targets.count()) == (
        302,
        STATUTORY_CALENDAR_DAYS,
        "complaint",
        4,
    )


def test_adopting_an_unknown_template_is_a_400(cast):
    response = client_for(cast.supervisor).post(reverse("sla:adopt", args=[cast.unit_a.pk]), {"template": "nope"})

    assert (response.status_code, SlaPolicy.objects.count()) == (400, 0)


def test_agent_cannot_adopt(cast):
    response = client_for(cast.agent_a).post(
        reverse("sla:adopt", args=[cast.unit_a.pk]), {"template": STATUTORY_CALENDAR_DAYS}
    )

    assert (response.status_code, SlaPolicy.objects.count()) == (403, 0)
