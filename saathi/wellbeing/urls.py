from django.urls import path

from . import views

app_name = "wellbeing"
urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("members/<uuid:uuid>/", views.member_page, name="member"),
    path(
        "collectives/<uuid:uuid>/group-session/", views.group_session_add, name="group_session_add"
    ),
    path("members/<uuid:uuid>/hiv/", views.hiv_status, name="hiv_status"),
    path("members/<uuid:uuid>/sessions/new/", views.session_add, name="session_add"),
    path(
        "members/<uuid:uuid>/screenings/<str:instrument>/new/",
        views.screening_add,
        name="screening_add",
    ),
    path("members/<uuid:uuid>/referrals/new/", views.referral_add, name="referral_add"),
    path("members/<uuid:uuid>/incidents/new/", views.incident_add, name="incident_add"),
    path("members/<uuid:uuid>/health/new/", views.health_add, name="health_add"),
    path("sessions/<uuid:uuid>/", views.session_detail, name="session_detail"),
    path("screenings/<uuid:uuid>/", views.screening_detail, name="screening_detail"),
    path("safety/<uuid:uuid>/", views.safety_step, name="safety_step"),
    path("safety/<uuid:uuid>/follow-up/", views.safety_follow_up, name="safety_follow_up"),
    path("referrals/<uuid:uuid>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:uuid>/move/", views.referral_move, name="referral_move"),
    path("incidents/<uuid:uuid>/", views.incident_detail, name="incident_detail"),
    path("incidents/<uuid:uuid>/edit/", views.incident_edit, name="incident_edit"),
]
