"""Staff pages for survey campaigns: list, create, detail with progress, send the invitations, close.
Lookups go through scoped queries: another unit's campaign is a 404; seeing but not managing is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.surveys.collection import queries, services
from prima.surveys.collection.forms import CampaignForm
from prima.surveys.collection.models import Campaign, CampaignStatus
from prima.surveys.models import Survey, SurveyStatus
from prima.surveys.queries import surveys_visible_to

PAGE_SIZE = 50


def _campaign_or_404(request: StaffRequest, pk: int, permission: str = "survey_collection.view_campaign") -> Campaign:
    if pk > queries.MAX_ID:
        raise Http404
    try:
        campaign = queries.campaign_for(request.user, pk)
    except Campaign.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, campaign):
        raise PermissionDenied
    return campaign


def _manageable_surveys(request: StaffRequest) -> QuerySet[Survey]:
    """The surveys (not closed) for which the user may run a campaign."""
    candidates = surveys_visible_to(request.user).exclude(status=SurveyStatus.CLOSED).select_related("unit")
    allowed = [survey.pk for survey in candidates if request.user.has_perm("survey_collection.manage_campaign", survey)]
    return Survey.objects.filter(pk__in=allowed).select_related("unit").order_by("name", "pk")


@login_required
def campaign_list(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("survey_collection.view_campaigns"):
        raise PermissionDenied
    campaigns = (
        queries.campaigns_visible_to(request.user)
        .select_related("survey", "survey__unit")
        .annotate(
            invitation_count=Count("invitations"),
            answered_count=Count("invitations", filter=Q(invitations__used_at__isnull=False)),
        )
        .order_by("-period_start", "-id")
    )
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/collection/campaign_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("survey_collection.view_campaigns"):
        raise PermissionDenied
    surveys = _manageable_surveys(request)
    if not surveys.exists():
        raise PermissionDenied
    initial = {"survey": request.GET.get("survey")} if request.GET.get("survey", "").isdigit() else {}
    form = CampaignForm(request.POST or None, surveys=surveys, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                data["survey"],
                name=data["name"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                population_size=data["population_size"],
                target_sample=data["target_sample"],
                reminder_after_days=data["reminder_after_days"],
                max_reminders=data["max_reminders"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The campaign was created. Check it, then send the invitations."))
            return redirect("survey_collection:detail", pk=campaign.pk)
    status = 400 if form.is_bound else 200
    return render(request, "surveys/collection/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_detail(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    context = {
        "campaign": campaign,
        "progress": services.campaign_progress(campaign),
        "can_manage": request.user.has_perm("survey_collection.manage_campaign", campaign),
        "is_draft": campaign.status == CampaignStatus.DRAFT,
        "is_active": campaign.status == CampaignStatus.ACTIVE,
    }
    return render(request, "surveys/collection/campaign_detail.html", context)


def _report(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def campaign_launch(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk, "survey_collection.manage_campaign")
    try:
        sent = services.launch_campaign(campaign, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        text = ngettext("%(count)d invitation was sent.", "%(count)d invitations were sent.", sent)
        messages.success(request, text % {"count": sent})
    return redirect("survey_collection:detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request: StaffRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk, "survey_collection.manage_campaign")
    try:
        services.close_campaign(campaign, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The campaign is closed. Unused invitation links no longer work."))
    return redirect("survey_collection:detail", pk=campaign.pk)
