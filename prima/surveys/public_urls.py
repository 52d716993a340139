"""Public survey pages: the answering form behind a survey's public link, kiosk mode, the QR poster and the
single-use invitation link. No account needed. Views live in ``prima.surveys.collection.public_views``."""

from django.urls import path

from prima.surveys.collection import public_views

app_name = "surveys_public"
urlpatterns = [
    path("i/<str:token>/", public_views.invitation, name="invitation"),
    path("i/<str:token>/thanks/", public_views.invitation_thanks, name="invitation_thanks"),
    path("<str:token>/", public_views.answer, name="answer"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
    path("<str:token>/kiosk/", public_views.kiosk, name="kiosk"),
    path("<str:token>/kiosk/thanks/", public_views.kiosk_thanks, name="kiosk_thanks"),
    path("<str:token>/poster/", public_views.poster, name="poster"),
]
