"""Fetching inbound e-mail from an IMAP mailbox, for organisations whose mail server cannot pipe to Prima.

Configuration, read from Django settings or else from the environment (settings win):

=============================  ===============================================  =========
name                           meaning                                          default
=============================  ===============================================  =========
PRIMA_INBOUND_IMAP_HOST        IMAP server; polling is off while it is empty    (empty)
PRIMA_INBOUND_IMAP_PORT        port                                             993, or 143 without SSL
PRIMA_INBOUND_IMAP_USER        login                                            (required)
PRIMA_INBOUND_IMAP_PASSWORD    password                                         (empty)
PRIMA_INBOUND_IMAP_FOLDER      folder to read                                   INBOX
PRIMA_INBOUND_IMAP_SSL         IMAP over TLS (true/false)                       true
=============================  ===============================================  =========

Each unread message is fetched without marking it (``BODY.PEEK[]``), stored, and only then marked seen; a
message that could not be stored stays unread and is fetched again next time (a message stored twice is
ignored as a duplicate). Messages are never deleted: the mailbox stays a second copy.
"""

from __future__ import annotations

import imaplib
import logging
import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from prima.notify.inbound.services import MessageRejected, process_inbound_email, store_inbound_email
from prima.notify.models import InboundSource

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60
DEFAULT_LIMIT = 100
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    user: str
    password: str
    folder: str
    use_ssl: bool


@dataclass
class PollResult:
    stored: int = 0
    rejected: int = 0
    failed: int = 0


def imap_settings() -> ImapSettings | None:
    """The mailbox to poll, or None when PRIMA_INBOUND_IMAP_HOST is not set. Raises ImproperlyConfigured for
    a bad port, SSL flag or a missing user."""
    host = _setting("PRIMA_INBOUND_IMAP_HOST")
    if not host:
        return None
    raw_ssl = _setting("PRIMA_INBOUND_IMAP_SSL", "true").strip().lower()
    if raw_ssl not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"PRIMA_INBOUND_IMAP_SSL={raw_ssl!r} is not a boolean; use true or false.")
    use_ssl = raw_ssl in _TRUE
    raw_port = _setting("PRIMA_INBOUND_IMAP_PORT", "993" if use_ssl else "143")
    try:
        port = int(raw_port)
    except ValueError:
        raise ImproperlyConfigured(f"PRIMA_INBOUND_IMAP_PORT={raw_port!r} is not a port number.") from None
    user = _setting("PRIMA_INBOUND_IMAP_USER")
    if not user:
        raise ImproperlyConfigured("PRIMA_INBOUND_IMAP_USER is required when PRIMA_INBOUND_IMAP_HOST is set.")
    return ImapSettings(
        host=host,
        port=port,
        user=user,
        password=_setting("PRIMA_INBOUND_IMAP_PASSWORD"),
        folder=_setting("PRIMA_INBOUND_IMAP_FOLDER", "INBOX") or "INBOX",
        use_ssl=use_ssl,
    )


def connect(config: ImapSettings) -> imaplib.IMAP4:
    """An IMAP connection, TLS-verified when ``use_ssl``. Not logged in yet."""
    if config.use_ssl:
        return imaplib.IMAP4_SSL(
            config.host, config.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT_SECONDS
        )
    return imaplib.IMAP4(config.host, config.port, timeout=TIMEOUT_SECONDS)


def poll_mailbox(
    config: ImapSettings,
    *,
    opener: Callable[[ImapSettings], imaplib.IMAP4] = connect,
    limit: int = DEFAULT_LIMIT,
) -> PollResult:
    """Store and process up to ``limit`` unread messages of the configured folder. Raises imaplib.IMAP4.error
    or OSError when the server cannot be reached, logged into or the folder opened.

    Side effects: InboundEmail rows (see ``store_inbound_email``) and what processing them does; the \\Seen flag
    on each message stored, and on each refused as empty or too large (logged; it stays in the mailbox).
    """
    result = PollResult()
    client = opener(config)
    try:
        client.login(config.user, config.password)
        status, answer = client.select(_quoted(config.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"Cannot open folder {config.folder!r}: {answer!r}")
        status, data = client.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error(f"Searching {config.folder!r} failed: {data!r}")
        uids = (data[0] or b"").split() if data else []
        for uid in uids[:limit]:
            _take(client, uid.decode(), result)
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("Logging out of the IMAP server failed", exc_info=True)
    return result


def _take(client: imaplib.IMAP4, uid: str, result: PollResult) -> None:
    """Fetch, store, mark seen, process: one message. Problems are logged and counted, never raised, except
    for the connection itself failing."""
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = _message_bytes(data) if status == "OK" else None
    if raw is None:
        logger.warning("Fetching IMAP message %s failed (%s); it stays unread", uid, status)
        result.failed += 1
        return
    try:
        inbound = store_inbound_email(raw, source=InboundSource.IMAP)
    except MessageRejected as error:
        logger.error("IMAP message %s refused (%s); marked seen, it stays in the mailbox", uid, error)
        client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        result.rejected += 1
        return
    except Exception:
        logger.exception("Storing IMAP message %s failed; it stays unread", uid)
        result.failed += 1
        return
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    result.stored += 1
    process_inbound_email(inbound.pk)


def _message_bytes(data: list[Any] | None) -> bytes | None:
    """The message from a FETCH answer: ``[(b'1 (UID 7 BODY[] {123}', b'<message>'), b')']``."""
    for item in data or []:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _quoted(folder: str) -> str:
    if folder.startswith('"') or not any(c in folder for c in ' "\\(){%*'):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return default if value is None else str(value)
