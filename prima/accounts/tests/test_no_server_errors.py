"""No input makes the sign-in or language forms answer 500."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for

LONG = "x" * 10_000
UNICODE = "Dewi 🙂 ديوي\u200b\u202e"

JUNK = [
    pytest.param({}, id="missing-fields"),
    pytest.param({"username": LONG, "password": LONG, "language": LONG, "next": LONG}, id="long-strings"),
    pytest.param({"username": f"{UNICODE}@prima.test", "password": UNICODE, "language": UNICODE}, id="unicode"),
    pytest.param({"username": "a\x00@prima.test", "password": "\x00", "language": "\x00", "next": "/\x00"}, id="nul"),
    pytest.param({"username": ["a@prima.test", "b@prima.test"], "language": ["en", "id"]}, id="lists"),
    pytest.param({"username": "petugas.a@prima.test", "password": "", "language": "en", "next": "abc"}, id="blank"),
    pytest.param({"language": "en", "next": "https://[::1"}, id="broken-url"),
    pytest.param({"language": "en", "next": "///evil.example"}, id="triple-slash"),
]


@pytest.mark.parametrize("data", JUNK)
@pytest.mark.parametrize("name", ["accounts:login", "accounts:language"])
def test_accounts_forms_post_junk_no_server_error_anonymous(db, name, data):
    response = Client().post(reverse(name), data)

    assert response.status_code < 500


@pytest.mark.parametrize("data", JUNK)
def test_change_language_post_junk_no_server_error_signed_in(cast, data):
    response = client_for(cast.agent_a).post(reverse("accounts:language"), data)

    assert response.status_code < 500


@pytest.mark.parametrize("next_url", ["https://[::1", "//evil.example", LONG, "/\x00"])
def test_login_junk_next_no_server_error(cast, next_url):
    from conftest import PASSWORD

    response = Client().post(
        reverse("accounts:login") + "?next=" + next_url, {"username": "petugas.a@prima.test", "password": PASSWORD}
    )

    assert response.status_code < 500
