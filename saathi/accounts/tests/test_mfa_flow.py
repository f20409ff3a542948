"""TOTP enrolment end to end, as required in production for admins: set up, log in with a code."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from saathi.core import crypto
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD


def _code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
def test_admin_enrols_totp_then_needs_a_code_to_log_in(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.SAATHI_MFA_REQUIRED = True
    admin = world.user("a", Role.ORG_ADMIN)
    r = client.post(reverse("account_login"), {"login": admin.username, "password": PASSWORD})
    assert r.status_code == 302
    r = client.get(reverse("home"))
    assert r.status_code == 302 and r["Location"] == reverse("mfa_activate_totp")
    r = client.get(reverse("mfa_activate_totp"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("account_reauthenticate"))
    r = client.post(r["Location"], {"password": PASSWORD})  # allauth asks for the password again
    assert r.status_code == 302
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', page)
    assert secret, page
    secret = secret.group(1)
    r = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert r.status_code == 200  # wrong code: the form again
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert r.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    from saathi.core.models import AuditEvent

    assert AuditEvent.objects.filter(actor_id=admin.pk, fields="mfa").exists()

    # stored encrypted under Saathi's key, never in the clear
    totp = Authenticator.objects.get(user=admin, type=Authenticator.Type.TOTP)
    assert totp.data["secret"].startswith("v1:")
    with connection.cursor() as c:
        c.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [totp.pk])
        assert secret not in str(c.fetchone()[0])
    assert crypto.decrypt_text(totp.data["secret"]) == secret

    client.post(reverse("account_logout"))
    r = client.post(reverse("account_login"), {"login": admin.username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not logged in yet
    r = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert r.status_code == 302
    # the code just used is refused a second time, but she is in
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_totp_secrets(world, settings):
    import base64
    import os

    from allauth.mfa.totp.internal.auth import TOTP

    admin = world.user("a", Role.ORG_ADMIN)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    old = settings.SAATHI_ENCRYPTION_KEYS
    settings.SAATHI_ENCRYPTION_KEYS = "k9:" + base64.b64encode(os.urandom(32)).decode() + "," + old
    call_command("rotate_keys")
    data = Authenticator.objects.get(user=admin).data
    assert crypto.token_key_id(data["secret"]) == "k9"
    assert crypto.decrypt_text(data["secret"]) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
