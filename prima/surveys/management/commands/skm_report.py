"""``manage.py skm_report --survey ID [--unit ID] [--service ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --format json``

Prints the IKM of a survey as one JSON object (the same as ``GET /api/v1/surveys/<id>/skm/``): respondents, unsur
(code, name, total, answered, nrr, weight, nrr_weighted, mutu, mutu_label), ikm (1-4), ikm_unit (25-100), mutu,
mutu_label, rule_set, filters. Numbers are floats at full precision; null when there is no data.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.surveys.analytics._scope import period_bounds
from prima.surveys.analytics.skm import compute_skm
from prima.surveys.models import Survey
from prima.surveys.rulesets import RULE_SETS


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Give the date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Print the IKM (SKM index) of a survey as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", type=int, required=True)
        parser.add_argument("--unit", type=int, help="Only this unit (and the units below it).")
        parser.add_argument("--service", type=int, help="Only this service.")
        parser.add_argument("--from", dest="first", help="First day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--to", dest="last", help="Last day, YYYY-MM-DD (inclusive).")
        parser.add_argument("--rule-set", dest="rule_set", choices=list(RULE_SETS), help="Default: the survey's.")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            survey = Survey.objects.select_related("unit").get(pk=options["survey"])
        except Survey.DoesNotExist:
            raise CommandError(f"No survey with id {options['survey']}.") from None
        unit = service = None
        if options["unit"] is not None:
            unit = ServiceUnit.objects.filter(pk=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No service unit with id {options['unit']}.")
        if options["service"] is not None:
            service = Service.objects.filter(pk=options["service"]).first()
            if service is None:
                raise CommandError(f"No service with id {options['service']}.")
        first = _date(options["first"]) if options["first"] else None
        last = _date(options["last"]) if options["last"] else None
        if first and last and first > last:
            raise CommandError("--from must not be after --to.")
        start, end = period_bounds(survey, first, last)
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            try:
                result = compute_skm(
                    survey, unit=unit, service=service, start=start, end=end, rule_set=options["rule_set"]
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            data = result.as_json()
        data["filters"].update({"from": first.isoformat() if first else None, "to": last.isoformat() if last else None})
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
