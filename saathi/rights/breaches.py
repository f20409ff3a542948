"""The breach register: record, notify each affected member, report to the Board (72 h)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saathi.core import audit, sms
from saathi.core.access import require_cap_for
from saathi.core.policy import Cap
from saathi.people.services import next_reference

from .models import Breach

TEXT_FIELDS = ("occurred", "nature", "consequences", "mitigation", "member_steps", "contact")
MAX_REFERENCES = 20000
_SPLIT = re.compile(r"[\s,;]+")


def parse_references(text: str) -> list[str]:
    """Member references as typed or pasted: one a line or comma-separated, in any case;
    each once, in the order typed."""
    seen: dict[str, None] = {}
    for ref in _SPLIT.split(text or ""):
        if ref:
            seen.setdefault(ref.upper(), None)
    return list(seen)


def members_by_reference(organisation, references: list[str]):
    """The organisation's members with these references, and the references not found
    (another organisation's member is not found either)."""
    from saathi.people.models import Member

    found = {}
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        for m in Member.objects.filter(organisation=organisation, reference__in=chunk):
            found[m.reference.upper()] = m
    return list(found.values()), [r for r in references if r not in found]


def breach_record_from_references(
    *, organisation, detected_at, member_references: str, actor, **texts
) -> Breach:
    """Record a breach from the form: the affected members as their references typed or
    pasted. Every unknown reference is named at the field; nothing is recorded then."""
    require_cap_for(actor, Cap.APPROVE_ERASURE, organisation.pk)
    errors: dict[str, list[str]] = {}
    if detected_at > timezone.now():
        errors["detected_at"] = [_("The time cannot be in the future.")]
    references = parse_references(member_references)
    if len(references) > MAX_REFERENCES:
        errors["member_references"] = [
            _("At most %(n)s references at a time.") % {"n": MAX_REFERENCES}
        ]
        references = []
    members, unknown = members_by_reference(organisation, references)
    if unknown:
        errors["member_references"] = [
            _("No member of this organisation has the reference %(ref)s.") % {"ref": ref}
            for ref in unknown[:50]
        ]
        if len(unknown) > 50:
            errors["member_references"].append(
                _("And %(n)s more references not found.") % {"n": len(unknown) - 50}
            )
    for name in TEXT_FIELDS:
        if not (texts.get(name) or "").strip():
            errors[name] = [_("This is needed for the report to the Board.")]
    if errors:
        raise ValidationError(errors)
    return breach_record(
        organisation=organisation,
        detected_at=detected_at,
        members=members,
        actor=actor,
        **{k: texts[k].strip() for k in TEXT_FIELDS},
    )


def breach_record(*, organisation, detected_at, members, actor, **texts) -> Breach:
    """Record a breach (organisation admins)."""
    require_cap_for(actor, Cap.APPROVE_ERASURE, organisation.pk)
    with transaction.atomic():
        breach = Breach.objects.create(
            reference=next_reference("BR")[0],
            organisation=organisation,
            detected_at=detected_at,
            recorded_by=actor,
            **{k: texts.get(k, "") for k in TEXT_FIELDS},
        )
        breach.members.set([m for m in members if m.organisation_id == organisation.pk])
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=breach,
            organisation_id=organisation.pk,
            detail={"members": breach.members.count()},
        )
    return breach


def breach_notify(*, breach: Breach, actor) -> int:
    """Tell each affected member through her registered phone, in her language. The text
    names nothing sensitive: that there is a notice about her data, and whom to ask."""
    from saathi.people.models import MemberPhone

    require_cap_for(actor, Cap.APPROVE_ERASURE, breach.organisation_id)
    sent = 0
    phones = MemberPhone.objects.filter(member__in=breach.members.all()).select_related("member")
    done: set[int] = set()
    messages = []
    for phone in phones:
        if phone.member_id in done:
            continue
        done.add(phone.member_id)
        with translation.override(phone.member.preferred_language):
            text = _("Saathi: a notice about your data. Please call %(contact)s.") % {
                "contact": breach.contact
            }
        messages.append((phone.number.unseal_for_system(), text))
        sent += 1
    with transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(notified_at=timezone.now(), notified=sent)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=breach,
            organisation_id=breach.organisation_id,
            detail={"notified": sent},
        )
        transaction.on_commit(lambda: [sms.send(n, t) for n, t in messages])
    breach.refresh_from_db()
    return sent


def board_report_pdf(breach: Breach, *, actor) -> bytes:
    """The detailed report to the Data Protection Board, from the register (English)."""
    from weasyprint import HTML

    require_cap_for(actor, Cap.APPROVE_ERASURE, breach.organisation_id)
    with translation.override("en"):
        html = render_to_string(
            "rights/breach_report.html",
            {"b": breach, "count": breach.members.count(), "now": timezone.localtime()},
        )
    pdf = HTML(string=html).write_pdf()
    with transaction.atomic():
        audit.record(
            audit.Action.PRINT,
            actor=actor,
            obj=breach,
            organisation_id=breach.organisation_id,
            detail={"report": "board"},
        )
        if breach.board_report_at is None:  # the first report made from the register
            breach.board_report_at = timezone.now()
            Breach.objects.filter(pk=breach.pk, board_report_at__isnull=True).update(
                board_report_at=breach.board_report_at
            )
    return pdf
