"""Login, MFA enrolment, language, idle sessions, closed sign-up, users and grants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from saathi.accounts import services
from saathi.accounts.models import ApiToken, RoleGrant, User
from saathi.core import policy
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


# ------------------------------------------------------------------ login
def test_login_with_username_and_password(client, world):
    user = world.user("a", Role.FACILITATOR)
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_does_not_log_in(client, world):
    user = world.user("a", Role.FACILITATOR)
    r = client.post("/accounts/login/", {"login": user.username, "password": "nope-nope-nope"})
    assert r.status_code == 200
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, world):
    user = world.user("a", Role.FACILITATOR)
    User.objects.filter(pk=user.pk).update(is_active=False)
    client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_rate_limited(client, world):
    user = world.user("a", Role.FACILITATOR)
    bodies = [
        client.post(
            "/accounts/login/", {"login": user.username, "password": f"bad-{i}"}
        ).content.decode()
        for i in range(6)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # even the right password is refused while the limit holds
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in r.content.decode()


PROXY = "10.0.0.2"  # the nginx in front of Saathi


def _login(client, username, password, client_address, via_proxy=True):
    meta = (
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}
        if via_proxy
        else {"REMOTE_ADDR": client_address}
    )
    client.cookies.clear()
    client.post("/accounts/login/", {"login": username, "password": password}, **meta)
    return "_auth_user_id" in client.session


def test_one_users_failures_do_not_lock_out_others_behind_the_proxy(client, world, settings):
    """Five wrong passwords for one user refused everyone's logins behind nginx."""
    settings.SAATHI_TRUSTED_PROXIES = 1
    fac = world.user("a", Role.FACILITATOR)
    admin = world.user("a", Role.ORG_ADMIN)
    for i in range(6):
        assert not _login(client, fac.username, f"bad-{i}", "203.0.113.5")
    # another user, another phone: logs in
    assert _login(client, admin.username, PASSWORD, "198.51.100.7")
    # the locked user stays locked from any address (counted per user name)
    assert not _login(client, fac.username, PASSWORD, "198.51.100.8")


def test_failures_count_per_address_even_without_a_trusted_proxy(client, world):
    """Without the proxy setting every client has the proxy's address: the per-address
    limit is higher than the per-user one, so one user's typos lock out no one else."""
    fac = world.user("a", Role.FACILITATOR)
    admin = world.user("a", Role.ORG_ADMIN)
    for i in range(6):
        assert not _login(client, fac.username, f"bad-{i}", PROXY, via_proxy=False)
    assert _login(client, admin.username, PASSWORD, PROXY, via_proxy=False)


def test_the_address_limit_holds_behind_the_proxy(client, world, settings):
    settings.SAATHI_TRUSTED_PROXIES = 1
    users = [world.user("a", role) for role in (Role.FACILITATOR, Role.VOLUNTEER)]
    for i in range(20):  # one address guessing passwords of several users
        _login(client, users[i % 2].username, f"bad-{i}", "203.0.113.9")
    admin = world.user("a", Role.ORG_ADMIN)
    assert not _login(client, admin.username, PASSWORD, "203.0.113.9")
    assert _login(client, admin.username, PASSWORD, "198.51.100.7")


def test_a_forwarded_header_is_ignored_unless_a_proxy_is_trusted(client, world):
    users = [world.user("a", role) for role in (Role.FACILITATOR, Role.VOLUNTEER)]
    for i in range(20):  # a new made-up X-Forwarded-For on every try changes nothing
        client.cookies.clear()
        client.post(
            "/accounts/login/",
            {"login": users[i % 2].username, "password": f"bad-{i}"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    admin = world.user("a", Role.ORG_ADMIN)
    assert not _login(client, admin.username, PASSWORD, "203.0.113.9", via_proxy=False)


def test_only_the_address_the_trusted_proxy_wrote_counts(client, world, settings):
    """A client writing its own X-Forwarded-For cannot choose its address: the proxy
    appends the real one, and only the last (trusted) entry is read."""
    settings.SAATHI_TRUSTED_PROXIES = 1
    users = [world.user("a", role) for role in (Role.FACILITATOR, Role.VOLUNTEER)]
    for i in range(20):
        _login(client, users[i % 2].username, f"bad-{i}", f"192.0.2.{i}, 203.0.113.9")
    admin = world.user("a", Role.ORG_ADMIN)
    assert not _login(client, admin.username, PASSWORD, "203.0.113.9")


def test_login_limits_live_in_the_shared_database_cache(client, world):
    """With three gunicorn workers and a per-process cache, 14 of 20 tries were checked:
    the attempts are written where every worker reads them."""
    from django.core.cache import caches
    from django.db import connection

    assert caches["default"].__class__.__name__ == "DatabaseCache"
    user = world.user("a", Role.FACILITATOR)
    _login(client, user.username, "bad-password", "203.0.113.5", via_proxy=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM saathi_cache")
        assert cursor.fetchone()[0] > 0


def test_pages_need_login(client, world):
    r = client.get(reverse("people:member_list"))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_signup_is_closed(client, world):
    before = User.objects.count()
    r = client.get("/accounts/signup/")
    assert r.status_code == 200
    assert 'name="password1"' not in r.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert User.objects.count() == before
    assert not User.objects.filter(username="intruder").exists()


# ------------------------------------------------------------------ MFA
@pytest.mark.parametrize(
    "role,must",
    [
        (Role.ORG_ADMIN, True),
        (Role.SOCIAL_WORKER, True),
        (Role.LEGAL_ADVOCATE, True),
        (Role.FACILITATOR, False),
        (Role.COLLECTIVE_LEADER, False),
        (Role.VOLUNTEER, False),
        (Role.VIEWER, False),
    ],
)
def test_mfa_enrolment_required_for_sensitive_roles(client, world, settings, role, must):
    settings.SAATHI_MFA_REQUIRED = True
    client.force_login(world.user("a", role))
    r = client.get(reverse("home"))
    if must:
        assert r.status_code == 302
        assert r["Location"] == reverse("mfa_activate_totp")
        # the activation page itself stays reachable (allauth first asks for the password)
        r = client.get(reverse("mfa_activate_totp"))
        assert r.status_code == 200 or r["Location"].startswith("/accounts/reauthenticate/")
        r = client.get(reverse("people:member_list"))
        assert r["Location"] == reverse("mfa_activate_totp")
    else:
        assert r.status_code == 200


def test_mfa_not_enforced_when_switched_off(client, world, settings):
    settings.SAATHI_MFA_REQUIRED = False
    client.force_login(world.user("a", Role.ORG_ADMIN))
    assert client.get(reverse("home")).status_code == 200


def test_admin_with_totp_is_let_through(client, world, settings):
    settings.SAATHI_MFA_REQUIRED = True
    admin = world.user("a", Role.ORG_ADMIN)
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(admin)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("people:member_list")).status_code == 200


def test_api_session_needs_mfa_enrolment_too(client, world, settings):
    """The API must not be a way round the enrolment requirement."""
    settings.SAATHI_MFA_REQUIRED = True
    client.force_login(world.user("a", Role.ORG_ADMIN))
    r = client.get("/api/members")
    assert r.status_code == 403
    assert "Lakshmi" not in r.content.decode()
    client.force_login(world.user("a", Role.FACILITATOR))
    assert client.get("/api/members").status_code == 200


def test_api_token_of_an_unenrolled_admin_is_refused(client, world, settings):
    settings.SAATHI_MFA_REQUIRED = True
    admin = world.user("a", Role.ORG_ADMIN)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=admin, name="t", key_hash=ApiToken.hash_key(key), prefix="x")
    r = client.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code in (401, 403)
    assert "Lakshmi" not in r.content.decode()


# ------------------------------------------------------------------ language
def test_language_switch_is_stored_on_the_user(client, world):
    user = world.user("a", Role.FACILITATOR)
    client.force_login(user)
    r = client.post(
        reverse("accounts:set_language"), {"language": "bn", "next": "/registry/members/"}
    )
    assert r.status_code == 302 and r["Location"] == "/registry/members/"
    user.refresh_from_db()
    assert user.language == "bn"
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="bn">' in body
    # it follows the user to another phone (a new session, no language cookie)
    from django.test import Client

    other = Client()
    other.force_login(user)
    assert '<html lang="bn">' in other.get(reverse("home")).content.decode()


def test_language_switch_refuses_unknown_language_and_foreign_redirect(client, world):
    user = world.user("a", Role.FACILITATOR)
    client.force_login(user)
    r = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert r["Location"] == "/"
    user.refresh_from_db()
    assert user.language == "en"


def test_anonymous_language_switch_uses_a_cookie(client):
    r = client.post(
        reverse("accounts:set_language"), {"language": "te", "next": "/accounts/login/"}
    )
    assert r.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "te"
    assert '<html lang="te">' in client.get("/accounts/login/").content.decode()


def test_the_language_chosen_on_the_login_page_wins_and_is_saved(client, world):
    """A leader chose తెలుగు on the login page: she must not land in her stored Bengali."""
    user = world.user("a", Role.COLLECTIVE_LEADER)
    services.user_set_language(user=user, language="bn")
    client.post(reverse("accounts:set_language"), {"language": "te", "next": "/accounts/login/"})
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.language == "te"
    assert '<html lang="te">' in client.get(reverse("home")).content.decode()
    # without a choice on the login page, her stored language is used
    client.post(reverse("account_logout"))
    other = type(client)()
    other.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    other.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    user.refresh_from_db()
    assert user.language == "te"
    assert '<html lang="te">' in other.get(reverse("home")).content.decode()


# ------------------------------------------------------------------ idle sessions
def test_idle_session_settings():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert "saathi.accounts.middleware.SessionTouchMiddleware" in django_settings.MIDDLEWARE
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.ACCOUNT_SESSION_REMEMBER is False


def test_each_request_extends_the_session_and_idle_sessions_end(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=25)  # pushed 30 minutes ahead
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get(reverse("home"))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_the_session_is_written_at_most_once_a_minute(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.user("a", Role.FACILITATOR))
    client.get(reverse("home"))  # first request moves the expiry
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    assert not [q for q in ctx.captured_queries if 'UPDATE "django_session"' in q["sql"]]


# ------------------------------------------------------------------ users and grants
def test_admin_creates_user_grants_and_revokes_a_role(world):
    admin = world.user("a", Role.ORG_ADMIN)
    user = services.user_create(
        organisation=world.orgs["a"],
        username="new_volunteer",
        first_name="Mita",
        last_name="",
        password="a-good-long-passphrase",
        language="bn",
        actor=admin,
    )
    assert user.check_password("a-good-long-passphrase")
    grant = services.grant_role(
        user=user,
        role=Role.COLLECTIVE_LEADER,
        organisation=world.orgs["a"],
        collective=world.collectives["a2"],
        actor=admin,
    )
    assert policy.has_cap_for(
        user, "edit_members", world.orgs["a"].pk, [world.collectives["a2"].pk]
    )
    assert AuditEvent.objects.filter(action="grant", detail__role=Role.COLLECTIVE_LEADER).exists()
    with pytest.raises(ValidationError):
        services.grant_role(
            user=user,
            role=Role.COLLECTIVE_LEADER,
            organisation=world.orgs["a"],
            collective=world.collectives["a2"],
            actor=admin,
        )
    services.revoke_role(grant=grant, actor=admin)
    policy.clear_cache(user)
    assert not policy.has_cap(user, "edit_members")
    assert RoleGrant.objects.filter(pk=grant.pk, revoked_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="revoke").exists()


def test_user_create_checks_password_and_username(world):
    admin = world.user("a", Role.ORG_ADMIN)
    kwargs = dict(
        organisation=world.orgs["a"], first_name="", last_name="", language="en", actor=admin
    )
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="x1", password="short", **kwargs)
    assert "password" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="A_FACILITATOR", password="a-good-long-passphrase", **kwargs)
    assert "username" in exc.value.message_dict


def test_only_admins_of_the_org_manage_users(world):
    for actor in (world.user("a", Role.FACILITATOR), world.user("b", Role.ORG_ADMIN)):
        with pytest.raises(PermissionDenied):
            services.user_create(
                organisation=world.orgs["a"],
                username="sneaky",
                first_name="",
                last_name="",
                password="a-good-long-passphrase",
                language="en",
                actor=actor,
            )
    with pytest.raises(ValidationError):
        services.grant_role(
            user=world.user("b", Role.VOLUNTEER),
            role=Role.ORG_ADMIN,
            organisation=world.orgs["a"],
            actor=world.user("a", Role.ORG_ADMIN),
        )


def test_admin_cannot_deactivate_herself(world):
    admin = world.user("a", Role.ORG_ADMIN)
    with pytest.raises(ValidationError):
        services.user_set_active(user=admin, active=False, actor=admin)
    other = world.user("a", Role.VOLUNTEER)
    services.user_set_active(user=other, active=False, actor=admin)
    other.refresh_from_db()
    assert not other.is_active


def test_api_token_stored_as_hash_and_revocable(client, world):
    fac = world.user("a", Role.FACILITATOR)
    token, key = services.api_token_create(user=fac, name="ODK bridge")
    assert key.startswith("sa_") and key not in token.key_hash
    assert token.key_hash == ApiToken.hash_key(key)
    assert client.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    services.api_token_revoke(token=token, actor=fac)
    assert client.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    with pytest.raises(PermissionDenied):
        services.api_token_create(user=world.user("a", Role.VOLUNTEER), name="x")
