"""Writes to the registry: atomic, audited in the same transaction, never logging names."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, consent, crypto, names, vault
from saathi.core.access import require_cap_for
from saathi.core.files import IMAGE_OR_PDF_TYPES, check_upload, private_path
from saathi.core.policy import Cap

from . import choices, identifiers
from .models import (
    Counter,
    Dependant,
    Household,
    IdentityDocument,
    Member,
    MemberName,
    MemberPhone,
    Membership,
)

logger = logging.getLogger(__name__)
ALLOWED_SCAN_TYPES = IMAGE_OR_PDF_TYPES


def next_reference(prefix: str, count: int = 1) -> list[str]:
    """Allocate ``count`` human references like ``MEM-2026-000123``."""
    year = timezone.localdate().year
    name = f"{prefix}-{year}"
    with transaction.atomic():
        Counter.objects.get_or_create(name=name)
        Counter.objects.filter(name=name).update(value=F("value") + count)
        last = Counter.objects.get(name=name).value
    return [f"{name}-{n:06d}" for n in range(last - count + 1, last + 1)]


def normalise_phone(raw: str) -> str:
    # accept native-script digits too (০-৯, ౦-౯, ०-९)
    digits = "".join(str(int(ch)) for ch in raw if ch.isdecimal())
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    return digits


def validate_phone(raw: str) -> str:
    digits = normalise_phone(raw)
    if len(digits) != 10 or digits[0] not in "6789":
        raise ValidationError(
            _("Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."),
            code="phone",
        )
    return digits


def phone_hash(digits: str) -> str:
    return crypto.blind_index(digits, "phone")


def search_text_for(reference: str, texts) -> str:
    """Member.search_text: the keys of all her names, then her reference."""
    return names.search_keys(*texts) + reference.lower() + " "


def search_keys_rebuild(member_model=None, name_model=None, batch: int = 2000) -> int:
    """Recompute ``MemberName.latin``/``key`` and ``Member.search_text`` of every member
    from her stored names (after a change to saathi.core.names); returns how many.

    The models may be a migration's historical ones (people/0006_rebuild_search_keys).
    Nothing is audited: no personal data is read or changed, only derived search keys.
    """
    if member_model is None:
        from .models import Member as member_model
        from .models import MemberName as name_model
    last = 0
    done = 0
    while True:
        members = list(
            member_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "reference", "display_name", "native_name")[:batch]
        )
        if not members:
            return done
        last = members[-1].pk
        rows = list(name_model.objects.filter(member__in=members).only("pk", "member_id", "text"))
        by_member: dict[int, list[str]] = {}
        for row in rows:
            row.latin = names.to_latin(row.text)[:200]
            row.key = names.phonetic_key(row.text)[:200]
            by_member.setdefault(row.member_id, []).append(row.text)
        for m in members:
            texts = by_member.get(m.pk, []) + [m.display_name, m.native_name]
            m.search_text = search_text_for(m.reference, texts)
        with transaction.atomic():
            name_model.objects.bulk_update(rows, ["latin", "key"], batch_size=500)
            member_model.objects.bulk_update(members, ["search_text"], batch_size=500)
        done += len(members)


def refresh_search(member: Member) -> None:
    texts = [n.text for n in member.names.all()] + [member.display_name, member.native_name]
    member.search_text = search_text_for(member.reference, texts)
    Member.objects.filter(pk=member.pk).update(search_text=member.search_text)


def refresh_membership_copies(member: Member) -> None:
    """Copy her name and archived state onto her memberships (the collective lists' index,
    see Membership.member_name); called in the transaction that changes either."""
    Membership.objects.filter(member_id=member.pk).update(
        member_name=member.display_name, member_archived=member.archived_at is not None
    )


def refresh_missing_document(member_id: int) -> None:
    missing = IdentityDocument.objects.filter(
        member_id=member_id,
        status__in=[choices.DocumentStatus.MISSING, choices.DocumentStatus.LOST],
    ).exists()
    Member.objects.filter(pk=member_id).update(has_missing_document=missing)


_require = require_cap_for


@dataclass
class NameInput:
    text: str
    kind: str = choices.NameKind.DOCUMENT
    script: str = ""


@dataclass
class MemberInput:
    organisation_id: int
    primary_name: str
    sex: str
    birth_year: int
    state: str
    district: str
    preferred_language: str
    native_name: str = ""
    gender: str = choices.Gender.NOT_STATED
    birth_date: date | None = None
    birth_year_estimated: bool = False
    block: str = ""
    village: str = ""
    other_names: list[NameInput] = field(default_factory=list)
    phone: str = ""
    phone_shared: bool = False
    collective_id: int | None = None
    collective_role: str = choices.MembershipRole.MEMBER
    confidential: dict[str, str] = field(default_factory=dict)


CONFIDENTIAL_FIELDS = ("trafficking_history", "occupation", "health_status", "hiv_status")


def _add_name(member: Member, text: str, kind: str, script: str = "", source_document=None):
    text = text.strip()
    if not text:
        return None
    return MemberName.objects.create(
        member=member,
        text=text,
        kind=kind,
        script=script or names.detect_script(text),
        source_document=source_document,
        latin=names.to_latin(text)[:200],
        key=names.phonetic_key(text)[:200],
    )


def member_register(
    *,
    data: MemberInput,
    consent_method: str,
    consent_language: str,
    witness_name: str = "",
    guardian_name: str = "",
    actor,
) -> Member:
    """Register a member. Consent for registration and services is part of the same act."""
    collective_ids = [data.collective_id] if data.collective_id else []
    _require(actor, Cap.EDIT_MEMBERS, data.organisation_id, collective_ids)
    if data.confidential and any(data.confidential.values()):
        _require(actor, Cap.EDIT_CONFIDENTIAL, data.organisation_id, collective_ids)
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    errors = consent.validate_consent_input(
        purpose=consent.Purpose.REGISTRATION,
        method=consent_method,
        witness_name=witness_name,
        partner_organisation="",
        minor=timezone.localdate().year - birth_year < 18,
        guardian_name=guardian_name,
    )
    if errors:
        # the registration form names these fields consent_method, witness_name, ...
        raise ValidationError(
            {(f"consent_{k}" if k in ("method", "purpose") else k): v for k, v in errors.items()}
        )
    digits = ""
    if data.phone:
        try:
            digits = validate_phone(data.phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    with transaction.atomic():
        member = Member(
            reference=next_reference("MEM")[0],
            organisation_id=data.organisation_id,
            display_name=data.primary_name.strip(),
            native_name=data.native_name.strip(),
            sex=data.sex,
            gender=data.gender,
            birth_date=data.birth_date.isoformat() if data.birth_date else "",
            birth_year=data.birth_date.year if data.birth_date else data.birth_year,
            birth_year_estimated=False if data.birth_date else data.birth_year_estimated,
            state=data.state,
            district=data.district.strip(),
            block=data.block.strip(),
            village=data.village.strip(),
            preferred_language=data.preferred_language,
            primary_collective_id=data.collective_id,
            created_by=actor,
        )
        for name in CONFIDENTIAL_FIELDS:
            setattr(member, name, data.confidential.get(name, ""))
        member.save()
        _add_name(member, data.primary_name, choices.NameKind.DOCUMENT)
        if data.native_name.strip():
            _add_name(member, data.native_name, choices.NameKind.NATIVE)
        for n in data.other_names:
            _add_name(member, n.text, n.kind, n.script)
        if digits:
            MemberPhone.objects.create(
                member=member,
                number=digits,
                number_hash=phone_hash(digits),
                last_digits=digits[-2:],
                shared=data.phone_shared,
            )
        if data.collective_id:
            Membership.objects.create(
                member=member, collective_id=data.collective_id, role=data.collective_role
            )
        consent.consent_record(
            member=member,
            purpose=consent.Purpose.REGISTRATION,
            method=consent_method,
            language=consent_language,
            witness_name=witness_name,
            guardian_name=guardian_name,
            actor=actor,
        )
        refresh_search(member)
        audit.record(audit.Action.CREATE, actor=actor, obj=member)
    return member


EDITABLE_FIELDS = (
    "display_name",
    "native_name",
    "sex",
    "gender",
    "birth_year",
    "birth_year_estimated",
    "state",
    "district",
    "block",
    "village",
    "preferred_language",
)


def member_update(*, member: Member, changes: dict, actor) -> Member:
    """Change ordinary fields, the birth date and confidential fields (with the right caps)."""
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids())
    confidential = {k: v for k, v in changes.items() if k in CONFIDENTIAL_FIELDS}
    if confidential:
        _require(actor, Cap.EDIT_CONFIDENTIAL, member.organisation_id, member.collective_ids())
    changed: list[str] = []
    with transaction.atomic():
        for name in EDITABLE_FIELDS:
            if name in changes and getattr(member, name) != changes[name]:
                setattr(member, name, changes[name])
                changed.append(name)
        if "birth_date" in changes:
            bd = changes["birth_date"]
            member.birth_date = bd.isoformat() if bd else ""
            if bd:
                member.birth_year = bd.year
                member.birth_year_estimated = False
            changed.append("birth_date")
        for name, value in confidential.items():
            setattr(member, name, value)
            changed.append(name)
        if not changed:
            return member
        member.save()
        if "display_name" in changed:
            refresh_membership_copies(member)
        if {"display_name", "native_name"} & set(changed):
            primary = member.names.filter(kind=choices.NameKind.DOCUMENT).first()
            if primary and "display_name" in changed:
                primary.text = member.display_name
                primary.latin = names.to_latin(primary.text)[:200]
                primary.key = names.phonetic_key(primary.text)[:200]
                primary.script = names.detect_script(primary.text)
                primary.save()
            native = member.names.filter(kind=choices.NameKind.NATIVE).first()
            if "native_name" in changed:
                if native and member.native_name:
                    native.text = member.native_name
                    native.latin = names.to_latin(native.text)[:200]
                    native.key = names.phonetic_key(native.text)[:200]
                    native.script = names.detect_script(native.text)
                    native.save()
                elif member.native_name:
                    _add_name(member, member.native_name, choices.NameKind.NATIVE)
            refresh_search(member)
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=changed)
    return member


def member_add_name(*, member: Member, text: str, kind: str, source_document=None, actor):
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids())
    if not text.strip():
        raise ValidationError({"text": _("Enter the name.")})
    if kind not in choices.NameKind.values:
        raise ValidationError({"kind": _("Choose what kind of name this is.")})
    with transaction.atomic():
        name = _add_name(member, text, kind, source_document=source_document)
        refresh_search(member)
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=["names"])
    return name


def member_add_phone(*, member: Member, raw: str, shared: bool, actor) -> MemberPhone:
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids())
    try:
        digits = validate_phone(raw)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    with transaction.atomic():
        phone = MemberPhone.objects.create(
            member=member,
            number=digits,
            number_hash=phone_hash(digits),
            last_digits=digits[-2:],
            shared=shared,
        )
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=["phones"])
    return phone


def member_join_collective(*, member: Member, collective, role: str, actor) -> Membership:
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, [collective.pk])
    if collective.organisation_id != member.organisation_id:
        raise ValidationError({"collective": _("This collective belongs to another organisation.")})
    if member.memberships.filter(collective=collective, left_on__isnull=True).exists():
        raise ValidationError({"collective": _("She is already a member of this collective.")})
    with transaction.atomic():
        m = Membership.objects.create(member=member, collective=collective, role=role)
        if member.primary_collective_id is None:
            Member.objects.filter(pk=member.pk).update(primary_collective=collective)
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=["memberships"])
    return m


def member_leave_collective(*, membership: Membership, actor) -> Membership:
    member = membership.member
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids())
    with transaction.atomic():
        membership.left_on = timezone.localdate()
        membership.save(update_fields=["left_on"])
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=["memberships"])
    return membership


def member_archive(*, member: Member, reason: str, actor) -> Member:
    _require(actor, Cap.ARCHIVE_MEMBERS, member.organisation_id, member.collective_ids())
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this record is archived.")})
    if member.archived_at:
        raise ValidationError(_("This member is already archived."))
    with transaction.atomic():
        member.archived_at = timezone.now()
        member.archived_reason = reason.strip()[:300]
        member.save(update_fields=["archived_at", "archived_reason"])
        refresh_membership_copies(member)
        audit.record(audit.Action.ARCHIVE, actor=actor, obj=member)
    return member


def member_restore(*, member: Member, actor) -> Member:
    _require(actor, Cap.ARCHIVE_MEMBERS, member.organisation_id, member.collective_ids())
    with transaction.atomic():
        member.archived_at = None
        member.archived_reason = ""
        member.save(update_fields=["archived_at", "archived_reason"])
        refresh_membership_copies(member)
        audit.record(audit.Action.RESTORE, actor=actor, obj=member)
    return member


def household_create(*, member: Member, actor) -> Household:
    """Create a household headed by ``member``."""
    _require(actor, Cap.EDIT_MEMBERS, member.organisation_id, member.collective_ids())
    if member.household_id:
        raise ValidationError(_("She already belongs to a household."))
    with transaction.atomic():
        household = Household.objects.create(
            reference=next_reference("HH")[0], organisation_id=member.organisation_id, head=member
        )
        Member.objects.filter(pk=member.pk).update(household=household)
        member.household = household
        audit.record(audit.Action.CREATE, actor=actor, obj=household)
    return household


def dependant_add(
    *, household: Household, name: str, relationship: str, birth_year: int, sex: str, actor
) -> Dependant:
    _require(actor, Cap.EDIT_MEMBERS, household.organisation_id)
    year = timezone.localdate().year
    errors = {}
    if not name.strip():
        errors["name"] = _("Enter the name.")
    if not (year - 120 <= birth_year <= year):
        errors["age"] = _("Enter an age between 0 and 120.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dep = Dependant.objects.create(
            household=household,
            name=name.strip(),
            relationship=relationship,
            birth_year=birth_year,
            sex=sex,
        )
        audit.record(audit.Action.CHANGE, actor=actor, obj=household, fields=["dependants"])
    return dep


def _check_scan(upload) -> tuple[bytes, str]:
    return check_upload(upload, "scan", ALLOWED_SCAN_TYPES)


_scan_path = private_path


DOCUMENT_FIELDS = (
    "kind",
    "other_kind",
    "status",
    "name_as_printed",
    "ration_category",
    "bank_account_type",
    "identification_route",
    "issued_on",
    "notes",
)


def _check_aadhaar(member, doc, number: str, actor, checked: bool) -> None:
    """One Aadhaar record per member, a valid number, and a warning when the number is
    already on another member that ``actor`` may see (by its keyed hash, never the number;
    members outside her scope are neither named nor counted)."""
    others = IdentityDocument.objects.filter(member=member, kind=choices.DocumentKind.AADHAAR)
    if doc.pk:
        others = others.exclude(pk=doc.pk)
    if others.exists():
        raise ValidationError(
            {"kind": _("She already has an Aadhaar record: edit that one instead.")}
        )
    if not number:
        return
    if not identifiers.aadhaar_valid(number):
        raise ValidationError(
            {"number": _("This is not a valid Aadhaar number: check the digits on the card.")}
        )
    if checked:
        return
    holders = list(
        IdentityDocument.objects.visible_to(actor)
        .filter(
            kind=choices.DocumentKind.AADHAAR, number_hash=crypto.blind_index(number, "aadhaar")
        )
        .exclude(member=member)
        .values_list("member__reference", flat=True)[:5]
    )
    if holders:
        raise ValidationError(
            {
                "number": ValidationError(
                    _(
                        "This Aadhaar number is already on the record of %(refs)s. Check the "
                        "card; if it is hers, tick the box below and save again."
                    ),
                    code="aadhaar_shared",
                    params={"refs": ", ".join(holders)},
                )
            }
        )


def document_save(
    *, member: Member, data: dict, actor, document: IdentityDocument | None = None, upload=None
) -> IdentityDocument:
    """Create or update an identity document; the number is hashed or encrypted, never logged."""
    _require(actor, Cap.EDIT_DOCUMENTS, member.organisation_id, member.collective_ids())
    scan = _check_scan(upload) if upload is not None else None
    creating = document is None
    doc = document or IdentityDocument(member=member)
    for name in DOCUMENT_FIELDS:
        if name in data:
            setattr(doc, name, data[name] if data[name] is not None else "")
    if doc.issued_on == "":
        doc.issued_on = None
    number = "".join(ch for ch in (data.get("number") or "") if ch.isalnum()).upper()
    if doc.kind == choices.DocumentKind.AADHAAR:
        _check_aadhaar(member, doc, number, actor, data.get("same_number_checked", False))
    if number:
        doc.number_hash = crypto.blind_index(number, doc.kind)
        doc.number_last4 = number[-4:]
        doc.number = "" if doc.kind == choices.DocumentKind.AADHAAR else number
    with transaction.atomic():
        doc.save()
        if scan is not None:
            content, mime = scan
            vault.store(doc, "scan_file", content)  # the old scan goes once this commits
            doc.scan_content_type, doc.scan_size = mime, len(content)
            doc.save(update_fields=["scan_file", "scan_content_type", "scan_size"])
        if data.get("name_as_printed") and creating:
            _add_name(
                member, data["name_as_printed"], choices.NameKind.DOCUMENT, source_document=doc
            )
            refresh_search(member)
        refresh_missing_document(member.pk)
        fields = sorted(k for k in data if k not in ("number", "same_number_checked")) + (
            ["number"] if number else []
        )
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=doc,
            organisation_id=member.organisation_id,
            member_id=member.pk,
            fields=fields + (["scan"] if scan else []),
        )
    return doc


COLLECTIVE_FIELDS = ("name", "name_native", "state", "districts", "founded_on", "networks")


def collective_save(*, organisation, data: dict, actor, collective=None):
    """Create or change a collective of ``organisation`` (organisation admins)."""
    from .models import Collective

    _require(actor, Cap.MANAGE_REGISTRY, organisation.pk)
    creating = collective is None
    collective = collective or Collective(organisation=organisation)
    changed = [f for f in COLLECTIVE_FIELDS if getattr(collective, f, None) != data.get(f)]
    for f in COLLECTIVE_FIELDS:
        setattr(collective, f, data.get(f) if data.get(f) is not None else "")
    if collective.founded_on == "":
        collective.founded_on = None
    with transaction.atomic():
        collective.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=collective,
            fields=changed,
        )
    return collective


ORGANISATION_FIELDS = ("name", "short_name", "is_network", "states", "districts")


def organisation_update(*, organisation, data: dict, actor):
    _require(actor, Cap.MANAGE_REGISTRY, organisation.pk)
    changed = [f for f in ORGANISATION_FIELDS if getattr(organisation, f) != data.get(f)]
    with transaction.atomic():
        for f in ORGANISATION_FIELDS:
            setattr(organisation, f, data[f])
        organisation.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=organisation,
            organisation_id=organisation.pk,
            fields=changed,
        )
    return organisation


def household_add_member(*, household: Household, member: Member, actor) -> Member:
    """Put another member of the same organisation into ``household``."""
    _require(actor, Cap.EDIT_MEMBERS, household.organisation_id, member.collective_ids())
    if member.organisation_id != household.organisation_id:
        raise ValidationError({"reference": _("This member belongs to another organisation.")})
    if member.household_id == household.pk:
        raise ValidationError({"reference": _("She is already in this household.")})
    if member.household is not None:
        raise ValidationError(
            {
                "reference": _("She already belongs to another household (%(ref)s).")
                % {"ref": member.household.reference}
            }
        )
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(household=household)
        member.household = household
        audit.record(audit.Action.CHANGE, actor=actor, obj=member, fields=["household"])
    return member
