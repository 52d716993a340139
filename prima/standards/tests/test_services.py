"""The write operations: catalogue, drafts, approval by leaders, publication, archive, charters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from prima.activity.models import ActivityLog
from prima.standards.components import COMPONENT_CODES, FEE, TIME_LIMIT, DurationUnit, TimeLimit
from prima.standards.models import ServiceCharter, ServiceStandard, StandardComponent, StandardStatus
from prima.standards.services import (
    ComponentInput,
    approve_standard,
    archive_service,
    create_service,
    draft_standard,
    publish_charter,
    publish_standard,
    return_to_draft,
    update_component,
    update_draft,
    update_service,
)
from prima.standards.tests.conftest import error_codes, new_service, published, written_draft


def actions() -> list[str]:
    return list(
        ActivityLog.objects.filter(action__startswith="standards.").order_by("id").values_list("action", flat=True)
    )


# --- catalogue ------------------------------------------------------------------------------------


def test_create_service_stores_bilingual_name_and_logs(cast):
    service = create_service(
        cast.unit_a,
        code="Izin-Usaha-Mikro",
        name={"id": " Izin Usaha Mikro ", "en": ""},
        description={"en": "For micro businesses"},
        actor=cast.supervisor,
    )

    assert (service.code, service.name, service.description, service.is_active, actions()) == (
        "izin-usaha-mikro",
        {"id": "Izin Usaha Mikro"},
        {"en": "For micro businesses"},
        True,
        ["standards.service.created"],
    )


@pytest.mark.parametrize(
    ("code", "name", "codes"),
    [
        ("izin usaha", {"id": "Izin"}, {"code": ["invalid_code"]}),
        ("", {"id": "Izin"}, {"code": ["invalid_code"]}),
        ("izin", {"en": "Permit"}, {"name_id": ["required"]}),
        ("izin", {"id": "x" * 201}, {"name_id": ["too_long"]}),
        ("izin", "Izin", {"name": ["not_bilingual"]}),
    ],
)
def test_create_service_rejects_bad_input(cast, code, name, codes):
    with pytest.raises(ValidationError) as caught:
        create_service(cast.unit_a, code=code, name=name, actor=cast.supervisor)

    assert error_codes(caught.value) == codes


def test_create_service_rejects_duplicate_code_in_unit_but_not_in_another(cast):
    new_service(cast.unit_a, cast.supervisor, code="izin")
    new_service(cast.unit_b, cast.leader, code="izin")

    with pytest.raises(ValidationError) as caught:
        new_service(cast.unit_a, cast.supervisor, code="izin")

    assert error_codes(caught.value) == {"code": ["duplicate_code"]}


@pytest.mark.parametrize("who", ["agent_a", "trainer", "agent_b"])
def test_create_service_refused_to_roles_that_do_not_run_the_unit(cast, who):
    with pytest.raises(PermissionDenied):
        new_service(cast.unit_a, getattr(cast, who))


def test_update_service_renames_but_keeps_code(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    update_service(service, name={"id": "Izin Usaha Mikro dan Kecil"}, actor=cast.supervisor)

    service.refresh_from_db()
    assert (service.code, service.name) == ("izin-usaha-mikro", {"id": "Izin Usaha Mikro dan Kecil"})


# --- drafts ---------------------------------------------------------------------------------------


def test_draft_standard_first_version_has_fourteen_empty_components(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    standard = draft_standard(service, actor=cast.supervisor)

    components = list(standard.components.order_by("position").values_list("code", "text", "amount"))
    assert (standard.version, standard.status, standard.based_on, components) == (
        1,
        StandardStatus.DRAFT,
        None,
        [(code, {}, None) for code in COMPONENT_CODES],
    )


def test_draft_standard_copies_components_of_the_published_version(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    first = published(service, cast.supervisor, cast.leader)

    second = draft_standard(service, actor=cast.supervisor)

    def contents(standard: ServiceStandard) -> list[tuple]:
        return list(
            standard.components.order_by("position").values_list(
                "code", "text", "amount", "duration_value", "duration_unit"
            )
        )

    assert (second.version, second.based_on, contents(second)) == (2, first, contents(first))


def test_draft_standard_refused_while_another_version_is_open(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    draft_standard(service, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        draft_standard(service, actor=cast.supervisor)

    assert error_codes(caught.value) == ["open_version_exists"]


def test_open_versions_limited_to_one_by_the_database(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    draft_standard(service, actor=cast.supervisor)

    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceStandard.objects.create(service=service, version=2, created_by=cast.supervisor)


def test_update_draft_saves_structured_values_and_logs_once(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    changed = update_draft(
        standard,
        components={
            FEE: ComponentInput(text={"id": "Tidak dipungut biaya"}, amount=0),
            TIME_LIMIT: ComponentInput(duration_value=5, duration_unit="working_days"),
            "requirements": ComponentInput(text={"id": "KTP", "en": "Identity card"}),
        },
        change_note="Rancangan awal",
        actor=cast.supervisor,
    )

    standard = ServiceStandard.objects.get(pk=standard.pk)
    assert (changed, standard.time_limit(), standard.fee_amount(), standard.change_note, actions()[-1]) == (
        ["requirements", TIME_LIMIT, FEE],
        TimeLimit(5, DurationUnit.WORKING_DAYS),
        0,
        "Rancangan awal",
        "standards.standard.updated",
    )


def test_update_draft_with_nothing_changed_logs_nothing(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)
    before = ActivityLog.objects.count()

    changed = update_draft(standard, components={"product": ComponentInput()}, actor=cast.supervisor)

    assert (changed, ActivityLog.objects.count()) == ([], before)


@pytest.mark.parametrize(
    ("code", "data", "codes"),
    [
        (FEE, ComponentInput(amount=-1), {"fee-amount": ["amount_out_of_range"]}),
        (FEE, ComponentInput(amount=2.5), {"fee-amount": ["amount_not_integer"]}),  # type: ignore[arg-type]
        (FEE, ComponentInput(amount=50_000.0), {"fee-amount": ["amount_not_integer"]}),  # type: ignore[arg-type]
        (FEE, ComponentInput(amount=Decimal("1500.50")), {"fee-amount": ["amount_not_integer"]}),
        (FEE, ComponentInput(amount=True), {"fee-amount": ["amount_not_integer"]}),
        (FEE, ComponentInput(amount=10**14), {"fee-amount": ["amount_out_of_range"]}),
        ("product", ComponentInput(amount=5000), {"product-amount": ["amount_not_allowed"]}),
        (TIME_LIMIT, ComponentInput(duration_value=5), {"time_limit-duration_unit": ["duration_incomplete"]}),
        (
            TIME_LIMIT,
            ComponentInput(duration_unit="working_days"),
            {"time_limit-duration_value": ["duration_incomplete"]},
        ),
        (
            TIME_LIMIT,
            ComponentInput(duration_value=0, duration_unit="hours"),
            {"time_limit-duration_value": ["duration_value"]},
        ),
        (
            TIME_LIMIT,
            ComponentInput(duration_value=3, duration_unit="weeks"),
            {"time_limit-duration_unit": ["duration_unit"]},
        ),
        (
            "requirements",
            ComponentInput(duration_value=3, duration_unit="working_days"),
            {"requirements-duration_value": ["duration_not_allowed"]},
        ),
        ("requirements", ComponentInput(text={"id": "x" * 10_001}), {"requirements-text_id": ["too_long"]}),
        ("requirements", ComponentInput(text={"jv": "Syarat"}), {"requirements-text": ["unknown_language"]}),
    ],
)
def test_update_component_rejects_bad_values_with_codes(cast, code, data, codes):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)
    component = standard.components.get(code=code)

    with pytest.raises(ValidationError) as caught:
        update_component(component, data, actor=cast.supervisor)

    assert error_codes(caught.value) == codes


def test_update_component_accepts_integral_decimal_rupiah(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    component = draft_standard(service, actor=cast.supervisor).components.get(code=FEE)

    update_component(component, ComponentInput(amount=Decimal("1250000")), actor=cast.supervisor)

    assert StandardComponent.objects.get(pk=component.pk).amount == 1_250_000


def test_update_draft_refused_on_an_approved_version(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        update_draft(standard, components={"product": ComponentInput(text={"id": "SK"})}, actor=cast.supervisor)

    assert error_codes(caught.value) == ["not_a_draft"]


def test_update_draft_on_a_stale_copy_refused(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    stale = ServiceStandard.objects.get(pk=standard.pk)
    approve_standard(standard, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        update_draft(stale, components={"product": ComponentInput(text={"id": "Diam-diam"})}, actor=cast.supervisor)

    assert (error_codes(caught.value), standard.components.get(code="product").text["id"]) == (
        ["stale"],
        "Produk pelayanan v1",
    )


def test_update_draft_refused_to_an_agent(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    with pytest.raises(PermissionDenied):
        update_draft(standard, components={"product": ComponentInput(text={"id": "SK"})}, actor=cast.agent_a)


# --- approval ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent_a", "supervisor", "admin", "trainer", "agent_b"])
def test_approve_standard_refused_to_non_leaders(cast, who):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)

    with pytest.raises(PermissionDenied) as caught, translation.override("en"):
        approve_standard(standard, actor=getattr(cast, who))

    standard.refresh_from_db()
    assert (standard.status, str(caught.value).startswith("Only a leader (pimpinan) of Perizinan Usaha")) == (
        StandardStatus.DRAFT,
        True,
    )


def test_approve_standard_refused_to_leader_of_a_sibling_unit(cast):
    from prima.accounts.models import Role
    from prima.factories import MembershipFactory

    MembershipFactory(user=cast.agent_b, unit=cast.unit_b, role=Role.LEADER)
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)

    with pytest.raises(PermissionDenied):
        approve_standard(standard, actor=cast.agent_b)


@pytest.mark.parametrize("who", ["unit_leader", "head_office_leader"])
def test_approve_standard_by_leader_of_the_unit_or_a_unit_above(cast, unit_leader, who):
    leader = unit_leader if who == "unit_leader" else cast.leader
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)

    approve_standard(standard, actor=leader)

    standard.refresh_from_db()
    assert (standard.status, standard.approved_by, standard.approved_at is not None, actions()[-1]) == (
        StandardStatus.APPROVED,
        leader,
        True,
        "standards.standard.approved",
    )


def test_approve_standard_refused_while_components_are_empty(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)
    update_draft(standard, components={"requirements": ComponentInput(text={"id": "KTP"})}, actor=cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        approve_standard(standard, actor=cast.leader)

    assert error_codes(caught.value) == ["incomplete"]


def test_approve_accepts_structured_fee_and_time_limit_without_text(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    update_draft(
        standard,
        components={
            FEE: ComponentInput(amount=0),
            TIME_LIMIT: ComponentInput(duration_value=1, duration_unit="working_hours"),
        },
        actor=cast.supervisor,
    )

    approve_standard(standard, actor=cast.leader)

    assert ServiceStandard.objects.get(pk=standard.pk).status == StandardStatus.APPROVED


def test_return_to_draft_clears_approval(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    return_to_draft(standard, actor=cast.leader)

    standard.refresh_from_db()
    assert (standard.status, standard.approved_by, standard.approved_at) == (StandardStatus.DRAFT, None, None)


def test_approve_standard_twice_refused(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        approve_standard(standard, actor=cast.leader)

    assert error_codes(caught.value) == ["wrong_status"]


# --- publication ------------------------------------------------------------------------------------


def test_publish_standard_requires_approval_first(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)

    with pytest.raises(ValidationError) as caught:
        publish_standard(standard, actor=cast.leader)

    assert error_codes(caught.value) == ["wrong_status"]


@pytest.mark.parametrize("who", ["agent_a", "supervisor", "admin"])
def test_publish_standard_refused_to_non_leaders(cast, who):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    with pytest.raises(PermissionDenied):
        publish_standard(standard, actor=getattr(cast, who))


def test_publish_standard_supersedes_the_previous_version_at_the_same_instant(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    first = published(service, cast.supervisor, cast.leader)

    second = published(service, cast.supervisor, cast.leader, version=2)

    first.refresh_from_db()
    statuses = dict(service.standards.values_list("version", "status"))
    assert (statuses, first.superseded_at == second.published_at, second.published_by) == (
        {1: StandardStatus.SUPERSEDED, 2: StandardStatus.PUBLISHED},
        True,
        cast.leader,
    )


def test_publish_standard_defaults_effective_date_to_today_in_the_unit_zone(cast):
    service = new_service(cast.unit_b, cast.leader)  # unit B keeps WITA

    standard = published(service, cast.leader, cast.leader)

    from zoneinfo import ZoneInfo

    assert standard.effective_from == timezone.localtime(standard.published_at, ZoneInfo("Asia/Makassar")).date()


def test_publish_standard_refuses_future_effective_date(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        publish_standard(standard, actor=cast.leader, effective_from=timezone.localdate() + timedelta(days=2))

    assert (error_codes(caught.value), ServiceStandard.objects.get(pk=standard.pk).status) == (
        {"effective_from": ["effective_in_future"]},
        StandardStatus.APPROVED,
    )


def test_publish_standard_refuses_effective_date_before_the_previous_version(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    today = timezone.localdate()
    first = published(service, cast.supervisor, cast.leader, effective_from=today - timedelta(days=10))
    second = written_draft(service, cast.supervisor, version=2)
    approve_standard(second, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        publish_standard(second, actor=cast.leader, effective_from=today - timedelta(days=11))

    first.refresh_from_db()
    assert (error_codes(caught.value), first.status) == (
        {"effective_from": ["effective_before_previous"]},
        StandardStatus.PUBLISHED,
    )


def test_only_one_published_version_enforced_by_the_database(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    second = written_draft(service, cast.supervisor, version=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceStandard.objects.filter(pk=second.pk).update(status=StandardStatus.PUBLISHED)


def test_old_versions_stay_readable_with_their_own_components(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    first = published(service, cast.supervisor, cast.leader)
    published(service, cast.supervisor, cast.leader, version=2)

    old = ServiceStandard.objects.get(pk=first.pk)

    assert (old.status, old.time_limit(), old.components.get(code="product").text) == (
        StandardStatus.SUPERSEDED,
        TimeLimit(5, DurationUnit.WORKING_DAYS),
        {"id": "Produk pelayanan v1", "en": "Service product v1"},
    )


def test_versioning_writes_the_audit_trail(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    published(service, cast.supervisor, cast.leader)

    assert actions() == [
        "standards.service.created",
        "standards.standard.drafted",
        "standards.standard.updated",
        "standards.standard.approved",
        "standards.standard.published",
    ]


# --- archive ----------------------------------------------------------------------------------------


def test_archive_service_withdraws_the_published_version(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = published(service, cast.supervisor, cast.leader)

    archive_service(service, actor=cast.leader)

    standard.refresh_from_db()
    service.refresh_from_db()
    assert (service.is_active, standard.status, standard.superseded_at is not None) == (
        False,
        StandardStatus.SUPERSEDED,
        True,
    )


def test_archived_service_takes_no_new_draft(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    archive_service(service, actor=cast.leader)

    with pytest.raises(ValidationError) as caught:
        draft_standard(service, actor=cast.supervisor)

    assert error_codes(caught.value) == ["archived"]


def test_archive_service_refused_to_a_supervisor(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    with pytest.raises(PermissionDenied):
        archive_service(service, actor=cast.supervisor)


# --- charter ----------------------------------------------------------------------------------------


def test_publish_charter_versions_and_keeps_one_in_force(cast, unit_leader):
    first = publish_charter(cast.unit_a, text={"id": "Kami sanggup."}, actor=unit_leader)

    second = publish_charter(
        cast.unit_a, text={"id": "Kami sanggup dan siap.", "en": "We can."}, signatory="Kepala", actor=cast.leader
    )

    first.refresh_from_db()
    in_force = list(ServiceCharter.objects.filter(unit=cast.unit_a, superseded_at__isnull=True))
    assert (first.superseded_at == second.published_at, second.version, in_force) == (True, 2, [second])


@pytest.mark.parametrize("who", ["supervisor", "agent_a", "admin"])
def test_publish_charter_refused_to_non_leaders(cast, who):
    with pytest.raises(PermissionDenied):
        publish_charter(cast.unit_a, text={"id": "Kami sanggup."}, actor=getattr(cast, who))


def test_publish_charter_requires_indonesian_text(cast):
    with pytest.raises(ValidationError) as caught:
        publish_charter(cast.unit_a, text={"en": "We can."}, actor=cast.leader)

    assert error_codes(caught.value) == {"text_id": ["required"]}
