"""Write operations on organisations, units and memberships, and what they log."""

import pytest
from django.utils import translation

from prima.accounts.models import Membership, Organisation, OrganisationKind, Role, TimeZone
from prima.accounts.queries import has_role, units_visible_to
from prima.accounts.services import create_organisation, create_service_unit, grant_role, set_user_language
from prima.activity.models import ActivityLog
from prima.activity.registry import describe
from prima.factories import OrganisationFactory, UserFactory


def test_create_organisation_creates_it(cast):
    organisation = create_organisation("Puskesmas Cibeunying", kind=OrganisationKind.CLINIC, actor=cast.admin)

    assert Organisation.objects.filter(pk=organisation.pk, kind="clinic").exists() is True


def test_create_organisation_logs_action(cast):
    organisation = create_organisation("Puskesmas Cibeunying", actor=cast.admin)

    entry = ActivityLog.objects.get(action="accounts.organisation.created")
    assert (entry.actor, entry.object_id, entry.data) == (
        cast.admin,
        str(organisation.pk),
        {"name": "Puskesmas Cibeunying"},
    )


def test_create_service_unit_top_level_path(db):
    organisation = OrganisationFactory()

    unit = create_service_unit(organisation, name="Kantor", code="kantor", actor=None)

    assert unit.path == f"/{unit.pk}/"


def test_create_service_unit_child_path_extends_parent(cast):
    unit = create_service_unit(cast.organisation, name="Loket 1", code="loket-1", parent=cast.unit_a, actor=cast.admin)

    assert unit.path == f"/{cast.head_office.pk}/{cast.unit_a.pk}/{unit.pk}/"


def test_create_service_unit_depth(cast):
    unit = create_service_unit(cast.organisation, name="Loket 1", code="loket-1", parent=cast.unit_a, actor=cast.admin)

    assert unit.depth == 2


def test_create_service_unit_keeps_time_zone(cast):
    unit = create_service_unit(
        cast.organisation, name="Loket Papua", code="papua", time_zone=TimeZone.WIT, actor=cast.admin
    )

    assert unit.time_zone == "Asia/Jayapura"


def test_create_service_unit_is_visible_to_leader_above(cast):
    unit = create_service_unit(cast.organisation, name="Loket 1", code="loket-1", parent=cast.unit_a, actor=cast.admin)

    assert unit in units_visible_to(cast.leader)


def test_create_service_unit_refuses_parent_of_other_organisation(cast):
    with pytest.raises(ValueError, match="same organisation"):
        create_service_unit(OrganisationFactory(), name="Loket", code="loket", parent=cast.unit_a, actor=None)


def test_create_service_unit_logs_action(cast):
    unit = create_service_unit(cast.organisation, name="Loket 1", code="loket-1", parent=cast.unit_a, actor=cast.admin)

    entry = ActivityLog.objects.get(action="accounts.unit.created")
    assert (entry.actor, entry.unit, entry.data) == (cast.admin, unit, {"name": "Loket 1"})


def test_grant_role_creates_membership(cast):
    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)

    assert set(Membership.objects.filter(user=cast.agent_b).values_list("unit__code", "role")) == {
        ("bangunan", "agent"),
        ("usaha", "supervisor"),
    }


def test_grant_role_is_idempotent(cast):
    first = grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)
    second = grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)

    assert (first.pk, Membership.objects.filter(user=cast.agent_b, unit=cast.unit_a).count()) == (second.pk, 1)


def test_grant_role_logs_once(cast):
    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)
    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)

    entries = ActivityLog.objects.filter(action="accounts.role.granted")
    assert [(e.actor, e.unit, e.data) for e in entries] == [
        (cast.admin, cast.unit_a, {"role": "supervisor", "user": "petugas.b@prima.test"})
    ]


def test_grant_role_log_describes_role_by_its_label(cast):
    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)

    entry = ActivityLog.objects.get(action="accounts.role.granted")
    with translation.override("en"):
        assert describe(entry.action, entry.data) == "Role Supervisor (koordinator) granted to petugas.b@prima.test"


def test_grant_role_takes_effect_for_the_same_user_object(cast):
    assert has_role(cast.agent_b, {Role.SUPERVISOR}, cast.unit_a) is False

    grant_role(cast.agent_b, unit=cast.unit_a, role=Role.SUPERVISOR, actor=cast.admin)

    assert has_role(cast.agent_b, {Role.SUPERVISOR}, cast.unit_a) is True


def test_set_user_language_saves_language(cast):
    set_user_language(cast.agent_a, language="en", actor=cast.agent_a)

    cast.agent_a.refresh_from_db()
    assert cast.agent_a.language == "en"


def test_set_user_language_logs_action(cast):
    set_user_language(cast.agent_a, language="en", actor=cast.agent_a)

    entry = ActivityLog.objects.get(action="accounts.user.language_changed")
    assert (entry.actor, entry.data) == (cast.agent_a, {"language": "en"})


def test_create_user_lowercases_email(db):
    from prima.accounts.models import User

    user = User.objects.create_user("Petugas.C@Prima.TEST", "rahasia-prima-123", full_name="Citra")

    assert user.email == "petugas.c@prima.test"


def test_user_str_falls_back_to_email(db):
    assert str(UserFactory(email="x@prima.test", full_name="")) == "x@prima.test"


def test_set_user_language_log_describes_language_by_name(cast):
    set_user_language(cast.agent_a, language="en", actor=cast.agent_a)

    entry = ActivityLog.objects.get(action="accounts.user.language_changed")
    with translation.override("en"):
        assert describe(entry.action, entry.data) == "Language changed to English"
