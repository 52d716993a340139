"""Helpers for the request tests: a submit shortcut with sensible defaults, error codes, files in a temp dir."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prima.accounts.models import ServiceUnit
from prima.activity.models import ActivityLog
from prima.tickets.models import Ticket
from prima.tickets.services import submit_request

PDF_BYTES = b"%PDF-1.4\n% bukti\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submit(unit: ServiceUnit, **overrides: Any) -> Ticket:
    """A request from the public web form, with anything overridden."""
    values: dict[str, Any] = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "actor": None,
    }
    values.update(overrides)
    return submit_request(unit, **values)


def error_codes(error: ValidationError) -> dict[str, list[str]]:
    """{field: [codes]}: exact and independent of the language the messages are shown in."""
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def actions_on(ticket: Ticket) -> list[str]:
    return list(
        ActivityLog.objects.filter(object_id=str(ticket.pk), action__startswith="tickets.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def pdf(
    name: str = "bukti.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
