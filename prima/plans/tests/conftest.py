"""The plans tests' stage: unit A's staff (the cast's supervisor and agent plus three more colleagues) and a draft
plan of unit A created by the supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from prima.accounts.models import User
from prima.plans.models import Plan
from prima.plans.services import create_plan
from prima.plans.tests.factories import colleague


@dataclass
class Team:
    rina: User
    joko: User
    maya: User


@pytest.fixture
def team(cast) -> Team:
    return Team(
        rina=colleague(cast.unit_a, "Rina Wulandari", email="rina@prima.test"),
        joko=colleague(cast.unit_a, "Joko Susilo", email="joko@prima.test"),
        maya=colleague(cast.unit_a, "Maya Sari", email="maya@prima.test"),
    )


@pytest.fixture
def plan(cast) -> Plan:
    return create_plan(
        cast.unit_a,
        title="Rencana perbaikan layanan 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        actor=cast.supervisor,
    )
