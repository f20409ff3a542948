from django.urls import path

from . import own_views

app_name = "me"
urlpatterns = [
    path("", own_views.home, name="home"),
    path("sign-in/", own_views.sign_in, name="sign_in"),
    path("code/", own_views.verify, name="verify"),
    path("consents/withdraw/", own_views.consent_withdraw, name="consent_withdraw"),
    path("exit/", own_views.quick_exit, name="quick_exit"),
    path("sign-out/", own_views.sign_out, name="sign_out"),
    path("notice/", own_views.notice, name="notice"),
]
