"""One-time form keys and invitation tokens.

Form keys: every GET of a survey's public or kiosk form mints a fresh key (a uuid4), signed so it cannot be made
up or carried to another survey or channel. The page sends it back with its answers and ``record_response``
receives it as the idempotency key: the same page sent twice (a double tap, back and resend) records once.

Invitation tokens: 32 random bytes, URL-safe. Only their SHA-256 is stored; the token lives in the e-mail.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.core import signing

SALT = "prima.surveys.collection.form-key"
TOKEN_BYTES = 32


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def new_form_key(survey_id: int, channel: str) -> str:
    """A fresh signed key for one form of ``survey_id`` on ``channel`` (goes into a hidden input)."""
    return _signer().sign(f"{survey_id}.{channel}.{uuid.uuid4().hex}")


def idempotency_key_for(signed: str, survey_id: int, channel: str) -> str | None:
    """The idempotency key behind a signed form key, or None when it was altered, made up, or signed for
    another survey or channel."""
    try:
        value = _signer().unsign(signed)
    except signing.BadSignature:
        return None
    survey_part, _dot, rest = value.partition(".")
    channel_part, _dot, nonce = rest.partition(".")
    if survey_part != str(survey_id) or channel_part != channel or len(nonce) != 32:
        return None
    return f"{channel}-{survey_id}-{nonce}"


def new_invitation_token() -> str:
    """A random token for an invitation link (43 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database stores of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
