from django.urls import path

from prima.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list_view, name="list"),
    path("new/", views.customer_create_view, name="create"),
    path("<int:pk>/", views.customer_detail_view, name="detail"),
    path("<int:pk>/edit/", views.customer_edit_view, name="edit"),
    path("<int:pk>/contacts/", views.contact_add_view, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove_view, name="contact_remove"),
    path("<int:pk>/consents/", views.consent_add_view, name="consent_add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw_view, name="consent_withdraw"),
]
