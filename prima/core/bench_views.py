"""Baseline views for the benchmark harness (``make bench``), routed only when ``settings.BENCH_VIEWS`` is on.

``bare`` measures the request/response cycle through the full middleware stack with no database and no
template; ``insert`` adds exactly one ORM INSERT. Feature scenarios are reported as ratios of these two.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from prima.core.models import BenchRow

PAYLOAD_MAX_LENGTH = BenchRow._meta.get_field("payload").max_length or 64


@csrf_exempt
@require_http_methods(["GET", "POST"])
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def insert(request: HttpRequest) -> HttpResponse:
    payload = request.POST.get("payload") or request.GET.get("payload") or "bench"
    row = BenchRow.objects.create(payload=payload[:PAYLOAD_MAX_LENGTH])
    return HttpResponse(str(row.pk), content_type="text/plain; charset=utf-8")
