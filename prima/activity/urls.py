from django.urls import path

from prima.activity import views

app_name = "activity"
urlpatterns = [
    path("audit/", views.audit_trail_view, name="audit_trail"),
]
