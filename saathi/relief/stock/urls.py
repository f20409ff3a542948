from django.urls import path

from . import views

app_name = "stock"

urlpatterns = [
    path("", views.index, name="index"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<uuid:uuid>/", views.place_detail, name="place_detail"),
    path("items/new/", views.item_create, name="item_create"),
    path("receive/", views.receive, name="receive"),
    path("give/", views.give, name="give"),
    path("move/", views.move, name="move"),
    path("count/", views.count, name="count"),
    path("relief-items/<uuid:uuid>/source/", views.source_edit, name="source_edit"),
]
