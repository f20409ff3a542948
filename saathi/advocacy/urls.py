from django.urls import path

from . import views

app_name = "advocacy"
urlpatterns = [
    path("", views.index, name="index"),
    # media contacts
    path("media/outlets/", views.outlet_list, name="outlet_list"),
    path("media/outlets/new/", views.outlet_create, name="outlet_create"),
    path("media/outlets/<uuid:uuid>/", views.outlet_detail, name="outlet_detail"),
    path("media/outlets/<uuid:uuid>/edit/", views.outlet_edit, name="outlet_edit"),
    path("media/journalists/", views.journalist_list, name="journalist_list"),
    path("media/journalists/new/", views.journalist_create, name="journalist_create"),
    path("media/journalists/<uuid:uuid>/", views.journalist_detail, name="journalist_detail"),
    path("media/journalists/<uuid:uuid>/edit/", views.journalist_edit, name="journalist_edit"),
    path("media/journalists/<uuid:uuid>/treatment/", views.treatment_add, name="treatment_add"),
    # campaigns and their timelines
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<uuid:uuid>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:uuid>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:uuid>/print/", views.campaign_print, name="campaign_print"),
    # media engagements
    path("engagements/", views.engagement_list, name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<uuid:uuid>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<uuid:uuid>/edit/", views.engagement_edit, name="engagement_edit"),
    path(
        "engagements/<uuid:uuid>/participants/new/",
        views.participant_add,
        name="participant_add",
    ),
    path("engagements/<uuid:uuid>/publish/", views.engagement_publish, name="engagement_publish"),
    path("engagements/<uuid:uuid>/move/", views.engagement_move, name="engagement_move"),
    path("engagements/<uuid:uuid>/scan/", views.engagement_scan, name="engagement_scan"),
    path("participants/<uuid:uuid>/consent/", views.consent_record, name="consent_record"),
    path("participants/<uuid:uuid>/review/", views.review_record, name="review_record"),
    path("participants/<uuid:uuid>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    # advocacy actions
    path("actions/", views.action_list, name="action_list"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<uuid:uuid>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:uuid>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:uuid>/response/", views.action_response, name="action_response"),
    path("actions/<uuid:uuid>/documents/new/", views.document_add, name="document_add"),
    path("actions/<uuid:uuid>/documents/<uuid:doc>/", views.document_file, name="document_file"),
    path("actions/<uuid:uuid>/follow-ups/new/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<uuid:uuid>/done/", views.follow_up_done, name="follow_up_done"),
    # outcomes
    path("outcomes/", views.outcome_list, name="outcome_list"),
    path("outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/<uuid:uuid>/", views.outcome_detail, name="outcome_detail"),
    path("outcomes/<uuid:uuid>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<uuid:uuid>/verify/", views.outcome_verify, name="outcome_verify"),
    path("outcomes/<uuid:uuid>/evidence/", views.outcome_evidence, name="outcome_evidence"),
]
