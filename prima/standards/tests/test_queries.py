"""Reading: the version in force at a moment, scoping, the catalogue rows, the public selections."""

from datetime import timedelta

import pytest
from django.utils import timezone

from prima.standards.components import SERVICE_DELIVERY_CODES, DurationUnit, TimeLimit
from prima.standards.models import ServiceStandard, StandardStatus
from prima.standards.queries import (
    catalogue_for,
    public_standard,
    published_services_of,
    services_visible_to,
    standard_for,
    standard_in_force,
    units_editable_by,
)
from prima.standards.services import approve_standard, archive_service, draft_standard
from prima.standards.tests.conftest import new_service, published, written_draft


def test_standard_in_force_at_different_moments(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    before_any = timezone.now()
    first = published(service, cast.supervisor, cast.leader)
    while_first = timezone.now()
    second = published(service, cast.supervisor, cast.leader, version=2)
    written_draft(service, cast.supervisor, version=3)  # drafts are never in force

    first.refresh_from_db()
    assert (
        standard_in_force(service, before_any),
        standard_in_force(service, while_first),
        standard_in_force(service, first.published_at),
        standard_in_force(service, first.superseded_at),
        standard_in_force(service, second.published_at + timedelta(days=400)),
        standard_in_force(service),
    ) == (None, first, first, second, second, second)


def test_standard_in_force_reads_the_time_limit_of_the_version_then(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    while_first = timezone.now()
    published(service, cast.supervisor, cast.leader, version=2)

    assert (standard_in_force(service.pk, while_first).time_limit(), standard_in_force(service).time_limit()) == (
        TimeLimit(5, DurationUnit.WORKING_DAYS),
        TimeLimit(3, DurationUnit.WORKING_DAYS),
    )


def test_standard_in_force_none_after_the_service_is_archived(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = published(service, cast.supervisor, cast.leader)
    while_published = timezone.now()

    archive_service(service, actor=cast.leader)

    assert (standard_in_force(service), standard_in_force(service, while_published)) == (None, standard)


def test_services_visible_to_follows_unit_scope(cast):
    in_a = new_service(cast.unit_a, cast.supervisor, code="a")
    in_b = new_service(cast.unit_b, cast.leader, code="b")

    assert (
        set(services_visible_to(cast.agent_a)),
        set(services_visible_to(cast.agent_b)),
        set(services_visible_to(cast.leader)),
    ) == ({in_a}, {in_b}, {in_a, in_b})


def test_standard_for_hides_other_units_versions(cast):
    service = new_service(cast.unit_b, cast.leader)
    standard = draft_standard(service, actor=cast.leader)

    with pytest.raises(ServiceStandard.DoesNotExist):
        standard_for(cast.agent_a, standard.pk)
    assert standard_for(cast.agent_b, standard.pk) == standard


def test_catalogue_rows_carry_published_and_open_versions(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    second = written_draft(service, cast.supervisor, version=2)
    approve_standard(second, actor=cast.leader)
    new_service(cast.unit_a, cast.supervisor, code="izin-reklame", id="Izin Reklame")

    rows = [
        (row.code, row.published_version, row.open_version, row.open_status) for row in catalogue_for(cast.supervisor)
    ]

    assert rows == [
        ("izin-reklame", None, None, None),
        ("izin-usaha-mikro", 1, 2, StandardStatus.APPROVED),
    ]


def test_catalogue_hides_archived_services_unless_asked(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    archive_service(service, actor=cast.leader)

    assert (list(catalogue_for(cast.supervisor)), list(catalogue_for(cast.supervisor, include_archived=True))) == (
        [],
        [service],
    )


def test_units_editable_by_roles(cast, unit_leader):
    assert (
        set(units_editable_by(cast.supervisor)),
        set(units_editable_by(cast.agent_a)),
        set(units_editable_by(unit_leader)),
        set(units_editable_by(cast.leader)),
    ) == ({cast.unit_a}, set(), {cast.unit_a}, {cast.head_office, cast.unit_a, cast.unit_b})


def test_public_standard_only_published_with_delivery_components(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    assert public_standard(service.pk) is None
    standard = published(service, cast.supervisor, cast.leader)
    written_draft(service, cast.supervisor, version=2)

    found = public_standard(service.pk)

    assert (found, [c.code for c in found.components.all()]) == (standard, list(SERVICE_DELIVERY_CODES))


def test_published_services_of_lists_only_services_with_a_published_version(cast):
    shown = new_service(cast.unit_a, cast.supervisor)
    published(shown, cast.supervisor, cast.leader)
    only_draft = new_service(cast.unit_a, cast.supervisor, code="izin-reklame")
    written_draft(only_draft, cast.supervisor)
    archived = new_service(cast.unit_a, cast.supervisor, code="izin-lama")
    published(archived, cast.supervisor, cast.leader)
    archive_service(archived, actor=cast.leader)

    assert [(s, s.published_version) for s in published_services_of(cast.unit_a)] == [(shown, 1)]
