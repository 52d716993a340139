"""Public pages for requests: submission form, tracking page, QR posters. No account needed."""

from django.urls import path

from prima.tickets.public import views

app_name = "public"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("<int:unit_id>/", views.request_form, name="form"),
    path("<int:unit_id>/poster/", views.poster, name="poster"),
    path("receipt/<str:code>/", views.receipt, name="receipt"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.status, name="status"),
    path("track/<str:code>/reply/", views.reply, name="reply"),
    path("track/<str:code>/confirm/", views.confirm, name="confirm"),
    path("track/<str:code>/reopen/", views.reopen, name="reopen"),
]
