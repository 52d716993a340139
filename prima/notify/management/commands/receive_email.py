"""Receive one e-mail from a mail server's pipe (Postfix: ``| manage.py receive_email``) or from a file.

Exit status, as a mail server expects (sysexits): 0 once the message is stored, whatever processing made of
it (a failure is on the row, to be processed again); 65 (EX_DATAERR) for empty or oversized input, which the
server bounces; 66 (EX_NOINPUT) for a file that cannot be read; 75 (EX_TEMPFAIL) when the message could not be
stored (e.g. the database is down), so the server keeps it and delivers it again later.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.notify.inbound.services import MessageRejected, process_inbound_email, store_inbound_email
from prima.notify.models import InboundSource

logger = logging.getLogger(__name__)

EX_DATAERR = 65
EX_NOINPUT = 66
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Store one e-mail (RFC 822) read from standard input or a file, then turn it into a request or a reply."
    # call_command("receive_email", stdin=BytesIO(...)) in tests; a pipe otherwise.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="A file holding the message; standard input when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str | None = options["path"]
        raw = self._read(path, options.get("stdin"))
        try:
            inbound = store_inbound_email(raw, source=InboundSource.FILE if path else InboundSource.PIPE)
        except MessageRejected as error:
            raise CommandError(f"E-mail refused: {error}", returncode=EX_DATAERR) from error
        except Exception as error:
            logger.exception("Storing an inbound e-mail failed")
            raise CommandError(
                f"Could not store the e-mail ({type(error).__name__}: {error}); deliver it again later.",
                returncode=EX_TEMPFAIL,
            ) from error
        try:
            inbound = process_inbound_email(inbound.pk)
        except Exception:
            # Stored, so the mail server must not bounce it: the periodic job processes it again.
            logger.exception("Processing inbound e-mail %s failed after it was stored", inbound.pk)
        detail = f": {inbound.detail}" if inbound.detail else ""
        self.stdout.write(f"Inbound e-mail #{inbound.pk} {inbound.status} ({inbound.reason or '-'}){detail}")

    def _read(self, path: str | None, stdin: BinaryIO | None) -> bytes:
        if path:
            try:
                return Path(path).read_bytes()
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error}", returncode=EX_NOINPUT) from error
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
