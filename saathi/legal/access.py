"""The only way a view gets one legal record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
A matter is reached with the summary capability; its parts (hearings, claims, threats)
only with the full view (``manage_legal_matters`` or ``reveal_legal_matters``).
"""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap
from saathi.people.models import Member

from .models import (
    Compensation,
    Complaint,
    DisclosureConsent,
    Hearing,
    LegalMatter,
    MatterDocument,
    ProtectionApplication,
    Threat,
)


def access_member(user, uuid, cap: str | None = None) -> Member:
    """A member whose legal matters ``user`` may see (and, with ``cap``, write)."""
    return fetch(
        Member.objects.visible_to(user, Cap.VIEW_LEGAL).select_related("organisation"),
        user,
        uuid,
        cap=cap,
    )


def access_matter(user, uuid, cap: str | None = None) -> LegalMatter:
    return fetch(
        LegalMatter.objects.visible_to(user).select_related(
            "member", "organisation", "disclosure_consent", "responsible"
        ),
        user,
        uuid,
        cap=cap,
    )


def access_hearing(user, uuid, cap: str | None = None) -> Hearing:
    return fetch(
        Hearing.objects.visible_to(user).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda h: h.matter.member.scope_reach(),
    )


def access_compensation(user, uuid, cap: str | None = None) -> Compensation:
    return fetch(
        Compensation.objects.visible_to(user).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda c: c.matter.member.scope_reach(),
    )


def access_threat(user, uuid, cap: str | None = None) -> Threat:
    return fetch(
        Threat.objects.visible_to(user).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda t: t.matter.member.scope_reach(),
    )


def access_protection(user, uuid, cap: str | None = None) -> ProtectionApplication:
    return fetch(
        ProtectionApplication.objects.visible_to(user).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda p: p.matter.member.scope_reach(),
    )


def access_document(user, uuid, cap: str | None = None) -> MatterDocument:
    """A document of a matter: only with the full view (advocates, admins' reveal)."""
    return fetch(
        MatterDocument.objects.visible_to(user, _full_cap(user)).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda d: d.matter.member.scope_reach(),
    )


def access_complaint(user, uuid, cap: str | None = None) -> Complaint:
    return fetch(
        Complaint.objects.visible_to(user, _full_cap(user)).select_related(
            "matter__member", "duty_bearer"
        ),
        user,
        uuid,
        cap=cap,
        reach=lambda c: c.matter.member.scope_reach(),
    )


def _full_cap(user) -> str:
    """Advocates reach parts of matters by managing them; admins by their reveal."""
    from saathi.core import policy

    return Cap.MANAGE_LEGAL if policy.has_cap(user, Cap.MANAGE_LEGAL) else Cap.REVEAL_LEGAL


def access_disclosure_consent(user, uuid, cap: str | None = None) -> DisclosureConsent:
    return fetch(
        DisclosureConsent.objects.filter(
            matter__in=LegalMatter.objects.visible_to(user, Cap.MANAGE_LEGAL).values("pk")
        ).select_related("matter__member"),
        user,
        uuid,
        cap=cap,
        reach=lambda c: c.matter.member.scope_reach(),
    )


def may(user, cap: str, obj) -> bool:
    """Does ``user`` hold ``cap`` on this matter (or member)?"""
    member = obj if isinstance(obj, Member) else obj.member
    return scope.has_cap_for(user, cap, *member.scope_reach())


def full_view(user, matter) -> bool:
    """May ``user`` see the whole matter (not only its stage and next date)?"""
    return may(user, Cap.MANAGE_LEGAL, matter) or may(user, Cap.REVEAL_LEGAL, matter)
