"""Tracking codes: format, alphabet, entropy, uniqueness, and forgiving normalisation."""

import math
import re
from collections import Counter
from itertools import pairwise

from prima.tickets import tracking
from prima.tickets.services.intake import create_submission, prepare_submission
from prima.tickets.tracking import (
    ALPHABET,
    ENTROPY_BITS,
    new_tracking_code,
    normalize_tracking_code,
)

from .conftest import submit

CODE_PATTERN = re.compile(r"^PRM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_new_tracking_code_has_the_printed_format():
    assert CODE_PATTERN.match(new_tracking_code()) is not None


def test_alphabet_has_no_ambiguous_symbols():
    assert (len(ALPHABET), set(ALPHABET) & set("ILOU")) == (32, set())


def test_tracking_code_carries_at_least_60_bits():
    symbols = len(new_tracking_code().replace("PRM-", "").replace("-", ""))

    assert (symbols, ENTROPY_BITS, symbols * math.log2(len(ALPHABET)) >= 60) == (12, 60, True)


def test_thousand_codes_are_distinct():
    codes = [new_tracking_code() for _ in range(1000)]

    assert len(set(codes)) == 1000


def test_codes_follow_no_sequence():
    codes = [new_tracking_code() for _ in range(1000)]
    shared_first_group = sum(1 for one, two in pairwise(codes) if one[:8] == two[:8])

    # Sequential codes would be sorted and share their leading group; random ones almost never do
    # (expected 999 / 32^4 ≈ 0.001 pairs).
    assert (codes == sorted(codes), shared_first_group <= 2) == (False, True)


def test_codes_use_the_whole_alphabet_in_every_position():
    symbols = [new_tracking_code().removeprefix("PRM-").replace("-", "") for _ in range(1000)]
    per_position = [Counter(code[i] for code in symbols) for i in range(12)]

    # 1000 draws from 32 symbols: each symbol ~31 times; a biased generator would leave symbols out.
    assert all(len(counter) == 32 and max(counter.values()) < 70 for counter in per_position)


def test_normalize_accepts_lowercase_and_spaces():
    assert normalize_tracking_code(" prm 7kq2 m9xd 4htr ") == "PRM-7KQ2-M9XD-4HTR"


def test_normalize_accepts_missing_prefix():
    assert normalize_tracking_code("7KQ2-M9XD-4HTR") == "PRM-7KQ2-M9XD-4HTR"


def test_normalize_accepts_no_dashes():
    assert normalize_tracking_code("PRM7KQ2M9XD4HTR") == "PRM-7KQ2-M9XD-4HTR"


def test_normalize_maps_look_alike_letters():
    assert normalize_tracking_code("PRM-OKQ2-M9XD-IHTL") == "PRM-0KQ2-M9XD-1HT1"


def test_normalize_refuses_wrong_length():
    assert normalize_tracking_code("PRM-7KQ2-M9XD-4HT") is None


def test_normalize_refuses_symbol_outside_alphabet():
    assert normalize_tracking_code("PRM-7KQ2-M9XD-4HTU") is None


def test_normalize_refuses_empty():
    assert normalize_tracking_code("") is None


def test_submitted_request_gets_a_well_formed_code(cast):
    ticket = submit(cast.unit_a)

    assert CODE_PATTERN.match(ticket.tracking_code) is not None


def test_submitted_requests_get_distinct_codes(cast):
    codes = {submit(cast.unit_a, subject=f"Pertanyaan {n}").tracking_code for n in range(20)}

    assert len(codes) == 20


def _prepared(cast, **overrides):
    values = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin",
        "description": "Apa syaratnya?",
        "requester_name": "Budi",
        "requester_email": "budi@contoh.id",
        "requester_phone": "",
        "confidentiality": "normal",
        "language": "id",
        "submission_key": None,
        "customer": None,
        "details": {},
        "priority": "normal",
        "category": None,
        "attachments": (),
        "actor": None,
    }
    values.update(overrides)
    return prepare_submission(cast.unit_a, **values)


def test_create_submission_retries_when_code_is_taken(cast):
    first = submit(cast.unit_a)
    fresh = "PRM-2222-3333-4444"

    second = create_submission(_prepared(cast, subject="Lain"), codes=iter([first.tracking_code, fresh]))

    assert (second.tracking_code, second.pk != first.pk) == (fresh, True)


def test_create_submission_gives_up_after_repeated_collisions(cast):
    first = submit(cast.unit_a)

    try:
        create_submission(_prepared(cast, subject="Lain"), codes=iter([first.tracking_code] * 10))
    except RuntimeError as error:
        outcome = str(error)
    assert outcome == "No free tracking code after 5 attempts; check the random source."


def test_code_length_constant_matches_codes():
    assert len(new_tracking_code()) == tracking.CODE_LENGTH
