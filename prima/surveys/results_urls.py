"""Public survey results, mounted at /public/survey-results/ by config/urls.py. No account needed."""

from django.urls import path

from prima.surveys import results_views

app_name = "survey_results"
urlpatterns = [
    path("unit/<int:unit_id>/", results_views.unit_results_view, name="unit"),
]
