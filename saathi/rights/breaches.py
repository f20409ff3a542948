"""The breach register: record, notify each affected member, report to the Board (72 h)."""

from __future__ import annotations

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
    audit.record(
        audit.Action.PRINT,
        actor=actor,
        obj=breach,
        organisation_id=breach.organisation_id,
        detail={"report": "board"},
    )
    return HTML(string=html).write_pdf()
