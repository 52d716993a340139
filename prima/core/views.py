from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from prima.accounts.queries import memberships_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"memberships": memberships_of(request.user)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("Your form expired or was sent twice. Go back, reload the page and try again.")
    return render(request, "core/error.html", {"title": _("Form expired"), "message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("The page does not exist, or you do not have access to it.")
    return render(request, "core/error.html", {"title": _("Not found"), "message": message}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("Your role does not allow this. Ask your supervisor if you need access.")
    return render(request, "core/error.html", {"title": _("Not allowed"), "message": message}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("The request could not be understood. Check what you entered and try again.")
    return render(request, "core/error.html", {"title": _("Bad request"), "message": message}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on our side. Nothing you sent was lost; please try again shortly.")
    return render(request, "core/error.html", {"title": _("Error"), "message": message}, status=500)
