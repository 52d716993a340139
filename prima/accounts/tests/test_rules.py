"""Permissions by role: who may use Prima, see a unit, audit changes and work with customers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from prima.factories import UserFactory

PEOPLE = ["leader", "supervisor", "agent_a", "agent_b", "trainer", "admin"]


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("leader", True),
        ("supervisor", True),
        ("agent_a", False),
        ("agent_b", False),
        ("trainer", False),
        ("admin", True),
    ],
)
def test_view_audit_trail_by_role(cast, person, allowed):
    assert getattr(cast, person).has_perm("accounts.view_audit_trail") is allowed


@pytest.mark.parametrize(
    ("person", "allowed"),
    [("leader", True), ("supervisor", True), ("agent_a", True), ("agent_b", True), ("trainer", False), ("admin", True)],
)
def test_view_customer_list_by_role(cast, person, allowed):
    assert getattr(cast, person).has_perm("customers.view_customer_list") is allowed


@pytest.mark.parametrize("person", PEOPLE)
def test_use_prima_for_every_member(cast, person):
    assert getattr(cast, person).has_perm("accounts.use_prima") is True


def test_use_prima_refused_without_membership(db):
    assert UserFactory().has_perm("accounts.use_prima") is False


def test_use_prima_refused_for_anonymous(db):
    assert AnonymousUser().has_perm("accounts.use_prima") is False


def test_view_unit_own_unit(cast):
    assert cast.agent_a.has_perm("accounts.view_unit", cast.unit_a) is True


def test_view_unit_sibling_unit_refused(cast):
    assert cast.agent_a.has_perm("accounts.view_unit", cast.unit_b) is False


def test_view_unit_leader_child_unit(cast):
    assert cast.leader.has_perm("accounts.view_unit", cast.unit_b) is True


def test_view_unit_without_unit_refused(cast):
    assert cast.leader.has_perm("accounts.view_unit", None) is False


def test_view_customer_refused_for_trainer_of_serving_unit(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.head_office])

    assert cast.trainer.has_perm("customers.view_customer", customer) is False


def test_change_customer_refused_for_agent_of_other_unit(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_b])

    assert cast.agent_a.has_perm("customers.change_customer", customer) is False


def test_manage_consent_allowed_for_leader_above(cast):
    from prima.factories import CustomerFactory

    customer = CustomerFactory(organisation=cast.organisation, units=[cast.unit_b])

    assert cast.leader.has_perm("customers.manage_consent", customer) is True
