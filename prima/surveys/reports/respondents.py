"""The per-respondent processing sheet ("PENGOLAHAN DATA SURVEI KEPUASAN MASYARAKAT PER RESPONDEN DAN PER
UNSUR PELAYANAN"): one row per respondent with the score of each unsur. This is a listing, so it reads the
rows, streamed with ``.iterator()``; the Σ, NRR and IKM rows under it come from ``compute_skm``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.analytics.csat import answers_in_scope
from prima.surveys.models import Survey

CHUNK = 2000


def respondent_rows(
    survey: Survey,
    codes: Sequence[str],
    *,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Iterator[tuple[int, list[int | None]]]:
    """(response id, [score per unsur code, None when not answered]) in answering order."""
    position = {code: index for index, code in enumerate(codes)}
    answers = (
        answers_in_scope(survey, unit=unit, service=service, start=start, end=end)
        .filter(item__is_unsur=True, item__code__in=list(codes), value__isnull=False)
        .order_by("submitted_at", "response_id")
        .values_list("response_id", "item__code", "value")
    )
    current: int | None = None
    scores: list[int | None] = []
    for response_id, code, value in answers.iterator(chunk_size=CHUNK):
        if response_id != current:
            if current is not None:
                yield current, scores
            current, scores = response_id, [None] * len(codes)
        scores[position[code]] = value
    if current is not None:
        yield current, scores
