"""One request's page, and its files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from prima.core.http import StaffRequest
from prima.tickets.views.common import ticket_or_404
from prima.tickets.views.page import render_detail


@login_required
@require_GET
def detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    """The request's page, with its service-level clocks."""
    return render_detail(request, ticket_or_404(request, pk))


@login_required
@require_GET
def attachment_view(request: StaffRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file of a request, only for those who may see the request (files are never public media)."""
    ticket = ticket_or_404(request, pk)
    attachment = ticket.attachments.filter(pk=attachment_pk).first() if attachment_pk < 2**63 else None
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
