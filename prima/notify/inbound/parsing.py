"""Reading an inbound e-mail from raw bytes that may be anything. No side effects; no database.

``parse_email`` never raises on odd input it can make sense of: headers that break the rules are read as raw
text, encoded words (RFC 2047) and RFC 2231 file names are decoded, unknown or wrong charsets fall back to
UTF-8 and then Latin-1, and a message without headers parses to empty values. The ``email`` package runs with
``policy.compat32`` because it reads malformed headers without raising.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header
from email.message import Message
from email.utils import collapse_rfc2231_value, getaddresses

from prima.notify.inbound.text import clean_text, html_to_text

MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]+>")
MAX_MESSAGE_ID_LENGTH = 255
# Where a synthetic Message-ID points when a message has none (``.invalid`` never resolves: RFC 2606).
SYNTHETIC_ID_DOMAIN = "inbound.prima.invalid"
# Signatures of signed mail: not something a person attached.
SIGNATURE_TYPES = frozenset(
    {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}
)


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ParsedEmail:
    """What Prima needs from one e-mail. Addresses are lower-cased; header values are decoded text."""

    message_id: str
    from_name: str
    from_address: str
    to: list[str]
    cc: list[str]
    envelope_recipients: list[str]
    subject: str
    references: list[str]
    content_language: str
    text: str
    attachments: list[InboundAttachment]
    headers: dict[str, list[str]] = field(repr=False)
    content_type: str = "text/plain"

    def header(self, name: str) -> str:
        """The first value of header ``name`` (any case), or an empty string."""
        values = self.headers.get(name.lower())
        return values[0] if values else ""

    def has_header(self, name: str) -> bool:
        return name.lower() in self.headers

    @property
    def recipients(self) -> list[str]:
        """Every address the message was for: envelope recipients first (the most precise), then To, then Cc."""
        return list(dict.fromkeys([*self.envelope_recipients, *self.to, *self.cc]))


@dataclass(frozen=True)
class EnvelopeSummary:
    """The few fields stored with the raw message before it is processed."""

    message_id: str
    from_name: str
    from_address: str
    recipients: list[str]
    subject: str


def raw_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_message(raw: bytes) -> Message:
    return message_from_bytes(raw, policy=policy.compat32)


def summarize(raw: bytes) -> EnvelopeSummary:
    """Message-ID, sender, recipients and subject only; never raises (blank values for what cannot be read)."""
    try:
        message = parse_message(raw)
        headers = _headers(message)
        from_name, from_address = _first_address(headers.get("from", []))
        return EnvelopeSummary(
            message_id=message_identity(headers.get("message-id", [""])[0], raw),
            from_name=from_name,
            from_address=from_address,
            recipients=_recipients(headers),
            subject=_decoded(headers, "subject"),
        )
    except Exception:
        return EnvelopeSummary(message_identity("", raw), "", "", [], "")


def parse_email(raw: bytes) -> ParsedEmail:
    """Everything routing and the ticket services need from ``raw``."""
    message = parse_message(raw)
    headers = _headers(message)
    from_name, from_address = _first_address(headers.get("from", []))
    texts: list[tuple[str, str]] = []
    attachments: list[InboundAttachment] = []
    _walk(message, texts, attachments)
    return ParsedEmail(
        message_id=message_identity(headers.get("message-id", [""])[0], raw),
        from_name=from_name,
        from_address=from_address,
        to=_addresses(headers.get("to", [])),
        cc=_addresses(headers.get("cc", [])),
        envelope_recipients=_addresses([*headers.get("delivered-to", []), *headers.get("x-original-to", [])]),
        subject=_decoded(headers, "subject"),
        references=_thread_ids(headers),
        content_language=_content_language(headers, message),
        text=_body_text(texts),
        attachments=attachments,
        headers=headers,
        content_type=message.get_content_type(),
    )


def message_identity(header_value: str, raw: bytes) -> str:
    """The Message-ID to file a message under: the header's ``<id>``, or one derived from the raw bytes when the
    header is missing or unusable, so the same bytes delivered twice still get the same identity."""
    found = MESSAGE_ID.findall(header_value)
    if found and len(found[0]) <= MAX_MESSAGE_ID_LENGTH:
        return found[0]
    stripped = header_value.strip()
    if stripped and len(stripped) <= MAX_MESSAGE_ID_LENGTH and stripped.isprintable() and " " not in stripped:
        return f"<{stripped.strip('<>')}>"
    return f"<{raw_sha256(raw)}@{SYNTHETIC_ID_DOMAIN}>"


def message_ids(values: list[str]) -> list[str]:
    """The ``<id>`` tokens of In-Reply-To / References values, in order, without repeats."""
    found: list[str] = []
    for value in values:
        found.extend(token for token in MESSAGE_ID.findall(value) if len(token) <= MAX_MESSAGE_ID_LENGTH)
    return list(dict.fromkeys(found))


def _thread_ids(headers: dict[str, list[str]]) -> list[str]:
    """In-Reply-To first, then References from the newest (last) to the oldest."""
    return list(
        dict.fromkeys(
            [*message_ids(headers.get("in-reply-to", [])), *reversed(message_ids(headers.get("references", [])))]
        )
    )


def decode_words(value: str) -> str:
    """A header value with its encoded words (``=?utf-8?q?…?=``) decoded; the raw value if they are broken."""
    try:
        parts = decode_header(value)
    except Exception:
        return value
    decoded = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            decoded.append(chunk)
        elif charset is None:
            decoded.append(chunk.decode("raw-unicode-escape", "replace"))
        else:
            decoded.append(decode_bytes(chunk, charset))
    return "".join(decoded)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` in its declared charset; else UTF-8; else the declared charset (or UTF-8) with replacements."""
    for candidate in (charset, "utf-8"):
        if candidate:
            try:
                return data.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return data.decode(charset or "utf-8", "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def _headers(message: Message) -> dict[str, list[str]]:
    """Every header as ``{lower-case name: [unfolded values]}``, 8-bit bytes read as UTF-8 (or Latin-1)."""
    headers: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        headers.setdefault(str(name).strip().lower(), []).append(_restore_8bit(_unfold(str(value))))
    return headers


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value).replace("\r", "").replace("\n", "").strip()


def _restore_8bit(value: str) -> str:
    """The parser keeps non-ASCII header bytes as surrogates; decode them as UTF-8, else Latin-1."""
    if value.isascii():
        return value
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decoded(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return " ".join(clean_text(decode_words(values[0])).split()) if values else ""


def _addresses(values: list[str]) -> list[str]:
    return list(dict.fromkeys(address for _name, address in _name_address_pairs(values) if address))


def _first_address(values: list[str]) -> tuple[str, str]:
    pairs = [(name, address) for name, address in _name_address_pairs(values) if address]
    return pairs[0] if pairs else ("", "")


def _name_address_pairs(values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for name, address in getaddresses(values):
        address = address.strip().lower()
        if "@" not in address or not address.isprintable() or " " in address:
            address = ""
        pairs.append((" ".join(clean_text(decode_words(name)).split()), address))
    return pairs


def _recipients(headers: dict[str, list[str]]) -> list[str]:
    names = ("delivered-to", "x-original-to", "to", "cc")
    return _addresses([value for name in names for value in headers.get(name, [])])


def _content_language(headers: dict[str, list[str]], message: Message) -> str:
    values = headers.get("content-language") or []
    if not values and message.is_multipart():
        for part in message.walk():
            if part.get_content_maintype() == "text" and part.get("Content-Language"):
                values = [str(part.get("Content-Language"))]
                break
    return values[0].split(",")[0].strip().lower() if values else ""


def _walk(part: Message, texts: list[tuple[str, str]], attachments: list[InboundAttachment]) -> None:
    """Collect the body texts (``(subtype, text)``) and the attachments of ``part``, recursively. Of a
    multipart/alternative only the plain-text version (else the HTML one) is read as body; files in the other
    versions (pictures pasted into the HTML) are still attachments."""
    content_type = part.get_content_type()
    if part.get_content_maintype() == "multipart" and not isinstance(part.get_payload(), list):
        # A multipart without a usable boundary: its payload is one lump of text.
        texts.append(("plain", decode_bytes(_payload_bytes(part), part.get_content_charset())))
        return
    if part.get_content_maintype() == "multipart":
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        if part.get_content_subtype() == "alternative" and children:
            chosen = _preferred_alternative(children)
            for child in children:
                if child is chosen:
                    _walk(child, texts, attachments)
                else:
                    _walk(child, [], attachments)
        else:
            for child in children:
                _walk(child, texts, attachments)
        return
    if content_type in SIGNATURE_TYPES:
        return
    filename = _filename(part)
    disposition = (part.get_content_disposition() or "").lower()
    if content_type in ("text/plain", "text/html") and not filename and disposition != "attachment":
        payload = _payload_bytes(part)
        text = decode_bytes(payload, part.get_content_charset())
        texts.append((part.get_content_subtype(), text))
        return
    attachments.append(
        InboundAttachment(
            filename=filename or _generated_filename(content_type, len(attachments) + 1),
            content_type=content_type,
            content=_payload_bytes(part),
        )
    )


def _preferred_alternative(children: list[Message]) -> Message:
    for wanted in ("text/plain", "text/html"):
        for child in children:
            if child.get_content_type() == wanted:
                return child
    # No plain or HTML version at the top (e.g. multipart/related holding the HTML): the richest, which is last.
    return children[-1]


def _payload_bytes(part: Message) -> bytes:
    if part.get_content_maintype() == "message":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes(policy=policy.compat32)
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _filename(part: Message) -> str:
    try:
        value = part.get_param("filename", header="content-disposition") or part.get_param("name")
    except Exception:
        return ""
    if not value:
        return ""
    name = collapse_rfc2231_value(value) if isinstance(value, tuple) else str(value)
    name = clean_text(decode_words(_restore_8bit(name)))
    # Only the last path component: some clients send "C:\Users\…\file.pdf".
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "" if name in {".", ".."} else name


def _generated_filename(content_type: str, number: int) -> str:
    extension = ".eml" if content_type.startswith("message/") else (mimetypes.guess_extension(content_type) or "")
    return f"attachment-{number}{extension}"


def _body_text(texts: list[tuple[str, str]]) -> str:
    """All plain-text body parts in order; HTML parts converted to text."""
    return clean_text(
        "\n\n".join(html_to_text(text) if subtype == "html" else clean_text(text) for subtype, text in texts)
    )
