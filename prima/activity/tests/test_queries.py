"""The audit trail is scoped to the reader's units; the customer timeline shows newest first."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser

from prima.accounts.models import Role
from prima.accounts.services import create_organisation, grant_role, set_user_language
from prima.activity.models import ActivityLog
from prima.activity.queries import audit_trail_visible_to, filter_audit_trail, timeline_for
from prima.activity.services import log_action
from prima.customers.services import record_consent
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory

WIB = ZoneInfo("Asia/Jakarta")


def unit_log(unit, actor, name="X") -> ActivityLog:
    return log_action("accounts.unit.created", actor=actor, obj=unit, unit=unit, data={"name": name})


def at(entry: ActivityLog, moment: dt.datetime) -> ActivityLog:
    ActivityLog.objects.filter(pk=entry.pk).update(created_at=moment)
    entry.refresh_from_db()
    return entry


def test_audit_trail_visible_to_supervisor_sees_only_unit_a(cast):
    in_a = unit_log(cast.unit_a, cast.agent_a)
    unit_log(cast.unit_b, cast.agent_b)
    unit_log(cast.head_office, cast.admin)

    assert list(audit_trail_visible_to(cast.supervisor)) == [in_a]


def test_audit_trail_visible_to_supervisor_does_not_see_org_wide_entries(cast):
    set_user_language(cast.supervisor, language="en", actor=cast.supervisor)

    assert list(audit_trail_visible_to(cast.supervisor)) == []


def test_audit_trail_visible_to_leader_sees_subtree(cast):
    entries = [unit_log(cast.unit_a, cast.agent_a), unit_log(cast.unit_b, cast.agent_b)]

    assert list(audit_trail_visible_to(cast.leader)) == entries[::-1]


def test_audit_trail_visible_to_admin_sees_org_wide_entries(cast):
    set_user_language(cast.agent_a, language="en", actor=cast.agent_a)
    in_b = unit_log(cast.unit_b, cast.agent_b)

    assert [e.action for e in audit_trail_visible_to(cast.admin)] == [in_b.action, "accounts.user.language_changed"]


def test_audit_trail_visible_to_admin_does_not_see_other_organisation_org_wide_entries(cast):
    stranger = UserFactory()
    MembershipFactory(user=stranger, unit=ServiceUnitFactory(), role=Role.ADMIN)
    set_user_language(stranger, language="en", actor=stranger)
    create_organisation("Dinas Lain", actor=stranger)

    assert list(audit_trail_visible_to(cast.admin)) == []


def test_audit_trail_visible_to_admin_sees_own_organisation_creation(cast):
    root = UserFactory(is_superuser=True)
    entry = log_action("accounts.organisation.created", actor=root, obj=cast.organisation, data={"name": "x"})

    assert list(audit_trail_visible_to(cast.admin)) == [entry]


def test_audit_trail_visible_to_admin_of_other_organisation_sees_nothing_here(cast):
    stranger = UserFactory()
    MembershipFactory(user=stranger, unit=ServiceUnitFactory(organisation=OrganisationFactory()), role=Role.ADMIN)
    unit_log(cast.unit_a, cast.agent_a)
    set_user_language(cast.agent_a, language="en", actor=cast.agent_a)

    assert list(audit_trail_visible_to(stranger)) == []


def test_audit_trail_visible_to_agent_sees_own_unit_entries(cast):
    # The page is closed to agents by permission; the query itself is still scoped.
    in_a = unit_log(cast.unit_a, cast.agent_a)
    unit_log(cast.unit_b, cast.agent_b)

    assert list(audit_trail_visible_to(cast.agent_a)) == [in_a]


def test_audit_trail_visible_to_superuser_sees_everything(cast):
    entries = [unit_log(cast.unit_a, cast.agent_a), log_action("accounts.user.logged_in", actor=None)]

    assert list(audit_trail_visible_to(UserFactory(is_superuser=True))) == entries[::-1]


def test_audit_trail_visible_to_anonymous_sees_nothing(cast):
    unit_log(cast.unit_a, cast.agent_a)

    assert list(audit_trail_visible_to(AnonymousUser())) == []


def test_audit_trail_visible_to_sees_entry_of_role_grant_in_own_unit(cast):
    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.AGENT, actor=cast.admin)

    assert [e.action for e in audit_trail_visible_to(cast.supervisor)] == ["accounts.role.granted"]


def test_filter_audit_trail_by_actor(cast):
    by_agent = unit_log(cast.unit_a, cast.agent_a)
    unit_log(cast.unit_a, cast.supervisor)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), actor=cast.agent_a)) == [by_agent]


def test_filter_audit_trail_by_unit(cast):
    unit_log(cast.unit_a, cast.agent_a)
    in_b = unit_log(cast.unit_b, cast.agent_b)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), unit_id=cast.unit_b.pk)) == [in_b]


def test_filter_audit_trail_by_unit_outside_scope_finds_nothing(cast):
    unit_log(cast.unit_b, cast.agent_b)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.supervisor), unit_id=cast.unit_b.pk)) == []


def test_filter_audit_trail_by_action_prefix(cast, customer_a):
    unit_log(cast.unit_a, cast.agent_a)

    entries = filter_audit_trail(audit_trail_visible_to(cast.leader), action_prefix=" customers.")

    assert [e.action for e in entries] == ["customers.contact.added", "customers.customer.created"]


def test_filter_audit_trail_by_date_range_includes_whole_days(cast):
    before = at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 9, 23, 59, tzinfo=WIB))
    first = at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 10, 0, 0, tzinfo=WIB))
    last = at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 12, 23, 59, tzinfo=WIB))
    after = at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 13, 0, 0, tzinfo=WIB))

    entries = filter_audit_trail(
        audit_trail_visible_to(cast.leader), date_from=dt.date(2025, 3, 10), date_to=dt.date(2025, 3, 12)
    )

    assert (list(entries), before in entries, after in entries) == ([last, first], False, False)


def test_filter_audit_trail_date_from_only(cast):
    at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 9, 12, 0, tzinfo=WIB))
    later = at(unit_log(cast.unit_a, cast.agent_a), dt.datetime(2025, 3, 10, 12, 0, tzinfo=WIB))

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), date_from=dt.date(2025, 3, 10))) == [later]


def test_filter_audit_trail_without_filters_keeps_everything(cast):
    entries = [unit_log(cast.unit_a, cast.agent_a), unit_log(cast.unit_b, cast.agent_b)]

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader))) == entries[::-1]


def test_timeline_for_newest_first(cast, customer_a):
    record_consent(customer_a, purpose="surveys", channel="counter", actor=cast.agent_a)

    assert [e.action for e in timeline_for(customer_a)] == [
        "customers.consent.given",
        "customers.contact.added",
        "customers.customer.created",
    ]


def test_timeline_for_orders_by_time_not_insertion(cast, customer_a):
    created = ActivityLog.objects.get(action="customers.customer.created")
    at(created, dt.datetime(2030, 1, 1, tzinfo=WIB))

    assert [e.action for e in timeline_for(customer_a)] == ["customers.customer.created", "customers.contact.added"]


def test_timeline_for_only_this_customer(cast, customer_a, customer_b):
    assert {e.customer for e in timeline_for(customer_b)} == {customer_b}


def test_filter_audit_trail_from_first_day_of_year_one_has_no_lower_bound(cast):
    entry = unit_log(cast.unit_a, cast.agent_a)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), date_from=dt.date.min)) == [entry]


def test_filter_audit_trail_until_last_representable_day_has_no_upper_bound(cast):
    entry = unit_log(cast.unit_a, cast.agent_a)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), date_to=dt.date.max)) == [entry]


def test_filter_audit_trail_until_year_one_finds_nothing(cast):
    unit_log(cast.unit_a, cast.agent_a)

    assert list(filter_audit_trail(audit_trail_visible_to(cast.leader), date_to=dt.date.min)) == []
