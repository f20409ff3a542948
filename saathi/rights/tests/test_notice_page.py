"""The privacy notice page of organisation admins: a new version in four languages each
time, never an edit; the current version and the public page shown."""

from __future__ import annotations

from django.urls import reverse

from saathi.core.policy import Role
from saathi.rights.models import Notice, RightsSettings

TEXTS = {
    "text_en": "We keep your data to help you claim schemes.",
    "text_hi": "हम आपकी जानकारी योजनाओं के लिए रखते हैं।",
    "text_bn": "আমরা প্রকল্পের জন্য আপনার তথ্য রাখি।",
    "text_te": "పథకాల కోసం మీ సమాచారాన్ని ఉంచుతాము.",
}


def _client(client, world, org="a", role=Role.ORG_ADMIN):
    client.force_login(world.user(org, role))
    return client


def test_publishing_makes_a_new_version_each_time(world, client):
    _client(client, world)
    url = reverse("rights:notice_publish")
    assert "No notice published yet" in client.get(url).content.decode()
    r = client.post(url, {"contact": "Office, 98300 00000", **TEXTS})
    assert r.status_code == 302
    org = world.orgs["a"]
    assert Notice.objects.filter(organisation=org, version=1).count() == 4
    assert RightsSettings.objects.get(organisation=org).contact == "Office, 98300 00000"
    page = client.get(url).content.decode()
    assert "Version 1" in page
    public = f"{reverse('me:notice')}?org={org.uuid}"
    assert public in page
    assert TEXTS["text_bn"] in page  # the form starts from the current texts
    r = client.post(url, {"contact": "Office", **TEXTS, "text_en": "A clearer notice."})
    assert r.status_code == 302
    assert Notice.objects.get(organisation=org, version=1, language="en").text == TEXTS["text_en"]
    assert Notice.objects.get(organisation=org, version=2, language="en").text == (
        "A clearer notice."
    )
    assert "Version 2" in client.get(url).content.decode()
    assert "A clearer notice." in client.get(public).content.decode()


def test_a_missing_language_is_refused_at_its_field_keeping_the_rest(world, client):
    _client(client, world)
    r = client.post(
        reverse("rights:notice_publish"), {"contact": "Office", **TEXTS, "text_te": "  "}
    )
    assert r.status_code == 200
    assert "text_te" in r.context["form"].errors and "text_bn" not in r.context["form"].errors
    assert TEXTS["text_hi"] in r.content.decode()
    assert not Notice.objects.exists()


def test_only_an_organisation_admin_publishes(world, client):
    url = reverse("rights:notice_publish")
    for role in (Role.FACILITATOR, Role.SOCIAL_WORKER, Role.VIEWER):
        c = _client(client, world, "a", role)
        assert c.get(url).status_code == 403
        assert c.post(url, {"contact": "x", **TEXTS}).status_code == 403
    assert not Notice.objects.exists()
    # another organisation's admin cannot pick organisation A
    c = _client(client, world, "b")
    assert c.get(f"{url}?org={world.orgs['a'].uuid}").status_code == 404
    assert c.post(f"{url}?org={world.orgs['a'].uuid}", {"contact": "x", **TEXTS}).status_code == 404
    assert not Notice.objects.filter(organisation=world.orgs["a"]).exists()
