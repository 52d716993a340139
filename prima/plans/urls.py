"""Staff pages, mounted at /plans/ by config/urls.py."""

from django.urls import path

from prima.plans import review_views, views

app_name = "plans"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("new/", views.plan_create_view, name="plan_create"),
    path("<int:pk>/", views.plan_detail_view, name="plan"),
    path("<int:pk>/items/new/", views.item_add_view, name="item_add"),
    path("<int:pk>/publish/", views.plan_publish_view, name="plan_publish"),
    path("<int:pk>/close/", views.plan_close_view, name="plan_close"),
    path("<int:pk>/acknowledge/", views.plan_acknowledge_view, name="plan_acknowledge"),
    path("<int:pk>/ideas/new/", views.plan_idea_create_view, name="plan_idea_create"),
    path("ideas/<int:pk>/", views.idea_detail_view, name="idea"),
    path("ideas/<int:pk>/vote/", views.idea_vote_view, name="idea_vote"),
    path("ideas/<int:pk>/comment/", views.idea_comment_view, name="idea_comment"),
    path("ideas/<int:pk>/accept/", views.idea_accept_view, name="idea_accept"),
    path("ideas/<int:pk>/decline/", views.idea_decline_view, name="idea_decline"),
    path("calls/new/", views.call_create_view, name="call_create"),
    path("calls/<int:pk>/", views.call_detail_view, name="call"),
    path("calls/<int:pk>/ideas/new/", views.call_idea_create_view, name="call_idea_create"),
    path("calls/<int:pk>/close/", views.call_close_view, name="call_close"),
    path("reviews/", review_views.review_list_view, name="reviews"),
    path("reviews/schedule/", review_views.schedule_view, name="schedule"),
    path("reviews/<int:pk>/", review_views.review_detail_view, name="review"),
    path("reviews/<int:pk>/open/", review_views.review_open_view, name="review_open"),
    path("reviews/<int:pk>/refresh/", review_views.review_refresh_view, name="review_refresh"),
    path("reviews/<int:pk>/close/", review_views.review_close_view, name="review_close"),
    path("reviews/<int:pk>/meeting/", review_views.review_meeting_view, name="review_meeting"),
    path("reviews/<int:pk>/decisions/", review_views.review_decision_view, name="review_decision"),
    path("reviews/<int:pk>/recognition/", review_views.review_recognition_view, name="review_recognition"),
    path("reviews/<int:pk>/pdf/", review_views.review_pdf_view, name="review_pdf"),
]
