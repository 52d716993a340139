"""The public survey pages: no account needed.

* ``answer``: the form behind a survey's public link and QR poster (channel web). Every GET issues a one-time
  key; the POST records through ``record_response`` with it as the idempotency key, then redirects to a
  thank-you page (POST-redirect-GET). A second POST of the same page shows the same thank-you.
* ``kiosk``: the same questions at a counter tablet (channel kiosk), never identifying, never cached; after
  each answer a thank-you screen returns to a fresh, empty form.
* ``poster``: an A4 poster with the QR code of the public link (optionally for one service of the unit).
* ``invitation``: the single-use link of an invitation. GET and HEAD only show the form (link scanners must
  not vote); the POST records once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from prima.core.http import PublicRequest
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.collection import answering
from prima.surveys.collection.keys import idempotency_key_for, new_form_key
from prima.surveys.collection.models import Invitation
from prima.surveys.collection.queries import public_survey, public_survey_services, service_for_survey
from prima.surveys.collection.services import (
    answer_invitation,
    invitation_by_token,
    invitation_state,
    submit_public_answers,
)
from prima.surveys.collection.services.invitations import InvitationState, withdraw_reopened_invitation
from prima.surveys.models import Item, ResponseChannel, Survey, SurveyStatus
from prima.surveys.services import VersionSpec
from prima.tickets.public.qr import qr_svg

KIOSK_RETURN_SECONDS = 6
MAX_CONTACT_LENGTH = 200


def _survey_or_404(token: str) -> Survey:
    survey = public_survey(token)
    if survey is None:
        raise Http404
    return survey


def _closed(request: PublicRequest, survey: Survey, *, status: int = 200) -> HttpResponse:
    return render(request, "surveys/public/closed.html", {"survey": survey}, status=status)


def _context(
    survey: Survey,
    items: list[Item],
    *,
    channel: str,
    form_key: str,
    service: Service | None,
    answers: answering.Answers | None = None,
    errors: dict[str, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    has_errors = bool(errors or extra.get("general_errors") or extra.get("identity_errors"))
    return {
        "survey": survey,
        "has_errors": has_errors,
        "questions": answering.question_fields(items, answers, errors),
        "channel": channel,
        "form_key": form_key,
        "service": service,
        "service_name": localized(service.name) if service is not None else "",
        "is_kiosk": channel == ResponseChannel.KIOSK,
        **extra,
    }


def _identity(request: PublicRequest) -> tuple[bool, str, str, dict[str, str]]:
    """The optional "contact me" choice: (chosen, name, contact, errors by field)."""
    chosen = request.POST.get("share_identity") == "1"
    name = " ".join(request.POST.get("respondent_name", "").split())
    contact = request.POST.get("respondent_contact", "").strip()
    errors: dict[str, str] = {}
    if not chosen:
        return False, "", "", errors
    if len(name) > MAX_CONTACT_LENGTH:
        errors["respondent_name"] = answering.too_long(MAX_CONTACT_LENGTH, len(name))
    if len(contact) > MAX_CONTACT_LENGTH:
        errors["respondent_contact"] = answering.too_long(MAX_CONTACT_LENGTH, len(contact))
    if not contact and "respondent_contact" not in errors:
        errors["respondent_contact"] = str(answering.CONTACT_REQUIRED)
    return True, name, contact, errors


def _public_form(request: PublicRequest, token: str, channel: str) -> HttpResponse:
    survey = _survey_or_404(token)
    if survey.status == SurveyStatus.CLOSED:
        return _closed(request, survey, status=410 if request.method == "POST" else 200)
    kiosk = channel == ResponseChannel.KIOSK
    template = "surveys/public/kiosk.html" if kiosk else "surveys/public/answer.html"
    raw_service = request.POST.get("service") if request.method == "POST" else request.GET.get("service")
    service = service_for_survey(survey, raw_service)
    if request.method != "POST":
        current = survey.current_version()
        if current is None:
            raise Http404
        context = _context(survey, [], channel=channel, form_key=new_form_key(survey.pk, channel), service=service)
        context["questions_html"] = answering.empty_questions_html(survey, current, kiosk=kiosk, service=service)
        return render(request, template, context)
    version, items = answering.version_with_items(survey)
    if version is None:
        raise Http404
    return _record_public(request, survey, version, items, channel=channel, service=service, template=template)


def _record_public(
    request: PublicRequest,
    survey: Survey,
    version: VersionSpec,
    items: list[Item],
    *,
    channel: str,
    service: Service | None,
    template: str,
) -> HttpResponse:
    signed_key = request.POST.get("form_key", "")
    idempotency_key = idempotency_key_for(signed_key, survey.pk, channel)
    answers, errors = answering.answers_from_post(items, request.POST)
    kiosk = channel == ResponseChannel.KIOSK
    share, name, contact, identity_errors = (False, "", "", {}) if kiosk else _identity(request)
    general: list[str] = []
    if idempotency_key is None:
        general.append(str(answering.TAMPERED))
        signed_key = new_form_key(survey.pk, channel)
    if not errors and not identity_errors and idempotency_key is not None:
        try:
            submit_public_answers(
                survey,
                answering.shown_answers(version, answers),
                channel=channel,
                idempotency_key=idempotency_key,
                version=version.version,
                service=service,
                respondent_name=name,
                respondent_contact=contact,
            )
        except ValidationError as error:
            errors, general = answering.errors_by_question(error, {item.code for item in items})
        else:
            thanks = "surveys_public:kiosk_thanks" if kiosk else "surveys_public:thanks"
            return redirect(thanks, token=survey.public_token)
    context = _context(
        survey,
        items,
        channel=channel,
        form_key=signed_key,
        service=service,
        answers=answers,
        errors=errors,
        general_errors=general,
        identity_errors=identity_errors,
        share_identity=share,
        respondent_name=name,
        respondent_contact=contact,
    )
    return render(request, template, context, status=400)


@cache_control(private=True, no_cache=True)  # each page carries its own one-time key: never share it
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: PublicRequest, token: str) -> HttpResponse:
    return _public_form(request, token, ResponseChannel.WEB)


@never_cache
@require_GET
def thanks(request: PublicRequest, token: str) -> HttpResponse:
    survey = _survey_or_404(token)
    return render(request, "surveys/public/thanks.html", {"survey": survey})


@cache_control(no_store=True)  # the next visitor must not get the previous one's page back
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk(request: PublicRequest, token: str) -> HttpResponse:
    return _public_form(request, token, ResponseChannel.KIOSK)


@cache_control(no_store=True)
@require_GET
def kiosk_thanks(request: PublicRequest, token: str) -> HttpResponse:
    survey = _survey_or_404(token)
    context = {
        "survey": survey,
        "seconds": KIOSK_RETURN_SECONDS,
        "kiosk_url": reverse("surveys_public:kiosk", args=[survey.public_token]),
    }
    return render(request, "surveys/public/kiosk_thanks.html", context)


@require_GET
def poster(request: PublicRequest, token: str) -> HttpResponse:
    survey = _survey_or_404(token)
    service = survey.service
    if survey.service_id is None and "service" in request.GET:
        service = service_for_survey(survey, request.GET["service"])
        if service is None:
            raise Http404
    path = reverse("surveys_public:answer", args=[survey.public_token])
    if service is not None and survey.service_id is None:
        path += "?" + urlencode({"service": service.pk})
    url = settings.SITE_URL + path
    context = {
        "survey": survey,
        "service": service,
        "service_names": list(dict.fromkeys(localized(service.name, code) for code in ("id", "en")))
        if service is not None
        else [],
        "answer_url": url,
        "qr": qr_svg(url),
        "other_services": public_survey_services(survey) if survey.service_id is None else [],
    }
    return render(request, "surveys/public/poster.html", context)


# Invitations ---------------------------------------------------------------------------------------------------

GONE_STATES = {InvitationState.INVALIDATED, InvitationState.EXPIRED, InvitationState.SURVEY_CLOSED}


def _invitation_or_404(token: str) -> Invitation:
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    return invitation


def _invitation_page(request: PublicRequest, invitation: Invitation, state: str) -> HttpResponse:
    if state == InvitationState.USED:
        return render(request, "surveys/public/invitation_used.html", {"invitation": invitation})
    return render(
        request, "surveys/public/invitation_gone.html", {"invitation": invitation, "state": state}, status=410
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: PublicRequest, token: str) -> HttpResponse:
    found = _invitation_or_404(token)
    state = invitation_state(found)
    if state != InvitationState.OPEN:
        if request.method == "POST" and state == InvitationState.INVALIDATED and found.invalidated_at is None:
            withdraw_reopened_invitation(found)  # reopened by a path that did not withdraw it yet
        return _invitation_page(request, found, state)
    survey = found.survey
    version, items = answering.version_with_items(survey)
    if version is None:
        raise Http404
    extra: dict[str, Any] = {"invitation": found, "action": request.path}
    if request.method != "POST":  # GET and HEAD only show the form: nothing is recorded or changed
        context = _context(
            survey, items, channel=ResponseChannel.INVITATION, form_key="", service=found.service, **extra
        )
        return render(request, "surveys/public/answer.html", context)
    answers, errors = answering.answers_from_post(items, request.POST)
    share, name, contact, identity_errors = _identity(request)
    general: list[str] = []
    if not errors and not identity_errors:
        try:
            response = answer_invitation(
                found,
                answering.shown_answers(version, answers),
                respondent_name=name,
                respondent_contact=contact,
                share_identity=share,
            )
        except ValidationError as error:
            errors, general = answering.errors_by_question(error, {item.code for item in items})
        else:
            if response is None:  # a second click, another tab, or the link stopped working meanwhile
                found.refresh_from_db()
                state = invitation_state(found)
                if state != InvitationState.USED:
                    return _invitation_page(request, found, state)
            return HttpResponseRedirect(reverse("surveys_public:invitation_thanks", args=[token]))
    context = _context(
        survey,
        items,
        channel=ResponseChannel.INVITATION,
        form_key="",
        service=found.service,
        answers=answers,
        errors=errors,
        general_errors=general,
        identity_errors=identity_errors,
        share_identity=share,
        respondent_name=name,
        respondent_contact=contact,
        **extra,
    )
    return render(request, "surveys/public/answer.html", context, status=400)


@never_cache
@require_GET
def invitation_thanks(request: PublicRequest, token: str) -> HttpResponse:
    found = _invitation_or_404(token)
    if found.used_at is None:
        return redirect("surveys_public:invitation", token=token)
    return render(request, "surveys/public/thanks.html", {"survey": found.survey, "invitation": found})
