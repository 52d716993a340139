"""What the collection pages read: surveys behind a public token, the services a poster or form may name,
and campaigns scoped to the staff member's units."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from prima.accounts.models import User
from prima.standards.models import Service
from prima.surveys.collection.models import Campaign
from prima.surveys.models import Survey, SurveyStatus
from prima.surveys.queries import surveys_visible_to

MAX_ID = 2**63 - 1


def public_survey(token: str) -> Survey | None:
    """The survey behind a public link, unless it is a draft (drafts are not public yet)."""
    if not token or len(token) > 64:
        return None
    return (
        Survey.objects.select_related("organisation", "unit", "service")
        .exclude(status=SurveyStatus.DRAFT)
        .filter(public_token=token)
        .first()
    )


def public_survey_services(survey: Survey) -> QuerySet[Service]:
    """The active services a respondent of ``survey`` may have used: the services of its unit (and the units
    below it), or of its organisation for an organisation-wide survey."""
    services = Service.objects.filter(is_active=True)
    if survey.unit is not None:
        services = services.filter(unit__path__startswith=survey.unit.path)
    else:
        services = services.filter(unit__organisation_id=survey.organisation_id)
    return services.order_by("unit__path", "code")


def service_for_survey(survey: Survey, raw: str | None) -> Service | None:
    """The service a respondent was served: the survey's own, else the one named by ``raw`` (an id from the
    address or the form) when it belongs to the survey's unit; else None."""
    if survey.service_id is not None:
        return survey.service
    if not raw or not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        return None
    return public_survey_services(survey).filter(pk=int(raw)).first()


def campaigns_visible_to(user: User | AnonymousUser) -> QuerySet[Campaign]:
    """Campaigns of the surveys the user may see."""
    return Campaign.objects.filter(survey__in=surveys_visible_to(user))


def campaign_for(user: User | AnonymousUser, pk: int) -> Campaign:
    """One campaign the user may see, or raise ``Campaign.DoesNotExist``."""
    return campaigns_visible_to(user).select_related("survey", "survey__unit", "survey__organisation").get(pk=pk)
