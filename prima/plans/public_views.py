"""The public page of a unit's published improvement plans: only their customer-facing items, in the words written
for the public. Drafts and closed plans never appear."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prima.core.http import PublicRequest
from prima.plans.queries import public_plans_of
from prima.standards.queries import public_unit


@require_GET
def unit_view(request: PublicRequest, unit_id: int) -> HttpResponse:
    unit = public_unit(unit_id)
    if unit is None:
        raise Http404
    return render(request, "plans/public/unit.html", {"unit": unit, "plans": list(public_plans_of(unit))})
