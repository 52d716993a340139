"""Lookup helpers shared by the improvement views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest

from prima.core.http import StaffRequest
from prima.improvement.measure import MetricCache

MAX_ID = 2**63 - 1
PAGE_SIZE = 50

ModelT = TypeVar("ModelT", bound=Model)


def scoped_or_404(
    request: StaffRequest, lookup: Callable[..., ModelT], pk: int, permission: str | None = None
) -> ModelT:
    """``lookup(user, pk)`` or 404; then ``permission`` on the object or 403."""
    if pk > MAX_ID:
        raise Http404
    try:
        obj = lookup(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    if permission is not None and not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj


def require(request: StaffRequest, permission: str, obj: Model | None = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def metric_cache(request: HttpRequest) -> MetricCache:
    """The registry computations of this request, shared by everything the page shows."""
    cache: MetricCache | None = getattr(request, "_improvement_metric_cache", None)
    if cache is None:
        cache = MetricCache()
        request._improvement_metric_cache = cache  # type: ignore[attr-defined]
    return cache
