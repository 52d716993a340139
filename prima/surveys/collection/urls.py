from django.urls import URLPattern

app_name = "survey_collection"
urlpatterns: list[URLPattern] = []
