"""Customers are read only through queries scoped to the reader's service units."""

import pytest
from django.contrib.auth.models import AnonymousUser

from prima.customers.models import Customer
from prima.customers.queries import (
    customer_for,
    customer_list,
    customers_visible_to,
    search_customers,
    segments_visible_to,
)
from prima.customers.services import ContactInput, create_customer
from prima.factories import CustomerFactory, OrganisationFactory, SegmentFactory, UserFactory


def names(customers) -> list[str]:
    return [customer.name for customer in customers.order_by("name")]


def test_customers_visible_to_agent_a_sees_unit_a_customer(customer_a, customer_b, cast):
    assert names(customers_visible_to(cast.agent_a)) == ["Budi Santoso"]


def test_customers_visible_to_agent_b_sees_unit_b_customer(customer_a, customer_b, cast):
    assert names(customers_visible_to(cast.agent_b)) == ["CV Maju Jaya"]


def test_customers_visible_to_leader_sees_both(customer_a, customer_b, cast):
    assert names(customers_visible_to(cast.leader)) == ["Budi Santoso", "CV Maju Jaya"]


def test_customers_visible_to_trainer_at_head_office_sees_none(customer_a, customer_b, cast):
    assert names(customers_visible_to(cast.trainer)) == []


def test_customers_visible_to_anonymous_sees_none(customer_a, customer_b):
    assert names(customers_visible_to(AnonymousUser())) == []


def test_customers_visible_to_lists_customer_of_two_units_once(cast):
    CustomerFactory(organisation=cast.organisation, name="Bersama", units=[cast.unit_a, cast.unit_b])

    assert names(customers_visible_to(cast.leader)) == ["Bersama"]


def test_customers_visible_to_agent_sees_shared_customer(cast):
    CustomerFactory(organisation=cast.organisation, name="Bersama", units=[cast.unit_a, cast.unit_b])

    assert names(customers_visible_to(cast.agent_b)) == ["Bersama"]


def test_customer_for_returns_visible_customer(customer_a, cast):
    assert customer_for(cast.agent_a, customer_a.pk) == customer_a


def test_customer_for_refuses_customer_of_other_unit(customer_b, cast):
    with pytest.raises(Customer.DoesNotExist):
        customer_for(cast.agent_a, customer_b.pk)


def test_customer_for_refuses_missing_customer(cast):
    with pytest.raises(Customer.DoesNotExist):
        customer_for(cast.leader, 999_999)


def test_search_customers_by_name_ignores_case(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "budi")) == ["Budi Santoso"]


def test_search_customers_by_phone_written_with_zero(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "0812-3456-7890")) == ["Budi Santoso"]


def test_search_customers_by_phone_written_with_62(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "62 812 3456 7890")) == ["Budi Santoso"]


def test_search_customers_by_partial_number(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "3456")) == ["Budi Santoso"]


def test_search_customers_by_email_ignores_case(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "INFO@majujaya.co.id")) == ["CV Maju Jaya"]


def test_search_customers_blank_term_returns_all(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "  ")) == ["Budi Santoso", "CV Maju Jaya"]


def test_search_customers_no_match(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.leader), "Tidak Ada")) == []


def test_search_customers_stays_within_scope(customer_a, customer_b, cast):
    assert names(search_customers(customers_visible_to(cast.agent_a), "majujaya")) == []


def test_search_customers_customer_with_two_matching_contacts_listed_once(cast):
    create_customer(
        cast.organisation,
        name="Sari",
        units=[cast.unit_a],
        contacts=[ContactInput("whatsapp", "0812-1111-2222"), ContactInput("phone", "0812-1111-2222")],
        actor=cast.agent_a,
    )

    assert names(search_customers(customers_visible_to(cast.agent_a), "0812-1111-2222")) == ["Sari"]


def test_customer_list_filters_by_segment(customer_a, customer_b, cast):
    segment = SegmentFactory(organisation=cast.organisation, name="UMKM")
    customer_b.segments.add(segment)

    assert names(customer_list(cast.leader, segment_id=segment.pk)) == ["CV Maju Jaya"]


def test_customer_list_orders_by_name(customer_a, customer_b, cast):
    CustomerFactory(organisation=cast.organisation, name="Ani", units=[cast.unit_b])

    assert [c.name for c in customer_list(cast.leader)] == ["Ani", "Budi Santoso", "CV Maju Jaya"]


def test_customer_list_searches(customer_a, customer_b, cast):
    assert [c.name for c in customer_list(cast.leader, term="maju")] == ["CV Maju Jaya"]


def test_segments_visible_to_lists_own_organisation_segments(cast):
    SegmentFactory(organisation=cast.organisation, name="UMKM")
    SegmentFactory(organisation=OrganisationFactory(), name="Lain")

    assert [s.name for s in segments_visible_to(cast.agent_a)] == ["UMKM"]


def test_segments_visible_to_user_without_membership_is_empty(cast):
    SegmentFactory(organisation=cast.organisation, name="UMKM")

    assert list(segments_visible_to(UserFactory())) == []
