"""Request types for views behind ``login_required``, so type checking knows who the user is."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from prima.accounts.models import User


class StaffRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    htmx: HtmxDetails
