"""The compliance pages: who sees what (supervisor, agent, another unit, another organisation), evidence served only
through the permission-checking view, read-only completed audits, the XLSX export and bounded query counts."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from conftest import client_for
from prima.accounts.models import Role
from prima.compliance.models import Audit, AuditStatus, Checklist, ItemResult
from prima.compliance.services import record_result, start_audit
from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory
from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.services import create_policy

from .conftest import at, received, replied
from .factories import completed_audit, custom_checklist, published_standard

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% bukti\n"
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def stranger(db):
    """A supervisor of another organisation."""
    unit = ServiceUnitFactory(organisation=OrganisationFactory(name="PT Lain"), name="Unit Lain", code="lain")
    user = UserFactory(email="lain@prima.test", full_name="Orang Lain")
    MembershipFactory(user=user, unit=unit, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def supervisor_b(cast):
    user = UserFactory(email="koordinator.b@prima.test", full_name="Koordinator B")
    MembershipFactory(user=user, unit=cast.unit_b, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def audit_with_evidence(cast):
    """A completed unit-level audit of unit A whose single item carries a PDF."""
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)
    record_result(
        audit.items.get(),
        result=ItemResult.PASS,
        evidence=SimpleUploadedFile("sk.pdf", PDF),
        actor=cast.supervisor,
    )
    client_for(cast.supervisor).post(reverse("compliance:audit_complete", args=[audit.pk]))
    return Audit.objects.get(pk=audit.pk)


def evidence_url(audit):
    return reverse("compliance:evidence", args=[audit.pk, audit.items.get().pk])


# --- dashboard ---------------------------------------------------------------------------------------------


def test_dashboard_for_the_supervisor_shows_unit_a_and_its_staff(cast):
    response = client_for(cast.supervisor).get(reverse("compliance:dashboard"))

    assert response.status_code == 200
    assert response.context["dashboard"].unit == cast.unit_a
    assert [row.person.full_name for row in response.context["dashboard"].people] == ["Bambang Wijaya", "Dewi Lestari"]
    assert "<svg" in response.content.decode()


def test_dashboard_for_the_leader_starts_at_the_head_office(cast):
    response = client_for(cast.leader).get(reverse("compliance:dashboard"))

    assert response.context["dashboard"].unit == cast.head_office
    assert [unit.pk for unit in response.context["subject"].units] == [
        cast.head_office.pk,
        cast.unit_a.pk,
        cast.unit_b.pk,
    ]


def test_dashboard_for_an_agent_shows_only_their_own_figures(cast):
    response = client_for(cast.agent_a).get(reverse("compliance:dashboard"))

    assert response.status_code == 200
    assert (response.context["dashboard"].person, response.context["dashboard"].people) == (cast.agent_a, [])


@pytest.mark.parametrize("query", ["unit={unit_a}", "person={supervisor}", "unit=abc"])
def test_dashboard_agent_asking_for_others_gets_404(cast, query):
    query = query.format(unit_a=cast.unit_a.pk, supervisor=cast.supervisor.pk)

    response = client_for(cast.agent_a).get(f"{reverse('compliance:dashboard')}?{query}")

    assert response.status_code == 404


def test_dashboard_supervisor_cannot_open_another_unit_or_its_people(cast, supervisor_b):
    client = client_for(cast.supervisor)

    assert client.get(f"{reverse('compliance:dashboard')}?unit={cast.unit_b.pk}").status_code == 404
    assert client.get(f"{reverse('compliance:dashboard')}?person={cast.agent_b.pk}").status_code == 404
    assert client.get(f"{reverse('compliance:dashboard')}?person={cast.agent_a.pk}").status_code == 200


def test_dashboard_other_organisation_gets_404(cast, stranger):
    response = client_for(stranger).get(f"{reverse('compliance:dashboard')}?unit={cast.unit_a.pk}")

    assert response.status_code == 404


def test_dashboard_trainer_is_refused(cast):
    assert client_for(cast.trainer).get(reverse("compliance:dashboard")).status_code == 403


def test_dashboard_custom_period_errors_are_a_400(cast):
    url = f"{reverse('compliance:dashboard')}?preset=custom&start=2026-03-10&end=2026-03-01"

    response = client_for(cast.supervisor).get(url)

    assert response.status_code == 400
    assert response.context["form"].errors == {"__all__": ["Tanggal akhir tidak boleh sebelum tanggal awal."]}


def test_dashboard_custom_period_is_inclusive(cast):
    url = f"{reverse('compliance:dashboard')}?preset=custom&start=2026-03-01&end=2026-03-31"

    response = client_for(cast.supervisor).get(url)

    period = response.context["dashboard"].period
    assert (period.first, period.end) == (dt.date(2026, 3, 1), dt.date(2026, 4, 1))


@pytest.fixture
def requests_in_march(cast):
    """Unit A, first response within 1 day: Dewi answers one request in time; the other is never answered."""
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Umum",
        targets=[TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.DAYS, ClockMode.CALENDAR)],
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    first = received(cast.unit_a, at(2026, 3, 2, 9), owner=cast.agent_a)
    replied(first, at(2026, 3, 2, 10), cast.agent_a)
    received(cast.unit_a, at(2026, 3, 3, 9), owner=cast.agent_a)
    return cast


def test_export_xlsx_holds_the_dashboard_numbers(requests_in_march):
    cast = requests_in_march
    url = f"{reverse('compliance:export')}?preset=custom&start=2026-03-01&end=2026-03-31"

    response = client_for(cast.supervisor).get(url)

    workbook = load_workbook(io.BytesIO(response.content))
    with translation.override("id"):  # the supervisor's language: headers as the Indonesian catalogue has them
        sheets = [_("Summary"), _("Breaches"), _("Staff"), _("Monthly trend")]
        within = _("%(target)s within standard (%%)") % {"target": _("First response")}
        counted = _("%(target)s: requests counted") % {"target": _("First response")}
        open_now, name = _("Open requests now"), _("Name")
    assert response["Content-Disposition"] == 'attachment; filename="kepatuhan-20260301-20260331.xlsx"'
    assert workbook.sheetnames == sheets
    summary = {row[0]: row[1] for row in workbook[sheets[0]].iter_rows(min_row=2, values_only=True)}
    # Dewi answered one of two requests within the day; the other was never answered and no breach recorded yet.
    assert (summary[within], summary[counted], summary[open_now]) == (100.0, 1, 2)
    staff = list(workbook[sheets[2]].iter_rows(values_only=True))
    assert staff[0][0] == name
    assert staff[1][:2] == ("Bambang Wijaya", None)
    assert staff[2][:2] == ("Dewi Lestari", 100.0)


def test_export_in_english_has_english_headers(cast):
    client = client_for(cast.supervisor)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})

    response = client.get(reverse("compliance:export"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Breaches", "Staff", "Monthly trend"]


def test_dashboard_query_count_does_not_grow_with_staff(cast, django_assert_max_num_queries):
    client = client_for(cast.supervisor)
    client.get(reverse("compliance:dashboard"))
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("compliance:dashboard"))
    for index in range(3):
        MembershipFactory(user=UserFactory(email=f"staf{index}@prima.test"), unit=cast.unit_a, role=Role.AGENT)
        received(cast.unit_a, at(2026, 3, 2, 9), owner=None)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("compliance:dashboard"))

    assert len(response.context["dashboard"].people) == 5


# --- audits ------------------------------------------------------------------------------------------------


def test_audit_list_query_count_is_bounded(cast, django_assert_max_num_queries):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    client = client_for(cast.supervisor)
    start_audit(checklist, unit=cast.unit_a, person=cast.agent_a, audit_date=DAY, actor=cast.supervisor)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("compliance:audits"))
    for _index in range(2):
        start_audit(checklist, unit=cast.unit_a, person=cast.agent_a, audit_date=DAY, actor=cast.supervisor)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("compliance:audits"))

    assert len(response.context["page"]) == 3


def test_agent_sees_own_person_audits_and_completed_unit_audits_only(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    pass_ = [ItemResult.PASS]
    own_draft = start_audit(checklist, unit=cast.unit_a, person=cast.agent_a, audit_date=DAY, actor=cast.supervisor)
    unit_done = completed_audit(checklist, unit=cast.unit_a, actor=cast.supervisor, results=pass_, audit_date=DAY)
    start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)  # unit draft: hidden
    colleague = UserFactory(email="rekan@prima.test", full_name="Rekan")
    MembershipFactory(user=colleague, unit=cast.unit_a, role=Role.AGENT)
    other = completed_audit(
        checklist, unit=cast.unit_a, actor=cast.supervisor, results=pass_, audit_date=DAY, person=colleague
    )

    response = client_for(cast.agent_a).get(reverse("compliance:audits"))

    assert {audit.pk for audit in response.context["page"]} == {own_draft.pk, unit_done.pk}
    assert client_for(cast.agent_a).get(reverse("compliance:audit", args=[other.pk])).status_code == 404


def test_audit_detail_other_unit_and_other_organisation_get_404(cast, stranger, supervisor_b, audit_with_evidence):
    url = reverse("compliance:audit", args=[audit_with_evidence.pk])

    assert client_for(supervisor_b).get(url).status_code == 404
    assert client_for(cast.agent_b).get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(cast.leader).get(url).status_code == 200


def test_evidence_is_served_to_those_who_may_see_the_audit(cast, audit_with_evidence):
    response = client_for(cast.agent_a).get(evidence_url(audit_with_evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'


def test_evidence_refused_to_others_and_the_public(cast, stranger, supervisor_b, audit_with_evidence, public_client):
    url = evidence_url(audit_with_evidence)

    assert client_for(supervisor_b).get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404
    assert public_client.get(url).status_code == 302


def test_audit_page_links_evidence_only_through_the_checking_view(cast, audit_with_evidence, settings):
    page = client_for(cast.supervisor).get(reverse("compliance:audit", args=[audit_with_evidence.pk])).content.decode()

    assert evidence_url(audit_with_evidence) in page
    assert settings.MEDIA_URL not in page
    assert audit_with_evidence.items.get().evidence.name not in page


def test_item_form_upload_and_validation(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = start_audit(checklist, unit=cast.unit_a, audit_date=DAY, actor=cast.supervisor)
    item = audit.items.get()
    url = reverse("compliance:audit_item", args=[audit.pk, item.pk])
    client = client_for(cast.supervisor)
    prefix = f"item{item.pk}"

    refused = client.post(
        url,
        {f"{prefix}-result": "pass", f"{prefix}-evidence": SimpleUploadedFile("virus.exe", b"MZ")},
        follow=True,
    )
    item.refresh_from_db()
    assert item.result == ""
    assert (
        "is not an accepted kind of file" in refused.content.decode()
        or "bukan jenis berkas" in refused.content.decode()
    )

    client.post(
        url,
        {
            f"{prefix}-result": "fail",
            f"{prefix}-note": "Tidak ada",
            f"{prefix}-evidence": SimpleUploadedFile("b.pdf", PDF),
        },
    )
    item.refresh_from_db()
    assert (item.result, item.note, item.evidence_name) == ("fail", "Tidak ada", "b.pdf")


def test_completed_audit_page_is_read_only_and_posts_change_nothing(cast, audit_with_evidence):
    item = audit_with_evidence.items.get()
    client = client_for(cast.supervisor)

    page = client.get(reverse("compliance:audit", args=[audit_with_evidence.pk])).content.decode()
    response = client.post(
        reverse("compliance:audit_item", args=[audit_with_evidence.pk, item.pk]), {f"item{item.pk}-result": "fail"}
    )

    item.refresh_from_db()
    assert audit_with_evidence.status == AuditStatus.COMPLETED
    assert 'enctype="multipart/form-data"' not in page
    assert response.status_code == 302
    assert item.result == ItemResult.PASS


def test_agent_may_not_record_results(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=1)
    audit = start_audit(checklist, unit=cast.unit_a, person=cast.agent_a, audit_date=DAY, actor=cast.supervisor)
    item = audit.items.get()

    response = client_for(cast.agent_a).post(
        reverse("compliance:audit_item", args=[audit.pk, item.pk]), {f"item{item.pk}-result": "pass"}
    )

    assert response.status_code == 403


def test_create_audit_page_double_submit_gives_one_audit(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor)
    client = client_for(cast.supervisor)
    form = client.get(reverse("compliance:audit_create")).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', form).group(1)
    data = {"checklist": checklist.pk, "unit": cast.unit_a.pk, "audit_date": "2026-03-02", "submission_key": key}

    first = client.post(reverse("compliance:audit_create"), data)
    second = client.post(reverse("compliance:audit_create"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Audit.objects.count() == 1


def test_create_audit_refuses_agents(cast):
    assert client_for(cast.agent_a).get(reverse("compliance:audit_create")).status_code == 403


def test_checklist_from_standard_page(cast):
    standard = published_standard(cast.unit_a, cast.supervisor, cast.leader)
    client = client_for(cast.supervisor)
    data = {
        "name_id": "Audit SOP",
        "unit": cast.unit_a.pk,
        "standard": standard.pk,
        "components": ["requirements", "fee"],
        "custom_items": "Loket buka tepat waktu | Desk opens on time\n\n",
    }

    response = client.post(reverse("compliance:checklist_create"), data)

    checklist = Checklist.objects.get()
    assert response["Location"] == reverse("compliance:checklist", args=[checklist.pk])
    assert list(checklist.items.values_list("component", flat=True)) == ["requirements", "fee", ""]
    assert client.get(reverse("compliance:checklist", args=[checklist.pk])).status_code == 200
    assert client_for(cast.agent_a).get(reverse("compliance:checklist", args=[checklist.pk])).status_code == 404


def test_audit_history_shows_scores_over_time(cast):
    checklist = custom_checklist(cast.unit_a, cast.supervisor, items=2)
    completed_audit(
        checklist,
        unit=cast.unit_a,
        actor=cast.supervisor,
        results=[ItemResult.PASS, ItemResult.FAIL],
        audit_date=dt.date.today().replace(day=1),
    )

    response = client_for(cast.supervisor).get(reverse("compliance:audit_history"))

    assert response.status_code == 200
    assert [audit.score for audit in response.context["history"].audits] == [50]
    assert response.context["history"].months[-1][1] == 50
    assert "<svg" in response.content.decode()


def test_dashboard_page_shows_the_staff_figures(requests_in_march):
    cast = requests_in_march
    url = f"{reverse('compliance:dashboard')}?preset=custom&start=2026-03-01&end=2026-03-31"

    page = client_for(cast.supervisor).get(url).content.decode()

    staff_table = page[page.index('id="staff"') : page.index("</table>", page.index('id="staff"'))]
    dewi = staff_table[staff_table.index("Dewi Lestari") :]
    assert re.findall(r'<td class="number">([^<]*)', dewi)[:1] == ["100,00&nbsp;%\n"]
