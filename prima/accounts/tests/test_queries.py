"""Who sees which service units, and which roles a person holds where."""

import pytest
from django.contrib.auth.models import AnonymousUser

from prima.accounts.models import Role, ServiceUnit
from prima.accounts.queries import has_role, roles_of, staff_visible_to, unit_for, units_visible_to
from prima.accounts.services import create_service_unit
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory


def visible_names(user) -> set[str]:
    return set(units_visible_to(user).values_list("name", flat=True))


def test_units_visible_to_agent_sees_own_unit_only(cast):
    assert visible_names(cast.agent_a) == {"Perizinan Usaha"}


def test_units_visible_to_supervisor_sees_own_unit_only(cast):
    assert visible_names(cast.supervisor) == {"Perizinan Usaha"}


def test_units_visible_to_leader_sees_subtree(cast):
    assert visible_names(cast.leader) == {"Kantor Pusat", "Perizinan Usaha", "Perizinan Bangunan"}


def test_units_visible_to_admin_sees_subtree(cast):
    assert visible_names(cast.admin) == {"Kantor Pusat", "Perizinan Usaha", "Perizinan Bangunan"}


def test_units_visible_to_trainer_sees_own_unit_only(cast):
    assert visible_names(cast.trainer) == {"Kantor Pusat"}


def test_units_visible_to_leader_of_child_unit_does_not_see_parent_or_sibling(cast):
    leader_a = UserFactory()
    MembershipFactory(user=leader_a, unit=cast.unit_a, role=Role.LEADER)

    assert visible_names(leader_a) == {"Perizinan Usaha"}


def test_units_visible_to_leader_does_not_see_other_organisation(cast):
    other = ServiceUnitFactory(name="Dinas Lain")

    assert other.name not in visible_names(cast.leader)


def test_units_visible_to_leader_does_not_see_unit_with_similar_path_prefix(cast):
    # "/1/" must not match "/10/": the materialised path ends in a slash.
    units = [ServiceUnitFactory(organisation=cast.organisation) for _ in range(10)]
    leader = UserFactory()
    MembershipFactory(user=leader, unit=units[0], role=Role.LEADER)

    assert set(units_visible_to(leader)) == {units[0]}


def test_units_visible_to_superuser_sees_all(cast):
    other = ServiceUnitFactory(name="Dinas Lain")
    root = UserFactory(is_superuser=True)

    assert set(units_visible_to(root)) == {cast.head_office, cast.unit_a, cast.unit_b, other}


def test_units_visible_to_anonymous_sees_none(cast):
    assert list(units_visible_to(AnonymousUser())) == []


def test_units_visible_to_user_without_membership_sees_none(cast):
    assert list(units_visible_to(UserFactory())) == []


def test_units_visible_to_ignores_membership_in_inactive_unit(cast):
    cast.unit_a.is_active = False
    cast.unit_a.save()

    assert list(units_visible_to(cast.agent_a)) == []


def test_unit_for_returns_visible_unit(cast):
    assert unit_for(cast.agent_a, cast.unit_a.pk) == cast.unit_a


def test_unit_for_refuses_invisible_unit(cast):
    with pytest.raises(ServiceUnit.DoesNotExist):
        unit_for(cast.agent_a, cast.unit_b.pk)


def test_roles_of_without_unit_lists_every_role(cast):
    MembershipFactory(user=cast.agent_a, unit=cast.unit_b, role=Role.SUPERVISOR)

    assert roles_of(cast.agent_a) == {Role.AGENT, Role.SUPERVISOR}


def test_roles_of_in_unit_lists_roles_held_there(cast):
    assert roles_of(cast.agent_a, cast.unit_a) == {Role.AGENT}


def test_roles_of_in_other_unit_is_empty(cast):
    assert roles_of(cast.agent_a, cast.unit_b) == set()


def test_roles_of_includes_subtree_role_held_in_ancestor(cast):
    assert roles_of(cast.leader, cast.unit_b) == {Role.LEADER}


def test_roles_of_excludes_non_subtree_role_held_in_ancestor(cast):
    assert roles_of(cast.trainer, cast.unit_a) == set()


def test_roles_of_does_not_reach_up_to_ancestor(cast):
    assert roles_of(cast.supervisor, cast.head_office) == set()


def test_roles_of_anonymous_is_empty(cast):
    assert roles_of(AnonymousUser()) == set()


def test_has_role_true_for_role_held(cast):
    assert has_role(cast.supervisor, {Role.SUPERVISOR}, cast.unit_a) is True


def test_has_role_false_for_role_not_held(cast):
    assert has_role(cast.agent_a, {Role.SUPERVISOR, Role.LEADER}) is False


def test_has_role_true_for_admin_in_child_unit(cast):
    assert has_role(cast.admin, {Role.ADMIN}, cast.unit_b) is True


def test_has_role_false_for_agent_in_sibling_unit(cast):
    assert has_role(cast.agent_a, {Role.AGENT}, cast.unit_b) is False


def test_has_role_true_for_superuser_without_membership(cast):
    assert has_role(UserFactory(is_superuser=True), {Role.LEADER}, cast.unit_b) is True


def test_has_role_false_for_anonymous(cast):
    assert has_role(AnonymousUser(), {Role.AGENT}) is False


def test_has_role_sees_unit_created_below_leader_later(cast):
    new_unit = create_service_unit(cast.organisation, name="Loket Baru", code="loket", parent=cast.unit_b, actor=None)

    assert has_role(cast.leader, {Role.LEADER}, new_unit) is True


def test_staff_visible_to_supervisor_lists_unit_a_staff(cast):
    assert set(staff_visible_to(cast.supervisor)) == {cast.supervisor, cast.agent_a}


def test_staff_visible_to_leader_lists_everyone_once(cast):
    MembershipFactory(user=cast.agent_a, unit=cast.unit_b, role=Role.AGENT)

    assert sorted(u.email for u in staff_visible_to(cast.leader)) == sorted(
        [
            "pimpinan@prima.test",
            "koordinator@prima.test",
            "petugas.a@prima.test",
            "petugas.b@prima.test",
            "pelatih@prima.test",
            "admin@prima.test",
        ]
    )


def test_staff_visible_to_excludes_inactive_staff(cast):
    cast.agent_a.is_active = False
    cast.agent_a.save()

    assert set(staff_visible_to(cast.supervisor)) == {cast.supervisor}


def test_units_visible_to_other_organisation_leader_sees_only_own(cast):
    organisation = OrganisationFactory()
    unit = ServiceUnitFactory(organisation=organisation)
    leader = UserFactory()
    MembershipFactory(user=leader, unit=unit, role=Role.LEADER)

    assert set(units_visible_to(leader)) == {unit}
