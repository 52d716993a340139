"""The REST API's URL table. Each app contributes a router in its ``api.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("prima.customers.api")),
    path("", include("prima.tickets.api")),
    path("", include("prima.surveys.api")),
    path("", include("prima.compliance.api")),
    path("", include("prima.improvement.api")),
    path("", include("prima.plans.api")),
    path("", include("prima.retention.api")),
]
