"""Reads of surveys, scoped to what a user may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from prima.accounts.models import User
from prima.accounts.queries import memberships_of, visible_unit_ids
from prima.surveys.models import Survey


def surveys_visible_to(user: User | AnonymousUser) -> QuerySet[Survey]:
    """Surveys of the units the user may see, and the organisation-wide surveys of the organisations the user
    belongs to. Superusers see every survey; the public none."""
    if not user.is_authenticated:
        return Survey.objects.none()
    if user.is_superuser:
        return Survey.objects.all()
    organisations = {membership.unit.organisation_id for membership in memberships_of(user)}
    return Survey.objects.filter(
        Q(unit_id__in=visible_unit_ids(user)) | Q(unit__isnull=True, organisation_id__in=organisations)
    )


def survey_for(user: User | AnonymousUser, pk: int) -> Survey:
    """One survey the user may see, or ``Survey.DoesNotExist`` (a 404: out of scope looks like missing)."""
    return surveys_visible_to(user).select_related("organisation", "unit", "service").get(pk=pk)
