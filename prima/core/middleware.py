from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RejectNullBytesMiddleware:
    """Answer 400 to a query string carrying a NUL byte.

    Forms and serializers refuse NUL characters themselves, but views read some parameters (search terms,
    cursors) straight from the query string, and PostgreSQL cannot store or compare text containing NUL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            message = _("The address contains a character that is not allowed. Remove it and try again.")
            return render(request, "core/error.html", {"title": _("Bad request"), "message": message}, status=400)
        return self.get_response(request)
