"""Retention (DPDP s.8(7), Rule 8): erase what has passed its period, after notice,
except under a legal hold. Run daily by cron: ``manage.py retention_sweep``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from saathi.core import audit

from . import erasure, services
from .models import RetentionKind, RetentionRule

BATCH = 500


@dataclass
class Sweep:
    due_soon: list[int] = field(default_factory=list)  # member ids, noticed
    erased: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)


def _notify(rule: RetentionRule, noticed: list) -> int:
    """Tell each member, once for each erasure date, by SMS to her registered phone in
    her language, when her record will be erased and whom to call to keep it. The text
    names nothing sensitive (not the organisation's work, not why she was registered).
    Returns how many messages were sent."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from saathi.core import sms
    from saathi.people.models import Member, MemberPhone

    from .models import RetentionNotice, RightsSettings

    due = {
        pk: (timezone.localtime(at) + timedelta(days=rule.keep_days)).date() for pk, at in noticed
    }
    already = set(
        RetentionNotice.objects.filter(member_id__in=due).values_list("member_id", "erase_on")
    )
    todo = [pk for pk, on in due.items() if (pk, on) not in already]
    if not todo:
        return 0
    settings_row = RightsSettings.objects.filter(organisation_id=rule.organisation_id).first()
    contact = settings_row.contact if settings_row else ""
    languages = dict(Member.objects.filter(pk__in=todo).values_list("pk", "preferred_language"))
    phones: dict[int, object] = {}
    for phone in MemberPhone.objects.filter(member_id__in=todo).order_by("id"):
        phones.setdefault(phone.member_id, phone)
    messages = []
    with transaction.atomic():
        for pk in todo:
            phone = phones.get(pk)
            RetentionNotice.objects.create(member_id=pk, erase_on=due[pk], sent=phone is not None)
            if phone is None:
                continue
            with translation.override(languages.get(pk) or "en"):
                text = _(
                    "Saathi: your record will be erased on %(date)s. To keep it, call "
                    "%(contact)s before then."
                ) % {"date": due[pk].strftime("%d/%m/%Y"), "contact": contact or "—"}
            messages.append((phone.number.unseal_for_system(), text))
        transaction.on_commit(lambda: [sms.send(n, t) for n, t in messages])
    return len(messages)


def sweep(*, dry_run: bool = False, now=None) -> Sweep:
    from saathi.people.models import Member

    now = now or timezone.now()
    result = Sweep()
    for rule in RetentionRule.objects.filter(kind=RetentionKind.ARCHIVED_MEMBER):
        base = Member.objects.filter(organisation_id=rule.organisation_id).exclude(
            archived_reason="erased"
        )
        limit = now - timedelta(days=rule.keep_days)
        soon = base.filter(
            archived_at__lte=limit + timedelta(days=rule.notice_days), archived_at__gt=limit
        )
        noticed = list(soon.values_list("pk", "archived_at"))
        result.due_soon += [pk for pk, _at in noticed]
        if noticed and not dry_run:
            sent = _notify(rule, noticed)
            audit.record(
                audit.Action.CHANGE,
                username="retention_sweep",
                organisation_id=rule.organisation_id,
                detail={"retention": "due_soon", "members": len(noticed), "sent": sent},
            )
        passed = list(base.filter(archived_at__lte=limit).order_by("pk"))
        holds = erasure.legal_holds([m.pk for m in passed])
        result.held += sorted(holds)
        doomed = [m for m in passed if m.pk not in holds]
        result.erased += [m.pk for m in doomed]
        if dry_run:
            continue
        for start in range(0, len(doomed), BATCH):
            with transaction.atomic():
                services.erase(doomed[start : start + BATCH], actor=None, reason="retention")
    return result
