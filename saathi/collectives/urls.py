from django.urls import path

from . import views

app_name = "collectives"
urlpatterns = [
    path("duty-bearers/", views.duty_bearer_list, name="duty_bearer_list"),
    path("duty-bearers/new/", views.duty_bearer_create, name="duty_bearer_create"),
    path("duty-bearers/<uuid:uuid>/", views.duty_bearer_detail, name="duty_bearer_detail"),
    path("duty-bearers/<uuid:uuid>/edit/", views.duty_bearer_edit, name="duty_bearer_edit"),
]
urlpatterns += [
    path("c/<uuid:uuid>/", views.collective_page, name="collective"),
    path("c/<uuid:uuid>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<uuid:uuid>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:uuid>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:uuid>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<uuid:uuid>/decisions/new/", views.decision_add, name="decision_add"),
    path("sessions/<uuid:uuid>/items/new/", views.action_item_add, name="action_item_add"),
    path("items/<uuid:uuid>/status/", views.action_item_status, name="action_item_status"),
]
urlpatterns += [path("", views.index, name="index")]
urlpatterns += [
    path("claims/", views.claim_list, name="claim_list"),
    path("c/<uuid:uuid>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<uuid:uuid>/", views.claim_detail, name="claim_detail"),
    path("claims/<uuid:uuid>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<uuid:uuid>/move/", views.claim_move, name="claim_move"),
    path("claims/<uuid:uuid>/petition/", views.claim_petition, name="claim_petition"),
    path("claims/<uuid:uuid>/drive/", views.claim_drive, name="claim_drive"),
]
urlpatterns += [
    path("c/<uuid:uuid>/profile/", views.profile_edit, name="profile_edit"),
    path("c/<uuid:uuid>/office-bearers/new/", views.office_bearer_add, name="office_bearer_add"),
    path("office-bearers/<uuid:uuid>/end/", views.office_bearer_end, name="office_bearer_end"),
    path("members/<uuid:uuid>/growth/", views.member_growth, name="member_growth"),
]
urlpatterns += [
    path("trainings/", views.training_list, name="training_list"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<uuid:uuid>/", views.training_detail, name="training_detail"),
    path("trainings/<uuid:uuid>/edit/", views.training_edit, name="training_edit"),
    path(
        "trainings/<uuid:uuid>/sessions/new/",
        views.training_session_add,
        name="training_session_add",
    ),
    path(
        "trainings/<uuid:uuid>/participants/new/",
        views.training_participant_add,
        name="training_participant_add",
    ),
    path(
        "training-sessions/<uuid:uuid>/attendance/",
        views.training_attendance,
        name="training_attendance",
    ),
    path(
        "training-sessions/<uuid:uuid>/edit/",
        views.training_session_edit,
        name="training_session_edit",
    ),
    path(
        "training-sessions/<uuid:uuid>/remove/",
        views.training_session_remove,
        name="training_session_remove",
    ),
    path(
        "training-participants/<uuid:uuid>/remove/",
        views.training_participant_remove,
        name="training_participant_remove",
    ),
]
urlpatterns += [path("figures/", views.figures, name="figures")]
