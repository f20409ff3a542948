from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<uuid:uuid>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:uuid>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:uuid>/donations/new/", views.donation_add, name="donation_add"),
    path(
        "campaigns/<uuid:uuid>/expenditures/new/",
        views.expenditure_add,
        name="expenditure_add",
    ),
    path("campaigns/<uuid:uuid>/export/", views.ledger_export, name="ledger_export"),
    path("donations/<uuid:uuid>/reverse/", views.donation_reverse, name="donation_reverse"),
    path(
        "expenditures/<uuid:uuid>/reverse/",
        views.expenditure_reverse,
        name="expenditure_reverse",
    ),
    path(
        "expenditures/<uuid:uuid>/receipt/",
        views.expenditure_receipt,
        name="expenditure_receipt",
    ),
]
