from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_register, name="member_register"),
    path("members/<uuid:uuid>/", views.member_detail, name="member_detail"),
    path("members/<uuid:uuid>/edit/", views.member_edit, name="member_edit"),
    path("members/<uuid:uuid>/archive/", views.member_archive, name="member_archive"),
    path("members/<uuid:uuid>/names/new/", views.member_add_name, name="member_add_name"),
    path("members/<uuid:uuid>/phones/new/", views.member_add_phone, name="member_add_phone"),
    path(
        "members/<uuid:uuid>/collectives/new/",
        views.member_add_membership,
        name="member_add_membership",
    ),
    path(
        "members/<uuid:uuid>/collectives/<int:membership_id>/end/",
        views.member_end_membership,
        name="member_end_membership",
    ),
    path("members/<uuid:uuid>/household/", views.member_household, name="member_household"),
    path("members/<uuid:uuid>/documents/new/", views.document_add, name="document_add"),
    path("members/<uuid:uuid>/consent/", views.member_consent, name="member_consent"),
    path(
        "members/<uuid:uuid>/consent/<uuid:consent_uuid>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("members/<uuid:uuid>/access-log/", views.member_access_log, name="member_access_log"),
    path("collectives/", views.collective_list, name="collective_list"),
    path("collectives/new/", views.collective_create, name="collective_create"),
    path("collectives/<uuid:uuid>/edit/", views.collective_edit, name="collective_edit"),
    path("organisations/<uuid:uuid>/edit/", views.organisation_edit, name="organisation_edit"),
    path("documents/<uuid:doc_uuid>/edit/", views.document_edit, name="document_edit"),
    path("documents/<uuid:doc_uuid>/scan/", views.document_scan, name="document_scan"),
]
