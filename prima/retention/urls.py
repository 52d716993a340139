from django.urls import path

from prima.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("customers/", views.customer_list_view, name="list"),
    path("customers/<int:pk>/", views.customer_detail_view, name="customer"),
    path("customers/<int:pk>/interview/", views.interview_create_view, name="interview_create"),
    path("interviews/<int:pk>/attempts/", views.attempt_add_view, name="attempt_add"),
    path("attempts/<int:pk>/outcome/", views.attempt_outcome_view, name="attempt_outcome"),
    path("cohorts/", views.cohorts_view, name="cohorts"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/units/<int:pk>/", views.thresholds_edit_view, name="thresholds"),
    path("settings/organisations/<int:organisation_pk>/reasons/", views.reason_add_view, name="reason_add"),
    path("settings/reasons/<int:pk>/toggle/", views.reason_toggle_view, name="reason_toggle"),
]
