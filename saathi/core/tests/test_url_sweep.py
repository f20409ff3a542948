"""The URL sweep: every named route and API operation, every role, two organisations.

Anonymous users are sent to the login page; another organisation's records answer 404;
nothing answers 500. A route that is not listed in EXPECTED fails
``test_every_route_has_expectations`` until its expectations are written here.
"""

from __future__ import annotations

import importlib
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from saathi.accounts.models import ApiToken
from saathi.core.models import Job
from saathi.core.policy import Role
from saathi.core.testing import make_user
from saathi.core.tests.samples import png_bytes
from saathi.people import services as people_services

ROLES = [
    Role.ORG_ADMIN,
    Role.FACILITATOR,
    Role.SOCIAL_WORKER,
    Role.LEGAL_ADVOCATE,
    Role.COLLECTIVE_LEADER,
    Role.VOLUNTEER,
    Role.VIEWER,
]

# Expected status for a GET and a POST (empty body) by each role of the object's own
# organisation, in the order of ROLES: admin, facilitator, social worker, legal advocate,
# leader (of the member's collective), volunteer, viewer. "obj" names the record in the
# URL; for another organisation's record every role gets 404.
EXPECTED: dict[str, dict] = {
    "home": {"obj": None, "get": "200 200 200 200 200 200 200"},
    "people:member_list": {"obj": None, "get": "200 200 200 200 200 200 403"},
    "people:member_register": {
        "obj": None,
        "get": "200 200 200 403 200 200 403",
        "post": "200 200 200 403 200 200 403",
    },
    # POST: the reveal form (confidential details, with a reason)
    "people:member_detail": {
        "obj": "member",
        "get": "200 200 200 200 200 200 404",
        "post": "403 403 200 200 403 403 404",
    },
    "people:member_edit": {
        "obj": "member",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "people:member_archive": {
        "obj": "member",
        "get": "200 200 403 403 403 403 404",
        "post": "200 200 403 403 403 403 404",
    },
    "people:member_add_name": {
        "obj": "member",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "people:member_add_phone": {
        "obj": "member",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "people:member_add_membership": {
        "obj": "member",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "people:member_end_membership": {
        "obj": "membership",
        "get": "405 405 405 405 405 405 405",
        "post": "302 404 404 403 404 404 404",  # the first POST ends it; it is gone after
    },
    "people:member_household": {
        "obj": "member",
        "get": "200 200 200 403 200 200 404",
        "post": "200 200 200 403 200 200 404",
    },
    "people:document_add": {
        "obj": "member",
        "get": "200 200 200 200 403 403 404",
        "post": "200 200 200 200 403 403 404",
    },
    "people:document_edit": {
        "obj": "document",
        "get": "200 200 200 200 404 404 404",
        "post": "200 200 200 200 404 404 404",
    },
    "people:document_scan": {"obj": "document", "get": "200 200 200 200 404 404 404"},
    "people:member_consent": {
        "obj": "member",
        "get": "200 200 200 200 200 200 404",
        "post": "200 200 200 200 200 200 404",
    },
    "people:consent_withdraw": {
        "obj": "consent",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 302 302 302 302 404",
    },
    "people:member_access_log": {"obj": "member", "get": "200 403 403 403 403 403 404"},
    "accounts:user_list": {"obj": None, "get": "200 403 403 403 403 403 403"},
    "accounts:user_create": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "accounts:user_detail": {
        "obj": "user",
        "get": "200 404 404 404 404 404 404",
        "post": "200 404 404 404 404 404 404",
    },
    "accounts:user_toggle_active": {
        "obj": "user",
        "get": "405 405 405 405 405 405 405",
        "post": "302 404 404 404 404 404 404",
    },
    "accounts:user_set_password": {
        "obj": "user",
        "get": "200 404 404 404 404 404 404",
        "post": "200 404 404 404 404 404 404",
    },
    "accounts:grant_revoke": {
        "obj": "grant",
        "get": "405 405 405 405 405 405 405",
        "post": "302 404 404 404 404 404 404",
    },
    "accounts:api_tokens": {
        "obj": None,
        "get": "200 200 200 200 403 403 403",
        "post": "200 200 200 200 403 403 403",
    },
    "accounts:api_token_revoke": {
        "obj": "token",
        "get": "405 405 405 405 405 405 405",
        "post": "302 302 302 302 302 302 302",
    },
    "people:collective_list": {"obj": None, "get": "200 200 200 200 200 200 200"},
    "people:collective_create": {
        "obj": None,
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "people:collective_edit": {
        "obj": "collective",
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "people:organisation_edit": {
        "obj": "organisation",
        "get": "200 403 403 403 403 403 403",
        "post": "200 403 403 403 403 403 403",
    },
    "reports:dashboard": {"obj": None, "get": "200 200 200 200 200 403 200"},
    "core:job_list": {"obj": None, "get": "200 200 200 200 200 200 200"},
    # a job is reached by the user who started it (and her organisation's admins)
    "core:job_detail": {"obj": "job", "get": "200 200 200 200 200 200 200"},
    "core:job_download": {"obj": "job", "get": "302 302 302 302 302 302 302"},
    # agenda and reminders (saathi/core/agenda): every role that reaches members; an empty
    # POST makes a calendar link, and shows the reminder form again with its error
    "agenda:agenda": {"obj": None, "get": "200 200 200 200 200 200 403"},
    "agenda:calendar_link": {
        "obj": None,
        "get": "200 200 200 200 200 200 403",
        "post": "200 200 200 200 200 200 403",
    },
    "agenda:reminders": {
        "obj": None,
        "get": "200 200 200 200 200 200 403",
        "post": "200 200 200 200 200 200 403",
    },
}

# Each module keeps its own expectations in saathi/<app>/tests/sweep.py (see that file's
# docstring); they are merged here so one sweep walks every route.
MODULE_SWEEPS = [
    importlib.import_module(f"saathi.{app}.tests.sweep")
    for app in (
        "entitlements",
        "relief",
        "relief.surveys",
        "funds",
        "linkage",
        "collectives",
        "legal",
        "wellbeing",  # wellbeing
        "rights",  # rights (issue 13)
        "advocacy",  # advocacy
        "livelihoods",  # livelihoods
        "relief.stock",  # livelihoods: relief stock
    )
]
# the module whose sweep lists a route: its objects are the ones that route needs
ORIGIN: dict[str, object] = {}
for _module in MODULE_SWEEPS:
    assert not set(_module.EXPECTED) & set(EXPECTED), _module.__name__
    EXPECTED.update(_module.EXPECTED)
    ORIGIN.update(dict.fromkeys(_module.EXPECTED, _module))

# Routes that anonymous users may open, with the status they get.
PUBLIC = {"health": 200, "accounts:set_language": 405, "agenda:calendar_feed": 404}
for _module in MODULE_SWEEPS:
    PUBLIC.update(getattr(_module, "PUBLIC", {}))

# --- odk (issue 19): routes that sign in with a device credential (OpenRosa), not a
# session. Each module's DEVICE_EXPECTED and device_objects(world) (see surveys' sweep.py).
DEVICE: dict[str, tuple] = {}
for _module in MODULE_SWEEPS:
    for _name, _spec in getattr(_module, "DEVICE_EXPECTED", {}).items():
        DEVICE[_name] = (_module, _spec)
# --- end odk

# allauth's own routes: login, logout, MFA. Checked for "no 500" by every persona.
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "api:")


def _named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _named_routes(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name, p


def test_every_route_has_expectations():
    missing = [
        name
        for name, _ in _named_routes()
        if name not in EXPECTED
        and name not in PUBLIC
        and name not in DEVICE
        and not name.startswith(THIRD_PARTY_PREFIXES)
    ]
    assert not missing, f"Write URL-sweep expectations for: {missing}"


def _objects(world, org: str, role: str, route: str | None = None):
    """Fresh objects of organisation ``org`` for the route kwargs. With ``route``, the
    core's objects and those of the module listing the route (its pages then have rows
    to show), and every module's only when the route needs a kind from elsewhere."""
    member = world.members[f"{org}1"]
    user = world.user(org, role)
    token = ApiToken.objects.create(
        user=user, name="sweep", key_hash=ApiToken.hash_key(uuid.uuid4().hex), prefix="x"
    )
    target = make_user(f"target_{uuid.uuid4().hex[:8]}", world.orgs[org], Role.VOLUNTEER)
    objects = {
        "member": {"uuid": member.uuid},
        "document": {"doc_uuid": _scanned_document(world, org, member).uuid},
        "consent": {"uuid": member.uuid, "consent_uuid": member.consents.first().uuid},
        "membership": {
            "uuid": member.uuid,
            "membership_id": member.memberships.order_by("pk").first().pk,
        },
        "user": {"uuid": target.uuid},
        "collective": {"uuid": world.collectives[f"{org}1"].uuid},
        "organisation": {"uuid": world.orgs[org].uuid},
        "grant": {"uuid": target.grants.first().uuid},
        "token": {"uuid": token.uuid},
        "job": {"uuid": Job.objects.create(kind="sweep", title="sweep", owner=user).uuid},
    }
    own = ORIGIN.get(route) if route else None
    kind = EXPECTED[route]["obj"] if route else None
    if route and own is None and (kind is None or kind in objects):
        return objects  # a core route: every module's records were made once, before
    if own is not None:
        mine = own.objects(world, org, role)
        if kind is None or kind in mine or kind in objects:
            return objects | mine
    for module in MODULE_SWEEPS:
        more = module.objects(world, org, role)
        clash = set(more) & set(objects)
        assert not clash, f"{module.__name__} reuses object kinds {clash}: prefix them"
        objects |= more
    return objects


def _scanned_document(world, org: str, member):
    """The member's document, with a real scan (so the scan route can answer 200)."""
    doc = member.documents.first()
    if not doc.scan_file:
        people_services.document_save(
            member=member,
            data={},
            actor=world.user(org, Role.ORG_ADMIN),
            document=doc,
            upload=SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png"),
        )
    return doc


def _url(name, kind, objs):
    return reverse(name, kwargs=objs[kind] if kind else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_route_by_every_role(name, world):
    spec = EXPECTED[name]
    kind = spec["obj"]
    anon = Client()
    if name not in ORIGIN:
        _objects(world, "a", Role.ORG_ADMIN)  # the core's pages show every module's records
    objs_a = _objects(world, "a", Role.ORG_ADMIN, name)
    url = _url(name, kind, objs_a)
    r = anon.get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"], (name, r.status_code)
    for method in ("get", "post"):
        if method not in spec:
            continue
        expected = spec[method].split()
        for role, want in zip(ROLES, expected, strict=True):
            client = Client()
            client.force_login(world.user("a", role))
            objs = _objects(world, "a", role, name)
            r = getattr(client, method)(_url(name, kind, objs))
            assert r.status_code != 500
            assert str(r.status_code) == want, (name, method, role, r.status_code, want)
            if kind:
                # the same role in organisation B asks for organisation A's record
                other = Client()
                other.force_login(world.user("b", role))
                r = getattr(other, method)(_url(name, kind, objs))
                if kind == "token":  # a token belongs to one user: others get 404
                    assert r.status_code in (404, 405), (name, method, role, r.status_code)
                elif method == "get" and want == "405":
                    assert r.status_code == 405
                else:
                    assert r.status_code == 404, (name, method, role, "other org", r.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DEVICE))
def test_device_routes(name, world):
    """odk: no credential and a revoked one get 401; the own organisation's phone gets
    its status; another organisation's phone gets nothing of it."""
    module, spec = DEVICE[name]
    objs = module.device_objects(world)
    url = reverse(name, kwargs=objs[spec["obj"]] if spec["obj"] else None)
    method = spec["method"]

    def call(headers):
        kwargs = dict(headers)
        if method == "post":
            return Client().post(url, objs["body"](), **kwargs)
        return Client().get(url, **kwargs)

    for who, want in (("", 401), ("revoked", 401), ("own", spec["own"]), ("other", spec["other"])):
        r = call(objs[who] if who else {})
        assert r.status_code == want, (name, who, r.status_code, want)
        assert r["X-OpenRosa-Version"] == "1.0"
        if who == "other" and method == "get" and spec["obj"] is None:
            # another organisation's phone lists none of this organisation's forms
            for kwargs in (v for v in objs.values() if isinstance(v, dict) and "uuid" in v):
                assert str(kwargs["uuid"]).encode() not in r.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_routes(name, client):
    assert client.get(reverse(name)).status_code == PUBLIC[name]


@pytest.mark.django_db
def test_third_party_routes_never_500(world):
    routes = [
        (n, p)
        for n, p in _named_routes()
        if n.startswith(("account_", "mfa_")) and not p.pattern.regex.groupindex
    ]
    assert routes
    for role in [None, *ROLES]:
        client = Client(raise_request_exception=False)
        if role:
            client.force_login(world.user("a", role))
        for name, _ in routes:
            r = client.get(reverse(name))
            assert r.status_code < 500, (name, role, r.status_code)


@pytest.mark.django_db
def test_confidential_only_for_roles_with_the_capability(world):
    member = world.members["a1"]
    url = reverse("people:member_detail", kwargs={"uuid": member.uuid})
    for role in ROLES:
        client = Client()
        client.force_login(world.user("a", role))
        assert "SECRET-OCCUPATION" not in client.get(url + "?reveal=confidential").content.decode()
        r = client.post(url, {"reveal-reason": "counselling", "_action": "reveal"})
        body = r.content.decode()
        shows = "SECRET-OCCUPATION" in body
        assert shows == (role in (Role.SOCIAL_WORKER, Role.LEGAL_ADVOCATE)), role
        assert "SECRET-HIV" in body if shows else "SECRET-HIV" not in body


# ---------------------------------------------------------------- API operations
def _api_operations():
    from saathi.api.api import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield path, method


API_USE = {Role.ORG_ADMIN, Role.FACILITATOR, Role.SOCIAL_WORKER, Role.LEGAL_ADVOCATE}
API_EXPECTED = {
    # path: roles with USE_API that get 200, and the object kind in the path
    "/api/organisations": ("ok", None),
    "/api/collectives": ("ok", None),
    "/api/members": ("ok", None),  # GET lists; POST with an empty body is refused (422)
    "/api/members/{uuid}": ("ok", "member"),
    "/api/members/{uuid}/documents": ("ok", "member"),
    "/api/households": ("ok", None),
    "/api/households/{uuid}": ("ok", "household"),
}
for _module in MODULE_SWEEPS:
    assert not set(_module.API_EXPECTED) & set(API_EXPECTED), _module.__name__
    API_EXPECTED.update(_module.API_EXPECTED)


def test_every_api_operation_has_expectations():
    missing = [p for p, _ in _api_operations() if p not in API_EXPECTED]
    assert not missing, f"Write API sweep expectations for: {missing}"


def _api_statuses(spec, method, role, org, kind):
    """The status a role of organisation ``org`` should get for one API operation."""
    if isinstance(spec, dict):
        if kind and org == "b" and role in API_USE:
            return 404
        if method not in spec:
            return None
        return int(spec[method].split()[ROLES.index(role)])
    if role not in API_USE:
        return 401
    if kind and org == "b":
        return 404
    return 422 if method == "post" else 200


@pytest.mark.django_db
def test_api_by_every_role(world):
    from saathi.people.services import household_create

    household = household_create(member=world.members["a1"], actor=world.user("a", Role.ORG_ADMIN))
    objects = {"member": {"uuid": world.members["a1"].uuid}, "household": {"uuid": household.uuid}}
    for module in MODULE_SWEEPS:
        more = module.api_objects(world)
        assert not set(more) & set(objects), f"{module.__name__} reuses API object kinds"
        objects |= more
    ApiToken.objects.create(
        user=world.user("a", Role.ORG_ADMIN),
        name="revoked",
        key_hash=ApiToken.hash_key("sa_revoked_sweep"),
        prefix="sa_r",
        revoked_at=timezone.now(),
    )
    for path, method in _api_operations():
        spec = API_EXPECTED[path]
        kind = spec["obj"] if isinstance(spec, dict) else spec[1]
        url = path.format(**objects[kind]) if kind else path
        # CSRF checks on, as in a real client: a token failure is 401, never a 403
        # "CSRF check failed"
        api_client = Client(enforce_csrf_checks=True)
        r = api_client.generic(method.upper(), url)
        assert r.status_code == 401, (path, "anonymous", r.status_code)
        for bad in ("Bearer sa_unknown", "Bearer sa_revoked_sweep", "Bearer x", "Basic eDp5"):
            r = api_client.generic(method.upper(), url, HTTP_AUTHORIZATION=bad)
            assert r.status_code == 401, (path, method, bad, r.status_code)
        for org in ("a", "b"):
            for role in ROLES:
                key = f"sa_api_{org}_{role}"
                ApiToken.objects.get_or_create(
                    user=world.user(org, role),
                    name="sweep",
                    key_hash=ApiToken.hash_key(key),
                    defaults={"prefix": "x"},
                )
                r = api_client.generic(method.upper(), url, HTTP_AUTHORIZATION=f"Bearer {key}")
                assert r.status_code != 500, (path, method, org, role)
                want = _api_statuses(spec, method, role, org, kind)
                if want is None:
                    continue
                assert r.status_code == want, (path, method, org, role, r.status_code, want)
                if r.status_code == 200:
                    body = r.content.decode()
                    assert "SECRET-OCCUPATION" not in body and "SECRET-HIV" not in body
                    if org == "b" and path == "/api/members":
                        assert str(world.members["a1"].uuid) not in body
