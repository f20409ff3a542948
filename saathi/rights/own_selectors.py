"""What her own page shows: only her, in plain words."""

from __future__ import annotations

from django.utils import timezone

from saathi.core.models import AuditEvent, Consent

from .models import RightsSettings


def who_looked(member, limit: int = 30) -> list[dict]:
    """Who opened her record (from the audit chain), role and organisation; staff names
    only if her organisation chose to show them. Her own actions are left out."""
    from saathi.accounts.models import RoleGrant

    events = list(
        AuditEvent.objects.filter(member_id=member.pk)
        .exclude(actor_username__startswith="member:")
        .exclude(actor_id__isnull=True)
        .order_by("-seq")[:limit]
    )
    grants: dict[int, list[str]] = {}
    for g in RoleGrant.objects.filter(user_id__in={e.actor_id for e in events}).select_related(
        "organisation"
    ):
        grants.setdefault(g.user_id, []).append(f"{g.get_role_display()}, {g.organisation.name}")
    chosen = RightsSettings.objects.filter(organisation_id=member.organisation_id).first()
    names = bool(chosen and chosen.show_staff_names)
    labels = dict(AuditEvent.Action.choices)
    return [
        {
            "at": e.at,
            "what": labels.get(e.action, e.action),
            "who": "; ".join(grants.get(e.actor_id or 0, [])),
            "name": e.actor_username if names else "",
        }
        for e in events
    ]


def page(member) -> dict:
    from saathi.entitlements.models import Application
    from saathi.people.models import IdentityDocument

    docs = list(IdentityDocument.objects.filter(member=member).order_by("kind"))
    today = timezone.localdate()
    from saathi.legal.models import LegalMatter

    appointments = list(
        LegalMatter.objects.filter(member=member, next_date__gte=today)
        .order_by("next_date")
        .values("next_date", "court_establishment")[:5]
    )
    chosen = RightsSettings.objects.filter(organisation_id=member.organisation_id).first()
    return {
        "member": member,
        "held": [d for d in docs if d.status == "held"],
        "missing": [d for d in docs if d.status in ("missing", "lost", "applied")],
        "applications": list(
            Application.objects.filter(member=member).select_related("scheme").order_by("-id")[:20]
        ),
        "appointments": appointments,
        "consents": list(Consent.objects.filter(member=member).order_by("-given_at")),
        "looked": who_looked(member),
        "contact": chosen.contact if chosen else "",
    }
