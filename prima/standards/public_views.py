"""Public pages: the published service standards and service charters. No account needed; nothing that
is not published (drafts, approved versions, management components, archived services) is ever shown."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from prima.core.http import PublicRequest
from prima.standards import queries


@require_GET
def index_view(request: PublicRequest) -> HttpResponse:
    return render(request, "standards/public/index.html", {"units": queries.units_with_published_standards()})


@require_GET
def unit_view(request: PublicRequest, unit_id: int) -> HttpResponse:
    unit = queries.public_unit(unit_id)
    if unit is None:
        raise Http404
    context = {
        "unit": unit,
        "services": queries.published_services_of(unit),
        "charter": queries.charter_in_force(unit),
    }
    return render(request, "standards/public/unit.html", context)


@require_GET
def service_view(request: PublicRequest, service_id: int) -> HttpResponse:
    standard = queries.public_standard(service_id)
    if standard is None:
        raise Http404
    context = {
        "standard": standard,
        "service": standard.service,
        "unit": standard.service.unit,
        "components": standard.components.all(),
        "group_label": _("Service delivery"),
        "charter": queries.charter_in_force(standard.service.unit),
    }
    return render(request, "standards/public/service.html", context)
