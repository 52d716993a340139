"""``manage.py bench_setup_public``: the benchmark's unit and keys, and its check that acknowledged codes are stored."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from prima.tickets.public.keys import submission_key_for

from .conftest import submit


def test_bench_setup_public_mints_keys_for_one_reused_unit(db, tmp_path):
    state = tmp_path / "state.json"

    call_command("bench_setup_public", "--state", str(state), "--keys", "3")
    first = json.loads(state.read_text())
    call_command("bench_setup_public", "--state", str(state), "--keys", "1")
    second = json.loads(state.read_text())

    keys = [submission_key_for(key, first["unit_id"]) for key in first["keys"]]
    assert (len(set(keys)), None in keys, second["unit_id"], len(second["keys"])) == (3, False, first["unit_id"], 1)


def test_bench_setup_public_verify_accepts_stored_codes(cast, tmp_path):
    codes = tmp_path / "codes"
    codes.write_text(f"{submit(cast.unit_a).tracking_code}\n{submit(cast.unit_a).tracking_code}\n")
    report = tmp_path / "report"

    call_command("bench_setup_public", "--verify", str(codes), "--report", str(report))

    assert report.read_text().startswith("all 2 acknowledged requests are in the database")


def test_bench_setup_public_verify_fails_on_a_code_not_stored(cast, tmp_path):
    codes = tmp_path / "codes"
    codes.write_text(f"{submit(cast.unit_a).tracking_code}\nPRM-0000-0000-0000\n")

    with pytest.raises(CommandError, match="1 of 2 acknowledged requests are not in the database"):
        call_command("bench_setup_public", "--verify", str(codes))
