import threading
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from prima.surveys.models import Answer, Item, Response, ResponseChannel, SurveyStatus
from prima.surveys.services import record_response, set_survey_status, visible_items
from prima.surveys.tests.factories import make_survey, respond, skm_answers

pytestmark = pytest.mark.django_db

ALL_THREE = skm_answers(3, 3, 3, 3, 3, 3, 3, 3, 3)


def test_record_response_writes_one_answer_row_per_item(cast, skm, services):
    when = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    response = respond(skm, {**ALL_THREE, "JK": 2, "LAYANAN": 2, "SARAN": "  Antrean cepat  "}, submitted_at=when)
    rows = list(Answer.objects.filter(response=response).values_list("item__code", "value", "text"))
    assert sorted(rows) == sorted(
        [(f"U{n}", 3, "") for n in range(1, 10)] + [("JK", 2, ""), ("LAYANAN", 2, ""), ("SARAN", None, "Antrean cepat")]
    )
    assert set(Answer.objects.filter(response=response).values_list("survey", "unit", "service", "submitted_at")) == {
        (skm.pk, cast.unit_a.pk, services[1].pk, when)
    }
    assert (response.unit_id, response.service_id, response.index_items_answered) == (cast.unit_a.pk, services[1].pk, 9)
    assert response.is_anonymous is True
    assert response.version.number == 1


def test_record_response_explains_every_bad_answer(skm):
    with pytest.raises(ValidationError) as error:
        respond(skm, {**skm_answers(5, "x", 3, 3, 3, 3, 3, 3), "JK": 7, "U77": 1})
    assert error.value.message_dict == {
        "U1": ["Give a number from 1 to 4."],
        "U2": ["Give a whole number from 1 to 4."],
        "U9": ["This question needs an answer."],
        "JK": ["Choose one of the listed options."],
        "U77": ["This survey has no question with this code."],
    }
    assert Response.objects.count() == 0


def test_record_response_multiple_choice_gives_one_row_per_option(cast):
    ipa = make_survey("ipa", organisation=cast.organisation)
    response = respond(ipa, {"MASALAH": [1, 3, 3], "I1": 5, "K1": 2})
    values = sorted(Answer.objects.filter(response=response, item__code="MASALAH").values_list("value", flat=True))
    assert values == [1, 3]
    with pytest.raises(ValidationError) as error:
        respond(ipa, {"MASALAH": [1, 99]})
    assert list(error.value.message_dict) == ["MASALAH"]


def test_record_response_idempotency_key_returns_the_first(skm):
    first = respond(skm, ALL_THREE, idempotency_key="form-123")
    second = respond(skm, skm_answers(1, 1, 1, 1, 1, 1, 1, 1, 1), idempotency_key="form-123")
    assert second.pk == first.pk
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 9


@pytest.mark.django_db(transaction=True)
def test_record_response_idempotency_under_a_race(cast, services):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs concurrent transactions")
    survey = make_survey(organisation=cast.organisation, unit=cast.unit_a)
    results: list[int] = []

    def submit() -> None:
        try:
            results.append(respond(survey, ALL_THREE, idempotency_key="race").pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(results) == 4
    assert Response.objects.filter(survey=survey).count() == 1


def test_record_response_refuses_a_closed_survey(cast, skm):
    set_survey_status(skm, SurveyStatus.CLOSED, actor=cast.leader)
    with pytest.raises(ValidationError) as error:
        respond(skm, ALL_THREE)
    assert error.value.code == "survey_not_open"


def test_record_response_with_name_is_not_anonymous(skm):
    response = respond(skm, ALL_THREE, respondent_name="Budi", channel=ResponseChannel.KIOSK)
    assert response.is_anonymous is False


def test_conditional_items_are_hidden_until_their_condition_is_met(cast, skm):
    version = skm.current_version()
    Item.objects.filter(version=version, code="SARAN").update(show_if_code="U9", show_if_values=[1, 2])
    assert "SARAN" not in [item.code for item in visible_items(version, ALL_THREE)]
    assert "SARAN" in [item.code for item in visible_items(version, {**ALL_THREE, "U9": 1})]
    with pytest.raises(ValidationError) as error:
        respond(skm, {**ALL_THREE, "SARAN": "bagus"})
    assert list(error.value.message_dict) == ["SARAN"]
    response = respond(skm, {**ALL_THREE, "U9": 2, "SARAN": "perbaiki"})
    assert Answer.objects.filter(response=response, item__code="SARAN").get().text == "perbaiki"


def test_record_response_keeps_the_version_answered(cast, skm):
    from prima.surveys.services import set_unsur_weights

    old = respond(skm, ALL_THREE)
    set_unsur_weights(skm, {f"U{n}": "0.1" for n in range(1, 9)} | {"U9": "0.2"}, actor=cast.leader)
    new = respond(skm, ALL_THREE)
    assert (old.version.number, new.version.number) == (1, 2)
    assert record_response(skm, ALL_THREE, channel="web", version=old.version).version.number == 1


def test_load_demo_builds_deterministic_surveys_once(db):
    from prima.factories import OrganisationFactory, ServiceUnitFactory
    from prima.surveys.analytics.skm import compute_skm
    from prima.surveys.demo import load_demo
    from prima.surveys.models import Survey

    sleman = OrganisationFactory(name="DPMPTSP Kabupaten Sleman")
    pusat = ServiceUnitFactory(organisation=sleman, code="pusat")
    for code in ("perizinan-usaha", "pbg", "informasi-pengaduan"):
        ServiceUnitFactory(organisation=sleman, parent=pusat, code=code, name=code)
    company = OrganisationFactory(name="CV Sumber Rejeki Makmur")
    ServiceUnitFactory(organisation=company, code="layanan-pelanggan")
    load_demo(7)
    assert sorted(Survey.objects.values_list("method", flat=True)) == ["csat", "nps", "skm", "skm", "skm"]
    assert Response.objects.count() == 320 + 240 + 180 + 160 + 140
    results = {s.unit.code: compute_skm(s) for s in Survey.objects.filter(method="skm").select_related("unit")}
    assert results["perizinan-usaha"].ikm_unit > results["pbg"].ikm_unit
    assert results["pbg"].respondents == 240
    first = sorted(Answer.objects.values_list("item__code", "value"))
    load_demo(7)
    assert Response.objects.count() == 1040
    assert sorted(Answer.objects.values_list("item__code", "value")) == first


def test_answer_rows_carry_the_respondent_facts(cast, skm):
    response = respond(skm, {**ALL_THREE, "JK": 1})
    tallies = dict(Answer.objects.filter(response=response).values_list("item__code", "respondent_tally"))
    assert [code for code, tally in tallies.items() if tally] == ["U1"]
    servqual = make_survey("servqual", organisation=cast.organisation)
    # Q1 tangibles (E 6, P 5), Q2 tangibles (E 5, P 7), Q10 responsiveness reversed (E 2 -> 6, P 3 -> 5), E3 alone.
    response = respond(servqual, {"E1": 6, "P1": 5, "E2": 5, "P2": 7, "E10": 2, "P10": 3, "E3": 4})
    rows = {
        code: (tally, gap, group_sum, group_pairs)
        for code, tally, gap, group_sum, group_pairs in Answer.objects.filter(response=response).values_list(
            "item__code", "respondent_tally", "gap", "group_sum", "group_pairs"
        )
    }
    assert rows["P1"] == (1, -1, 1, 2)
    assert rows["P2"] == (None, 2, None, None)
    assert rows["P10"] == (None, -1, -1, 1)
    assert rows["E1"] == rows["E3"] == (None, None, None, None)
    assert response.index_items_answered == 3
