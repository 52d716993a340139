"""The public request form: anyone may send a request to an active unit, once per page, durably."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from prima.accounts.models import ServiceUnit
from prima.customers.models import Consent, ConsentChannel, ConsentPurpose, Customer
from prima.notify.models import OutboundEmail
from prima.tickets.choices import Channel, Confidentiality, RequestKind
from prima.tickets.models import Appointment, ComplaintDetails, Ticket
from prima.tickets.public.keys import new_submission_key

KEY_INPUT = re.compile(r'name="submission_key" value="([^"]+)"')
# The form journals the submission and registers it once that commit is real: the test needs real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def form_url(unit: ServiceUnit) -> str:
    return f"/public/{unit.pk}/"


def fresh_key(client: Client, unit: ServiceUnit) -> str:
    page = client.get(form_url(unit))
    match = KEY_INPUT.search(page.content.decode())
    assert match is not None
    return match.group(1)


def valid_data(client: Client, unit: ServiceUnit, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "information",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "confidentiality": "normal",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "requester_phone": "0812-3456-7890",
        "consent": "on",
        "website": "",
        "submission_key": fresh_key(client, unit),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_request_form_renders_for_an_anonymous_visitor(cast, public_client):
    response = public_client.get(form_url(cast.unit_a))

    content = response.content.decode()
    assert (response.status_code, cast.unit_a.name in content, KEY_INPUT.search(content) is not None) == (
        200,
        True,
        True,
    )


def test_request_form_carries_a_new_key_on_every_load(cast, public_client):
    assert fresh_key(public_client, cast.unit_a) != fresh_key(public_client, cast.unit_a)


def test_request_form_is_never_stored_by_shared_caches(cast, public_client):
    response = public_client.get(form_url(cast.unit_a))

    assert "private" in response["Cache-Control"]


def test_request_form_preselects_the_kind_in_the_address(cast, public_client):
    response = public_client.get(form_url(cast.unit_a) + "?kind=complaint")

    checked = re.findall(r'<input type="radio" name="kind" value="(\w+)"[^>]*\bchecked\b', response.content.decode())
    assert checked == ["complaint"]


def test_request_form_offers_the_kinds_a_citizen_sends(cast, public_client):
    response = public_client.get(form_url(cast.unit_a))

    offered = re.findall(r'<input type="radio" name="kind" value="(\w+)"', response.content.decode())
    assert offered == ["information", "complaint", "suggestion", "compliment", "appointment"]


def test_request_form_valid_submission_creates_one_web_request_and_redirects_to_its_receipt(cast, public_client):
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))

    ticket = Ticket.objects.get()
    assert (response.status_code, response["Location"], ticket.channel, ticket.unit_id, ticket.kind) == (
        302,
        f"/public/receipt/{ticket.tracking_code}/",
        Channel.WEB,
        cast.unit_a.pk,
        RequestKind.INFORMATION,
    )


def test_receipt_shows_the_code_a_status_link_and_the_acknowledgement(cast, public_client):
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a), follow=True)

    ticket = Ticket.objects.get()
    content = response.content.decode()
    assert (
        ticket.tracking_code in content,
        f'href="/public/track/{ticket.tracking_code}/"' in content,
        "We have sent a confirmation" in content or "Kami telah mengirim" in content,
        OutboundEmail.objects.filter(to_address="budi@contoh.id").count(),
    ) == (True, True, True, 1)


def test_receipt_says_no_email_was_sent_for_an_anonymous_request(cast, public_client):
    data = valid_data(public_client, cast.unit_a, confidentiality="anonymous")

    response = public_client.post(form_url(cast.unit_a), data, follow=True)

    assert (
        "We have sent a confirmation" in response.content.decode(),
        OutboundEmail.objects.count(),
    ) == (False, 0)


def test_request_form_same_post_twice_gives_one_request_and_the_same_code(cast, public_client):
    data = valid_data(public_client, cast.unit_a)

    first = public_client.post(form_url(cast.unit_a), data)
    second = public_client.post(form_url(cast.unit_a), data)

    assert (Ticket.objects.count(), first["Location"]) == (1, second["Location"])


def test_request_form_same_key_with_changed_text_asks_before_making_a_new_request(cast, public_client):
    data = valid_data(public_client, cast.unit_a)
    public_client.post(form_url(cast.unit_a), data)

    response = public_client.post(form_url(cast.unit_a), {**data, "description": "Pertanyaan yang lain."})

    new_key = KEY_INPUT.search(response.content.decode())
    assert new_key is not None
    resent = public_client.post(
        form_url(cast.unit_a), {**data, "description": "Pertanyaan yang lain.", "submission_key": new_key.group(1)}
    )
    assert (response.status_code, new_key.group(1) != data["submission_key"], resent.status_code) == (400, True, 302)
    assert Ticket.objects.count() == 2


def test_request_form_keeps_the_key_when_it_shows_errors(cast, public_client):
    data = valid_data(public_client, cast.unit_a, subject="")

    response = public_client.post(form_url(cast.unit_a), data)

    match = KEY_INPUT.search(response.content.decode())
    assert match is not None and match.group(1) == data["submission_key"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda key: key[:-3] + ("AAA" if not key.endswith("AAA") else "BBB"),  # signature altered
        lambda key: key.replace(key.split(".", 1)[0], "999999", 1),  # unit altered
        lambda key: "web-1-0123456789abcdef0123456789abcdef",  # made up
        lambda key: "",  # missing
    ],
    ids=["signature", "unit", "made-up", "missing"],
)
def test_request_form_refuses_a_forged_submission_key(cast, public_client, tamper):
    data = valid_data(public_client, cast.unit_a)
    data["submission_key"] = tamper(data["submission_key"])

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, Ticket.objects.count()) == (400, 0)


def test_request_form_refuses_a_key_signed_for_another_unit(cast, public_client):
    data = valid_data(public_client, cast.unit_a, submission_key=new_submission_key(cast.unit_b.pk))

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, Ticket.objects.count()) == (400, 0)


def test_request_form_anonymous_stores_no_identity_even_if_typed(cast, public_client):
    data = valid_data(public_client, cast.unit_a, confidentiality="anonymous", consent=None)

    response = public_client.post(form_url(cast.unit_a), data)

    ticket = Ticket.objects.get()
    assert (
        response.status_code,
        ticket.confidentiality,
        ticket.requester_name,
        ticket.requester_email,
        ticket.requester_phone,
        ticket.customer_id,
        Customer.objects.count(),
        Consent.objects.count(),
    ) == (302, Confidentiality.ANONYMOUS, "", "", "", None, 0, 0)


def test_request_form_anonymous_ignores_an_invalid_phone(cast, public_client):
    data = valid_data(public_client, cast.unit_a, confidentiality="anonymous", requester_phone="12")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, Ticket.objects.get().requester_phone) == (302, "")


def test_request_form_confidential_stores_the_identity(cast, public_client):
    data = valid_data(public_client, cast.unit_a, confidentiality="confidential")

    public_client.post(form_url(cast.unit_a), data)

    ticket = Ticket.objects.get()
    assert (ticket.confidentiality, ticket.requester_name, ticket.requester_email, ticket.requester_phone) == (
        Confidentiality.CONFIDENTIAL,
        "Budi Santoso",
        "budi@contoh.id",
        "+6281234567890",
    )


def test_request_form_records_follow_up_consent_for_a_normal_request(cast, public_client):
    public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))

    consent = Consent.objects.get()
    assert (consent.customer_id, consent.purpose, consent.channel, consent.withdrawn_at) == (
        Ticket.objects.get().customer_id,
        ConsentPurpose.FOLLOW_UP,
        ConsentChannel.WEB_FORM,
        None,
    )


def test_request_form_records_consent_once_for_a_returning_customer(cast, public_client):
    public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))
    public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a, subject="Pertanyaan kedua"))

    assert (Ticket.objects.count(), Customer.objects.count(), Consent.objects.count()) == (2, 1, 1)


def test_request_form_needs_consent_when_contact_details_are_given(cast, public_client):
    data = valid_data(public_client, cast.unit_a, consent=None)

    response = public_client.post(form_url(cast.unit_a), data)

    assert (
        response.status_code,
        response.context["form"].has_error("consent", "required"),
        Ticket.objects.count(),
    ) == (
        400,
        True,
        0,
    )


def test_request_form_needs_a_way_to_answer_unless_anonymous(cast, public_client):
    data = valid_data(public_client, cast.unit_a, requester_email="", requester_phone="", consent=None)

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, response.context["form"].has_error("requester_email", "contact_required")) == (
        400,
        True,
    )


def test_request_form_needs_a_name_unless_anonymous(cast, public_client):
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a, requester_name=""))

    assert (response.status_code, response.context["form"].has_error("requester_name", "required")) == (400, True)


def test_request_form_complaint_keeps_the_particulars_of_uu_25_2009(cast, public_client):
    data = valid_data(
        public_client,
        cast.unit_a,
        kind="complaint",
        incident_date="2025-03-04",
        incident_place="Loket 3",
        remedy_requested="Berkas saya diproses ulang.",
    )

    public_client.post(form_url(cast.unit_a), data)

    details = ComplaintDetails.objects.get()
    assert (str(details.incident_date), details.incident_place, details.remedy_requested) == (
        "2025-03-04",
        "Loket 3",
        "Berkas saya diproses ulang.",
    )


def test_request_form_complaint_incident_cannot_be_in_the_future(cast, public_client):
    data = valid_data(public_client, cast.unit_a, kind="complaint", incident_date="2999-01-01")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, response.context["form"].has_error("incident_date", "future")) == (400, True)


def test_request_form_appointment_preference_goes_to_the_staff_without_booking(cast, public_client):
    data = valid_data(
        public_client, cast.unit_a, kind="appointment", preferred_date="2999-05-06", preferred_time="10:30"
    )

    public_client.post(form_url(cast.unit_a), data)

    ticket = Ticket.objects.get()
    with translation.override("id"):  # written in the organisation's language, whoever filled in the form
        expected = gettext("Preferred date and time: %(when)s") % {"when": "2999-05-06 10:30 WIB"}
    assert (ticket.kind, ticket.description.splitlines()[-1], Appointment.objects.count()) == (
        RequestKind.APPOINTMENT,
        expected,
        0,
    )


def test_request_form_appointment_needs_a_preferred_day(cast, public_client):
    response = public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a, kind="appointment"))

    assert (response.status_code, response.context["form"].has_error("preferred_date", "required")) == (400, True)


def test_request_form_ignores_the_fields_of_other_kinds(cast, public_client):
    data = valid_data(public_client, cast.unit_a, kind="suggestion", incident_date="not a date", preferred_date="x")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, ComplaintDetails.objects.count(), Ticket.objects.get().kind) == (
        302,
        0,
        RequestKind.SUGGESTION,
    )


def test_request_form_honeypot_filled_creates_nothing(cast, public_client):
    data = valid_data(public_client, cast.unit_a, website="http://spam.example")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, Ticket.objects.count(), Customer.objects.count()) == (400, 0, 0)


def test_request_form_bad_phone_is_explained_in_indonesian_by_default(cast, public_client):
    data = valid_data(public_client, cast.unit_a, requester_phone="+1 202 555 0143")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, "Hanya nomor Indonesia (+62) yang diterima." in response.content.decode()) == (
        400,
        True,
    )


def test_request_form_bad_phone_is_explained_in_english_when_chosen(cast, public_client):
    public_client.cookies["prima_language"] = "en"
    data = valid_data(public_client, cast.unit_a, requester_phone="+1 202 555 0143")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, "Only Indonesian numbers (+62) are accepted." in response.content.decode()) == (
        400,
        True,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "“budi@” bukan alamat e-mail yang sah."), ("en", "“budi@” is not a valid e-mail address.")],
)
def test_request_form_bad_email_is_explained_in_the_visitors_language(cast, public_client, language, expected):
    public_client.cookies["prima_language"] = language
    data = valid_data(public_client, cast.unit_a, requester_email="budi@")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, expected in response.content.decode(), Ticket.objects.count()) == (400, True, 0)


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "Isi subjek permohonan."), ("en", "Give the request a subject.")]
)
def test_request_form_missing_subject_is_explained_in_the_visitors_language(cast, public_client, language, expected):
    public_client.cookies["prima_language"] = language
    data = valid_data(public_client, cast.unit_a, subject="")

    response = public_client.post(form_url(cast.unit_a), data)

    assert (response.status_code, expected in response.content.decode()) == (400, True)


def test_request_form_acknowledges_in_the_visitors_language(cast, public_client):
    public_client.cookies["prima_language"] = "en"

    public_client.post(form_url(cast.unit_a), valid_data(public_client, cast.unit_a))

    assert (Ticket.objects.get().requester_language, OutboundEmail.objects.get().language) == ("en", "en")


def test_request_form_of_an_inactive_unit_is_not_found(cast, public_client):
    ServiceUnit.objects.filter(pk=cast.unit_b.pk).update(is_active=False)

    responses = [public_client.get(form_url(cast.unit_b)), public_client.post(form_url(cast.unit_b), {})]

    assert [response.status_code for response in responses] == [404, 404]


@pytest.mark.parametrize("unit_id", ["0", "987654", str(2**63), str(10**30)])
def test_request_form_of_an_unknown_unit_is_not_found(cast, public_client, unit_id):
    assert public_client.get(f"/public/{unit_id}/").status_code == 404


JUNK_VALUES = [
    "\x00",
    "x" * 20_000,
    "2024-13-45",
    "99999-01-01",
    "0000-00-00",
    "25:61",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "😀" * 50,
    "-1",
    "on",
]
FORM_FIELDS = [
    "kind",
    "subject",
    "description",
    "incident_date",
    "incident_place",
    "remedy_requested",
    "preferred_date",
    "preferred_time",
    "confidentiality",
    "requester_name",
    "requester_email",
    "requester_phone",
    "consent",
    "website",
    "submission_key",
]


@pytest.mark.parametrize("kind", ["complaint", "appointment"])
@pytest.mark.parametrize("junk", JUNK_VALUES, ids=range(len(JUNK_VALUES)))
def test_request_form_never_fails_on_junk(cast, public_client, kind, junk):
    base = valid_data(public_client, cast.unit_a, kind=kind, preferred_date="2999-01-01")
    statuses = {public_client.post(form_url(cast.unit_a), {**base, field: junk}).status_code for field in FORM_FIELDS}
    statuses.add(public_client.post(form_url(cast.unit_a), {field: [junk, junk] for field in FORM_FIELDS}).status_code)
    statuses.add(public_client.get(form_url(cast.unit_a), {"kind": junk}).status_code)

    assert max(statuses) < 500
