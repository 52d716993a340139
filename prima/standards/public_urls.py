"""Public pages, mounted at /public/standards/ by config/urls.py. No account needed."""

from django.urls import path

from prima.standards import public_views

app_name = "public_standards"
urlpatterns = [
    path("", public_views.index_view, name="index"),
    path("unit/<int:unit_id>/", public_views.unit_view, name="unit"),
    path("service/<int:service_id>/", public_views.service_view, name="service"),
]
