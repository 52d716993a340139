"""Building real e-mails for the inbound tests: ``email.message.EmailMessage`` as a mail client would send it,
and the .eml fixtures under ``mail/``."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from django.utils import timezone

MAIL_DIR = Path(__file__).parent / "mail"
UNIT_A_ADDRESS = "usaha@dpmptsp.bandung.go.id"
UNIT_B_ADDRESS = "bangunan@dpmptsp.bandung.go.id"
PRIMA_ADDRESS = "prima@dpmptsp.bandung.go.id"
PDF_BYTES = b"%PDF-1.4\n% bukti\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def mail(
    *,
    subject: str = "Syarat izin usaha mikro",
    body: str = "Selamat pagi,\n\nApa saja syarat untuk mengurus NIB usaha mikro?\n\nTerima kasih.",
    html: str | None = None,
    from_name: str = "Budi Santoso",
    from_address: str = "budi@contoh.id",
    to: str = UNIT_A_ADDRESS,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> EmailMessage:
    """A mail from Budi to unit A's address unless told otherwise. ``attachments``: (file name, MIME type, bytes)."""
    message = EmailMessage()
    message["From"] = Address(display_name=from_name, addr_spec=from_address)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="contoh.id")
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, mime_type, content in attachments:
        maintype, subtype = mime_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    # After the content: set_content() clears Content-* headers such as Content-Language.
    for name, value in (headers or {}).items():
        message[name] = value
    return message


def fixture_bytes(name: str) -> bytes:
    return (MAIL_DIR / name).read_bytes()
