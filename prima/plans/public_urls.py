from django.urls import URLPattern

app_name = "plans_public"
urlpatterns: list[URLPattern] = []
