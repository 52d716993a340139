"""Proposed actions: the decision queue, a colleague's proposal form, and accept / dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.improvement import queries, services
from prima.improvement.forms import AcceptForm, ProposalForm, ReasonForm
from prima.improvement.models import ProposalStatus, ProposedAction
from prima.improvement.views._common import require, scoped_or_404


@login_required
def proposal_list_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.view_improvement")
    context = {
        "pending": list(queries.pending_proposals(request.user)[:100]),
        "decided": list(
            queries.proposals_visible_to(request.user)
            .exclude(status=ProposalStatus.PENDING)
            .select_related("unit", "decided_by", "action")
            .order_by("-decided_at", "-pk")[:20]
        ),
        "can_propose": request.user.has_perm("improvement.propose_action", None),
    }
    return render(request, "improvement/proposal_list.html", context)


@login_required
def proposal_create_view(request: StaffRequest) -> HttpResponse:
    require(request, "improvement.propose_action")
    form = ProposalForm(
        request.POST if request.method == "POST" else None, units=queries.units_for_proposals(request.user)
    )
    context = {"form": form, "title": _("Propose an improvement action")}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.propose_action(
                    unit=data["unit"],
                    title=data["title"],
                    description=data["description"],
                    source_kind=data["source_kind"],
                    source_ref=data["source_ref"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. A supervisor will decide on your proposal."))
                return redirect("improvement:proposal", pk=proposal.pk)
        return render(request, "improvement/form.html", context, status=400)
    return render(request, "improvement/form.html", context)


def _render_proposal(
    request: StaffRequest,
    proposal: ProposedAction,
    *,
    accept_form: AcceptForm | None = None,
    dismiss_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_decide = request.user.has_perm("improvement.decide_proposal", proposal)
    context = {
        "proposal": proposal,
        "can_decide": can_decide and proposal.status == ProposalStatus.PENDING,
        "accept_form": accept_form
        or AcceptForm(owners=queries.owner_choices(request.user), initial={"title": proposal.title}),
        "dismiss_form": dismiss_form or ReasonForm(),
        "today": timezone.localdate(),
    }
    return render(request, "improvement/proposal_detail.html", context, status=status)


@login_required
def proposal_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_proposal(request, scoped_or_404(request, queries.proposal_for, pk))


@login_required
@require_POST
def proposal_accept_view(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = scoped_or_404(request, queries.proposal_for, pk, "improvement.decide_proposal")
    form = AcceptForm(request.POST, owners=queries.owner_choices(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = services.accept_proposal(
                proposal,
                actor=request.user,
                owner=data["owner"],
                due_date=data["due_date"],
                kind=data["kind"],
                title=data["title"],
                root_cause=data["root_cause"],
                effectiveness_check_on=data["effectiveness_check_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Proposal accepted; the action is open."))
            return redirect("improvement:action", pk=action.pk)
    return _render_proposal(request, proposal, accept_form=form, status=400)


@login_required
@require_POST
def proposal_dismiss_view(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = scoped_or_404(request, queries.proposal_for, pk, "improvement.decide_proposal")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_proposal(proposal, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Proposal dismissed."))
            return redirect("improvement:proposals")
    return _render_proposal(request, proposal, dismiss_form=form, status=400)
