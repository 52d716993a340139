"""Staff pages, mounted at /standards/ by config/urls.py."""

from django.urls import path

from prima.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.catalogue_view, name="catalogue"),
    path("new/", views.service_create_view, name="service_create"),
    path("service/<int:pk>/", views.service_detail_view, name="service"),
    path("service/<int:pk>/edit/", views.service_edit_view, name="service_edit"),
    path("service/<int:pk>/draft/", views.draft_create_view, name="draft"),
    path("service/<int:pk>/archive/", views.service_archive_view, name="archive"),
    path("version/<int:pk>/", views.standard_detail_view, name="standard"),
    path("version/<int:pk>/edit/", views.standard_edit_view, name="edit"),
    path("version/<int:pk>/approve/", views.standard_approve_view, name="approve"),
    path("version/<int:pk>/return/", views.standard_return_view, name="return_to_draft"),
    path("version/<int:pk>/publish/", views.standard_publish_view, name="publish"),
    path("version/<int:pk>/compare/", views.standard_compare_view, name="compare"),
    path("unit/<int:unit_id>/charter/", views.charter_view, name="charter"),
]
