from django.urls import path

from . import views

app_name = "rights"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("member/<uuid:uuid>/new/", views.request_create, name="request_create"),
    path("<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("<uuid:uuid>/decide/", views.request_decide, name="request_decide"),
    path("<uuid:uuid>/approve-erasure/", views.erasure_approve, name="erasure_approve"),
    path("<uuid:uuid>/export/", views.access_export, name="access_export"),
]
