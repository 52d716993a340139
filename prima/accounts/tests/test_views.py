"""Signing in with an e-mail address, and switching the interface language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD, client_for
from prima.accounts.forms import EmailLoginForm
from prima.activity.models import ActivityLog

LOGIN_URL = reverse("accounts:login")
LANGUAGE_URL = reverse("accounts:language")


def test_login_with_email_and_password_redirects_home(cast):
    response = Client().post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": PASSWORD})

    assert (response.status_code, response.url) == (302, "/")


def test_login_with_email_and_password_signs_in(cast):
    client = Client()

    client.post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": PASSWORD})

    assert client.session["_auth_user_id"] == str(cast.agent_a.pk)


def test_login_accepts_email_in_other_case(cast):
    client = Client()

    client.post(LOGIN_URL, {"username": "Petugas.A@Prima.test", "password": PASSWORD})

    assert client.session.get("_auth_user_id") == str(cast.agent_a.pk)


def test_login_follows_local_next(cast):
    response = Client().post(
        f"{LOGIN_URL}?next=/customers/", {"username": "petugas.a@prima.test", "password": PASSWORD}
    )

    assert response.url == "/customers/"


def test_login_refuses_offsite_next(cast):
    response = Client().post(
        f"{LOGIN_URL}?next=https://evil.example/", {"username": "petugas.a@prima.test", "password": PASSWORD}
    )

    assert response.url == "/"


def test_login_wrong_password_status(cast):
    response = Client().post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": "salah"})

    assert response.status_code == 200


def test_login_wrong_password_shows_error(cast):
    response = Client(headers={"accept-language": "en"}).post(
        LOGIN_URL, {"username": "petugas.a@prima.test", "password": "salah"}
    )

    assert (
        "<p>The e-mail address or password is wrong. The password is case-sensitive.</p>" in response.content.decode()
    )


def test_login_wrong_password_error_code(cast):
    response = Client().post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": "salah"})

    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["invalid_login"]


def test_login_wrong_password_shows_error_in_indonesian_by_default(cast):
    response = Client().post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": "salah"})

    with translation.override("en"):
        english = str(EmailLoginForm.error_messages["invalid_login"])
    assert (response.headers["Content-Language"], english in response.content.decode()) == ("id", False)


def test_login_wrong_password_does_not_sign_in(cast):
    client = Client()

    client.post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": "salah"})

    assert "_auth_user_id" not in client.session


def test_login_unknown_email_status(cast):
    response = Client().post(LOGIN_URL, {"username": "siapa@prima.test", "password": PASSWORD})

    assert response.status_code == 200


def test_login_inactive_account_does_not_sign_in(cast):
    cast.agent_a.is_active = False
    cast.agent_a.save()
    client = Client()

    response = client.post(LOGIN_URL, {"username": "petugas.a@prima.test", "password": PASSWORD})

    assert (response.status_code, "_auth_user_id" in client.session) == (200, False)


def test_login_not_an_email_shows_field_error(cast):
    response = Client().post(LOGIN_URL, {"username": "petugas-a", "password": PASSWORD})

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["username"])


def test_login_page_renders_for_anonymous(db):
    response = Client().get(LOGIN_URL)

    assert response.status_code == 200


def test_login_page_redirects_signed_in_user(cast):
    response = client_for(cast.agent_a).get(LOGIN_URL)

    assert response.status_code == 302


def test_change_language_saves_user_language(cast):
    client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en", "next": "/customers/"})

    cast.agent_a.refresh_from_db()
    assert cast.agent_a.language == "en"


def test_change_language_sets_cookie(cast):
    response = client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en", "next": "/customers/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_change_language_redirects_to_next(cast):
    response = client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en", "next": "/customers/"})

    assert (response.status_code, response.url) == (302, "/customers/")


def test_change_language_logs_action(cast):
    client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en"})

    assert list(ActivityLog.objects.values_list("action", "actor", "data")) == [
        ("accounts.user.language_changed", cast.agent_a.pk, {"language": "en"})
    ]


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http:evil.example", "javascript:alert(1)", "\\\\evil.example"],
)
def test_change_language_refuses_offsite_next(cast, next_url):
    response = client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en", "next": next_url})

    assert response.url == "/"


def test_change_language_ignores_offsite_referer(cast):
    response = client_for(cast.agent_a).post(
        LANGUAGE_URL, {"language": "en", "next": "/customers/"}, headers={"referer": "https://evil.example/"}
    )

    assert response.url == "/customers/"


def test_change_language_without_next_redirects_home(cast):
    response = client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "en"})

    assert response.url == "/"


def test_change_language_invalid_value_is_ignored(cast):
    response = client_for(cast.agent_a).post(LANGUAGE_URL, {"language": "xx", "next": "/customers/"})

    cast.agent_a.refresh_from_db()
    assert (response.status_code, cast.agent_a.language, settings.LANGUAGE_COOKIE_NAME in response.cookies) == (
        302,
        "id",
        False,
    )


def test_change_language_for_public_sets_cookie_only(db):
    response = Client().post(LANGUAGE_URL, {"language": "en"})

    assert (response.cookies[settings.LANGUAGE_COOKIE_NAME].value, ActivityLog.objects.count()) == ("en", 0)


def test_change_language_refuses_get(cast):
    response = client_for(cast.agent_a).get(LANGUAGE_URL)

    assert response.status_code == 405


def test_user_language_middleware_serves_user_language(cast):
    cast.agent_a.language = "en"
    cast.agent_a.save()

    response = client_for(cast.agent_a).get("/", headers={"accept-language": "id"})

    assert response.headers["Content-Language"] == "en"


def test_user_language_middleware_serves_indonesian_by_default(cast):
    response = client_for(cast.agent_a).get("/", headers={"accept-language": "en"})

    assert response.headers["Content-Language"] == "id"


def test_user_language_middleware_marks_html_lang(cast):
    cast.agent_a.language = "en"
    cast.agent_a.save()

    response = client_for(cast.agent_a).get("/")

    assert '<html lang="en">' in response.content.decode()


def test_user_language_middleware_follows_language_change(cast):
    client = client_for(cast.agent_a)

    client.post(LANGUAGE_URL, {"language": "en"})
    response = client.get("/")

    assert response.headers["Content-Language"] == "en"


def test_public_language_follows_cookie(db):
    client = Client()

    client.post(LANGUAGE_URL, {"language": "en"})
    response = client.get(LOGIN_URL)

    assert response.headers["Content-Language"] == "en"


def test_public_language_defaults_to_indonesian(db):
    response = Client().get(LOGIN_URL)

    assert response.headers["Content-Language"] == "id"
