"""Submission keys for the public form: the idempotency key ``submit_request`` receives, handed to the browser
signed so it cannot be made up or carried from one unit's form to another's.

Every GET of a unit's form mints a fresh key (a uuid4); the page sends it back with the POST. Sending the same
page twice (a double click, back and resubmit) therefore sends the same key, and ``submit_request`` answers
with the request it already created instead of a duplicate.
"""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "prima.tickets.public.submission-key"
PREFIX = "web"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def new_submission_key(unit_id: int) -> str:
    """A fresh signed key for one form of ``unit_id``, e.g. ``12.4f0c…:Xb3…`` (goes into a hidden input)."""
    return _signer().sign(f"{unit_id}.{uuid.uuid4().hex}")


def submission_key_for(signed: str, unit_id: int) -> str | None:
    """The idempotency key behind a signed key of ``unit_id``'s form, or None when the value was altered,
    made up, or signed for another unit."""
    try:
        value = _signer().unsign(signed)
    except signing.BadSignature:
        return None
    unit_part, _dot, nonce = value.partition(".")
    if unit_part != str(unit_id) or len(nonce) != 32:
        return None
    return f"{PREFIX}-{unit_id}-{nonce}"
