"""Who sees what of a matter: accused and threat details for advocates (and admins through
an audited reveal) only; facilitators the stage and next date; others nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.suppression import HIDDEN

from .factories import ACCUSED, COMPLAINT, STATEMENT, THREAT, full_matter

ROLES = list(Role.values)


def _get(world, role, url, org="a"):
    client = Client()
    client.force_login(world.user(org, role))
    return client.get(url)


REASON = {"reveal-reason": "legal_case"}


def _reveal(world, role, url, org="a", data=REASON):
    """The reveal: a POST with a reason (core.confidential)."""
    client = Client()
    client.force_login(world.user(org, role))
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_advocates_and_admins_reveal_accused_and_threats(world, role):
    m = full_matter(world)["matter"]
    url = reverse("legal:matter_detail", args=[m.uuid])
    for path in ("", "?reveal=1", "post"):
        r = _reveal(world, role, url) if path == "post" else _get(world, role, url + path)
        body = r.content.decode()
        shows = ACCUSED in body
        if role in (Role.LEGAL_ADVOCATE, Role.ORG_ADMIN) and path == "post":
            assert r.status_code == 200 and shows and THREAT in body and STATEMENT in body
        else:
            assert not shows and THREAT not in body and STATEMENT not in body, (role, path)
            assert COMPLAINT not in body
        if role in (Role.FACILITATOR, Role.SOCIAL_WORKER):
            if path == "post":  # the reveal is not theirs
                assert r.status_code == 403
                continue
            assert r.status_code == 200
            assert m.next_date.strftime("%d/%m/%Y") in body  # the next date, and no more
            assert "Prosecution" not in body and "SBI" not in body
        if role in (Role.COLLECTIVE_LEADER, Role.VOLUNTEER, Role.VIEWER):
            assert r.status_code == 404
    # what happened in a complaint: on its own page, for the same roles, after a reason
    papers = reverse("legal:matter_papers", args=[m.uuid])
    r = _reveal(world, role, papers)
    if role in (Role.LEGAL_ADVOCATE, Role.ORG_ADMIN):
        assert r.status_code == 200 and COMPLAINT in r.content.decode()
        assert COMPLAINT not in _get(world, role, papers).content.decode()
    else:
        assert r.status_code == 404 and COMPLAINT not in r.content.decode()


@pytest.mark.django_db
def test_reveal_is_audited(world):
    m = full_matter(world)["matter"]
    url = reverse("legal:matter_detail", args=[m.uuid])
    before = AuditEvent.objects.filter(action="view_confidential").count()
    # a GET never opens them; a POST without a reason shows the form again
    assert ACCUSED not in _get(world, Role.ORG_ADMIN, url + "?reveal=1").content.decode()
    r = _reveal(world, Role.ORG_ADMIN, url, data={"reveal-reason": "other"})
    assert r.status_code == 200 and ACCUSED not in r.content.decode()
    assert AuditEvent.objects.filter(action="view_confidential").count() == before
    r = _reveal(
        world,
        Role.ORG_ADMIN,
        url,
        data={"reveal-reason": "other", "reveal-reason_text": "Court asked for the file"},
    )
    assert ACCUSED in r.content.decode()
    events = AuditEvent.objects.filter(action="view_confidential").order_by("seq")[before:]
    assert {e.object_type for e in events} == {"legal.legalmatter", "legal.threat"}
    assert all(e.detail["reason"] == "other" for e in events)
    assert all(e.detail["reason_text"] == "Court asked for the file" for e in events)
    assert all(ACCUSED not in str(e.detail) and ACCUSED not in e.fields for e in events)


@pytest.mark.django_db
def test_lists_never_show_the_accused_and_other_organisation_gets_404(world):
    m = full_matter(world)["matter"]
    for role in ROLES:
        for name in ("legal:matter_list", "legal:agenda"):
            body = _get(world, role, reverse(name)).content.decode()
            assert ACCUSED not in body and THREAT not in body
    for role in ROLES:
        r = _get(world, role, reverse("legal:matter_detail", args=[m.uuid]), org="b")
        assert r.status_code == 404


@pytest.mark.django_db
def test_ciphertext_at_rest(world):
    from django.db import connection

    m = full_matter(world)["matter"]
    with connection.cursor() as c:
        c.execute("SELECT accused, statements FROM legal_legalmatter WHERE id = %s", [m.pk])
        row = c.fetchone()
        c.execute("SELECT details FROM legal_threat WHERE matter_id = %s", [m.pk])
        threat = c.fetchone()
    assert ACCUSED not in row[0] and STATEMENT not in row[1] and THREAT not in threat[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_json_never_carries_accused_or_threats(world, role):
    f = full_matter(world)
    m = f["matter"]
    paths = [
        "/api/legal/matters",
        f"/api/legal/matters/{m.uuid}",
        f"/api/legal/matters/{m.uuid}/hearings",
        f"/api/legal/matters/{m.uuid}/compensation",
    ]
    client = Client()
    client.force_login(world.user("a", role))
    for path in paths:
        r = client.get(path)
        body = r.content.decode()
        assert r.status_code != 500
        for secret in (ACCUSED, THREAT, STATEMENT, "SBI"):
            assert secret not in body, (role, path)
        if role in (Role.FACILITATOR, Role.SOCIAL_WORKER) and path.endswith(str(m.uuid)):
            data = r.json()
            assert data["full"] is False and data["matter_type"] is None
            assert data["next_date"] == m.next_date.isoformat()


@pytest.mark.django_db
def test_viewer_sees_suppressed_legal_counts_only(world):
    full_matter(world)
    body = _get(world, Role.VIEWER, reverse("reports:dashboard")).content.decode()
    assert f'id="legal-unpaid">{HIDDEN}<' in body  # a small count is hidden
    assert ACCUSED not in body and "LGL-" not in body
