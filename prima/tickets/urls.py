"""Staff pages for requests, mounted at /requests/: the inbox, logging a request, one request and its actions."""

from django.urls import path

from prima.tickets.views import actions, create, detail, inbox, kinds

app_name = "tickets"
urlpatterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("bulk/", inbox.bulk_view, name="bulk"),
    path("new/", create.create_view, name="create"),
    path("<int:pk>/", detail.detail_view, name="detail"),
    path("<int:pk>/files/<int:attachment_pk>/", detail.attachment_view, name="attachment"),
    path("<int:pk>/reply/", actions.reply_view, name="reply"),
    path("<int:pk>/take/", actions.take_view, name="take"),
    path("<int:pk>/assign/", actions.assign_view, name="assign"),
    path("<int:pk>/collaborators/", actions.collaborators_view, name="collaborators"),
    path("<int:pk>/transfer/", actions.transfer_view, name="transfer"),
    path("<int:pk>/status/", actions.status_view, name="status"),
    path("<int:pk>/priority/", actions.priority_view, name="priority"),
    path("<int:pk>/category/", actions.category_view, name="category"),
    path("<int:pk>/tags/", actions.tags_view, name="tags"),
    path("<int:pk>/merge/", actions.merge_view, name="merge"),
    path("<int:pk>/verify/", actions.verify_view, name="verify"),
    path("<int:pk>/appointments/", kinds.book_appointment_view, name="book_appointment"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/cancel/", kinds.cancel_appointment_view, name="cancel_appointment"
    ),
    path("<int:pk>/order/lines/", kinds.add_line_view, name="add_line"),
    path("<int:pk>/order/lines/<int:line_pk>/", kinds.update_line_view, name="update_line"),
    path("<int:pk>/order/promised-date/", kinds.promised_date_view, name="promised_date"),
]
