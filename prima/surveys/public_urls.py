from django.urls import URLPattern

app_name = "surveys_public"
urlpatterns: list[URLPattern] = []
