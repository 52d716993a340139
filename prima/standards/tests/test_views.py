"""Staff pages: catalogue, service detail, draft editor, approval and publication, charter; scoping."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from prima.standards.components import COMPONENT_CODES, FEE, TIME_LIMIT, DurationUnit, TimeLimit
from prima.standards.models import Service, ServiceCharter, ServiceStandard, StandardStatus
from prima.standards.services import approve_standard, draft_standard
from prima.standards.tests.conftest import new_service, published, speak_english, written_draft


def editor_post(standard: ServiceStandard, **overrides: str) -> dict[str, str]:
    """The draft editor's form as the page would send it, with every component written."""
    data: dict[str, str] = {"change_note": "Revisi"}
    for component in standard.components.all():
        data[f"{component.code}-text_id"] = component.text.get("id", "") or f"Isi {component.code}"
        data[f"{component.code}-text_en"] = component.text.get("en", "")
    data.update({f"{FEE}-amount": "Rp 25.000", f"{TIME_LIMIT}-duration_value": "5"})
    data[f"{TIME_LIMIT}-duration_unit"] = "working_days"
    data.update(overrides)
    return data


# --- catalogue --------------------------------------------------------------------------------------


def test_catalogue_lists_only_services_of_visible_units(cast):
    new_service(cast.unit_a, cast.supervisor, code="a", id="Izin Usaha Mikro")
    new_service(cast.unit_b, cast.leader, code="b", id="Izin Mendirikan Bangunan")

    response = client_for(cast.agent_a).get(reverse("standards:catalogue"))

    names = [service.display_name for service in response.context["page"]]
    assert (response.status_code, names) == (200, ["Izin Usaha Mikro"])


def test_catalogue_shows_english_names_to_english_readers(cast):
    speak_english(cast.agent_a)
    new_service(cast.unit_a, cast.supervisor, code="a", id="Izin Usaha Mikro", en="Micro Business Permit")
    new_service(cast.unit_a, cast.supervisor, code="b", id="Izin Reklame")

    response = client_for(cast.agent_a).get(reverse("standards:catalogue"))

    content = response.content.decode()
    assert ("Micro Business Permit" in content, "Izin Reklame" in content, "Service catalogue" in content) == (
        True,
        True,
        True,
    )


def test_catalogue_requires_sign_in(cast):
    response = Client().get(reverse("standards:catalogue"))

    assert (response.status_code, response["Location"].startswith(reverse("accounts:login"))) == (302, True)


# --- scoping ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["standards:service", "standards:service_edit"],
)
def test_other_units_service_is_not_found(cast, name):
    service = new_service(cast.unit_b, cast.leader)

    response = client_for(cast.supervisor).get(reverse(name, args=[service.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["standards:standard", "standards:edit", "standards:compare"])
def test_other_units_standard_is_not_found(cast, name):
    service = new_service(cast.unit_b, cast.leader)
    standard = draft_standard(service, actor=cast.leader)

    response = client_for(cast.supervisor).get(reverse(name, args=[standard.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["standards:draft", "standards:approve", "standards:publish", "standards:archive"])
def test_other_units_actions_are_not_found(cast, name):
    service = new_service(cast.unit_b, cast.leader)
    standard = written_draft(service, cast.leader)
    target = service.pk if name in ("standards:draft", "standards:archive") else standard.pk

    response = client_for(cast.supervisor).post(reverse(name, args=[target]))

    assert (response.status_code, ServiceStandard.objects.get(pk=standard.pk).status) == (404, StandardStatus.DRAFT)


def test_other_units_charter_is_not_found(cast):
    response = client_for(cast.agent_a).get(reverse("standards:charter", args=[cast.unit_b.pk]))

    assert response.status_code == 404


# --- creating and editing ---------------------------------------------------------------------------------


def test_service_create_view_creates_and_redirects(cast):
    response = client_for(cast.supervisor).post(
        reverse("standards:service_create"),
        {"unit": cast.unit_a.pk, "code": "izin-reklame", "name_id": "Izin Reklame", "name_en": "Billboard permit"},
    )

    service = Service.objects.get()
    assert (response.status_code, response["Location"], service.name) == (
        302,
        reverse("standards:service", args=[service.pk]),
        {"id": "Izin Reklame", "en": "Billboard permit"},
    )


def test_service_create_view_refuses_a_unit_the_user_does_not_run(cast):
    response = client_for(cast.supervisor).post(
        reverse("standards:service_create"), {"unit": cast.unit_b.pk, "code": "izin", "name_id": "Izin"}
    )

    assert (response.status_code, Service.objects.count(), list(response.context["form"].errors)) == (400, 0, ["unit"])


def test_service_create_view_duplicate_code_is_a_field_error(cast):
    speak_english(cast.supervisor)
    new_service(cast.unit_a, cast.supervisor, code="izin")

    response = client_for(cast.supervisor).post(
        reverse("standards:service_create"), {"unit": cast.unit_a.pk, "code": "izin", "name_id": "Izin lain"}
    )

    assert (response.status_code, response.context["form"].errors["code"]) == (
        400,
        ["This unit already has a service with code izin."],
    )


def test_service_create_view_forbidden_to_agents(cast):
    response = client_for(cast.agent_a).get(reverse("standards:service_create"))

    assert response.status_code == 403


def test_draft_view_starts_a_draft_and_opens_the_editor(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    response = client_for(cast.supervisor).post(reverse("standards:draft", args=[service.pk]))

    standard = service.standards.get()
    assert (response.status_code, response["Location"], standard.components.count()) == (
        302,
        reverse("standards:edit", args=[standard.pk]),
        14,
    )


def test_draft_view_second_open_draft_is_400_with_message(cast):
    speak_english(cast.supervisor)
    service = new_service(cast.unit_a, cast.supervisor)
    draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).post(reverse("standards:draft", args=[service.pk]))

    messages = [str(m) for m in response.context["messages"]]
    assert (response.status_code, messages) == (
        400,
        ["Version 1 is still being prepared; finish or edit it instead of starting another."],
    )


def test_editor_shows_fourteen_components_in_two_groups(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).get(reverse("standards:edit", args=[standard.pk]))

    groups = [[form.component.code for form in forms] for _label, forms in response.context["groups"]]
    assert (response.status_code, groups[0] + groups[1], [len(g) for g in groups]) == (
        200,
        list(COMPONENT_CODES),
        [6, 8],
    )


def test_editor_saves_every_component(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).post(
        reverse("standards:edit", args=[standard.pk]), editor_post(standard, **{"fee-text_en": "By regional law"})
    )

    standard = ServiceStandard.objects.get(pk=standard.pk)
    fee = standard.components.get(code=FEE)
    assert (response.status_code, fee.amount, fee.text, standard.time_limit(), standard.change_note) == (
        302,
        25_000,
        {"id": "Isi fee", "en": "By regional law"},
        TimeLimit(5, DurationUnit.WORKING_DAYS),
        "Revisi",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fee-amount", "dua puluh ribu"),
        ("fee-amount", "25.000,50"),
        ("fee-amount", "-5"),
        ("time_limit-duration_value", "0"),
        ("time_limit-duration_value", "lima"),
        ("time_limit-duration_unit", "weeks"),
        ("requirements-text_id", "x" * 10_001),
    ],
)
def test_editor_bad_input_is_400_on_the_field(cast, field, value):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).post(
        reverse("standards:edit", args=[standard.pk]), editor_post(standard, **{field: value})
    )

    code, _dash, name = field.partition("-")
    forms = {form.component.code: form for _label, group in response.context["groups"] for form in group}
    assert (response.status_code, list(forms[code].errors), standard.components.get(code=FEE).amount) == (
        400,
        [name],
        None,
    )


def test_editor_duration_without_unit_is_400_from_the_service(cast):
    speak_english(cast.supervisor)
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).post(
        reverse("standards:edit", args=[standard.pk]), editor_post(standard, **{"time_limit-duration_unit": ""})
    )

    forms = {form.component.code: form for _label, group in response.context["groups"] for form in group}
    assert (response.status_code, forms[TIME_LIMIT].errors) == (
        400,
        {"duration_unit": ["Give both the number and the unit of the time limit, or neither."]},
    )


def test_editor_on_a_published_version_redirects_to_the_version(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = published(service, cast.supervisor, cast.leader)

    response = client_for(cast.supervisor).post(reverse("standards:edit", args=[standard.pk]), editor_post(standard))

    assert (response.status_code, response["Location"]) == (302, reverse("standards:standard", args=[standard.pk]))


def test_editor_forbidden_to_agents(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.agent_a).get(reverse("standards:edit", args=[standard.pk]))

    assert response.status_code == 403


# --- approval and publication -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent_a", "supervisor"])
def test_approve_view_forbidden_to_agent_and_supervisor(cast, who):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)

    response = client_for(getattr(cast, who)).post(reverse("standards:approve", args=[standard.pk]))

    assert (response.status_code, ServiceStandard.objects.get(pk=standard.pk).status) == (403, StandardStatus.DRAFT)


def test_approve_then_publish_by_the_unit_leader(cast, unit_leader):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    client = client_for(unit_leader)

    approved = client.post(reverse("standards:approve", args=[standard.pk]))
    publish = client.post(reverse("standards:publish", args=[standard.pk]), {"effective_from": ""})

    standard.refresh_from_db()
    assert (approved.status_code, publish.status_code, standard.status, standard.published_by) == (
        302,
        302,
        StandardStatus.PUBLISHED,
        unit_leader,
    )


def test_approve_view_incomplete_draft_is_400_with_message(cast):
    speak_english(cast.leader)
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.leader).post(reverse("standards:approve", args=[standard.pk]))

    messages = [str(m) for m in response.context["messages"]]
    assert (response.status_code, len(messages), messages[0].startswith("Fill in every component before approval")) == (
        400,
        1,
        True,
    )


@pytest.mark.parametrize("value", ["kemarin", "2024-13-45", "31/02/2024", "x" * 500])
def test_publish_view_bad_date_is_400(cast, value):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    response = client_for(cast.leader).post(reverse("standards:publish", args=[standard.pk]), {"effective_from": value})

    assert (
        response.status_code,
        list(response.context["publish_form"].errors),
        ServiceStandard.objects.get(pk=standard.pk).status,
    ) == (400, ["effective_from"], StandardStatus.APPROVED)


def test_publish_view_future_date_is_400_on_the_field(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    approve_standard(standard, actor=cast.leader)

    response = client_for(cast.leader).post(
        reverse("standards:publish", args=[standard.pk]), {"effective_from": "2999-01-01"}
    )

    assert (response.status_code, list(response.context["publish_form"].errors)) == (400, ["effective_from"])


def test_standard_detail_shows_actions_by_role(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = written_draft(service, cast.supervisor)
    url = reverse("standards:standard", args=[standard.pk])

    as_agent = client_for(cast.agent_a).get(url).content.decode()
    as_leader = client_for(cast.leader).get(url).content.decode()

    approve_url = reverse("standards:approve", args=[standard.pk])
    assert (approve_url in as_agent, approve_url in as_leader) == (False, True)


def test_version_history_keeps_old_versions_readable(cast):
    speak_english(cast.agent_a)
    service = new_service(cast.unit_a, cast.supervisor)
    first = published(service, cast.supervisor, cast.leader)
    published(service, cast.supervisor, cast.leader, version=2)

    detail = client_for(cast.agent_a).get(reverse("standards:service", args=[service.pk]))
    old = client_for(cast.agent_a).get(reverse("standards:standard", args=[first.pk]))

    assert (
        [(v.version, v.status) for v in detail.context["versions"]],
        old.status_code,
        "Service product v1" in old.content.decode(),
    ) == ([(2, StandardStatus.PUBLISHED), (1, StandardStatus.SUPERSEDED)], 200, True)


def test_compare_view_marks_changed_components(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    second = published(service, cast.supervisor, cast.leader, version=2)

    response = client_for(cast.agent_a).get(reverse("standards:compare", args=[second.pk]))

    changed = {row["after"].code: row["changed"] for row in response.context["rows"]}
    assert (response.status_code, changed[TIME_LIMIT], changed[FEE], changed["product"]) == (200, True, False, True)


def test_compare_view_for_first_version_is_not_found(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    standard = draft_standard(service, actor=cast.supervisor)

    response = client_for(cast.supervisor).get(reverse("standards:compare", args=[standard.pk]))

    assert response.status_code == 404


def test_archive_view_by_leader(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    response = client_for(cast.leader).post(reverse("standards:archive", args=[service.pk]))

    assert (response.status_code, Service.objects.get(pk=service.pk).is_active) == (302, False)


def test_archive_view_forbidden_to_supervisor(cast):
    service = new_service(cast.unit_a, cast.supervisor)

    response = client_for(cast.supervisor).post(reverse("standards:archive", args=[service.pk]))

    assert (response.status_code, Service.objects.get(pk=service.pk).is_active) == (403, True)


# --- charter ----------------------------------------------------------------------------------------


def test_charter_view_prefills_the_customary_text_and_publishes(cast, unit_leader):
    client = client_for(unit_leader)
    url = reverse("standards:charter", args=[cast.unit_a.pk])

    page = client.get(url)
    response = client.post(url, {"text_id": "Kami sanggup.", "text_en": "", "signatory": "Kepala Bidang"})

    charter = ServiceCharter.objects.get()
    assert (
        page.context["form"].initial["text_id"].startswith("Dengan ini, kami menyatakan sanggup"),
        response.status_code,
        charter.text,
        charter.signatory,
    ) == (True, 302, {"id": "Kami sanggup."}, "Kepala Bidang")


def test_charter_view_post_forbidden_to_supervisor(cast):
    response = client_for(cast.supervisor).post(
        reverse("standards:charter", args=[cast.unit_a.pk]), {"text_id": "Kami sanggup."}
    )

    assert (response.status_code, ServiceCharter.objects.count()) == (403, 0)


def test_charter_view_empty_text_is_400(cast):
    response = client_for(cast.leader).post(reverse("standards:charter", args=[cast.unit_a.pk]), {"text_id": " "})

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["text_id"])
