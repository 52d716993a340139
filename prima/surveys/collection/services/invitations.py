"""Invitations after service: when a request is resolved, its requester may be invited (once) to answer the
unit's survey through a single-use link; reopening the request invalidates the unused link.

Rules (``invite_after_resolution``), in the transaction that resolves the request:

* only surveys that are open, have ``invite_after_resolution`` on and belong to the request's unit (and, when
  the survey is about one service, to the request's service);
* only requesters who gave an e-mail address and are not anonymous; a customer who withdrew consent to
  satisfaction surveys is not invited;
* a deterministic sample: a hash of survey id and request id, below ``invitation_sample_percent``, so
  resolving the same request again gives the same decision;
* a cooldown: nobody (same customer or same e-mail address) is invited twice within
  ``invitation_cooldown_days``, across all surveys;
* exactly one live invitation per request and survey (a unique constraint). A used invitation is never
  replaced. An unused one invalidated because the request was reopened is replaced when the request is
  resolved again (the earlier link stays dead), and does not count for the cooldown.

Answering (``answer_invitation``) claims the invitation with one conditional UPDATE (``used_at IS NULL``) in the
same transaction as ``record_response``: two tabs or a double click record once. Showing the form writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.activity.services import log_action
from prima.customers.models import Consent, ConsentPurpose, Customer
from prima.notify.services import queue_email
from prima.surveys.collection.keys import new_invitation_token, token_hash
from prima.surveys.collection.models import InvalidationReason, Invitation, InvitationReminder
from prima.surveys.models import Response, ResponseChannel, Survey, SurveyStatus
from prima.surveys.services import record_response
from prima.tickets.choices import Confidentiality, StatusGroup
from prima.tickets.dates import local_label
from prima.tickets.models import Ticket
from prima.tickets.workflow import is_reopening, status_group

INVITATION_LIFETIME = timedelta(days=30)
TEMPLATE = "survey_invitation"


class InvitationState:
    OPEN = "open"
    USED = "used"
    INVALIDATED = "invalidated"
    EXPIRED = "expired"
    SURVEY_CLOSED = "survey_closed"


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("surveys_public:invitation", args=[token])


def is_sampled(survey: Survey, ticket: Ticket) -> bool:
    """The deterministic sample: the same survey and request always give the same answer, and over many
    requests the share sampled is ``invitation_sample_percent``."""
    percent = survey.invitation_sample_percent
    if percent >= 100:
        return True
    if percent <= 0:
        return False
    digest = hashlib.sha256(f"prima-survey-sample:{survey.pk}:{ticket.pk}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < percent


def opted_out_of_surveys(customer: Customer | None) -> bool:
    """The customer withdrew consent to satisfaction surveys and has not given it again."""
    if customer is None:
        return False
    consents = Consent.objects.filter(customer=customer, purpose=ConsentPurpose.SURVEYS)
    return (
        consents.filter(withdrawn_at__isnull=False).exists() and not consents.filter(withdrawn_at__isnull=True).exists()
    )


def in_cooldown(*, email: str, customer: Customer | None, days: int, now: datetime) -> bool:
    """Whether this person (same customer or same address) got an invitation in the last ``days`` days.
    Invitations invalidated because their request was reopened do not count."""
    if days <= 0:
        return False
    person = Q(email__iexact=email)
    if customer is not None:
        person |= Q(customer=customer)
    recent = Invitation.objects.filter(person, created_at__gte=now - timedelta(days=days))
    return recent.exclude(invalidation_reason=InvalidationReason.REOPENED).exists()


def surveys_inviting_for(ticket: Ticket) -> QuerySet[Survey]:
    today = timezone.localdate()
    return (
        Survey.objects.filter(status=SurveyStatus.OPEN, invite_after_resolution=True, unit_id=ticket.unit_id)
        .filter(Q(service__isnull=True) | Q(service_id=ticket.service_id))
        .filter(Q(period_start__isnull=True) | Q(period_start__lte=today))
        .filter(Q(period_end__isnull=True) | Q(period_end__gte=today))
        .select_related("unit", "service")
        .order_by("pk")
    )


def handle_request_status_change(ticket: Ticket, *, from_status: str, to_status: str) -> None:
    """The tickets workflow calls this inside the transaction of every status change: resolving a request
    invites its requester, reopening it invalidates the unused invitations."""
    if is_reopening(from_status, to_status):
        invalidate_request_invitations(ticket, reason=InvalidationReason.REOPENED)
    elif status_group(to_status) == StatusGroup.RESOLVED:
        invite_after_resolution(ticket)


def invite_after_resolution(ticket: Ticket, *, now: datetime | None = None) -> list[Invitation]:
    """Invite the requester of the just-resolved ``ticket`` to the unit's surveys (see the module's rules).
    Call inside the resolving transaction.

    Side effects: per invitation, one Invitation row, one outbox e-mail (same transaction) and activity
    ``survey_collection.invitation.sent``.
    """
    now = now or timezone.now()
    email = (ticket.requester_email or "").strip().lower()
    if not email or ticket.confidentiality == Confidentiality.ANONYMOUS:
        return []
    if opted_out_of_surveys(ticket.customer):
        return []
    invited: list[Invitation] = []
    for survey in surveys_inviting_for(ticket):
        if not is_sampled(survey, ticket):
            continue
        if Invitation.objects.filter(survey=survey, ticket=ticket, invalidated_at__isnull=True).exists():
            continue  # one live invitation per request and survey; a used one is never replaced
        if in_cooldown(email=email, customer=ticket.customer, days=survey.invitation_cooldown_days, now=now):
            continue
        issued = _create_invitation(survey, ticket, email=email, now=now)
        if issued is not None:
            _send_invitation(issued, ticket)
            invited.append(issued.invitation)
    return invited


def _create_invitation(survey: Survey, ticket: Ticket, *, email: str, now: datetime) -> IssuedInvitation | None:
    token = new_invitation_token()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                survey=survey,
                ticket=ticket,
                unit=ticket.unit,
                service=ticket.service if survey.service_id is None else survey.service,
                owner=ticket.owner,
                customer=ticket.customer,
                email=email,
                language=ticket.requester_language,
                token_hash=token_hash(token),
                created_at=now,
                last_sent_at=now,
                expires_at=now + INVITATION_LIFETIME,
            )
    except IntegrityError:  # a concurrent resolution of the same request invited first
        return None
    return IssuedInvitation(invitation, token)


def _send_invitation(issued: IssuedInvitation, ticket: Ticket) -> None:
    invitation = issued.invitation
    confidential = ticket.confidentiality != Confidentiality.NORMAL
    queue_email(
        to_address=invitation.email,
        to_name=ticket.requester_name,
        language=invitation.language,
        template=TEMPLATE,
        context={
            "greeting_name": ticket.requester_name,
            "unit_name": ticket.unit.name,
            "organisation_name": ticket.unit.organisation.name,
            # A confidential request is not named in e-mails (mailboxes are shared, subjects are shown).
            "tracking_code": "" if confidential else ticket.tracking_code,
            "link": invitation_url(issued.token),
            "expires": local_label(invitation.expires_at, ticket.unit),
        },
        idempotency_key=f"survey-invitation-{invitation.pk}",
        related=None if confidential else invitation,
    )
    log_action(
        "survey_collection.invitation.sent",
        actor=None,
        obj=invitation,
        unit=ticket.unit,
        data={"survey": invitation.survey.name, "code": "" if confidential else ticket.tracking_code},
    )


def invalidate_request_invitations(ticket: Ticket, *, reason: str) -> int:
    """Invalidate the unused, still valid invitations of ``ticket``; returns how many.

    Side effects: ``invalidated_at``/``invalidation_reason`` set; activity ``survey_collection.invitation
    .invalidated`` once per request when any was invalidated.
    """
    now = timezone.now()
    count = Invitation.objects.filter(ticket=ticket, used_at__isnull=True, invalidated_at__isnull=True).update(
        invalidated_at=now, invalidation_reason=reason
    )
    if count:
        log_action(
            "survey_collection.invitation.invalidated",
            actor=None,
            obj=ticket,
            unit=ticket.unit,
            data={"count": count, "reason": reason},
        )
    return count


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a link's token (the first e-mail's or a reminder's), else None."""
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    related = ("survey", "survey__organisation", "unit", "service", "ticket")
    invitation = Invitation.objects.select_related(*related).filter(token_hash=digest).first()
    if invitation is None:
        reminder = InvitationReminder.objects.filter(token_hash=digest).values_list("invitation_id", flat=True).first()
        if reminder is not None:
            invitation = Invitation.objects.select_related(*related).filter(pk=reminder).first()
    return invitation


def invitation_state(invitation: Invitation, *, now: datetime | None = None) -> str:
    """What the link can do now (one of ``InvitationState``). Reads only."""
    now = now or timezone.now()
    if invitation.used_at is not None:
        return InvitationState.USED
    if invitation.invalidated_at is not None or _request_reopened(invitation):
        return InvitationState.INVALIDATED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    if invitation.survey.status != SurveyStatus.OPEN:
        return InvitationState.SURVEY_CLOSED
    return InvitationState.OPEN


def _request_reopened(invitation: Invitation) -> bool:
    """A request back in work (reopened by a path that did not invalidate yet) no longer invites."""
    ticket = invitation.ticket
    if ticket is None or invitation.campaign_id is not None:
        return False
    return status_group(ticket.status) not in (StatusGroup.RESOLVED, StatusGroup.CLOSED)


def withdraw_reopened_invitation(invitation: Invitation) -> bool:
    """Invalidate the invitations of a request that is back in work but whose invitations were not withdrawn
    (a reopening path that does not call ``handle_request_status_change``). Returns whether it was reopened.

    Side effects: as ``invalidate_request_invitations``.
    """
    if invitation.ticket is None or not _request_reopened(invitation):
        return False
    invalidate_request_invitations(invitation.ticket, reason=InvalidationReason.REOPENED)
    return True


def answer_invitation(
    invitation: Invitation,
    answers: dict[str, object],
    *,
    respondent_name: str = "",
    respondent_contact: str = "",
    share_identity: bool = False,
) -> Response | None:
    """Record the answers of an invitation's link once. Returns the Response, or None when the invitation
    was already used, invalidated or expired (by this or a concurrent request) and nothing was recorded.

    Raises ValidationError (keyed by item code) from ``record_response``; nothing is written then.

    Side effects: claims the invitation (``used_at``) with a conditional UPDATE in the same transaction as
    ``record_response`` (channel invitation, the request's owner, unit, service and request); activity
    ``survey_collection.invitation.answered``.
    """
    now = timezone.now()
    if withdraw_reopened_invitation(invitation):
        return None
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, invalidated_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not claimed:
            return None
        response = record_response(
            invitation.survey,
            answers,
            channel=ResponseChannel.INVITATION,
            idempotency_key=f"invitation-{invitation.pk}",
            unit=invitation.unit,
            service=invitation.service,
            owner=invitation.owner,
            ticket=invitation.ticket,
            respondent_name=respondent_name if share_identity else "",
            respondent_contact=respondent_contact if share_identity else "",
            customer=invitation.customer if share_identity else None,
            submitted_at=now,
        )
        Invitation.objects.filter(pk=invitation.pk).update(response=response)
        invitation.used_at = now
        invitation.response = response
        log_action(
            "survey_collection.invitation.answered",
            actor=None,
            obj=invitation,
            unit=invitation.unit,
            data={"survey": invitation.survey.name},
        )
    return response


def set_invitation_settings(
    survey: Survey,
    *,
    invite_after_resolution: bool,
    sample_percent: int,
    cooldown_days: int,
    actor: User | None,
) -> Survey:
    """Turn invitations after resolved requests on or off and set their sample share (0-100 %) and the days
    between two invitations to one person (0-365).

    Side effects: activity ``survey_collection.survey.invitation_settings_changed``.
    """
    errors: dict[str, str] = {}
    if not 0 <= sample_percent <= 100:
        errors["invitation_sample_percent"] = str(_("Give a share from 0 to 100 %."))
    if not 0 <= cooldown_days <= 365:
        errors["invitation_cooldown_days"] = str(_("Give a number of days from 0 to 365."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        survey.invite_after_resolution = invite_after_resolution
        survey.invitation_sample_percent = sample_percent
        survey.invitation_cooldown_days = cooldown_days
        survey.save(update_fields=["invite_after_resolution", "invitation_sample_percent", "invitation_cooldown_days"])
        log_action(
            "survey_collection.survey.invitation_settings_changed",
            actor=actor,
            obj=survey,
            unit=survey.unit,
            data={
                "survey": survey.name,
                "enabled": invite_after_resolution,
                "percent": sample_percent,
                "days": cooldown_days,
            },
        )
    return survey
