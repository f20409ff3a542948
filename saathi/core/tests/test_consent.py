"""Consent per purpose: witness rules, partner sharing, withdrawal kept on record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from saathi.core import consent
from saathi.core.models import Consent
from saathi.core.policy import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world):
    return world.members["a1"]


@pytest.fixture
def actor(world):
    return world.user("a", Role.FACILITATOR)


def test_registration_consent_is_recorded_at_registration(member):
    c = Consent.objects.get(member=member)
    assert c.purpose == consent.Purpose.REGISTRATION
    assert c.method == "signature"
    assert c.language == "bn"
    assert c.notice_version == consent.CURRENT_NOTICE_VERSION
    assert consent.has_consent(member, consent.Purpose.REGISTRATION)
    consent.require_consent(member, consent.Purpose.REGISTRATION)  # does not raise


def test_media_needs_its_own_consent(member, actor):
    assert not consent.has_consent(member, consent.Purpose.MEDIA)
    with pytest.raises(consent.ConsentMissing) as exc:
        consent.require_consent(member, consent.Purpose.MEDIA)
    assert exc.value.code == "consent_missing"
    consent.consent_record(
        member=member, purpose="media", method="digital", language="en", actor=actor
    )
    consent.require_consent(member, consent.Purpose.MEDIA)


@pytest.mark.parametrize("method", ["thumbprint", "read_aloud"])
def test_thumbprint_and_read_aloud_need_a_witness(member, actor, method):
    with pytest.raises(ValidationError) as exc:
        consent.consent_record(
            member=member, purpose="photographs", method=method, language="bn", actor=actor
        )
    assert "witness_name" in exc.value.message_dict
    with pytest.raises(ValidationError):
        consent.consent_record(
            member=member,
            purpose="photographs",
            method=method,
            language="bn",
            witness_name="   ",
            actor=actor,
        )
    assert not consent.has_consent(member, "photographs")
    c = consent.consent_record(
        member=member,
        purpose="photographs",
        method=method,
        language="bn",
        witness_name=" Rina Sardar ",
        actor=actor,
    )
    assert c.witness_name == "Rina Sardar"
    assert consent.has_consent(member, "photographs")


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"purpose": "marketing", "method": "signature"}, "purpose"),
        ({"purpose": "media", "method": "nod"}, "method"),
        ({"purpose": "partner_sharing", "method": "signature"}, "partner_organisation"),
    ],
)
def test_invalid_consent_input_names_the_field(member, actor, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        consent.consent_record(member=member, language="bn", actor=actor, **kwargs)
    assert field in exc.value.message_dict


def test_partner_sharing_is_per_partner(member, actor):
    consent.consent_record(
        member=member,
        purpose="partner_sharing",
        method="signature",
        language="bn",
        partner_organisation="Legal Aid Society ",
        actor=actor,
    )
    assert consent.has_consent(member, "partner_sharing", "legal aid society")
    assert not consent.has_consent(member, "partner_sharing", "Another NGO")
    with pytest.raises(consent.ConsentMissing):
        consent.require_consent(member, "partner_sharing", "Another NGO")


def test_withdrawal_is_recorded_not_deleted(member, actor):
    c = consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=actor
    )
    consent.consent_withdraw(consent=c, reason=" no longer wants it ", actor=actor)
    c.refresh_from_db()
    assert c.withdrawn_at is not None
    assert c.withdrawn_by == actor
    assert c.withdrawal_reason == "no longer wants it"
    assert not c.active
    assert not consent.has_consent(member, "media")
    assert Consent.objects.filter(pk=c.pk).exists()
    assert c.history.count() == 2  # creation and withdrawal both kept
    with pytest.raises(ValidationError):
        consent.consent_withdraw(consent=c, reason="again", actor=actor)


def test_new_consent_after_withdrawal(member, actor):
    c = consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=actor
    )
    consent.consent_withdraw(consent=c, reason="", actor=actor)
    consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=actor
    )
    assert consent.has_consent(member, "media")
    assert Consent.objects.filter(member=member, purpose="media").count() == 2
