from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("upload/", views.survey_upload, name="survey_upload"),
    path("template.xlsx", views.xlsform_template, name="xlsform_template"),
    path("<uuid:uuid>/", views.survey_detail, name="survey_detail"),
    path("<uuid:uuid>/fill/", views.response_new, name="response_new"),
    path("<uuid:uuid>/responses/", views.response_list, name="response_list"),
    path("<uuid:uuid>/import/", views.responses_import, name="responses_import"),
    path("<uuid:uuid>/figures/", views.survey_figures, name="survey_figures"),
    path("responses/<uuid:uuid>/", views.response_detail, name="response_detail"),
]
