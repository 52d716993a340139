"""No input makes a standards page answer 500: bad input is a 400 with messages (or a 403/404/405)."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from prima.standards.services import approve_standard, draft_standard
from prima.standards.tests.conftest import new_service, published, written_draft

LONG = "x" * 20_000
UNICODE = "Izin 🙂 ديوي\u200b\u202e"

JUNK = [
    pytest.param({}, id="missing-fields"),
    pytest.param({"unit": LONG, "code": LONG, "name_id": LONG, "text_id": LONG, "fee-amount": LONG}, id="long"),
    pytest.param({"unit": UNICODE, "code": UNICODE, "name_id": UNICODE, "fee-amount": UNICODE}, id="unicode"),
    pytest.param({"unit": "-1", "code": "-", "fee-amount": "-1", "time_limit-duration_value": "-1"}, id="negative"),
    pytest.param({"unit": "1e9", "fee-amount": "1e999", "time_limit-duration_value": "9" * 40}, id="huge"),
    pytest.param({"unit": ["1", "2"], "code": ["a", "b"], "fee-amount": ["1", "2"]}, id="lists"),
    pytest.param({"name_id": "a\x00b", "text_id": "\x00", "fee-text_id": "\x00", "code": "a\x00"}, id="nul"),
    pytest.param({"effective_from": "2024-02-30", "time_limit-duration_unit": "fortnights"}, id="bad-choices"),
    pytest.param({"effective_from": "0000-00-00", "signatory": LONG}, id="zero-date"),
]


@pytest.fixture
def pages(cast):
    """One of everything: a published service, an open draft, an approved version."""
    service = new_service(cast.unit_a, cast.supervisor)
    old = published(service, cast.supervisor, cast.leader)
    draft = draft_standard(service, actor=cast.supervisor)
    other = new_service(cast.unit_a, cast.supervisor, code="izin-reklame")
    approved = written_draft(other, cast.supervisor)
    approve_standard(approved, actor=cast.leader)
    return {"service": service, "old": old, "draft": draft, "approved": approved}


def staff_urls(cast, pages) -> list[str]:
    return [
        reverse("standards:catalogue"),
        reverse("standards:service_create"),
        reverse("standards:service", args=[pages["service"].pk]),
        reverse("standards:service_edit", args=[pages["service"].pk]),
        reverse("standards:draft", args=[pages["service"].pk]),
        reverse("standards:edit", args=[pages["draft"].pk]),
        reverse("standards:approve", args=[pages["draft"].pk]),
        reverse("standards:return_to_draft", args=[pages["approved"].pk]),
        reverse("standards:publish", args=[pages["approved"].pk]),
        reverse("standards:compare", args=[pages["draft"].pk]),
        reverse("standards:charter", args=[cast.unit_a.pk]),
    ]


@pytest.mark.parametrize("data", JUNK)
@pytest.mark.parametrize("who", ["leader", "supervisor", "agent_a", "agent_b"])
def test_staff_pages_post_junk_no_server_error(cast, pages, data, who):
    client = client_for(getattr(cast, who))

    statuses = {url: client.post(url, data).status_code for url in staff_urls(cast, pages)}

    assert {url: status for url, status in statuses.items() if status >= 500} == {}


@pytest.mark.parametrize("data", JUNK)
def test_form_pages_post_junk_answer_400_with_messages_or_save(cast, pages, data):
    client = client_for(cast.leader)
    urls = [
        reverse("standards:service_create"),
        reverse("standards:service_edit", args=[pages["service"].pk]),
        reverse("standards:edit", args=[pages["draft"].pk]),
        reverse("standards:publish", args=[pages["approved"].pk]),
        reverse("standards:charter", args=[cast.unit_a.pk]),
    ]

    responses = [client.post(url, data) for url in urls]

    # Junk that happens to be valid (a name in Arabic script, say) is saved; anything else is a 400 that
    # says what is wrong next to the field.
    assert [(r.status_code, r.status_code == 302 or 'role="alert"' in r.content.decode()) for r in responses] == [
        (r.status_code, True) for r in responses
    ]
    assert {r.status_code for r in responses} <= {302, 400}


def test_form_pages_missing_required_fields_answer_400(cast, pages):
    client = client_for(cast.leader)
    urls = [
        reverse("standards:service_create"),
        reverse("standards:service_edit", args=[pages["service"].pk]),
        reverse("standards:charter", args=[cast.unit_a.pk]),
    ]

    assert [client.post(url, {}).status_code for url in urls] == [400, 400, 400]


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=-1", "?page=99999999999999999999", "?archived=" + LONG, "?page=1&page=2"]
)
def test_catalogue_junk_query_no_server_error(cast, query):
    response = client_for(cast.agent_a).get(reverse("standards:catalogue") + query)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/standards/service/99999999999999999999999/",
        "/standards/version/0/",
        "/standards/version/99999999999999999999999/compare/",
        "/standards/unit/99999999999999999999999/charter/",
        "/public/standards/service/99999999999999999999999/",
        "/public/standards/unit/99999999999999999999999/",
        "/public/standards/service/-1/",
    ],
)
def test_huge_or_odd_ids_are_not_found(cast, path):
    response = client_for(cast.leader).get(path) if path.startswith("/standards/") else Client().get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_pages_only_answer_get(cast, pages, method):
    url = reverse("public_standards:service", args=[pages["service"].pk])

    response = getattr(Client(), method)(url)

    assert response.status_code == 405
