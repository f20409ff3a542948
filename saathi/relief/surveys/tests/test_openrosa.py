"""The OpenRosa server: form list, download, manifest and media, submission; device
credentials (another organisation's gets nothing, a revoked one is refused);
idempotent on instanceID; edits become versions; attachments checked and encrypted;
a submission that breaks a rule is kept for review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from saathi.core.files import private_path
from saathi.core.policy import Role
from saathi.core.tests.samples import exe_bytes, png_bytes
from saathi.relief.surveys import services
from saathi.relief.surveys.models import Attachment, HeldSubmission, Response

from .odk import auth, credential, roster_form, submission_xml, xml_file


@pytest.fixture
def setup(world):
    admin = world.user("a", Role.ORG_ADMIN)
    version = services.survey_upload(
        organisation=world.orgs["a"], data=roster_form(), file_name="r.xlsx", actor=admin
    )
    fac = world.user("a", Role.FACILITATOR)
    cred, secret = credential(fac, world.collectives["a1"])
    return world, version, cred, secret


def post(client, headers, xml, **files):
    data = {"xml_submission_file": xml_file(xml), **files}
    return client.post(reverse("surveys:openrosa_submission"), data, **headers)


@pytest.mark.django_db
def test_form_list_download_and_headers(setup):
    world, version, cred, secret = setup
    c = Client()
    r = c.get(reverse("surveys:openrosa_form_list"), **auth(cred, secret))
    assert r.status_code == 200 and r["X-OpenRosa-Version"] == "1.0"
    body = r.content.decode()
    assert "<formID>household_roster</formID>" in body and "md5:" in body
    r = c.get(
        reverse("surveys:openrosa_form", kwargs={"uuid": version.survey.uuid}), **auth(cred, secret)
    )
    assert r.status_code == 200 and r.content.decode() == version.xform
    r = c.head(reverse("surveys:openrosa_submission"), **auth(cred, secret))
    assert r.status_code == 204 and int(r["X-OpenRosa-Accept-Content-Length"]) > 0


@pytest.mark.django_db
def test_no_credential_wrong_secret_or_revoked_is_refused(setup):
    world, version, cred, secret = setup
    c = Client()
    url = reverse("surveys:openrosa_form_list")
    r = c.get(url)
    assert r.status_code == 401 and "Basic" in r["WWW-Authenticate"]
    assert c.get(url, **auth(cred, "wrong")).status_code == 401
    # her password is not a credential
    assert c.get(url, **auth(cred, "password")).status_code == 401
    services.device_credential_revoke(credential=cred, actor=cred.user)
    assert c.get(url, **auth(cred, secret)).status_code == 401
    xml = submission_xml(version, {"hh_size": 3})
    assert post(c, auth(cred, secret), xml).status_code == 401


@pytest.mark.django_db
def test_another_organisations_credential_gets_nothing(setup):
    world, version, cred, secret = setup
    other, other_secret = credential(world.user("b", Role.FACILITATOR), world.collectives["b1"])
    h = auth(other, other_secret)
    c = Client()
    r = c.get(reverse("surveys:openrosa_form_list"), **h)
    assert r.status_code == 200 and "household_roster" not in r.content.decode()
    uuid = version.survey.uuid
    assert c.get(reverse("surveys:openrosa_form", kwargs={"uuid": uuid}), **h).status_code == 404
    assert (
        c.get(reverse("surveys:openrosa_manifest", kwargs={"uuid": uuid}), **h).status_code == 404
    )
    r = post(c, h, submission_xml(version, {"hh_size": 3}))
    assert r.status_code == 404
    assert not Response.objects.filter(survey=version.survey).exists()


@pytest.mark.django_db
def test_submission_sent_twice_makes_one_response_with_its_photo(setup):
    world, version, cred, secret = setup
    c = Client()
    xml = submission_xml(
        version,
        {"hh_size": 2, "photo": "ack.png"},
        rows=[{"pname": "Lakshmi", "age": 34}, {"pname": "Rekha", "age": 9}],
    )
    photo = SimpleUploadedFile("ack.png", png_bytes(), content_type="image/png")
    r = post(c, auth(cred, secret), xml, **{"ack.png": photo})
    assert r.status_code == 201, r.content
    assert b"OpenRosaResponse" in r.content
    again = post(
        c, auth(cred, secret), xml, **{"ack.png": SimpleUploadedFile("ack.png", png_bytes())}
    )
    assert again.status_code == 202
    (resp,) = Response.objects.filter(survey=version.survey)
    assert resp.source == "openrosa" and resp.answers["hh_size"] == 2
    # the roster rows stay under their household
    assert resp.answers["person"] == [{"pname": "Lakshmi", "age": 34}, {"pname": "Rekha", "age": 9}]
    (att,) = Attachment.objects.filter(response=resp)
    assert att.content_type == "image/png"
    assert png_bytes() not in private_path(att.file).read_bytes()  # encrypted at rest


@pytest.mark.django_db
def test_attachment_not_what_its_name_says_is_refused(setup):
    world, version, cred, secret = setup
    xml = submission_xml(version, {"hh_size": 2, "photo": "ack.jpg"})
    bad = SimpleUploadedFile("ack.jpg", exe_bytes(), content_type="image/jpeg")
    r = post(Client(), auth(cred, secret), xml, **{"ack.jpg": bad})
    assert r.status_code == 400 and "ack.jpg" in r.content.decode()
    assert not Response.objects.filter(survey=version.survey).exists()


@pytest.mark.django_db
def test_broken_rule_is_kept_for_review_not_applied(setup):
    world, version, cred, secret = setup
    xml = submission_xml(version, {"hh_size": 45})
    r = post(Client(), auth(cred, secret), xml)
    assert r.status_code == 202 and "review" in r.content.decode()
    assert not Response.objects.filter(survey=version.survey).exists()
    (held,) = HeldSubmission.objects.all()
    assert "hh_size" in held.errors and held.status == "open"
    # sent again (the phone did not see the answer): still one
    assert post(Client(), auth(cred, secret), xml).status_code == 202
    assert HeldSubmission.objects.count() == 1
    admin = Client()
    admin.force_login(world.user("a", Role.ORG_ADMIN))
    page = admin.get(reverse("surveys:held_list", kwargs={"uuid": version.survey.uuid}))
    assert page.status_code == 200 and "People in the household" in page.content.decode()
    admin.post(reverse("surveys:held_resolve", kwargs={"uuid": held.uuid}))
    held.refresh_from_db()
    assert held.status == "discarded" and held.resolved_by is not None


@pytest.mark.django_db
def test_edit_with_deprecated_id_is_a_new_version(setup):
    world, version, cred, secret = setup
    c = Client()
    first = submission_xml(version, {"hh_size": 2}, instance_id="uuid:one")
    assert post(c, auth(cred, secret), first).status_code == 201
    edit = submission_xml(version, {"hh_size": 3}, instance_id="uuid:two", deprecated_id="uuid:one")
    assert post(c, auth(cred, secret), edit).status_code == 201
    old = Response.objects.get(instance_id="uuid:one")
    new = Response.objects.get(instance_id="uuid:two")
    assert old.answers["hh_size"] == 2 and not old.current  # kept, never overwritten
    assert new.previous == old and new.current and new.answers["hh_size"] == 3


@pytest.mark.django_db
def test_bad_xml_is_refused_with_a_message(setup):
    world, version, cred, secret = setup
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><data id="household_roster">&a;</data>'
    r = post(Client(), auth(cred, secret), bomb)
    assert r.status_code == 400 and b"OpenRosaResponse" in r.content


@pytest.mark.django_db
def test_phones_page_makes_and_revokes_a_credential(world):
    c = Client()
    user = world.user("a", Role.FACILITATOR)
    c.force_login(user)
    url = reverse("surveys:device_list")
    r = c.post(url, {"label": "", "collective": world.collectives["a1"].pk})
    assert r.status_code == 200 and "recognise" in r.content.decode()
    r = c.post(url, {"label": "Padma's phone", "collective": world.collectives["a1"].pk})
    body = r.content.decode()
    assert r.status_code == 200 and "/surveys/openrosa" in body
    cred = user.device_credentials.get()
    assert cred.username in body
    r = c.post(reverse("surveys:device_revoke", kwargs={"uuid": cred.uuid}))
    assert r.status_code == 302
    cred.refresh_from_db()
    assert cred.revoked_at is not None


@pytest.mark.django_db
def test_manifest_lists_attached_media(world):
    admin = world.user("a", Role.ORG_ADMIN)
    from .xlsforms import xlsx

    data = xlsx(
        [
            ["type", "name", "label", "media::image"],
            ["note", "n", "Look", "map.png"],
            ["text", "t", "T", ""],
        ]
    )
    version = services.survey_upload(
        organisation=world.orgs["a"], data=data, file_name="m.xlsx", actor=admin
    )
    assert version.media == ["map.png"]
    services.survey_media_attach(
        version=version,
        name="map.png",
        upload=SimpleUploadedFile("map.png", png_bytes()),
        actor=admin,
    )
    cred, secret = credential(world.user("a", Role.FACILITATOR), world.collectives["a1"])
    c = Client()
    r = c.get(
        reverse("surveys:openrosa_manifest", kwargs={"uuid": version.survey.uuid}),
        **auth(cred, secret),
    )
    assert r.status_code == 200 and "<filename>map.png</filename>" in r.content.decode()
    media = version.media_files.get()
    r = c.get(
        reverse(
            "surveys:openrosa_media", kwargs={"uuid": version.survey.uuid, "media": media.uuid}
        ),
        **auth(cred, secret),
    )
    assert r.status_code == 200 and r.content == png_bytes()


@pytest.mark.django_db
def test_seed_demo_shows_a_phone_its_roster_and_a_submission_kept_for_review():
    from django.core.management import call_command

    from saathi.relief.surveys.models import DeviceCredential, Survey

    call_command("seed_demo", members=60, verbosity=0)
    roster = Survey.objects.get(form_id="household_roster")
    (resp,) = roster.responses.all()
    assert len(resp.answers["person"]) == 3 and resp.source == "openrosa"
    assert HeldSubmission.objects.filter(survey=roster, status="open").count() == 1
    assert DeviceCredential.objects.filter(revoked_at=None).exists()
    # the platform's own forms (ADR 0040): a member's needs from the phone, and a ration
    # kit given again to her household, waiting on the review queue
    needs = Survey.objects.get(platform="needs")
    assert needs.responses.get().member is not None
    held = HeldSubmission.objects.get(survey__platform="distribution")
    assert held.rule == "already_distributed" and held.status == "open"


@pytest.mark.django_db
def test_response_page_shows_the_roster_under_its_household(setup):
    world, version, cred, secret = setup
    xml = submission_xml(version, {"hh_size": 2}, rows=[{"pname": "Lakshmi", "age": 34}])
    assert post(Client(), auth(cred, secret), xml).status_code == 201
    resp = Response.objects.get(survey=version.survey)
    c = Client()
    c.force_login(world.user("a", Role.ORG_ADMIN))
    body = c.get(reverse("surveys:response_detail", kwargs={"uuid": resp.uuid})).content.decode()
    assert "Person 1" in body and "Name: Lakshmi" in body
