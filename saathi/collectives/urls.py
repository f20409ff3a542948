from django.urls import path

from . import views

app_name = "collectives"
urlpatterns = [
    path("duty-bearers/", views.duty_bearer_list, name="duty_bearer_list"),
    path("duty-bearers/new/", views.duty_bearer_create, name="duty_bearer_create"),
    path("duty-bearers/<uuid:uuid>/", views.duty_bearer_detail, name="duty_bearer_detail"),
    path("duty-bearers/<uuid:uuid>/edit/", views.duty_bearer_edit, name="duty_bearer_edit"),
]
