"""Media engagements: identity consent per woman and per engagement, the review before
publication, and the rule that nothing is published while a consent is missing or
withdrawn (the concurrent case is in test_concurrency.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from saathi.advocacy import access, services
from saathi.advocacy.models import (
    ENGAGEMENT_TRANSITIONS,
    Alert,
    EngagementStatus,
    EngagementStep,
    IdentityConsent,
)
from saathi.core import consent as core_consent
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.core.tests.cases import check_moves_follow_map

from .helpers import BLURRED, CONSENT, engagement, in_collective, publish, with_participant


def test_the_map_covers_every_status_and_publication_is_final():
    assert set(ENGAGEMENT_TRANSITIONS) == set(EngagementStatus.values)
    assert ENGAGEMENT_TRANSITIONS["published"] == frozenset()


@pytest.mark.django_db
def test_publishing_needs_every_consent_and_review(world):
    eng = engagement(world)
    fac = world.user("a", Role.FACILITATOR)
    p = services.participant_add(
        engagement=eng, member=in_collective(world, "a1"), role="leader", actor=fac
    )
    with pytest.raises(ValidationError) as exc:
        publish(eng, world)
    assert "consent is missing" in " ".join(exc.value.messages)
    services.identity_consent_record(participant=p, data=dict(CONSENT), actor=fac)
    with pytest.raises(ValidationError) as exc:
        publish(eng, world)
    assert "not yet reviewed" in " ".join(exc.value.messages)
    services.identity_review_record(participant=p, data={"review_how": "heard"}, actor=fac)
    publish(eng, world, reach=5000)
    eng.refresh_from_db()
    assert eng.status == "published" and eng.reach == 5000
    step = EngagementStep.objects.get(engagement=eng)
    assert AuditEvent.objects.filter(seq=step.audit_seq).exists()


@pytest.mark.django_db
def test_a_live_engagement_needs_consent_but_no_review(world):
    eng, _p = with_participant(world, reviewed=False, live=True)
    publish(eng, world)
    assert eng.status == "published"


@pytest.mark.django_db
def test_withdrawal_blocks_publishing_alerts_the_handler_until_she_agrees_again(world):
    eng, p = with_participant(world)
    volunteer = world.user("a", Role.VOLUNTEER)
    services.identity_consent_withdraw(participant=p, actor=volunteer)
    handler = world.user("a", Role.FACILITATOR)
    assert Alert.objects.filter(user=handler, engagement=eng, seen_at__isnull=True).count() == 1
    with pytest.raises(ValidationError):
        publish(eng, world)
    services.identity_consent_record(participant=p, data=dict(BLURRED), actor=handler)
    with pytest.raises(ValidationError):  # her review again, under the new terms
        publish(eng, world)
    services.identity_review_record(participant=p, data={"review_how": "saw"}, actor=handler)
    publish(eng, world)
    assert eng.status == "published"
    kinds = list(
        IdentityConsent.objects.filter(participant=p).values_list("withdrawal_reason", flat=True)
    )
    assert sorted(kinds) == ["", "her_wish"]


@pytest.mark.django_db
def test_registry_media_withdrawal_blocks_her_unpublished_engagements(world):
    eng, p = with_participant(world)
    done, p2 = with_participant(world)
    publish(done, world)
    member = p.member
    fac = world.user("a", Role.FACILITATOR)
    media = core_consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=fac
    )
    core_consent.consent_withdraw(consent=media, reason="", actor=world.user("a", Role.VOLUNTEER))
    assert not IdentityConsent.objects.filter(participant=p, withdrawn_at__isnull=True).exists()
    assert IdentityConsent.objects.get(participant=p).withdrawal_reason == "registry"
    # the published one keeps its record of what she agreed then
    assert IdentityConsent.objects.filter(participant=p2, withdrawn_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        publish(eng, world)
    # no new engagement consent while her registry media consent stays withdrawn
    with pytest.raises(ValidationError) as exc:
        services.identity_consent_record(participant=p, data=dict(CONSENT), actor=fac)
    assert "name_shown" in exc.value.message_dict
    core_consent.consent_record(
        member=member, purpose="media", method="signature", language="bn", actor=fac
    )
    services.identity_consent_record(participant=p, data=dict(CONSENT), actor=fac)


@pytest.mark.django_db
def test_consent_fields_are_checked(world):
    eng = engagement(world)
    fac = world.user("a", Role.FACILITATOR)
    p = services.participant_add(
        engagement=eng, member=in_collective(world, "a1"), role="leader", actor=fac
    )
    with pytest.raises(ValidationError) as exc:
        services.identity_consent_record(
            participant=p,
            data={**CONSENT, "name_shown": "pseudonym", "method": "thumbprint", "face": "x"},
            actor=fac,
        )
    assert set(exc.value.message_dict) == {"pseudonym", "witness_name", "face"}
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            engagement=eng, member=world.members["a2"], role="leader", actor=fac
        )
    assert "member" in exc.value.message_dict  # a2 is not in collective a1


@pytest.mark.django_db
def test_leader_of_another_collective_and_other_org_are_refused(world):
    eng = engagement(world)
    assert access.access_engagement(world.user("a", Role.COLLECTIVE_LEADER), eng.uuid)
    with pytest.raises(Http404):
        access.access_engagement(world.user("b", Role.FACILITATOR), eng.uuid)
    with pytest.raises(Http404):
        access.access_engagement(world.user("a", Role.VIEWER), eng.uuid)
    p = services.participant_add(
        engagement=eng,
        member=in_collective(world, "a1"),
        role="leader",
        actor=world.user("a", Role.FACILITATOR),
    )
    with pytest.raises(PermissionDenied):
        services.identity_consent_record(
            participant=p, data=dict(CONSENT), actor=world.user("a", Role.SOCIAL_WORKER)
        )


@pytest.mark.django_db
def test_moves_follow_the_map(world):
    actor = world.user("a", Role.FACILITATOR)

    def move(case, to):
        if to == "published":
            return services.engagement_publish(
                engagement=case,
                data={"published_on": case.on, **{"published_link": "https://e.org/x"}},
                actor=actor,
            )
        return services.engagement_move(engagement=case, to_status=to, actor=actor)

    check_moves_follow_map(
        make_case=lambda: engagement(world),
        move=move,
        transitions=ENGAGEMENT_TRANSITIONS,
        statuses=EngagementStatus.values,
        step_model=EngagementStep,
    )
