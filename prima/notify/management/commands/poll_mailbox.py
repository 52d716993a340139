"""Fetch unread e-mail from the IMAP mailbox in PRIMA_INBOUND_IMAP_* (see ``prima.notify.inbound.imap``), store
each message, mark it seen, and turn it into a request or a reply. Run it from cron or a timer."""

from __future__ import annotations

import imaplib
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.notify.inbound.imap import DEFAULT_LIMIT, imap_settings, poll_mailbox


class Command(BaseCommand):
    help = "Store and process the unread messages of the IMAP mailbox set in PRIMA_INBOUND_IMAP_HOST and friends."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="Messages to take in one run.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            config = imap_settings()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if config is None:
            raise CommandError("PRIMA_INBOUND_IMAP_HOST is not set; there is no mailbox to poll.")
        try:
            result = poll_mailbox(config, limit=options["limit"])
        except (imaplib.IMAP4.error, OSError) as error:
            raise CommandError(f"IMAP {config.host}:{config.port}: {error}") from error
        self.stdout.write(f"Stored {result.stored}, refused {result.rejected}, left unread {result.failed}.")
