"""Back-office configuration of calendars and policies: saving re-evaluates open requests; bad input is refused."""

import pytest
from django.test import Client

from prima.factories import UserFactory
from prima.sla.choices import ClockKind, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.models import BusinessCalendar, SlaPolicy
from prima.sla.services import create_policy, refresh_open_ticket_due_dates
from prima.tickets.models import Ticket

from .conftest import at, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(email="root@prima.test", is_staff=True, is_superuser=True, language="en"))
    return client


def management(prefix: str, total: int) -> dict[str, object]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def calendar_post(cast, intervals):
    data = {
        "organisation": cast.organisation.pk,
        "unit": cast.unit_a.pk,
        "name": "Jam layanan",
        "observe_national_holidays": "on",
        "observe_cuti_bersama": "on",
        **management("intervals", len(intervals)),
        **management("exceptions", 0),
    }
    for index, (weekday, start, end) in enumerate(intervals):
        data |= {
            f"intervals-{index}-weekday": weekday,
            f"intervals-{index}-start_time": start,
            f"intervals-{index}-end_time": end,
        }
    return data


@pytest.mark.parametrize("model", ["businesscalendar", "slapolicy", "breachevent"])
def test_changelist_and_add_pages_render(admin_client, model):
    changelist = admin_client.get(f"/admin/sla/{model}/")
    add = admin_client.get(f"/admin/sla/{model}/add/")

    assert (changelist.status_code, add.status_code) == (200, 403 if model == "breachevent" else 200)


def test_adding_a_unit_calendar_re_evaluates_its_open_requests(cast, admin_client):
    create_policy(
        cast.organisation,
        name="Umum",
        targets=[TargetSpec(ClockKind.RESOLUTION, 8, TimeUnit.HOURS)],
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))
    refresh_open_ticket_due_dates(cast.unit_a, now=at(2026, 8, 10, 8))
    before = Ticket.objects.get(pk=ticket.pk).due_at

    response = admin_client.post(
        "/admin/sla/businesscalendar/add/",
        calendar_post(cast, [(weekday, "08:00", "12:00") for weekday in range(5)]),  # mornings only
    )

    assert (response.status_code, before, Ticket.objects.get(pk=ticket.pk).due_at) == (
        302,
        at(2026, 8, 11, 9),  # default office week: 7 h on Monday, 1 h on Tuesday
        at(2026, 8, 11, 12),  # 4 h on Monday, 4 h on Tuesday
    )


def test_overlapping_hours_are_refused(cast, admin_client):
    response = admin_client.post(
        "/admin/sla/businesscalendar/add/", calendar_post(cast, [(0, "08:00", "12:00"), (0, "11:00", "14:00")])
    )

    assert (response.status_code, BusinessCalendar.objects.count()) == (200, 0)
    assert "Working hours on the same day must not overlap." in response.content.decode()


def test_an_interval_ending_before_it_starts_is_refused(cast, admin_client):
    response = admin_client.post("/admin/sla/businesscalendar/add/", calendar_post(cast, [(0, "12:00", "08:00")]))

    assert (response.status_code, BusinessCalendar.objects.count()) == (200, 0)
    assert "The end must be after the start (00:00 means midnight)." in response.content.decode()


def policy_post(cast, *, name="Umum", amount=4):
    return {
        "organisation": cast.organisation.pk,
        "unit": "",
        "name": name,
        "kind": "",
        "priority": "",
        "version": 1,
        "effective_from_0": "2026-01-01",
        "effective_from_1": "00:00:00",
        "effective_to_0": "",
        "effective_to_1": "",
        "warning_before": "02:00:00",
        "escalate_to_supervisor_after": "04:00:00",
        "escalate_to_leader_after": "14:00:00",
        "source": "",
        **management("targets", 1),
        "targets-0-clock": "first_response",
        "targets-0-amount": amount,
        "targets-0-time_unit": "hours",
        "targets-0-mode": "working",
        "targets-0-starts": "received",
    }


def test_adding_a_policy_in_the_admin_re_evaluates_open_requests(cast, admin_client):
    ticket = make_ticket(cast.unit_a, created_at=at(2026, 8, 10, 8))

    response = admin_client.post("/admin/sla/slapolicy/add/", policy_post(cast))

    policy = SlaPolicy.objects.get()
    assert (response.status_code, policy.created_by.email, Ticket.objects.get(pk=ticket.pk).due_at) == (
        302,
        "root@prima.test",
        at(2026, 8, 10, 12),
    )


def test_a_second_policy_in_effect_for_the_same_requests_is_refused(cast, admin_client):
    admin_client.post("/admin/sla/slapolicy/add/", policy_post(cast))

    response = admin_client.post("/admin/sla/slapolicy/add/", policy_post(cast, name="Kedua"))

    assert (response.status_code, SlaPolicy.objects.count()) == (200, 1)
    assert "Another version for the same requests is in effect at the same time" in response.content.decode()


def test_a_calendar_without_working_hours_is_refused(cast, admin_client):
    response = admin_client.post("/admin/sla/businesscalendar/add/", calendar_post(cast, []))

    assert (response.status_code, BusinessCalendar.objects.count()) == (200, 0)
    assert "Give the calendar at least one working interval." in response.content.decode()
