from django.urls import path

from . import views

app_name = "livelihoods"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
    path("supports/", views.support_list, name="support_list"),
    path("supports/<uuid:uuid>/", views.support_detail, name="support_detail"),
    path("supports/<uuid:uuid>/repayments/new/", views.repayment_add, name="repayment_add"),
    path("follow-ups/<uuid:uuid>/", views.follow_up, name="follow_up"),
    path("members/<uuid:uuid>/", views.member, name="member"),
    path("members/<uuid:uuid>/supports/new/", views.support_create, name="support_create"),
    path("members/<uuid:uuid>/debts/new/", views.debt_add, name="debt_add"),
    path("debts/", views.debt_list, name="debt_list"),
    path("debts/<uuid:uuid>/", views.debt_detail, name="debt_detail"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/new/", views.device_create, name="device_create"),
    path("devices/find/", views.device_find, name="device_find"),
    path("devices/<uuid:uuid>/", views.device_detail, name="device_detail"),
    path("devices/<uuid:uuid>/edit/", views.device_edit, name="device_edit"),
    path("devices/<uuid:uuid>/status/", views.device_status, name="device_status"),
    path("health/", views.drive_list, name="drive_list"),
    path("health/new/", views.drive_create, name="drive_create"),
    path("health/<uuid:uuid>/", views.drive_detail, name="drive_detail"),
    path("health/<uuid:uuid>/mark/", views.drive_mark, name="drive_mark"),
]
