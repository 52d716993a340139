"""Helpers for the compliance tests: evidence files in a temp dir, local times, and requests whose SLA history is
made through the real request and SLA services at frozen moments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from prima.accounts.models import ServiceUnit, User
from prima.sla.services import scan_for_breaches
from prima.tickets.models import Ticket
from prima.tickets.services import add_reply, assign_ticket, change_status, submit_request

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def received(
    unit: ServiceUnit, moment: dt.datetime, *, owner: User | None = None, assigner: User | None = None, **extra
) -> Ticket:
    """A request from the public web form received at ``moment``, then assigned to ``owner``."""
    values = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "actor": None,
        **extra,
    }
    with freeze_time(moment):
        ticket = submit_request(unit, **values)
        if owner is not None:
            assign_ticket(ticket, owner=owner, actor=assigner or owner)
    ticket.refresh_from_db()
    return ticket


def replied(ticket: Ticket, moment: dt.datetime, actor: User) -> None:
    with freeze_time(moment):
        add_reply(ticket, body="Syaratnya KTP dan NPWP.", visibility="public", actor=actor)
    ticket.refresh_from_db()


def moved(ticket: Ticket, moment: dt.datetime, to_status: str, actor: User) -> None:
    with freeze_time(moment):
        change_status(ticket, to_status=to_status, actor=actor)
    ticket.refresh_from_db()


def scanned(moment: dt.datetime) -> None:
    with freeze_time(moment):
        scan_for_breaches(moment)
