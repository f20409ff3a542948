from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from saathi.core.models import Consent
from saathi.core.policy import Role
from saathi.people.services import MemberInput, member_register


def _input(world, age):
    return MemberInput(
        organisation_id=world.orgs["a"].pk,
        primary_name="Tania Das",
        sex="female",
        birth_year=timezone.localdate().year - age,
        birth_year_estimated=True,
        state="WB",
        district="Nadia",
        preferred_language="bn",
    )


@pytest.mark.django_db
def test_a_minor_needs_a_guardian_who_consents(world):
    actor = world.user("a", Role.FACILITATOR)
    with pytest.raises(ValidationError) as exc:
        member_register(
            data=_input(world, 16), consent_method="signature", consent_language="bn", actor=actor
        )
    assert "guardian_name" in exc.value.error_dict
    member = member_register(
        data=_input(world, 16),
        consent_method="signature",
        consent_language="bn",
        guardian_name="Rina Das (mother)",
        actor=actor,
    )
    assert Consent.objects.get(member=member).guardian_name == "Rina Das (mother)"


@pytest.mark.django_db
def test_an_adult_needs_no_guardian(world):
    actor = world.user("a", Role.FACILITATOR)
    member = member_register(
        data=_input(world, 25), consent_method="signature", consent_language="bn", actor=actor
    )
    assert Consent.objects.get(member=member).guardian_name == ""


@pytest.mark.django_db
def test_register_page_asks_for_the_guardian_of_a_minor(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    r = client.post(
        reverse("people:member_register"),
        {
            "organisation": world.orgs["a"].uuid,
            "primary_name": "Tania Das",
            "sex": "female",
            "gender": "woman",
            "birth_date": date(timezone.localdate().year - 15, 1, 1).strftime("%d/%m/%Y"),
            "state": "WB",
            "district": "Nadia",
            "preferred_language": "bn",
            "collective_role": "member",
            "consent_method": "signature",
            "consent_language": "bn",
        },
    )
    assert r.status_code == 200
    assert "parent or guardian must consent" in r.content.decode()
    assert 'value="Tania Das"' in r.content.decode()
