"""Public tracking codes: what the requester writes down to follow a request without an account.

A code is 12 symbols of Crockford's base-32 alphabet (no I, L, O or U), drawn with ``secrets``: 60 bits, so
guessing one valid code among a million requests takes about 2^40 tries. It is printed as
``PRM-7KQ2-M9XD-4HTR``. Reading a code back forgives case, spaces, dashes, a missing prefix and the look-alike
letters people type by mistake (O for 0, I and L for 1).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "PRM"
GROUPS = 3
GROUP_LENGTH = 4
SYMBOLS = GROUPS * GROUP_LENGTH
ENTROPY_BITS = SYMBOLS * 5  # 32 = 2^5 symbols
CODE_LENGTH = len(PREFIX) + GROUPS * (GROUP_LENGTH + 1)  # "PRM" + three "-XXXX"

_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_tracking_code() -> str:
    """A fresh random code, e.g. ``PRM-7KQ2-M9XD-4HTR``. Uniqueness is enforced by the database."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    return format_tracking_code(symbols)


def fresh_tracking_codes() -> Iterator[str]:
    """An endless supply of codes, for the retry loop in ``submit_request``."""
    while True:
        yield new_tracking_code()


def format_tracking_code(symbols: str) -> str:
    groups = [symbols[i : i + GROUP_LENGTH] for i in range(0, SYMBOLS, GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalize_tracking_code(raw: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a tracking code.

    ``"prm 7kq2 m9xd 4htr"``, ``"7KQ2-M9XD-4HTR"`` and ``"PRM-7KQ2-M9XD-4HTR"`` all give ``"PRM-7KQ2-M9XD-4HTR"``.
    """
    cleaned = "".join(raw.split()).replace("-", "").upper()
    if len(cleaned) == len(PREFIX) + SYMBOLS and cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    cleaned = cleaned.translate(_LOOK_ALIKES)
    if len(cleaned) != SYMBOLS or any(symbol not in ALPHABET for symbol in cleaned):
        return None
    return format_tracking_code(cleaned)
