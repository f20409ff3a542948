from django.urls import path

from saathi.core.agenda import views as agenda_views

from . import views

app_name = "entitlements"
urlpatterns = [
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<uuid:uuid>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<uuid:uuid>/edit/", views.scheme_edit, name="scheme_edit"),
    path("members/<uuid:uuid>/", views.member_entitlements, name="member"),
    path("members/<uuid:uuid>/apply/", views.application_start, name="application_start"),
    path(
        "members/<uuid:uuid>/correspondence/new/",
        views.member_correspondence,
        name="member_correspondence",
    ),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path("applications/<uuid:uuid>/status/", views.application_move, name="application_move"),
    path("applications/<uuid:uuid>/edit/", views.application_edit, name="application_edit"),
    path(
        "applications/<uuid:uuid>/correspondence/new/",
        views.application_correspondence,
        name="application_correspondence",
    ),
    path("applications/<uuid:uuid>/letter/", views.application_letter, name="application_letter"),
    path(
        "correspondence/<uuid:uuid>/attachment/",
        views.correspondence_attachment,
        name="correspondence_attachment",
    ),
    path("letters/", views.letter_templates, name="letter_templates"),
    path("letters/edit/", views.letter_template_edit, name="letter_template_edit"),
    path("drives/", views.drive_list, name="drive_list"),
    path("drives/new/", views.drive_create, name="drive_create"),
    path("drives/<uuid:uuid>/", views.drive_detail, name="drive_detail"),
    path("agenda/", views.agenda, name="agenda"),
    path("calendar/", views.calendar_link, name="calendar_link"),
    path("calendar.ics", agenda_views.calendar_feed, name="calendar_feed"),
]
