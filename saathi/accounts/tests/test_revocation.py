"""Ending access: a password reset or a deactivation ends her sessions and API tokens;
admins see and revoke every token of their organisation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from saathi.accounts import services
from saathi.accounts.models import ApiToken, User
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-new-long-passphrase-42"


def _token(user):
    _token, key = services.api_token_create(user=user, name="phone")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _signed_in(user):
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


def _still_signed_in(client):
    r = client.get(reverse("home"))
    return r.status_code == 200


def test_a_password_reset_ends_her_tokens_and_sessions(world):
    fac = world.user("a", Role.FACILITATOR)
    admin = world.user("a", Role.ORG_ADMIN)
    auth = _token(fac)
    browser = _signed_in(fac)
    assert Client().get("/api/members", **auth).status_code == 200
    services.user_set_password(user=fac, password=NEW_PASSWORD, actor=admin)
    assert Client().get("/api/members", **auth).status_code == 401
    assert not _still_signed_in(browser)
    assert not ApiToken.objects.filter(user=fac, revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.API_TOKEN, actor_id=admin.pk, detail__event="revoked"
    ).exists()


def test_reactivating_a_user_does_not_revive_her_old_session_or_tokens(world):
    fac = world.user("a", Role.FACILITATOR)
    admin = world.user("a", Role.ORG_ADMIN)
    auth = _token(fac)
    browser = _signed_in(fac)
    services.user_set_active(user=fac, active=False, actor=admin)
    fac = User.objects.get(pk=fac.pk)
    services.user_set_active(user=fac, active=True, actor=admin)
    assert not _still_signed_in(browser)
    assert Client().get("/api/members", **auth).status_code == 401
    # she signs in again like anyone else
    assert _still_signed_in(_signed_in(User.objects.get(pk=fac.pk)))


def test_other_sessions_survive_a_colleagues_reset(world):
    fac = world.user("a", Role.FACILITATOR)
    admin = world.user("a", Role.ORG_ADMIN)
    colleague = _signed_in(world.user("a", Role.SOCIAL_WORKER))
    services.user_set_password(user=fac, password=NEW_PASSWORD, actor=admin)
    assert _still_signed_in(colleague)


def test_an_admin_sees_and_revokes_her_organisations_tokens(world):
    fac = world.user("a", Role.FACILITATOR)
    auth = _token(fac)
    token = ApiToken.objects.get(user=fac)
    admin = _signed_in(world.user("a", Role.ORG_ADMIN))
    page = admin.get(reverse("accounts:api_tokens")).content.decode()
    assert token.prefix in page
    r = admin.post(reverse("accounts:api_token_revoke", args=[token.uuid]))
    assert r.status_code == 302
    assert Client().get("/api/members", **auth).status_code == 401


def test_an_admin_cannot_revoke_another_organisations_tokens(world):
    outsider = world.user("b", Role.FACILITATOR)
    _token(outsider)
    token = ApiToken.objects.get(user=outsider)
    admin = _signed_in(world.user("a", Role.ORG_ADMIN))
    assert token.prefix not in admin.get(reverse("accounts:api_tokens")).content.decode()
    r = admin.post(reverse("accounts:api_token_revoke", args=[token.uuid]))
    assert r.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_facilitator_cannot_revoke_a_colleagues_token(world):
    sw = world.user("a", Role.SOCIAL_WORKER)
    _token(sw)
    token = ApiToken.objects.get(user=sw)
    fac = _signed_in(world.user("a", Role.FACILITATOR))
    assert token.prefix not in fac.get(reverse("accounts:api_tokens")).content.decode()
    assert fac.post(reverse("accounts:api_token_revoke", args=[token.uuid])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
