from django.urls import path

from . import openrosa_views, views

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
    # OpenRosa (ODK Collect, KoboCollect, Enketo): server address …/surveys/openrosa
    path("openrosa", openrosa_views.openrosa_root, name="openrosa_root"),
    path("openrosa/formList", openrosa_views.form_list, name="openrosa_form_list"),
    path("openrosa/forms/<uuid:uuid>/form.xml", openrosa_views.form_download, name="openrosa_form"),
    path(
        "openrosa/forms/<uuid:uuid>/manifest",
        openrosa_views.form_manifest,
        name="openrosa_manifest",
    ),
    path(
        "openrosa/forms/<uuid:uuid>/media/<uuid:media>",
        openrosa_views.media_download,
        name="openrosa_media",
    ),
    path(
        "openrosa/forms/<uuid:uuid>/files/<str:name>",
        openrosa_views.generated_file,
        name="openrosa_file",
    ),
    path("openrosa/submission", openrosa_views.submission, name="openrosa_submission"),
    path("phones/", openrosa_views.device_list, name="device_list"),
    path("phones/<uuid:uuid>/revoke/", openrosa_views.device_revoke, name="device_revoke"),
    path("<uuid:uuid>/media/", openrosa_views.survey_media, name="survey_media"),
    path("<uuid:uuid>/held/", openrosa_views.held_list, name="held_list"),
    path("held/<uuid:uuid>/set-aside/", openrosa_views.held_resolve, name="held_resolve"),
    # the review queue of every form (ADR 0040): apply after fixing, or reject with a reason
    path("review/", openrosa_views.review_queue, name="review_queue"),
    path("held/<uuid:uuid>/", openrosa_views.held_detail, name="held_detail"),
    path("held/<uuid:uuid>/reject/", openrosa_views.held_reject, name="held_reject"),
]
