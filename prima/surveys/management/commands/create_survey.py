"""``manage.py create_survey --template skm2017 --name "…" [--unit ID] [--service ID] [--organisation ID]``

Creates a survey from a built-in template and prints only its id. The organisation is the unit's, else the
service's, else ``--organisation``, else the only organisation; with several and none chosen, the first by id (a
warning goes to stderr); with none at all, an organisation named "Prima" is created.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prima.accounts.models import Organisation, OrganisationKind, ServiceUnit
from prima.standards.models import Service
from prima.surveys.instruments import TEMPLATES
from prima.surveys.services import create_survey_from_template

DEFAULT_ORGANISATION = "Prima"


def _by_id(model: type[Any], value: int | None, label: str) -> Any:
    if value is None:
        return None
    try:
        return model.objects.get(pk=value)
    except model.DoesNotExist:
        raise CommandError(f"No {label} with id {value}.") from None


class Command(BaseCommand):
    help = "Create a survey from a built-in template and print its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--template", required=True, help=f"One of: {', '.join(TEMPLATES)}.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--unit", type=int, help="Service unit id (empty: the whole organisation).")
        parser.add_argument("--service", type=int, help="Service id (the survey of one service).")
        parser.add_argument("--organisation", type=int, help="Organisation id, when no unit or service says it.")
        parser.add_argument("--rule-set", dest="rule_set", help="SKM rule set (default: the template's).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"] not in TEMPLATES:
            raise CommandError(f"Unknown template {options['template']!r}; choose one of: {', '.join(TEMPLATES)}.")
        unit: ServiceUnit | None = _by_id(ServiceUnit, options["unit"], "service unit")
        service: Service | None = _by_id(Service, options["service"], "service")
        organisation = self._organisation(unit, service, options["organisation"])
        try:
            survey = create_survey_from_template(
                options["template"],
                name=options["name"],
                organisation=organisation,
                unit=unit,
                service=service,
                rule_set=options["rule_set"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(str(survey.pk))

    def _organisation(
        self, unit: ServiceUnit | None, service: Service | None, organisation_id: int | None
    ) -> Organisation:
        if unit is not None:
            return unit.organisation
        if service is not None:
            return service.unit.organisation
        chosen: Organisation | None = _by_id(Organisation, organisation_id, "organisation")
        if chosen is not None:
            return chosen
        organisations = list(Organisation.objects.order_by("pk")[:2])
        if not organisations:
            return Organisation.objects.create(name=DEFAULT_ORGANISATION, kind=OrganisationKind.PUBLIC_SERVICE)
        if len(organisations) > 1:
            self.stderr.write(
                f"Several organisations exist and none was chosen; using {organisations[0].name} "
                f"(id {organisations[0].pk}). Pass --organisation, --unit or --service to choose."
            )
        return organisations[0]
