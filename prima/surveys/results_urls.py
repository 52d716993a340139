from django.urls import URLPattern

app_name = "survey_results"
urlpatterns: list[URLPattern] = []
