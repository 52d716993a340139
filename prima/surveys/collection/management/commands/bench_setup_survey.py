"""Benchmark support for ``bench/scenarios/survey_submission.py``: create the benchmark's 10-question survey
(once) and write its public token to a state file; with ``--verify``, check that every acknowledged form key has
its response in the database with all 10 answers, and fail otherwise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from prima.accounts.models import Organisation, OrganisationKind, ServiceUnit
from prima.accounts.services import create_organisation, create_service_unit
from prima.surveys.collection.keys import idempotency_key_for
from prima.surveys.instruments import ItemSpec, t
from prima.surveys.models import ItemKind, Response, ResponseChannel, Survey
from prima.surveys.services import create_survey_from_template, new_version

ORGANISATION = "Bench Survei Kepuasan"
SURVEY = "Bench: survei 10 pertanyaan"
EXTRA_SCALE_ITEMS = 8  # the CSAT template's two questions + 8 = 10
QUESTIONS = 10


def benchmark_survey() -> Survey:
    """The benchmark survey: a CSAT question, eight 1-4 scale questions and a comment (10 questions)."""
    existing = Survey.objects.filter(name=SURVEY, organisation__name=ORGANISATION).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.filter(name=ORGANISATION).first() or create_organisation(
        ORGANISATION, kind=OrganisationKind.PUBLIC_SERVICE, actor=None
    )
    unit = ServiceUnit.objects.filter(organisation=organisation).first() or create_service_unit(
        organisation, name="Loket Bench", code="loket-bench", actor=None
    )
    survey = create_survey_from_template("csat", name=SURVEY, organisation=organisation, unit=unit)
    scale = tuple((value, t(f"Nilai {value}", f"Score {value}")) for value in range(1, 5))
    new_version(
        survey,
        actor=None,
        extra_items=[
            ItemSpec(
                code=f"B{number}",
                kind=ItemKind.SCALE,
                text=t(f"Pertanyaan {number}", f"Question {number}"),
                required=True,
                scale_min=1,
                scale_max=4,
                options=scale,
            )
            for number in range(1, EXTRA_SCALE_ITEMS + 1)
        ],
    )
    return survey


class Command(BaseCommand):
    help = "Prepare (and verify) the survey submission benchmark."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", required=True, type=Path, help="Where to write the survey's public token.")
        parser.add_argument("--verify", type=Path, help="A file of acknowledged form keys, one per line.")
        parser.add_argument("--report", type=Path, help="Where to write the verification summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = benchmark_survey()
        version = survey.current_version()
        if version is None or version.items.count() != QUESTIONS:
            raise CommandError(f"The benchmark survey must have {QUESTIONS} questions.")
        if options["verify"] is not None and options["verify"].exists():
            summary = self._verify(survey, options["verify"])
            if options["report"] is not None:
                options["report"].write_text(summary + "\n")
        options["state"].parent.mkdir(parents=True, exist_ok=True)
        options["state"].write_text(json.dumps({"token": survey.public_token, "survey_id": survey.pk}))

    def _verify(self, survey: Survey, path: Path) -> str:
        signed = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        keys = [idempotency_key_for(value, survey.pk, ResponseChannel.WEB) for value in signed]
        if any(key is None for key in keys):
            raise CommandError("An acknowledged form key is not a key of the benchmark survey.")
        wanted = set(filter(None, keys))
        counts = dict(
            Response.objects.filter(survey=survey, idempotency_key__in=wanted)
            .annotate(answers_count=Count("answers"))
            .values_list("idempotency_key", "answers_count")
        )
        missing = wanted - counts.keys()
        incomplete = [key for key, count in counts.items() if count != QUESTIONS]
        if missing or incomplete:
            raise CommandError(
                f"{len(missing)} acknowledged responses are missing and {len(incomplete)} do not have "
                f"{QUESTIONS} answers (of {len(wanted)} acknowledged)."
            )
        return f"{len(wanted)} acknowledged responses verified, each with its {QUESTIONS} answers"
