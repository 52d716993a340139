"""Staff pages for service levels, mounted at /sla/."""

from django.urls import path

from prima.sla import views

app_name = "sla"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:unit_id>/calendar/", views.calendar_edit, name="calendar"),
    path("units/<int:unit_id>/calendar/closures/", views.closure_add, name="closure_add"),
    path("units/<int:unit_id>/calendar/closures/<int:pk>/remove/", views.closure_remove, name="closure_remove"),
    path("units/<int:unit_id>/policies/new/", views.policy_create, name="policy_create"),
    path("units/<int:unit_id>/policies/adopt/", views.adopt, name="adopt"),
    path("policies/<int:pk>/", views.policy_edit, name="policy"),
]
