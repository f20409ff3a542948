"""Erasure (ADR 0034): four eyes, legal hold, crypto-shredding that reaches backups."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import Sum

from saathi.core import crypto, files, keystore, subjects, vault
from saathi.core.fields import encrypted_fields
from saathi.core.models import AuditEvent, Consent
from saathi.core.policy import Role
from saathi.people import selectors as people_selectors
from saathi.people import services as people_services
from saathi.people.models import HistoricalMember, IdentityDocument, Member, MemberName
from saathi.rights import services
from saathi.rights.models import Erasure, Kind, RefusalCode, Status

from ...core.tests.samples import png_bytes, upload


def _request(world, member, kind=Kind.ERASURE, role=Role.SOCIAL_WORKER):
    return services.request_record(
        member=member,
        kind=kind,
        verification="in_person_document",
        language="bn",
        details="Please erase everything about me",
        actor=world.user("a", role),
    )


def _backup_copy(member) -> tuple[list[str], list[tuple[bytes, bytes]]]:
    """What a backup of the database and the private files holds of her: every encrypted
    value of every record of hers (history rows included), every private file's bytes."""
    tokens, blobs = [], []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        where = subjects.member_filter(model, [member.pk])
        if not fields or where is None:
            continue
        for f in fields:
            for sealed in model._base_manager.filter(**where).values_list(f.attname, flat=True):
                if sealed:
                    tokens.append(sealed.token)
    for declared in vault.private_file_fields():
        where = subjects.member_filter(declared.model, [member.pk])
        if where is None:
            continue
        for obj in declared.model._base_manager.filter(**where).exclude(
            **{declared.field.attname: ""}
        ):
            name = getattr(obj, declared.field.attname)
            blobs.append((files.private_path(name).read_bytes(), declared.field.aad_for(obj)))
    return tokens, blobs


def _aggregates():
    from saathi.funds.models import Donation, Expenditure
    from saathi.relief.models import Distribution

    return {
        "members": Member.objects.count(),
        "distributions": Distribution.objects.count(),
        "distributed": Distribution.objects.aggregate(s=Sum("amount"))["s"],
        "spent": Expenditure.objects.aggregate(s=Sum("amount"))["s"],
        "donated": Donation.objects.aggregate(s=Sum("amount"))["s"],
        "consents": Consent.objects.count(),
    }


@pytest.fixture
def rich_member(world):
    """a1 with a document scan, a phone, history, a distribution with a signed receipt."""
    from saathi.relief import services as relief
    from saathi.relief.models import Distribution
    from saathi.relief.tests.helpers import dist_input, make_campaign, make_programme

    sw = world.user("a", Role.SOCIAL_WORKER)
    member = world.members["a1"]
    people_services.member_update(member=member, changes={"trafficking_history": "TH"}, actor=sw)
    people_services.document_save(
        member=member,
        data={"kind": "voter_id", "status": "held", "number": "WB/01/123/456789"},
        upload=upload("card.png", png_bytes()),
        actor=sw,
    )
    programme = make_programme(world, campaign=make_campaign(world))
    relief.distribution_record(
        data=dist_input(programme, member, "Cash support", ack_method=Distribution.Ack.SIGNATURE),
        ack_upload=upload("sig.png", png_bytes(3, 3)),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    return Member.objects.get(pk=member.pk)


def test_erasure_needs_a_second_person_who_is_an_admin(world):
    member = world.members["a1"]
    req = _request(world, member, role=Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as err:
        services.erasure_approve(request=req, actor=world.user("a", Role.ORG_ADMIN))
    assert "four eyes" in str(err.value.message_dict["outcome"])
    req = _request(world, member)
    with pytest.raises(PermissionDenied):
        services.erasure_approve(request=req, actor=world.user("a", Role.FACILITATOR))
    with pytest.raises(PermissionDenied):  # another organisation's admin
        services.erasure_approve(request=req, actor=world.user("b", Role.ORG_ADMIN))
    assert Member.objects.get(pk=member.pk).display_name == "Lakshmi Das"


def test_an_open_legal_matter_refuses_the_erasure_with_the_reason(world):
    from saathi.legal.tests.factories import matter

    matter(world)
    req = _request(world, world.members["a1"])
    req = services.erasure_approve(request=req, actor=world.user("a", Role.ORG_ADMIN))
    assert req.status == Status.REFUSED
    assert req.refusal_code == RefusalCode.LEGAL_HOLD
    assert Member.objects.get(pk=world.members["a1"].pk).display_name == "Lakshmi Das"
    assert keystore.has_key(world.members["a1"].uuid)


def test_erasure_reaches_a_copy_taken_before_it(
    world, rich_member, django_capture_on_commit_callbacks
):
    member = rich_member
    other = world.members["a2"]
    copy_tokens, copy_blobs = _backup_copy(member)
    assert len(copy_tokens) >= 8 and len(copy_blobs) == 2  # scan and signed receipt
    assert crypto.decrypt_text(copy_tokens[0]) is not None
    before = _aggregates()
    req = _request(world, member)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.erasure_approve(request=req, actor=world.user("a", Role.ORG_ADMIN))
    assert req.status == Status.ERASED
    keystore.clear_cache()  # a fresh process, opening the old copy with the current keys
    for token in copy_tokens:
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_text(token)
    for blob, aad in copy_blobs:
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_bytes(blob, aad=aad)
    # the live database holds nothing of her: no value, no history, no hash, no name
    assert _backup_copy(member) == ([], [])
    assert not HistoricalMember.objects.filter(id=member.pk).exists()
    assert not MemberName.objects.filter(member=member).exists()
    assert not IdentityDocument.objects.filter(member=member).exists()
    erased = Member.objects.get(pk=member.pk)
    pseudonym = Erasure.objects.get(member=erased).pseudonym
    assert erased.display_name == pseudonym == erased.reference
    assert erased.native_name == "" and "lakshmi" not in erased.search_text
    # aggregates and the ledger's sums unchanged; the other member untouched
    assert _aggregates() == before
    assert Member.objects.get(pk=other.pk).occupation.unseal_for_system() == "SECRET-OCCUPATION"
    # the audit chain still verifies and refers to her pseudonym
    call_command("audit_verify", stdout=io.StringIO())
    event = AuditEvent.objects.filter(object_id=pseudonym).get()
    assert event.detail == {"erased": pseudonym, "reason": "request"}
    # gone from search, by name and by phone
    qs = Member.objects.all()
    assert not people_selectors.search_members(qs, "Lakshmi").filter(pk=member.pk).exists()
    assert not people_selectors.search_members(qs, "9876543210").exists()
    # a second request for her is refused
    with pytest.raises(ValidationError):
        _request(world, erased)

    # rotating keys and sealing again afterwards go on without her
    call_command("member_keys", stdout=io.StringIO())
    call_command("rotate_keys", stdout=io.StringIO())
