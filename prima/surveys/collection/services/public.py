"""Answers from the public link and the counter kiosk."""

from __future__ import annotations

from prima.standards.models import Service
from prima.surveys.models import InstrumentVersion, Response, ResponseChannel, Survey
from prima.surveys.services import record_response

PUBLIC_CHANNELS = frozenset({ResponseChannel.WEB, ResponseChannel.KIOSK})


def submit_public_answers(
    survey: Survey,
    answers: dict[str, object],
    *,
    channel: str,
    idempotency_key: str,
    version: InstrumentVersion,
    service: Service | None = None,
    respondent_name: str = "",
    respondent_contact: str = "",
) -> Response:
    """Record one respondent's answers from the public form (channel web) or the kiosk (channel kiosk, always
    anonymous). The form's one-time key is the idempotency key: the same page sent twice records once and
    returns the first Response.

    Raises ValidationError keyed by item code (see ``record_response``). Side effects: one Response and its
    answers (``record_response``).
    """
    if channel not in PUBLIC_CHANNELS:
        raise ValueError(f"Not a public channel: {channel!r}")
    if channel == ResponseChannel.KIOSK:
        respondent_name = respondent_contact = ""
    return record_response(
        survey,
        answers,
        channel=channel,
        idempotency_key=idempotency_key,
        unit=survey.unit,
        service=service if service is not None else survey.service,
        respondent_name=respondent_name,
        respondent_contact=respondent_contact,
        version=version,
    )
