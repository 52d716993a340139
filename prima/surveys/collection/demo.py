"""Demo data: invitations after resolved requests for one SKM survey of the first demo organisation, and a small
campaign for the current half-year whose invitations go to the unit's customers who agreed to surveys.

Everything goes through the services. Deterministic for a seed; running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from prima.accounts.models import Organisation, ServiceUnit
from prima.core.demo import DEMO_ORGANISATION_NAMES
from prima.surveys.collection.models import Campaign
from prima.surveys.collection.services import create_campaign, launch_campaign, set_invitation_settings
from prima.surveys.models import Survey, SurveyStatus
from prima.surveys.services import create_survey_from_template

DEMO_SURVEY_NAME = "SKM pelayanan (undangan setelah layanan)"


def _organisation() -> Organisation | None:
    for name in DEMO_ORGANISATION_NAMES:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            return organisation
    return None


def _busiest_unit(organisation: Organisation) -> ServiceUnit | None:
    """The active unit with the most customers (the one whose survey says most in the demo)."""
    units = ServiceUnit.objects.filter(organisation=organisation, is_active=True).annotate(served=Count("customers"))
    return units.order_by("-served", "pk").first()


def _survey(organisation: Organisation) -> Survey | None:
    existing = (
        Survey.objects.filter(organisation=organisation, status=SurveyStatus.OPEN, unit__isnull=False, method="skm")
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    unit = _busiest_unit(organisation)
    if unit is None:
        return None
    return create_survey_from_template("skm2017", name=DEMO_SURVEY_NAME, organisation=organisation, unit=unit)


def _half_year(today: dt.date) -> tuple[dt.date, dt.date, str]:
    if today.month <= 6:
        return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30), "I"
    return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31), "II"


def load_demo(seed: int) -> None:
    organisation = _organisation()
    if organisation is None:
        return
    survey = _survey(organisation)
    if survey is None:
        return
    if not survey.invite_after_resolution:
        set_invitation_settings(survey, invite_after_resolution=True, sample_percent=100, cooldown_days=30, actor=None)
    start, end, half = _half_year(timezone.localdate())
    name = f"SKM Semester {half} {start.year}"
    if Campaign.objects.filter(survey=survey, name=name).exists():
        return
    population = random.Random(seed).randrange(400, 900)
    campaign = create_campaign(
        survey,
        name=name,
        period_start=start,
        period_end=end,
        population_size=population,
        reminder_after_days=7,
        max_reminders=2,
        actor=None,
    )
    launch_campaign(campaign, actor=None)
