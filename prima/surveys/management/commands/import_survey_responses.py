"""``manage.py import_survey_responses --survey ID FILE.csv|FILE.xlsx``

Imports paper answers, all or none (layout in docs/surveys.md). On success prints "Imported N responses". Any bad
cell imports nothing: every bad cell is listed on stderr as "row R, column C: message" and the exit status is 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.surveys.imports import ImportRefused, import_responses
from prima.surveys.models import Survey


class Command(BaseCommand):
    help = "Import paper answers from a CSV or XLSX file into a survey (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", type=int, required=True)
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; row 1 holds the item codes.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            survey = Survey.objects.select_related("unit").get(pk=options["survey"])
        except Survey.DoesNotExist:
            raise CommandError(f"No survey with id {options['survey']}.") from None
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = import_responses(survey, content, file_name=path.name)
        except ImportRefused as refused:
            for problem in refused.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(refused.errors)} problem(s) in {path.name}.") from None
        self.stdout.write(f"Imported {result.imported} responses")
