from django.urls import path

from prima.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
