"""The ways mail comes in: ``receive_email`` (a mail server's pipe or a file) and ``poll_mailbox`` (IMAP).

The pipe is tested for real in a subprocess, as Postfix would run it; IMAP against a test double of
``imaplib.IMAP4`` (the outside world), which records what Prima asked of the server and when.
"""

from __future__ import annotations

import imaplib
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from conftest import Cast
from prima.notify.inbound.imap import ImapSettings, imap_settings, poll_mailbox
from prima.notify.models import InboundEmail
from prima.tickets.models import Ticket

from .inbound_helpers import MAIL_DIR, PRIMA_ADDRESS, UNIT_A_ADDRESS, mail

pytestmark = pytest.mark.django_db

IMAP = ImapSettings(host="imap.test", port=993, user="layanan", password="rahasia", folder="INBOX", use_ssl=True)


@pytest.fixture(autouse=True)
def mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = f"Prima <{PRIMA_ADDRESS}>"


@pytest.fixture
def unit_a(cast: Cast) -> Cast:
    cast.unit_a.email = UNIT_A_ADDRESS
    cast.unit_a.save()
    return cast


def run_receive_email(raw: bytes, *args: str) -> str:
    out = io.StringIO()
    call_command("receive_email", *args, stdin=io.BytesIO(raw), stdout=out)
    return out.getvalue()


def test_receive_email_command_reads_standard_input(unit_a: Cast) -> None:
    output = run_receive_email(mail(message_id="<pipa@contoh.id>").as_bytes())

    inbound = InboundEmail.objects.get()
    assert (inbound.source, inbound.status, inbound.ticket, output) == (
        "pipe",
        "processed",
        Ticket.objects.get(),
        f"Inbound e-mail #{inbound.pk} processed (new_request)\n",
    )


def test_receive_email_command_reads_a_file(unit_a: Cast) -> None:
    call_command("receive_email", str(MAIL_DIR / "latin1_complaint.eml"), stdout=io.StringIO())

    assert list(InboundEmail.objects.values_list("source", "status", "message_id")) == [
        ("file", "processed", "<latin1-0001@contoh.id>")
    ]


def test_receive_email_command_keeps_random_bytes_and_succeeds(unit_a: Cast) -> None:
    raw = os.urandom(4000)

    output = run_receive_email(raw)

    inbound = InboundEmail.objects.get()
    assert (inbound.status, inbound.reason, bytes(inbound.raw), output) == (
        "failed",
        "malformed",
        raw,
        f"Inbound e-mail #{inbound.pk} failed (malformed)\n",
    )


def test_receive_email_command_refuses_empty_input_with_dataerr(unit_a: Cast) -> None:
    with pytest.raises(CommandError) as refused:
        run_receive_email(b"\r\n")

    assert (refused.value.returncode, str(refused.value), InboundEmail.objects.count()) == (
        65,
        "E-mail refused: The message is empty.",
        0,
    )


def test_receive_email_command_reports_a_missing_file_with_noinput(unit_a: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("receive_email", str(tmp_path / "tidak-ada.eml"))

    assert (refused.value.returncode, InboundEmail.objects.count()) == (66, 0)


def manage(database: Path, raw: bytes) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PRIMA_TESTING": "1"}
    return subprocess.run(  # noqa: S603  (our own manage.py, as a mail server runs it)
        [sys.executable, str(django_settings.BASE_DIR / "manage.py"), "receive_email"],
        input=raw,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_receive_email_as_a_mail_server_pipe_stores_then_exits_zero(tmp_path: Path) -> None:
    database = tmp_path / "prima.sqlite3"
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, str(django_settings.BASE_DIR / "manage.py"), "migrate", "-v", "0"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PRIMA_TESTING": "1"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    message = mail(to="tidak.ada@dpmptsp.bandung.go.id", message_id="<pipa-nyata@contoh.id>").as_bytes()

    delivered = manage(database, message)
    garbage = manage(database, b"\x00\xff\xfe garbage \x81" * 50)

    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT message_id, status, reason, raw FROM notify_inboundemail ORDER BY id"
        ).fetchall()
    assert (delivered.returncode, garbage.returncode) == (0, 0)
    assert [(row[0], row[1], row[2], bytes(row[3]) == message) for row in rows[:1]] == [
        ("<pipa-nyata@contoh.id>", "failed", "no_unit", True)
    ]
    assert [(row[1], row[2]) for row in rows[1:]] == [("failed", "malformed")]


def test_receive_email_without_a_database_exits_tempfail_so_the_server_retries(tmp_path: Path) -> None:
    unreachable = tmp_path / "tidak-ada" / "prima.sqlite3"

    result = manage(unreachable, mail().as_bytes())

    assert (result.returncode, b"Could not store the e-mail" in result.stderr) == (75, True)


class FakeImap(imaplib.IMAP4):
    """An IMAP server's answers without a network. ``marked_after`` records, for each \\Seen flag set, which
    messages Prima had stored at that moment."""

    def __init__(self, messages: dict[str, bytes], *, fail_fetch: set[str] = frozenset(), drop_on_store: bool = False):
        # No super().__init__(): it would open a socket.
        self.messages = messages
        self.fail_fetch = fail_fetch
        self.drop_on_store = drop_on_store
        self.seen: set[str] = set()
        self.fetched: list[tuple[str, str]] = []
        self.marked_after: dict[str, list[str]] = {}
        self.logged_out = False

    def login(self, user, password):
        return "OK", [b"LOGIN completed"]

    def select(self, mailbox="INBOX", readonly=False):
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            return "OK", [" ".join(uid for uid in self.messages if uid not in self.seen).encode()]
        if command == "FETCH":
            uid, items = args
            self.fetched.append((uid, items))
            if uid in self.fail_fetch:
                return "NO", [b"FETCH failed"]
            raw = self.messages[uid]
            return "OK", [(f"{uid} (UID {uid} BODY[] {{{len(raw)}}}".encode(), raw), b")"]
        if command == "STORE":
            uid, operation, flags = args
            if self.drop_on_store:
                raise OSError("connection reset by peer")
            assert (operation, flags) == ("+FLAGS", "(\\Seen)")
            self.marked_after[uid] = list(InboundEmail.objects.order_by("id").values_list("message_id", flat=True))
            self.seen.add(uid)
            return "OK", [b"STORE completed"]
        raise AssertionError(f"unexpected IMAP command {command}")

    def logout(self):
        self.logged_out = True
        return "BYE", [b"LOGOUT"]


def test_poll_mailbox_marks_each_message_seen_only_after_storing_it(unit_a: Cast) -> None:
    server = FakeImap(
        {"7": mail(message_id="<satu@contoh.id>").as_bytes(), "9": mail(message_id="<dua@contoh.id>").as_bytes()}
    )

    result = poll_mailbox(IMAP, opener=lambda config: server)

    assert (result.stored, result.failed, server.fetched, server.seen, server.logged_out) == (
        2,
        0,
        [("7", "(BODY.PEEK[])"), ("9", "(BODY.PEEK[])")],
        {"7", "9"},
        True,
    )
    assert server.marked_after == {"7": ["<satu@contoh.id>"], "9": ["<satu@contoh.id>", "<dua@contoh.id>"]}
    assert list(InboundEmail.objects.values_list("source", "status")) == [("imap", "processed"), ("imap", "processed")]
    assert Ticket.objects.count() == 2


def test_poll_mailbox_leaves_a_message_it_could_not_fetch_unread(unit_a: Cast) -> None:
    server = FakeImap({"3": mail().as_bytes()}, fail_fetch={"3"})

    result = poll_mailbox(IMAP, opener=lambda config: server)

    assert (result.stored, result.failed, server.seen, InboundEmail.objects.count()) == (0, 1, set(), 0)


def test_poll_mailbox_connection_lost_before_marking_stores_the_message_once(unit_a: Cast) -> None:
    raw = mail(message_id="<putus@contoh.id>").as_bytes()
    dropping = FakeImap({"5": raw}, drop_on_store=True)

    with pytest.raises(OSError):
        poll_mailbox(IMAP, opener=lambda config: dropping)
    result = poll_mailbox(IMAP, opener=lambda config: FakeImap({"5": raw}))

    assert result.stored == 1
    assert list(InboundEmail.objects.order_by("id").values_list("status", "reason")) == [
        ("received", ""),
        ("ignored", "duplicate"),
    ]
    assert Ticket.objects.count() == 0  # the first copy is left to the periodic job, which processes it


def test_imap_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_HOST", "imap.contoh.id")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_USER", "layanan@contoh.id")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_PASSWORD", "rahasia")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_SSL", "false")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_FOLDER", "Pengaduan Masuk")

    assert imap_settings() == ImapSettings(
        host="imap.contoh.id",
        port=143,
        user="layanan@contoh.id",
        password="rahasia",
        folder="Pengaduan Masuk",
        use_ssl=False,
    )


def test_imap_settings_refuse_a_bad_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_HOST", "imap.contoh.id")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_USER", "layanan@contoh.id")
    monkeypatch.setenv("PRIMA_INBOUND_IMAP_PORT", "imap")

    with pytest.raises(ImproperlyConfigured, match=re.escape("PRIMA_INBOUND_IMAP_PORT='imap' is not a port number.")):
        imap_settings()


def test_poll_mailbox_command_without_a_host_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIMA_INBOUND_IMAP_HOST", raising=False)

    with pytest.raises(CommandError, match="PRIMA_INBOUND_IMAP_HOST is not set"):
        call_command("poll_mailbox")
