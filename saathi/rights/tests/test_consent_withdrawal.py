"""A withdrawn consent takes effect in every module at once (issue 13, item 8)."""

from saathi.core import consent
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.relief import services as relief
from saathi.relief.models import BeneficiaryList
from saathi.relief.tests.helpers import make_programme

OFFICE = "BDO, Ranaghat-I"


def _agree(world, member, office=OFFICE):
    return consent.consent_record(
        member=member,
        purpose="partner_sharing",
        method="signature",
        language="bn",
        partner_organisation=office,
        actor=world.user("a", Role.SOCIAL_WORKER),
    )


def test_withdrawn_sharing_consent_takes_her_off_unsent_lists_only(world, client):
    admin = world.user("a", Role.ORG_ADMIN)
    a1, a2 = world.members["a1"], world.members["a2"]
    given = _agree(world, a1)
    _agree(world, a2)
    programme = make_programme(world, criteria_one_per_household=False)
    sent = relief.list_build(programme=programme, authority=OFFICE, actor=admin)
    relief.list_submit(
        blist=sent, submitted_on=sent.created_at.date(), submitted_to=OFFICE, note="", actor=admin
    )
    draft = relief.list_build(programme=programme, authority=OFFICE, actor=admin)
    other = relief.list_build(programme=programme, authority="Another office", actor=admin)
    assert {e.member_id for e in draft.entries.all()} == {a1.pk, a2.pk}
    left_out = draft.left_out_no_consent

    consent.consent_withdraw(consent=given, reason="She asked", actor=admin)

    draft = BeneficiaryList.objects.get(pk=draft.pk)
    assert {e.member_id for e in draft.entries.all()} == {a2.pk}
    assert (draft.matched, draft.left_out_no_consent) == (1, left_out + 1)
    # a list already submitted is what the office has: it stays as it was sent
    assert {e.member_id for e in sent.entries.all()} == {a1.pk, a2.pk}
    assert other.entries.count() == 0  # no consent for that office in the first place
    event = AuditEvent.objects.filter(object_id=str(draft.uuid), member_id=a1.pk).last()
    assert event is not None and event.detail["removed"] == "consent_withdrawn"
