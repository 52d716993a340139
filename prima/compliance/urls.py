"""Staff pages, mounted at /compliance/ by config/urls.py."""

from django.urls import path

from prima.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.xlsx", views.export_view, name="export"),
    path("audits/", views.audit_list_view, name="audits"),
    path("audits/new/", views.audit_create_view, name="audit_create"),
    path("audits/history/", views.audit_history_view, name="audit_history"),
    path("audits/<int:pk>/", views.audit_detail_view, name="audit"),
    path("audits/<int:pk>/items/<int:item_pk>/", views.audit_item_view, name="audit_item"),
    path("audits/<int:pk>/items/<int:item_pk>/evidence/", views.evidence_view, name="evidence"),
    path("audits/<int:pk>/complete/", views.audit_complete_view, name="audit_complete"),
    path("checklists/", views.checklist_list_view, name="checklists"),
    path("checklists/new/", views.checklist_create_view, name="checklist_create"),
    path("checklists/<int:pk>/", views.checklist_detail_view, name="checklist"),
]
