"""Her own page: phone, SMS code, PIN; only herself; withdraw a consent; quick exit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from saathi.core import consent
from saathi.core.models import AuditEvent, Consent
from saathi.core.policy import Role
from saathi.rights.models import MemberAccess

SENT: list[tuple[str, str]] = []


class RecordingBackend:
    def send(self, phone: str, message: str) -> None:
        SENT.append((phone, message))


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SAATHI_SMS_BACKEND = f"{__name__}.RecordingBackend"
    SENT.clear()


def _code() -> str:
    return re.search(r"\b(\d{6})\b", SENT[-1][1]).group(1)


def sign_in(client, django_capture_on_commit_callbacks, phone="98765 43210", pin="2468"):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("me:sign_in"), {"phone": phone})
    assert r.status_code == 302 and r["Location"] == reverse("me:verify")
    return client.post(reverse("me:verify"), {"code": _code(), "pin": pin, "pin_again": pin})


def test_she_signs_in_with_code_and_pin_and_sees_only_herself(
    world, client, django_capture_on_commit_callbacks
):
    member = world.members["a1"]
    # a staff member opened her confidential data: she sees it in "who looked"
    from saathi.core import confidential

    confidential.reveal(world.user("a", Role.SOCIAL_WORKER), member, ["occupation"])
    assert client.get(reverse("me:home")).status_code == 302
    r = sign_in(client, django_capture_on_commit_callbacks)
    assert r.status_code == 302 and r["Location"] == reverse("me:home")
    phone, text = SENT[-1]
    assert phone == "9876543210"
    # the SMS names nothing sensitive: no name, no organisation, no purpose
    assert "Lakshmi" not in text and "Org" not in text and len(text) < 120
    page = client.get(reverse("me:home")).content.decode()
    assert "Lakshmi Das" in page or "লক্ষ্মী দাস" in page
    assert "Rekha" not in page  # nobody else
    assert "Social worker" in page or "সমাজকর্মী" in page or "Org A" in page
    assert "SECRET" not in page
    assert "<title>" in page and "Lakshmi" not in page.split("<title>")[1].split("</title>")[0]
    assert MemberAccess.objects.filter(member=member).exists()
    assert AuditEvent.objects.filter(action="login", member_id=member.pk).exists()


def test_a_wrong_pin_and_a_wrong_code_are_refused_and_nothing_tells_a_stranger(
    world, client, django_capture_on_commit_callbacks
):
    sign_in(client, django_capture_on_commit_callbacks)
    other = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("me:sign_in"), {"phone": "9876543210"})
    r = other.post(reverse("me:verify"), {"code": _code(), "pin": "1111"})
    assert r.status_code == 200 and "PIN" in r.content.decode()
    assert other.get(reverse("me:home")).status_code == 302
    # an unknown number: same answer, no SMS
    n = len(SENT)
    r = client.__class__().post(reverse("me:sign_in"), {"phone": "9000000001"})
    assert r.status_code == 302 and len(SENT) == n


def test_no_sign_in_under_18(world, client, django_capture_on_commit_callbacks):
    from saathi.people.models import Member

    member = world.members["a1"]
    Member.objects.filter(pk=member.pk).update(birth_year=member.birth_year + 30)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("me:sign_in"), {"phone": "9876543210"})
    assert SENT == []


def test_she_withdraws_a_consent_and_quick_exit_forgets_her(
    world, client, django_capture_on_commit_callbacks
):
    member = world.members["a1"]
    media = consent.consent_record(
        member=member,
        purpose="media",
        method="signature",
        language="bn",
        actor=world.user("a", Role.SOCIAL_WORKER),
    )
    sign_in(client, django_capture_on_commit_callbacks)
    r = client.post(reverse("me:consent_withdraw"), {"consent": str(media.uuid)})
    assert r.status_code == 302
    assert Consent.objects.get(pk=media.pk).withdrawn_at is not None
    # another member's consent cannot be withdrawn from her page
    theirs = world.members["a2"].consents.first()
    client.post(reverse("me:consent_withdraw"), {"consent": str(theirs.uuid)})
    assert Consent.objects.get(pk=theirs.pk).withdrawn_at is None
    r = client.get(reverse("me:quick_exit"))
    assert r.status_code == 302 and not r["Location"].startswith("/me")
    assert client.get(reverse("me:home")).status_code == 302


def test_the_notice_page_shows_the_latest_version_in_her_language(world, client):
    from django.core.exceptions import ValidationError

    from saathi.rights import services

    org, admin = world.orgs["a"], world.user("a", Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as err:
        services.notice_publish(organisation=org, texts={"en": "x"}, contact="", actor=admin)
    assert {"text_bn", "text_hi", "text_te", "contact"} <= set(err.value.message_dict)
    texts = {"en": "We keep v1", "hi": "हम v1", "bn": "আমরা v1", "te": "మేము v1"}
    services.notice_publish(organisation=org, texts=texts, contact="Mitali, 98300", actor=admin)
    texts = {k: v.replace("v1", "v2") for k, v in texts.items()}
    assert (
        services.notice_publish(organisation=org, texts=texts, contact="Mitali", actor=admin) == 2
    )
    url = reverse("me:notice") + f"?org={org.uuid}"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="bn").content.decode()
    # (not a bare "v1": the page's random CSP nonce and CSRF token may hold those letters)
    assert "আমরা v2" in page and "Mitali" in page and "আমরা v1" not in page
    assert client.get(reverse("me:notice") + f"?org={world.orgs['b'].uuid}").status_code == 404
