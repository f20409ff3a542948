from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.index, name="index"),
    path("lists/import/", views.list_import, name="list_import"),
    path("lists/<uuid:uuid>/", views.list_detail, name="list_detail"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<uuid:uuid>/", views.run_detail, name="run_detail"),
    path("runs/<uuid:uuid>/review/", views.run_review, name="run_review"),
    path("runs/<uuid:uuid>/clean-list/", views.run_export, name="run_export"),
    path("pairs/<uuid:uuid>/", views.pair_detail, name="pair_detail"),
    path("people/<uuid:uuid>/", views.beneficiary_detail, name="beneficiary_detail"),
    path("registration-check/", views.registration_check, name="registration_check"),
]
