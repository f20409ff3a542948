from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("calendar/", views.calendar_link, name="calendar_link"),
    path("calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("reminders/", views.reminders, name="reminders"),
]
