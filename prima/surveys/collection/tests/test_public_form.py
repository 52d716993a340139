"""The public answering form behind a survey's public link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from prima.surveys.models import Answer, Response, ResponseChannel, SurveyStatus
from prima.surveys.tests.factories import ServiceFactory

from .factories import SKM_ANSWERS, make_conditional_survey

KEY = re.compile(r'name="form_key" value="([^"]+)"')


def _url(survey, name="surveys_public:answer"):
    return reverse(name, args=[survey.public_token])


def _key(page) -> str:
    match = KEY.search(page.content.decode())
    assert match is not None
    return match.group(1)


def _post_data(key: str, answers: dict[str, object] | None = None, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {"form_key": key}
    for code, value in (SKM_ANSWERS if answers is None else answers).items():
        data[f"q-{code}"] = value
    data.update(extra)
    return data


def test_answer_form_shows_each_question_with_its_own_answer_wording(public_client, skm):
    page = public_client.get(_url(skm), headers={"accept-language": "en"})

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q-U1"' in html and 'name="q-U9"' in html
    assert "Very appropriate" in html  # U1's wording
    assert "Well managed" in html  # U9's wording
    assert set(page["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_answer_form_in_indonesian_uses_the_indonesian_wording(public_client, skm):
    page = public_client.get(_url(skm), headers={"accept-language": "id"})

    html = page.content.decode()
    assert "Sangat sesuai" in html
    assert "Dikelola dengan baik" in html


def test_answer_form_is_404_for_an_unknown_token_and_for_a_draft(public_client, skm):
    unknown = public_client.get(reverse("surveys_public:answer", args=["not-a-token"]))
    skm.status = SurveyStatus.DRAFT
    skm.save(update_fields=["status"])
    draft = public_client.get(_url(skm))

    assert (unknown.status_code, draft.status_code) == (404, 404)


def test_closed_survey_shows_a_polite_page_and_records_nothing(public_client, skm):
    key = _key(public_client.get(_url(skm)))
    skm.status = SurveyStatus.CLOSED
    skm.save(update_fields=["status"])

    page = public_client.get(_url(skm))
    posted = public_client.post(_url(skm), _post_data(key))

    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    assert posted.status_code == 410
    assert Response.objects.count() == 0


def test_get_and_head_record_nothing(public_client, skm):
    public_client.get(_url(skm))
    public_client.head(_url(skm))

    assert Response.objects.count() == 0


def test_post_records_the_answers_and_redirects_to_the_thank_you_page(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    posted = public_client.post(_url(skm), _post_data(key))

    assert posted.status_code == 302
    assert posted["Location"] == reverse("surveys_public:thanks", args=[skm.public_token])
    response = Response.objects.get()
    assert (response.channel, response.is_anonymous, response.unit_id) == (ResponseChannel.WEB, True, skm.unit_id)
    assert Answer.objects.filter(response=response).count() == 9
    thanks = public_client.get(posted["Location"])
    assert "Thank you for your answers" in thanks.content.decode()


def test_the_same_page_sent_twice_records_once_and_thanks_twice(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    first = public_client.post(_url(skm), _post_data(key))
    second = public_client.post(_url(skm), _post_data(key))

    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1


def test_two_pages_record_two_responses(public_client, skm):
    for _ in range(2):
        key = _key(public_client.get(_url(skm)))
        public_client.post(_url(skm), _post_data(key))

    assert Response.objects.count() == 2


def test_missing_required_answers_are_shown_per_question_and_answers_are_kept(public_client, skm):
    key = _key(public_client.get(_url(skm)))
    answers = dict(SKM_ANSWERS)
    del answers["U4"]
    answers["U2"] = 4

    page = public_client.post(_url(skm), _post_data(key, answers))

    assert page.status_code == 400
    html = page.content.decode()
    u4 = html[html.index('id="question-U4"') : html.index('id="question-U5"')]
    assert "This question needs an answer." in u4
    u2 = html[html.index('id="question-U2"') : html.index('id="question-U3"')]
    assert 'value="4" checked' in u2
    assert f'value="{key}"' in html  # the same key: fixing and resending still records once
    assert Response.objects.count() == 0


def test_an_unreadable_answer_is_an_error_on_its_question(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    page = public_client.post(_url(skm), _post_data(key, {**SKM_ANSWERS, "U1": "sangat"}))

    assert page.status_code == 400
    assert "Choose one of the answers shown." in page.content.decode()
    assert Response.objects.count() == 0


def test_an_out_of_range_answer_is_refused_by_record_response(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    page = public_client.post(_url(skm), _post_data(key, {**SKM_ANSWERS, "U1": 7}))

    assert page.status_code == 400
    assert "Give a number from 1 to 4." in page.content.decode()


def test_a_made_up_form_key_is_refused_with_a_fresh_key(public_client, skm):
    page = public_client.post(_url(skm), _post_data("12.web.abc:forged"))

    assert page.status_code == 400
    assert "This form was changed or is incomplete" in page.content.decode()
    assert _key(page) != "12.web.abc:forged"
    assert Response.objects.count() == 0


def test_a_kiosk_key_does_not_work_on_the_public_form(public_client, skm):
    kiosk_key = _key(public_client.get(_url(skm, "surveys_public:kiosk")))

    page = public_client.post(_url(skm), _post_data(kiosk_key))

    assert page.status_code == 400


def test_respondent_may_choose_to_give_name_and_contact(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    public_client.post(
        _url(skm),
        _post_data(key, share_identity="1", respondent_name="Rina", respondent_contact="rina@contoh.id"),
    )

    response = Response.objects.get()
    assert (response.is_anonymous, response.respondent_name, response.respondent_contact) == (
        False,
        "Rina",
        "rina@contoh.id",
    )


def test_name_and_contact_are_ignored_unless_chosen(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    public_client.post(_url(skm), _post_data(key, respondent_name="Rina", respondent_contact="rina@contoh.id"))

    response = Response.objects.get()
    assert (response.is_anonymous, response.respondent_name, response.respondent_contact) == (True, "", "")


def test_choosing_to_be_contacted_needs_a_contact(public_client, skm):
    key = _key(public_client.get(_url(skm)))

    page = public_client.post(_url(skm), _post_data(key, share_identity="1", respondent_name="Rina"))

    assert page.status_code == 400
    assert "Give an e-mail address or a phone number" in page.content.decode()
    assert Response.objects.count() == 0


def test_a_service_poster_link_attributes_the_response_to_that_service(public_client, skm, services):
    page = public_client.get(_url(skm) + f"?service={services[1].pk}")
    key = _key(page)
    assert f'name="service" value="{services[1].pk}"' in page.content.decode()

    public_client.post(_url(skm), _post_data(key, service=str(services[1].pk)))

    assert Response.objects.get().service_id == services[1].pk


def test_a_service_of_another_unit_is_ignored(public_client, cast, skm):
    other = ServiceFactory(unit=cast.unit_b)
    page = public_client.get(_url(skm) + f"?service={other.pk}")
    key = _key(page)

    assert f'name="service" value="{other.pk}"' not in page.content.decode()
    public_client.post(_url(skm), _post_data(key, service=str(other.pk)))
    assert Response.objects.get().service_id is None


@pytest.fixture
def conditional(cast):
    return make_conditional_survey(organisation=cast.organisation, unit=cast.unit_a)


def test_conditional_question_carries_its_condition_for_the_script(public_client, conditional):
    html = public_client.get(_url(conditional)).content.decode()

    assert 'data-show-if="{&quot;code&quot;: &quot;CSAT&quot;, &quot;values&quot;: [1, 2]}"' in html


def test_conditional_question_is_required_when_its_condition_is_met(public_client, conditional):
    key = _key(public_client.get(_url(conditional)))

    page = public_client.post(_url(conditional), _post_data(key, {"CSAT": 1}))

    assert page.status_code == 400
    html = page.content.decode()
    assert "This question needs an answer." in html[html.index('id="question-WHY"') :]


def test_answer_to_a_hidden_conditional_question_is_ignored(public_client, conditional):
    key = _key(public_client.get(_url(conditional)))

    posted = public_client.post(_url(conditional), _post_data(key, {"CSAT": 3, "WHY": "Antre lama", "CH": [1, 3]}))

    assert posted.status_code == 302
    response = Response.objects.get()
    answered = sorted(Answer.objects.filter(response=response).values_list("item__code", "value"))
    assert answered == [("CH", 1), ("CH", 3), ("CSAT", 3)]
