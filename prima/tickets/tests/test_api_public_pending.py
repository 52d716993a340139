"""The public API answers a code whose submission is still being registered as the public status page does:
received, being registered, never a 404 that contradicts the receipt."""

from __future__ import annotations

from rest_framework.test import APIClient

from prima.tickets.models import IntakeStatus, IntakeSubmission
from prima.tickets.services.journal import register_submission

from .test_public_intake_journal import journaled

URL = "/api/v1/public/requests/{}/"


def test_pending_code_answers_being_registered_like_the_status_page(cast, public_client):
    row = journaled(cast.unit_a)

    api = APIClient().get(URL.format(row.tracking_code))
    page = public_client.get(f"/public/track/{row.tracking_code}/")

    body = api.json()
    assert (api.status_code, page.status_code, api["Cache-Control"]) == (200, 200, "no-store")
    assert {key: value for key, value in body.items() if key != "received_at"} == {
        "tracking_code": row.tracking_code,
        "kind": "information",
        "status": "new",
        "status_group": "open",
        "unit_name": "Perizinan Usaha",
        "resolved_at": None,
        "closed_at": None,
        "merged": False,
        "messages": [],
        "being_registered": True,
    }


def test_pending_code_in_another_spelling_is_found_too(cast):
    row = journaled(cast.unit_a)

    response = APIClient().get(URL.format(row.tracking_code.lower().replace("-", "")))

    assert (response.status_code, response.json()["tracking_code"]) == (200, row.tracking_code)


def test_failed_registration_still_answers_being_registered(cast, monkeypatch):
    row = journaled(cast.unit_a)
    monkeypatch.setattr("prima.tickets.services.journal.submit_request", lambda *args, **kwargs: 1 / 0)
    register_submission(row.pk)

    response = APIClient().get(URL.format(row.tracking_code))

    assert (IntakeSubmission.objects.get().status, response.status_code, response.json()["being_registered"]) == (
        IntakeStatus.FAILED,
        200,
        True,
    )


def test_pending_anonymous_submission_shows_nothing_identifying(cast):
    row = journaled(cast.unit_a, confidentiality="anonymous", requester_name="", requester_email="")

    text = APIClient().get(URL.format(row.tracking_code)).content.decode()

    assert [word for word in ("Budi", "budi@contoh.id", "payload") if word in text] == []


def test_registered_code_answers_the_request_without_being_registered(cast):
    row = journaled(cast.unit_a)
    register_submission(row.pk)

    body = APIClient().get(URL.format(row.tracking_code)).json()

    assert (body["tracking_code"], body["status"], "being_registered" in body) == (row.tracking_code, "new", False)


def test_unknown_code_is_still_404(cast):
    response = APIClient().get(URL.format("PRM-2222-3333-4444"))

    assert response.status_code == 404
