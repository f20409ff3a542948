from django.urls import path

from . import views

app_name = "rights"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("member/<uuid:uuid>/new/", views.request_create, name="request_create"),
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/new/", views.breach_create, name="breach_create"),
    path("breaches/<uuid:uuid>/", views.breach_detail, name="breach_detail"),
    path("breaches/<uuid:uuid>/notify/", views.breach_notify, name="breach_notify"),
    path("breaches/<uuid:uuid>/report.pdf", views.breach_report, name="breach_report"),
    path("processors/", views.processor_list, name="processor_list"),
    path("processors/new/", views.processor_create, name="processor_create"),
    path("processors/<uuid:uuid>/", views.processor_edit, name="processor_edit"),
    path("notice/", views.notice_publish, name="notice_publish"),
    path("<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("<uuid:uuid>/decide/", views.request_decide, name="request_decide"),
    path("<uuid:uuid>/approve-erasure/", views.erasure_approve, name="erasure_approve"),
    path("<uuid:uuid>/export/", views.access_export, name="access_export"),
]
