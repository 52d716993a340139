"""A real SMTP server for the outbox's tests: aiosmtpd on 127.0.0.1 on a free port, collecting what it is
sent, and able to refuse (4xx/5xx) on demand. Nothing in the outbox is mocked."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pytest_django.fixtures import Settings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    recipients: list[str]
    message: EmailMessage

    def plain_body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")  # SMTP's line ends back to Python's

    def html_body(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


class CollectingHandler:
    """An aiosmtpd handler that keeps every accepted message. Set ``rcpt_reply`` or ``data_reply`` to an
    SMTP reply such as ``"451 4.3.0 Try again later"`` to refuse at that step instead."""

    def __init__(self) -> None:
        self.messages: list[ReceivedMessage] = []
        self.rcpt_reply: str | None = None
        self.data_reply: str | None = None
        self._arrived = threading.Condition()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if self.rcpt_reply is not None:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply is not None:
            return self.data_reply
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._arrived:
            self.messages.append(ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), message))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        """The messages received, once there are at least ``count`` (or after ``timeout`` seconds)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            return list(self.messages)


@dataclass(frozen=True)
class SmtpServer:
    handler: CollectingHandler
    port: int

    @property
    def messages(self) -> list[ReceivedMessage]:
        return list(self.handler.messages)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMessage]:
        return self.handler.wait_for(count, timeout)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def use_smtp(settings: Settings, port: int) -> None:
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings: Settings) -> Iterator[SmtpServer]:
    """A running aiosmtpd server that Django's SMTP backend sends to."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="smtp.prima.test")
    controller.start()
    use_smtp(settings, port)
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings: Settings) -> int:
    """Django's SMTP backend pointed at a port where no server listens: every send is refused."""
    port = free_port()
    use_smtp(settings, port)
    return port


@pytest.fixture
def database_queue(settings: Settings) -> None:
    """Tasks go to the database queue (as deployed) instead of running at once, so a test decides when."""
    settings.TASKS = DATABASE_TASKS
