"""Public pages, mounted at /public/plans/ by config/urls.py. No account needed."""

from django.urls import path

from prima.plans import public_views

app_name = "plans_public"
urlpatterns = [
    path("unit/<int:unit_id>/", public_views.unit_view, name="unit"),
]
