"""The audit trail page: who may open it, what it lists and how it filters."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from conftest import client_for
from prima.accounts.queries import staff_visible_to, units_visible_to
from prima.activity.forms import AuditFilterForm
from prima.activity.services import log_action

URL = reverse("activity:audit_trail")


def unit_log(unit, actor, name="X"):
    return log_action("accounts.unit.created", actor=actor, obj=unit, unit=unit, data={"name": name})


def english_client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return client_for(user)


def test_audit_trail_view_agent_is_forbidden(cast):
    response = client_for(cast.agent_a).get(URL)

    assert response.status_code == 403


def test_audit_trail_view_trainer_is_forbidden(cast):
    response = client_for(cast.trainer).get(URL)

    assert response.status_code == 403


def test_audit_trail_view_anonymous_redirects_to_login(db):
    response = Client().get(URL)

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={URL}")


def test_audit_trail_view_supervisor_sees_only_unit_a(cast):
    in_a = unit_log(cast.unit_a, cast.agent_a)
    unit_log(cast.unit_b, cast.agent_b)

    response = client_for(cast.supervisor).get(URL)

    assert list(response.context["page"]) == [in_a]


def test_audit_trail_view_admin_sees_everything_in_organisation(cast):
    entries = [unit_log(cast.unit_a, cast.agent_a), unit_log(cast.unit_b, cast.agent_b)]

    response = client_for(cast.admin).get(URL)

    assert list(response.context["page"]) == entries[::-1]


def test_audit_trail_view_describes_entries(cast, customer_a):
    response = english_client_for(cast.supervisor).get(URL)

    assert "<td>Customer Budi Santoso registered</td>" in response.content.decode()


def test_audit_trail_view_links_customer(cast, customer_a):
    response = client_for(cast.supervisor).get(URL)

    assert f'href="{reverse("customers:detail", args=[customer_a.pk])}"' in response.content.decode()


def test_audit_trail_view_filters_by_action(cast, customer_a):
    unit_log(cast.unit_a, cast.agent_a)

    response = client_for(cast.supervisor).get(URL, {"action": "accounts."})

    assert [e.action for e in response.context["page"]] == ["accounts.unit.created"]


def test_audit_trail_view_filters_by_actor(cast):
    unit_log(cast.unit_a, cast.agent_a)
    by_supervisor = unit_log(cast.unit_a, cast.supervisor)

    response = client_for(cast.supervisor).get(URL, {"actor": cast.supervisor.pk})

    assert list(response.context["page"]) == [by_supervisor]


def test_audit_trail_view_actor_outside_scope_is_a_form_error(cast):
    unit_log(cast.unit_b, cast.agent_b)

    response = client_for(cast.supervisor).get(URL, {"actor": cast.agent_b.pk})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["actor"])


def test_audit_trail_view_unit_outside_scope_is_a_form_error(cast):
    response = client_for(cast.supervisor).get(URL, {"unit": cast.unit_b.pk})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["unit"])


def test_audit_trail_view_invalid_filter_still_scoped(cast):
    in_a = unit_log(cast.unit_a, cast.agent_a)
    unit_log(cast.unit_b, cast.agent_b)

    response = client_for(cast.supervisor).get(URL, {"unit": cast.unit_b.pk})

    assert list(response.context["page"]) == [in_a]


def test_audit_trail_view_date_to_before_date_from_shows_error(cast):
    response = english_client_for(cast.supervisor).get(URL, {"date_from": "2025-03-10", "date_to": "2025-03-01"})

    assert '<p class="error" role="alert">The end date is before the start date.</p>' in response.content.decode()


def test_audit_trail_view_page_beyond_end_shows_last_page(cast):
    unit_log(cast.unit_a, cast.agent_a)

    response = client_for(cast.supervisor).get(URL, {"page": "99"})

    assert (response.status_code, response.context["page"].number) == (200, 1)


def test_audit_filter_form_date_to_before_date_from_is_invalid(cast):
    form = AuditFilterForm(
        {"date_from": "2025-03-10", "date_to": "2025-03-01"},
        staff=staff_visible_to(cast.leader),
        units=units_visible_to(cast.leader),
    )

    assert (form.is_valid(), list(form.errors)) == (False, ["date_to"])


def test_audit_filter_form_same_day_is_valid(cast):
    form = AuditFilterForm(
        {"date_from": "2025-03-10", "date_to": "2025-03-10"},
        staff=staff_visible_to(cast.leader),
        units=units_visible_to(cast.leader),
    )

    assert form.is_valid() is True


def test_audit_filter_form_cleans_dates(cast):
    form = AuditFilterForm(
        {"date_from": "2025-03-01", "date_to": "2025-03-10"},
        staff=staff_visible_to(cast.leader),
        units=units_visible_to(cast.leader),
    )
    form.is_valid()

    assert (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) == (dt.date(2025, 3, 1), dt.date(2025, 3, 10))


def test_audit_filter_form_bad_date_is_invalid(cast):
    form = AuditFilterForm(
        {"date_from": "10/03/2025x"}, staff=staff_visible_to(cast.leader), units=units_visible_to(cast.leader)
    )

    assert (form.is_valid(), list(form.errors)) == (False, ["date_from"])
