from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("prima.core.urls")),
    path("accounts/", include("prima.accounts.urls")),
    path("customers/", include("prima.customers.urls")),
    path("activity/", include("prima.activity.urls")),
    path("requests/", include("prima.tickets.urls")),
    path("public/standards/", include("prima.standards.public_urls")),
    path("public/surveys/", include("prima.surveys.public_urls")),
    path("public/survey-results/", include("prima.surveys.results_urls")),
    path("public/improvement/", include("prima.improvement.public_urls")),
    path("public/plans/", include("prima.plans.public_urls")),
    path("public/", include("prima.tickets.public.urls")),
    path("standards/", include("prima.standards.urls")),
    path("surveys/campaigns/", include("prima.surveys.collection.urls")),
    path("surveys/", include("prima.surveys.urls")),
    path("sla/", include("prima.sla.urls")),
    path("compliance/", include("prima.compliance.urls")),
    path("improvement/", include("prima.improvement.urls")),
    path("plans/", include("prima.plans.urls")),
    path("retention/", include("prima.retention.urls")),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_VIEWS:
    urlpatterns += [path("_bench/", include("prima.core.bench_urls"))]

handler400 = "prima.core.views.bad_request"
handler403 = "prima.core.views.permission_denied"
handler404 = "prima.core.views.page_not_found"
handler500 = "prima.core.views.server_error"
