import datetime as dt

import pytest
from django.utils import timezone

from prima.factories import UserFactory
from prima.improvement.services import open_action, propose_action

pytestmark = pytest.mark.django_db


def perms(user, permission, obj=None) -> bool:
    return user.has_perm(permission, obj)


def test_view_improvement_for_any_staff_role(cast):
    assert [perms(u, "improvement.view_improvement") for u in (cast.agent_a, cast.trainer, UserFactory())] == [
        True,
        True,
        False,
    ]


def test_manage_objectives_for_leaders_and_admins_of_the_unit_or_above(cast):
    assert [
        perms(user, "improvement.manage_objectives", cast.unit_a)
        for user in (cast.leader, cast.admin, cast.supervisor, cast.agent_a)
    ] == [True, True, False, False]


def test_manage_actions_for_supervisors_and_leaders_of_the_unit(cast):
    assert [
        perms(user, "improvement.manage_actions", unit)
        for user, unit in (
            (cast.supervisor, cast.unit_a),
            (cast.supervisor, cast.unit_b),
            (cast.leader, cast.unit_b),
            (cast.agent_a, cast.unit_a),
        )
    ] == [True, False, True, False]


def test_owner_records_progress_but_does_not_verify(cast):
    action = open_action(
        unit=cast.unit_a,
        title="Perbaiki alur antrean",
        source_kind="complaint",
        owner=cast.agent_a,
        due_date=timezone.localdate() + dt.timedelta(days=3),
        actor=cast.supervisor,
    )

    assert [
        perms(cast.agent_a, "improvement.record_progress", action),
        perms(cast.agent_a, "improvement.verify_action", action),
        perms(cast.supervisor, "improvement.verify_action", action),
        perms(cast.agent_b, "improvement.record_progress", action),
    ] == [True, False, True, False]


def test_a_colleague_proposes_but_does_not_decide(cast):
    proposal = propose_action(unit=cast.unit_a, title="Kursi prioritas", actor=cast.agent_a)

    assert [
        perms(cast.agent_a, "improvement.propose_action", cast.unit_a),
        perms(cast.agent_a, "improvement.decide_proposal", proposal),
        perms(cast.leader, "improvement.decide_proposal", proposal),
        perms(cast.agent_b, "improvement.propose_action", cast.unit_a),
    ] == [True, False, True, False]
