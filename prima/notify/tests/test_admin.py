"""The outbox in the back office: a read-only list filtered by status, and "retry now" through the service."""

import pytest
from django.test import Client
from django.urls import reverse

from prima.accounts.models import User
from prima.factories import UserFactory
from prima.notify.models import EmailStatus, OutboundEmail
from prima.notify.services import queue_email
from prima.notify.tests.conftest import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)
CHANGELIST = "admin:notify_outboundemail_changelist"


@pytest.fixture
def superuser() -> User:
    return UserFactory(email="root@prima.test", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_for(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def refused_email(smtp_server: SmtpServer, address: str) -> OutboundEmail:
    smtp_server.handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    email = queue_email(
        to_address=address, language="en", template="generic", context={"subject": "Halo", "body": "Isi"}
    )
    smtp_server.handler.rcpt_reply = None
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    return email


def test_outbound_email_admin_lists_by_status(admin_client_for: Client, smtp_server: SmtpServer) -> None:
    refused_email(smtp_server, "gagal@contoh.id")
    queue_email(to_address="terkirim@contoh.id", language="id", template="generic", context={"subject": "Halo"})

    response = admin_client_for.get(reverse(CHANGELIST), {"status__exact": EmailStatus.FAILED})

    assert response.status_code == 200
    assert [email.to_address for email in response.context["cl"].result_list] == ["gagal@contoh.id"]


def test_outbound_email_admin_has_no_add_or_edit_form(admin_client_for: Client, smtp_server: SmtpServer) -> None:
    email = refused_email(smtp_server, "gagal@contoh.id")

    add = admin_client_for.get(reverse("admin:notify_outboundemail_add"))
    change = admin_client_for.post(reverse("admin:notify_outboundemail_change", args=[email.pk]), {"subject": "X"})

    assert (add.status_code, change.status_code) == (403, 403)
    email.refresh_from_db()
    assert email.subject == "Halo"


def test_outbound_email_admin_retry_now_sends_failed_email(admin_client_for: Client, smtp_server: SmtpServer) -> None:
    email = refused_email(smtp_server, "gagal@contoh.id")

    response = admin_client_for.post(reverse(CHANGELIST), {"action": "retry_now", "_selected_action": [email.pk]})

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert [received.recipients for received in smtp_server.wait_for(1)] == [["gagal@contoh.id"]]
