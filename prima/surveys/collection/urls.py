"""Staff pages for survey campaigns (mounted at /surveys/campaigns/)."""

from django.urls import path

from prima.surveys.collection import views

app_name = "survey_collection"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/send/", views.campaign_launch, name="launch"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
]
