from django.urls import path

from . import views

app_name = "relief"

urlpatterns = [
    path("", views.index, name="index"),
    path("figures/", views.figures, name="figures"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<uuid:uuid>/", views.programme_detail, name="programme_detail"),
    path("programmes/<uuid:uuid>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<uuid:uuid>/items/new/", views.item_add, name="item_add"),
    path("programmes/<uuid:uuid>/report/", views.programme_report, name="programme_report"),
    path(
        "programmes/<uuid:uuid>/distribute/",
        views.distribution_record,
        name="distribution_record",
    ),
    path(
        "programmes/<uuid:uuid>/distributions/",
        views.distribution_list,
        name="distribution_list",
    ),
    path("programmes/<uuid:uuid>/import/", views.distribution_import, name="distribution_import"),
    path("programmes/<uuid:uuid>/lists/new/", views.list_create, name="list_create"),
    path("codes/<uuid:uuid>/", views.otp_verify, name="otp_verify"),
    path("distributions/<uuid:uuid>/photo/", views.distribution_ack, name="distribution_ack"),
    path(
        "distributions/<uuid:uuid>/cancel/", views.distribution_cancel, name="distribution_cancel"
    ),
    path("lists/<uuid:uuid>/", views.list_detail, name="list_detail"),
    path("lists/<uuid:uuid>/export/", views.list_export, name="list_export"),
]
