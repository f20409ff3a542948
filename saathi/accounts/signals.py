from allauth.account.signals import user_logged_in as allauth_logged_in
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import translation

from saathi.core import audit


@receiver(allauth_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(audit.Action.LOGIN, actor=user, organisation_id=user.organisation_id)
    # a language chosen on the login page, before she logged in, wins and is saved
    from .views import LOGIN_LANGUAGE_KEY

    chosen = request.session.pop(LOGIN_LANGUAGE_KEY, "") if request is not None else ""
    if chosen and chosen != user.language:
        from .services import user_set_language

        user_set_language(user=user, language=chosen)
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


def _mfa_changed(event: str):
    def receiver_(sender, request=None, user=None, authenticator=None, **kwargs):
        user = user or getattr(authenticator, "user", None)
        if user is None:
            return
        audit.record(
            audit.Action.CHANGE,
            actor=user,
            obj=user,
            organisation_id=user.organisation_id,
            fields=["mfa"],
            detail={"event": event, "type": getattr(authenticator, "type", "")},
        )

    return receiver_


_mfa_added = _mfa_changed("added")
_mfa_removed = _mfa_changed("removed")
_mfa_reset = _mfa_changed("reset")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="saathi_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="saathi_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="saathi_mfa_reset")
