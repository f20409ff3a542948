from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<uuid:uuid>/", views.job_detail, name="job_detail"),
    path("<uuid:uuid>/download", views.job_file, name="job_download"),
]
