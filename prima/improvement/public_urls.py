from django.urls import URLPattern

app_name = "improvement_public"
urlpatterns: list[URLPattern] = []
