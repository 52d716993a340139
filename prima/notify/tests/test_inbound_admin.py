"""Inbound mail in the back office: a read-only list filtered by status, and "process again" through the service."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Cast
from prima.accounts.models import User
from prima.activity.models import ActivityLog
from prima.factories import UserFactory
from prima.notify.inbound.services import receive_email
from prima.notify.models import InboundEmail, InboundSource
from prima.tickets.models import Ticket

from .inbound_helpers import PRIMA_ADDRESS, UNIT_A_ADDRESS, mail

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:notify_inboundemail_changelist"


@pytest.fixture(autouse=True)
def mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = f"Prima <{PRIMA_ADDRESS}>"


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(email="root@prima.test", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_for(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def receive(**overrides: object) -> InboundEmail:
    return receive_email(mail(**overrides).as_bytes(), source=InboundSource.PIPE)  # type: ignore[arg-type]


def test_inbound_email_admin_lists_by_status(admin_client_for: Client, cast: Cast) -> None:
    receive(to="tidak.ada@dpmptsp.bandung.go.id", subject="Tanpa unit")
    receive(headers={"Auto-Submitted": "auto-replied"}, subject="Sedang cuti")

    response = admin_client_for.get(reverse(CHANGELIST), {"status__exact": "failed"})

    assert response.status_code == 200
    assert [email.subject for email in response.context["cl"].result_list] == ["Tanpa unit"]


def test_inbound_email_admin_shows_the_raw_message_read_only(admin_client_for: Client, cast: Cast) -> None:
    inbound = receive(to="tidak.ada@dpmptsp.bandung.go.id", subject="Tanpa unit")

    page = admin_client_for.get(reverse("admin:notify_inboundemail_change", args=[inbound.pk]))
    edit = admin_client_for.post(reverse("admin:notify_inboundemail_change", args=[inbound.pk]), {"subject": "X"})
    add = admin_client_for.get(reverse("admin:notify_inboundemail_add"))

    assert (page.status_code, "Subject: Tanpa unit" in page.content.decode(), edit.status_code, add.status_code) == (
        200,
        True,
        403,
        403,
    )
    inbound.refresh_from_db()
    assert inbound.subject == "Tanpa unit"


def test_inbound_email_admin_process_again_routes_after_the_unit_address_is_fixed(
    admin_client_for: Client, superuser: User, cast: Cast
) -> None:
    failed = receive(to=UNIT_A_ADDRESS, message_id="<tanpa-unit@contoh.id>")
    own_mail = receive(to=UNIT_A_ADDRESS, from_address=PRIMA_ADDRESS)
    cast.unit_a.email = UNIT_A_ADDRESS
    cast.unit_a.save()

    response = admin_client_for.post(
        reverse(CHANGELIST), {"action": "process_again", "_selected_action": [failed.pk, own_mail.pk]}
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    ticket = Ticket.objects.get()
    assert (failed.status, failed.reason, failed.ticket, ticket.unit) == (
        "processed",
        "new_request",
        ticket,
        cast.unit_a,
    )
    assert list(
        ActivityLog.objects.filter(action="notify.inbound.processed_again").order_by("id").values_list("actor", "data")
    ) == [
        (superuser.pk, {"sender": PRIMA_ADDRESS, "subject": "Syarat izin usaha mikro", "status": "ignored"}),
        (superuser.pk, {"sender": "budi@contoh.id", "subject": "Syarat izin usaha mikro", "status": "processed"}),
    ]


def test_inbound_email_admin_list_queries_do_not_grow_with_rows(admin_client_for: Client, cast: Cast) -> None:
    cast.unit_a.email = UNIT_A_ADDRESS
    cast.unit_a.save()

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client_for.get(reverse(CHANGELIST)).status_code == 200
        return len(captured)

    receive(message_id="<satu@contoh.id>")
    with_one = queries_for_list()
    receive(message_id="<dua@contoh.id>")
    receive(message_id="<tiga@contoh.id>")

    assert (InboundEmail.objects.exclude(ticket=None).count(), queries_for_list()) == (3, with_one)
