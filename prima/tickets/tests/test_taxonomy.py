"""A unit's categories, tags and canned replies."""

import pytest
from django.core.exceptions import ValidationError

from prima.tickets.services import create_canned_reply, create_category, create_tag

from .conftest import error_codes


def test_create_category_belongs_to_unit(cast):
    category = create_category(cast.unit_a, name=" Izin usaha ", actor=cast.supervisor)

    assert (category.unit, category.name, category.is_active) == (cast.unit_a, "Izin usaha", True)


def test_create_category_refuses_duplicate_name_in_unit(cast):
    create_category(cast.unit_a, name="Izin usaha", actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        create_category(cast.unit_a, name="izin USAHA", actor=cast.supervisor)

    assert error_codes(caught.value) == {"name": ["duplicate"]}


def test_create_category_allows_same_name_in_other_unit(cast):
    create_category(cast.unit_a, name="Umum", actor=cast.supervisor)

    assert create_category(cast.unit_b, name="Umum", actor=cast.leader).unit == cast.unit_b


def test_create_category_refuses_empty_name(cast):
    with pytest.raises(ValidationError) as caught:
        create_category(cast.unit_a, name="", actor=cast.supervisor)

    assert error_codes(caught.value) == {"name": ["required"]}


def test_create_tag_refuses_duplicate_in_organisation(cast):
    create_tag(cast.organisation, name="media", actor=cast.admin)

    with pytest.raises(ValidationError) as caught:
        create_tag(cast.organisation, name="Media", actor=cast.admin)

    assert error_codes(caught.value) == {"name": ["duplicate"]}


def test_create_tag_refuses_long_name(cast):
    with pytest.raises(ValidationError) as caught:
        create_tag(cast.organisation, name="x" * 51, actor=cast.admin)

    assert error_codes(caught.value) == {"name": ["max_length"]}


def test_create_canned_reply_stores_language(cast):
    reply = create_canned_reply(cast.unit_a, title="NIB", body="Syaratnya KTP.", language="en", actor=cast.supervisor)

    assert (reply.unit, reply.title, reply.body, reply.language) == (cast.unit_a, "NIB", "Syaratnya KTP.", "en")


def test_create_canned_reply_refuses_unknown_language(cast):
    with pytest.raises(ValidationError) as caught:
        create_canned_reply(cast.unit_a, title="NIB", body="Isi", language="jv", actor=cast.supervisor)

    assert error_codes(caught.value) == {"language": ["invalid_choice"]}
