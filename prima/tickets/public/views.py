"""The public pages: no account needed. Every write goes through ``prima.tickets.services`` (new requests via
``submission.journal_public_request``, the intake journal); a page says "received" only after the commit.

A code handed out but not registered as a request yet shows "received, being registered" instead of a 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prima.accounts.models import ServiceUnit
from prima.core.forms import apply_service_errors
from prima.core.http import PublicRequest
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.tickets.choices import RequestKind, Status
from prima.tickets.dates import local_label
from prima.tickets.models import IntakeSubmission, Ticket
from prima.tickets.public import queries
from prima.tickets.public.forms import ConfirmForm, PublicRequestForm, ReopenForm, ReplyForm, TrackForm
from prima.tickets.public.presentation import PUBLIC_KINDS, STATUS_EXPLANATIONS
from prima.tickets.public.qr import qr_svg
from prima.tickets.public.submission import PublicSubmission, journal_public_request
from prima.tickets.services import add_reply, confirm_resolution, reopen_by_requester


def _not_found(request: PublicRequest, message: str) -> HttpResponse:
    context = {"message": message, "track_form": TrackForm()}
    return render(request, "tickets/public/not_found.html", context, status=404)


def _unit_not_found(request: PublicRequest) -> HttpResponse:
    return _not_found(request, _("This service unit does not take requests here. Choose a unit from the list."))


def _code_not_found(request: PublicRequest) -> HttpResponse:
    return _not_found(
        request, _("We found no request with this code. Check the code on your receipt or e-mail and try again.")
    )


def _find(code: str) -> Ticket | IntakeSubmission | None:
    return queries.request_or_submission_by_code(code)


def _being_registered(request: PublicRequest, received: IntakeSubmission, *, status: int = 200) -> HttpResponse:
    context = {
        "received": received,
        "acknowledged_by_email": bool(received.payload.get("arguments", {}).get("requester_email")),
    }
    return render(request, "tickets/public/being_registered.html", context, status=status)


def _cannot_act_yet(request: PublicRequest, found: IntakeSubmission | None) -> HttpResponse:
    """The answer to a requester's action on a code that has no request to act on (yet)."""
    if found is None:
        return _code_not_found(request)
    return _being_registered(request, found, status=409)  # nothing to act on until it is registered


def _service_from(unit: ServiceUnit, raw: str | None) -> Service | None:
    """The unit's active service named by ``raw`` (an id from the address or the form), else None."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    return queries.service_taking_requests(unit, int(raw))


def _kind_from(request: PublicRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in PUBLIC_KINDS else ""


@require_GET
def landing(request: PublicRequest) -> HttpResponse:
    return render(
        request,
        "tickets/public/landing.html",
        {"units": queries.units_taking_requests(), "track_form": TrackForm()},
    )


@cache_control(private=True, no_cache=True)  # each page carries its own submission key: never share it
@require_http_methods(["GET", "POST"])
def request_form(request: PublicRequest, unit_id: int) -> HttpResponse:
    unit = queries.unit_taking_requests(unit_id, with_organisation=request.method != "POST")
    if unit is None:
        return _unit_not_found(request)
    if request.method == "POST":
        form = PublicRequestForm(request.POST, unit=unit)
        if form.is_valid():
            try:
                received = journal_public_request(
                    unit, PublicSubmission.from_form(form.cleaned_data), language=translation.get_language()
                )
            except ValidationError as error:
                form.apply_service_error(error)
            else:  # committed to the journal: only now may the page say "received"
                return redirect("public:receipt", code=received.tracking_code)
        service = _service_from(unit, request.POST.get("service"))
        context = {"unit": unit, "form": form, "service": service}
        return render(request, "tickets/public/form.html", context, status=400)
    service = _service_from(unit, request.GET.get("service"))  # a wrong id: the general form
    form = PublicRequestForm(unit=unit, initial={"kind": _kind_from(request) or None})
    return render(request, "tickets/public/form.html", {"unit": unit, "form": form, "service": service})


@never_cache
@require_GET
def receipt(request: PublicRequest, code: str) -> HttpResponse:
    ticket = _find(code)
    if ticket is None:
        return _code_not_found(request)
    if isinstance(ticket, IntakeSubmission):
        return _being_registered(request, ticket)
    # The service queues the acknowledgement exactly when there is an address to send it to.
    context = {"ticket": ticket, "acknowledged_by_email": bool(ticket.requester_email)}
    return render(request, "tickets/public/receipt.html", context)


@require_GET
def track(request: PublicRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("public:status", code=form.cleaned_data["code"])
    return render(request, "tickets/public/track.html", {"form": form}, status=400 if form.is_bound else 200)


def _status_page(request: PublicRequest, ticket: Ticket, *, status: int = 200, **forms: Form) -> HttpResponse:
    context = {
        "ticket": ticket,
        "kind_label": RequestKind(ticket.kind).label,
        "status_label": Status(ticket.status).label,
        "status_explanation": STATUS_EXPLANATIONS[ticket.status],
        "received_at": local_label(ticket.created_at, ticket.unit),
        "conversation": queries.public_conversation(ticket),
        "can_reply": queries.can_reply(ticket),
        "can_confirm": queries.can_confirm(ticket),
        "can_reopen": queries.can_reopen(ticket),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
    }
    return render(request, "tickets/public/status.html", context, status=status)


@never_cache
@require_GET
def status(request: PublicRequest, code: str) -> HttpResponse:
    ticket = _find(code)
    if ticket is None:
        return _code_not_found(request)
    if isinstance(ticket, IntakeSubmission):
        if code != ticket.tracking_code:
            return redirect("public:status", code=ticket.tracking_code)
        return _being_registered(request, ticket)
    if code != ticket.tracking_code:  # typed in lower case, without dashes…: show the canonical address
        return redirect("public:status", code=ticket.tracking_code)
    return _status_page(request, ticket)


@never_cache
@require_POST
def reply(request: PublicRequest, code: str) -> HttpResponse:
    ticket = _find(code)
    if not isinstance(ticket, Ticket):
        return _cannot_act_yet(request, ticket)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            add_reply(ticket, body=form.cleaned_data["body"], actor=None, from_public=True)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("public:status", code=ticket.tracking_code)
    return _status_page(request, ticket, status=400, reply_form=form)


@never_cache
@require_POST
def confirm(request: PublicRequest, code: str) -> HttpResponse:
    ticket = _find(code)
    if not isinstance(ticket, Ticket):
        return _cannot_act_yet(request, ticket)
    form = ConfirmForm(request.POST)
    form.is_valid()  # no fields to check; cleaning lets the form carry the service's refusal
    try:
        confirm_resolution(ticket, via_tracking_code=code)
    except ValidationError as error:
        apply_service_errors(form, error)
        return _status_page(request, ticket, status=400, confirm_form=form)
    messages.success(request, _("Thank you. Your request is now closed."))
    return redirect("public:status", code=ticket.tracking_code)


@never_cache
@require_POST
def reopen(request: PublicRequest, code: str) -> HttpResponse:
    ticket = _find(code)
    if not isinstance(ticket, Ticket):
        return _cannot_act_yet(request, ticket)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopen_by_requester(ticket, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your request is open again. Staff will look at it."))
            return redirect("public:status", code=ticket.tracking_code)
    return _status_page(request, ticket, status=400, reopen_form=form)


@require_GET
def poster(request: PublicRequest, unit_id: int) -> HttpResponse:
    unit = queries.unit_taking_requests(unit_id)
    if unit is None:
        return _unit_not_found(request)
    service = None
    if "service" in request.GET:
        service = _service_from(unit, request.GET["service"])
        if service is None:
            return _not_found(request, _("This service unit does not offer this service. Choose it again."))
    kind = _kind_from(request)
    query = {"kind": kind} if kind else {}
    if service is not None:
        query["service"] = str(service.pk)
    form_path = reverse("public:form", args=[unit.pk]) + (f"?{urlencode(query)}" if query else "")
    form_url = settings.SITE_URL + form_path
    context = {
        "unit": unit,
        "service": service,
        # A bilingual poster: the Indonesian name, then the English one when the unit wrote one.
        "service_names": list(dict.fromkeys(localized(service.name, code) for code in ("id", "en")))
        if service is not None
        else [],
        "kind_label": RequestKind(kind).label if kind else "",
        "form_url": form_url,
        "track_url": settings.SITE_URL + reverse("public:track"),
        "qr": qr_svg(form_url),
    }
    return render(request, "tickets/public/poster.html", context)
