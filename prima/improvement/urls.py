from django.urls import path

from prima.improvement.views import actions, changes, objectives, proposals

app_name = "improvement"
urlpatterns = [
    path("", objectives.home_view, name="home"),
    path("objectives/new/", objectives.objective_create_view, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_detail_view, name="objective"),
    path("objectives/<int:pk>/edit/", objectives.objective_edit_view, name="objective_edit"),
    path("objectives/<int:pk>/close/", objectives.objective_close_view, name="objective_close"),
    path("objectives/<int:pk>/targets/", objectives.target_add_view, name="target_add"),
    path("targets/<int:pk>/edit/", objectives.target_edit_view, name="target_edit"),
    path("targets/<int:pk>/cascade/", objectives.target_cascade_view, name="target_cascade"),
    path("targets/<int:pk>/remove/", objectives.target_remove_view, name="target_remove"),
    path("changes/", changes.change_list_view, name="changes"),
    path("changes/new/", changes.change_create_view, name="change_create"),
    path("changes/<int:pk>/", changes.change_detail_view, name="change"),
    path("changes/<int:pk>/edit/", changes.change_edit_view, name="change_edit"),
    path("changes/<int:pk>/status/", changes.change_status_view, name="change_status"),
    path("actions/", actions.action_list_view, name="actions"),
    path("actions/mine/", actions.my_actions_view, name="my_actions"),
    path("actions/new/", actions.action_create_view, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail_view, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit_view, name="action_edit"),
    path("actions/<int:pk>/progress/", actions.action_progress_view, name="action_progress"),
    path("actions/<int:pk>/verify/", actions.action_verify_view, name="action_verify"),
    path("actions/<int:pk>/cancel/", actions.action_cancel_view, name="action_cancel"),
    path("people/<int:pk>/", actions.scorecard_view, name="scorecard"),
    path("proposals/", proposals.proposal_list_view, name="proposals"),
    path("proposals/new/", proposals.proposal_create_view, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail_view, name="proposal"),
    path("proposals/<int:pk>/accept/", proposals.proposal_accept_view, name="proposal_accept"),
    path("proposals/<int:pk>/dismiss/", proposals.proposal_dismiss_view, name="proposal_dismiss"),
]
