from allauth.account.signals import user_logged_in as allauth_logged_in
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import translation

from saathi.core import audit


@receiver(allauth_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(audit.Action.LOGIN, actor=user, organisation_id=user.organisation_id)
    if user.language:
        translation.activate(user.language)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Action.LOGOUT, actor=user, organisation_id=user.organisation_id)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username is not stored: it may be a mistyped password.
    audit.record(audit.Action.LOGIN_FAILED, detail={"reason": "bad credentials"})
