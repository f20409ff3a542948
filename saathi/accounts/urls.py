from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<uuid:uuid>/", views.user_detail, name="user_detail"),
    path("users/<uuid:uuid>/active/", views.user_toggle_active, name="user_toggle_active"),
    path("users/<uuid:uuid>/password/", views.user_set_password, name="user_set_password"),
    path("grants/<uuid:uuid>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("language/", views.set_language, name="set_language"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<uuid:uuid>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
