from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.matter_list, name="matter_list"),
    path("agenda/", views.agenda, name="agenda"),
    path("members/<uuid:uuid>/", views.member_matters, name="member"),
    path("members/<uuid:uuid>/new/", views.matter_open, name="matter_open"),
    path("matters/<uuid:uuid>/", views.matter_detail, name="matter_detail"),
    path("matters/<uuid:uuid>/edit/", views.matter_edit, name="matter_edit"),
    path("matters/<uuid:uuid>/numbers/new/", views.identifier_add, name="identifier_add"),
    path("matters/<uuid:uuid>/people/new/", views.person_add, name="person_add"),
    path("matters/<uuid:uuid>/hearings/new/", views.hearing_add, name="hearing_add"),
    path("matters/<uuid:uuid>/compensation/new/", views.compensation_add, name="compensation_add"),
    path("matters/<uuid:uuid>/threats/new/", views.threat_add, name="threat_add"),
    path("matters/<uuid:uuid>/protection/new/", views.protection_add, name="protection_add"),
    path("matters/<uuid:uuid>/letter/", views.letter, name="letter"),
    path("matters/<uuid:uuid>/consent/new/", views.consent_add, name="consent_add"),
    path("consent/<uuid:uuid>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("compensation/<uuid:uuid>/edit/", views.compensation_edit, name="compensation_edit"),
    path("compensation/<uuid:uuid>/payments/new/", views.payment_add, name="payment_add"),
    path("protection/<uuid:uuid>/edit/", views.protection_edit, name="protection_edit"),
    path("matters/<uuid:uuid>/status/", views.matter_move, name="matter_move"),
    path("matters/<uuid:uuid>/history/", views.matter_history, name="matter_history"),
    path("matters/<uuid:uuid>/papers/", views.matter_papers, name="matter_papers"),
    path("matters/<uuid:uuid>/documents/new/", views.document_add, name="document_add"),
    path("documents/<uuid:uuid>/", views.document_file, name="document_file"),
    path("matters/<uuid:uuid>/complaints/new/", views.complaint_add, name="complaint_add"),
    path("complaints/<uuid:uuid>/escalate/", views.complaint_escalate, name="complaint_escalate"),
    path("complaints/<uuid:uuid>/response/", views.complaint_answer, name="complaint_answer"),
    path("complaints/<uuid:uuid>/<str:which>/", views.complaint_file, name="complaint_file"),
]
