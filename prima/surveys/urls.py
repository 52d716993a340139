"""Staff survey pages, mounted at /surveys/ by config/urls.py."""

from django.urls import path

from prima.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list_view, name="list"),
    path("new/", views.survey_create_view, name="create"),
    path("<int:pk>/", views.survey_detail_view, name="detail"),
    path("<int:pk>/status/", views.survey_status_view, name="status"),
    path("<int:pk>/settings/", views.settings_view, name="settings"),
    path("<int:pk>/instrument/", views.instrument_edit_view, name="instrument"),
    path("<int:pk>/import/", views.import_view, name="import"),
    path("<int:pk>/import/template.csv", views.import_template_view, name="import_template"),
    path("<int:pk>/results/", views.results_view, name="results"),
    path("<int:pk>/report.pdf", views.report_pdf_view, name="report_pdf"),
    path("<int:pk>/report.xlsx", views.report_xlsx_view, name="report_xlsx"),
    path("<int:pk>/report/", views.report_preview_view, name="report_preview"),
]
