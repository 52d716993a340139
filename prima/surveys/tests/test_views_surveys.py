"""Staff survey pages: list, create, detail, open/close, instrument editing, import template, results."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from prima.surveys.models import Survey, SurveyStatus
from prima.surveys.tests.factories import make_survey, respond, skm_response

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_shows_visible_surveys_with_respondent_counts(cast, skm):
    skm_response(skm, *(4,) * 9)
    skm_response(skm, *(3,) * 9)
    other = make_survey("csat", organisation=cast.organisation, unit=cast.unit_b, name="CSAT bangunan")

    response = client_for(cast.agent_a).get(reverse("surveys:list"))

    assert response.status_code == 200
    rows = {survey.name: survey.respondent_count for survey in response.context["page"]}
    assert rows == {"SKM 2026 Semester I": 2}
    assert other.name not in response.content.decode()


def test_list_query_count_does_not_grow(cast, skm):
    client = client_for(cast.leader)
    url = reverse("surveys:list")
    skm_response(skm, *(4,) * 9)
    with_one = queries_for(client, url)
    make_survey("csat", organisation=cast.organisation, unit=cast.unit_b, name="CSAT")
    respond(make_survey("nps", organisation=cast.organisation, name="NPS"), {"NPS": 9})

    with_three = queries_for(client, url)

    assert with_one == with_three
    assert with_three <= 8


def test_create_from_template(cast, services):
    client = client_for(cast.supervisor)
    form = client.get(reverse("surveys:create"))
    assert [unit.name for unit in form.context["form"].fields["unit"].queryset] == ["Perizinan Usaha"]

    response = client.post(
        reverse("surveys:create"),
        {"template": "csat", "name": "CSAT loket", "unit": cast.unit_a.pk, "submit_key": "k1"},
    )

    survey = Survey.objects.get(name="CSAT loket")
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert (survey.method, survey.unit, survey.created_by) == ("csat", cast.unit_a, cast.supervisor)


def test_create_double_submit_creates_one_survey(cast):
    client = client_for(cast.supervisor)
    data = {"template": "nps", "name": "NPS", "unit": cast.unit_a.pk, "submit_key": "same"}
    first = client.post(reverse("surveys:create"), data)
    second = client.post(reverse("surveys:create"), data)
    assert Survey.objects.filter(name="NPS").count() == 1
    assert first["Location"] == second["Location"]


def test_create_refuses_a_unit_outside_what_the_user_manages(cast):
    response = client_for(cast.supervisor).post(
        reverse("surveys:create"), {"template": "csat", "name": "X", "unit": cast.unit_b.pk, "submit_key": "k"}
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not Survey.objects.filter(name="X").exists()


def test_create_forbidden_for_an_agent(cast):
    assert client_for(cast.agent_a).get(reverse("surveys:create")).status_code == 403


def test_detail_shows_items_weights_versions_and_links(cast, skm):
    response = client_for(cast.agent_a).get(reverse("surveys:detail", args=[skm.pk]))

    assert response.status_code == 200
    rows = response.context["rows"]
    u1 = next(row for row in rows if row["item"].code == "U1")
    assert u1["weight"] == pytest.approx(1 / 9)
    assert len(u1["options"]) == 4
    assert [v.number for v in response.context["versions"]] == [1]
    assert response.context["can_manage"] is False


def test_detail_of_another_units_survey_is_404(cast):
    survey = make_survey("csat", organisation=cast.organisation, unit=cast.unit_b)
    assert client_for(cast.agent_a).get(reverse("surveys:detail", args=[survey.pk])).status_code == 404


def test_close_and_reopen(cast, skm):
    client = client_for(cast.supervisor)
    url = reverse("surveys:status", args=[skm.pk])
    assert client.post(url, {"status": "closed"}).status_code == 302
    skm.refresh_from_db()
    assert skm.status == SurveyStatus.CLOSED
    client.post(url, {"status": "open"})
    skm.refresh_from_db()
    assert skm.status == SurveyStatus.OPEN
    assert client.post(url, {"status": "draft"}).status_code == 400


def test_agent_may_not_close(cast, skm):
    assert (
        client_for(cast.agent_a).post(reverse("surveys:status", args=[skm.pk]), {"status": "closed"}).status_code == 403
    )


def _instrument_data(survey, **changes):
    data = {}
    for item in survey.current_version().items.all():
        data[f"text_id_{item.code}"] = item.text.get("id", "")
        data[f"text_en_{item.code}"] = item.text.get("en", "")
    data.update(changes)
    return data


def test_edit_instrument_weights_must_sum_to_one(cast, skm):
    client = client_for(cast.supervisor)
    weights = {f"weight_U{n}": "0.1" for n in range(1, 10)}

    response = client.post(reverse("surveys:instrument", args=[skm.pk]), _instrument_data(skm, **weights))

    assert response.status_code == 400
    assert skm.versions.count() == 1


def test_edit_instrument_weights_and_extra_unsur_make_one_version(cast, skm):
    client = client_for(cast.supervisor)
    weights = {f"weight_U{n}": "0.1" for n in range(1, 10)}
    extra = {
        "new_code": "u10",
        "new_name_id": "Kebersihan",
        "new_text_id": "Bagaimana kebersihan ruang layanan?",
        "new_weight": "0.1",
    }

    response = client.post(
        reverse("surveys:instrument", args=[skm.pk]),
        _instrument_data(skm, text_id_U1="Kesesuaian persyaratan?", **weights, **extra),
    )

    assert response.status_code == 302
    version = skm.current_version()
    assert version.number == 2
    items = {item.code: item for item in version.items.all()}
    assert str(items["U10"].weight) == "0.1000000000"
    assert items["U10"].is_unsur and items["U10"].options.count() == 4
    assert str(items["U1"].weight) == "0.1000000000"
    assert items["U1"].text["id"] == "Kesesuaian persyaratan?"


def test_import_template_has_the_item_codes(cast, skm):
    response = client_for(cast.supervisor).get(reverse("surveys:import_template", args=[skm.pk]))
    header = response.content.decode().strip().split(",")
    assert response.status_code == 200
    assert [f"U{n}" for n in range(1, 10)] == [code for code in header if code[0] == "U" and code[1:].isdigit()]


def test_results_page_skm(cast, skm, services):
    skm_response(skm, 4, 3, 3, 2, 4, 4, 4, 3, 2)
    skm_response(skm, 3, 3, 2, 2, 3, 4, 4, 3, 1)
    skm_response(skm, 4, 4, 3, 3, 4, 4, 3, 3, 2)

    response = client_for(cast.agent_a).get(reverse("surveys:results", args=[skm.pk]))

    assert response.status_code == 200
    results = response.context["results"]
    assert (results.skm.respondents, results.skm.mutu) == (3, "B")
    assert "unsur" in results.charts and "trend" in results.charts
    assert "77,78" in response.content.decode()  # IKM unit 700/9 in Indonesian number format


def test_results_filter_by_semester_and_bad_dates(cast, skm):
    from datetime import UTC, datetime

    skm_response(skm, *(4,) * 9, submitted_at=datetime(2025, 8, 1, tzinfo=UTC))
    skm_response(skm, *(1,) * 9, submitted_at=datetime(2026, 2, 1, tzinfo=UTC))
    client = client_for(cast.agent_a)
    url = reverse("surveys:results", args=[skm.pk])

    response = client.get(url, {"period": "2025-S2"})
    assert (response.context["results"].skm.respondents, response.context["results"].skm.ikm_unit) == (1, 100)

    response = client.get(url, {"start": "2026-03-01", "end": "2026-01-01"})
    assert response.status_code == 400


def test_results_page_csat_nps_ipa(cast):
    csat = make_survey("csat", organisation=cast.organisation, unit=cast.unit_a, name="CSAT")
    respond(csat, {"CSAT": 3, "KOMENTAR": "Petugas ramah"})
    nps = make_survey("nps", organisation=cast.organisation, unit=cast.unit_a, name="NPS")
    respond(nps, {"NPS": 10})
    ipa = make_survey("ipa", organisation=cast.organisation, unit=cast.unit_a, name="IPA")
    respond(ipa, {"I1": 5, "K1": 3, "I2": 3, "K2": 4, "MASALAH": [1]})
    client = client_for(cast.agent_a)

    csat_page = client.get(reverse("surveys:results", args=[csat.pk]))
    nps_page = client.get(reverse("surveys:results", args=[nps.pk]))
    ipa_page = client.get(reverse("surveys:results", args=[ipa.pk]))

    assert csat_page.context["results"].csat.satisfied == 1
    assert csat_page.context["results"].text.words[0] == ("ramah", 1)
    assert nps_page.context["results"].nps.nps == 100
    assert [a.quadrant.value for a in ipa_page.context["results"].ipa.attributes] == ["A", "D"]
    assert "<svg" in ipa_page.content.decode()
    midpoint = client.get(reverse("surveys:results", args=[ipa.pk]), {"cut": "midpoint"})
    assert midpoint.context["results"].ipa.cut_importance == 3


def test_import_paper_forms(cast, skm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.supervisor)
    url = reverse("surveys:import", args=[skm.pk])
    header = ",".join(f"U{n}" for n in range(1, 10))
    good = SimpleUploadedFile("kertas.csv", f"{header}\n4,4,4,4,4,4,4,4,4\n3,3,3,3,3,3,3,3,3\n".encode())

    response = client.post(url, {"file": good})

    assert response.status_code == 302
    assert skm.responses.filter(channel="paper").count() == 2


def test_import_lists_every_bad_cell_and_imports_nothing(cast, skm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = ",".join(f"U{n}" for n in range(1, 10))
    bad = SimpleUploadedFile("kertas.csv", f"{header}\n4,4,4,4,9,4,4,4,4\n3,3,x,3,3,3,3,3,3\n".encode())

    response = client_for(cast.supervisor).post(reverse("surveys:import", args=[skm.pk]), {"file": bad})

    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == 2
    assert "baris 2" in problems[0] and "E" in problems[0]  # the supervisor reads Indonesian
    assert "baris 3" in problems[1] and "C" in problems[1]
    assert skm.responses.count() == 0


def test_import_refuses_other_file_types(cast, skm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(cast.supervisor).post(
        reverse("surveys:import", args=[skm.pk]), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_results_page_servqual(cast):
    survey = make_survey("servqual", organisation=cast.organisation, unit=cast.unit_a, name="SERVQUAL")
    items = list(survey.current_version().items.all())
    answers = {item.code: (6 if item.pair_role == "expectation" else 4) for item in items if item.pair_role}
    respond(survey, answers)

    response = client_for(cast.agent_a).get(reverse("surveys:results", args=[survey.pk]))

    assert response.status_code == 200
    results = response.context["results"]
    # nine negatively worded items are reverse-scored (8 - score): their gap is +2, the other thirteen -2
    assert results.servqual.unweighted == Fraction(-2, 5)
    assert "servqual" in results.charts
    assert len(results.dissatisfaction.shortfalls) == 13
    assert len(results.dissatisfaction.attributes) == 22


def test_detail_query_count_does_not_grow_with_versions(cast, skm):
    from prima.surveys.services import new_version

    client = client_for(cast.supervisor)
    url = reverse("surveys:detail", args=[skm.pk])
    with_one = queries_for(client, url)
    new_version(skm, actor=None)
    new_version(skm, actor=None)

    assert queries_for(client, url) == with_one


def test_results_query_count_does_not_grow_with_respondents(cast, skm):
    client = client_for(cast.agent_a)
    url = reverse("surveys:results", args=[skm.pk])
    skm_response(skm, *(4,) * 9)
    with_one = queries_for(client, url)
    for _ in range(4):
        skm_response(skm, *(3,) * 9)

    assert queries_for(client, url) == with_one


def test_results_of_an_organisation_wide_survey_for_an_agent_are_their_units(cast):
    survey = make_survey("skm2017", organisation=cast.organisation, name="SKM Kota")
    skm_response(survey, *(4,) * 9, unit=cast.unit_a)
    skm_response(survey, *(1,) * 9, unit=cast.unit_b)
    url = reverse("surveys:results", args=[survey.pk])

    agent = client_for(cast.agent_a).get(url)
    leader = client_for(cast.leader).get(url)
    outside = client_for(cast.agent_a).get(url, {"unit": cast.unit_b.pk})

    assert (agent.context["results"].skm.respondents, agent.context["results"].skm.ikm_unit) == (1, 100)
    assert leader.context["results"].skm.respondents == 2
    assert outside.status_code == 400
    assert outside.context["results"].filters.unit == cast.unit_a


def test_detail_links_to_the_public_pages(cast, skm):
    response = client_for(cast.supervisor).get(reverse("surveys:detail", args=[skm.pk]))
    links = response.context["links"]
    assert links["answer"] == reverse("surveys_public:answer", args=[skm.public_token])
    assert links["poster"] == reverse("surveys_public:poster", args=[skm.public_token])
    assert links["kiosk"] == reverse("surveys_public:kiosk", args=[skm.public_token])


def test_settings_population_feeds_the_sample_check(cast, skm):
    client = client_for(cast.supervisor)
    url = reverse("surveys:settings", args=[skm.pk])

    assert (
        client.post(
            url, {"population_size": "100", "period_start": "2026-07-01", "period_end": "2026-01-01"}
        ).status_code
        == 400
    )
    response = client.post(url, {"population_size": "100", "period_start": "2026-01-01", "period_end": "2026-06-30"})

    assert response.status_code == 302
    skm_response(skm, *(4,) * 9)
    results = client.get(reverse("surveys:results", args=[skm.pk])).context["results"]
    assert (results.sample.population, results.sample.required, results.sample.respondents) == (100, 80, 1)
    assert results.sample.adequate is False
    assert client_for(cast.agent_a).post(url, {"population_size": "5"}).status_code == 403
