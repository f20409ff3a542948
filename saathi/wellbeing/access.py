"""The only way a view gets one wellbeing record: scoped, 404 for "missing" and "not yours".

Every function is ``access_<entity>(user, uuid, cap=None)``, one call of ``core.access.fetch``.
"""

from saathi.core import scope
from saathi.core.access import fetch
from saathi.core.policy import Cap
from saathi.people.models import Member

from .models import (
    CounsellingSession,
    HealthSupport,
    Incident,
    Referral,
    SafetyStep,
    Screening,
)


def member_queryset(user):
    """The members whose wellbeing page ``user`` may open: she sees their sessions,
    screenings and referrals, or the facts of their incidents."""
    return Member.objects.visible_to(user, Cap.VIEW_WELLBEING) | Member.objects.visible_to(
        user, Cap.VIEW_INCIDENTS
    )


def access_member(user, uuid, cap: str | None = None) -> Member:
    return fetch(
        member_queryset(user).select_related("organisation", "primary_collective"),
        user,
        uuid,
        cap=cap,
    )


def access_session(user, uuid, cap: str | None = None) -> CounsellingSession:
    return fetch(
        CounsellingSession.objects.visible_to(user).select_related("member", "counsellor"),
        user,
        uuid,
        cap=cap,
    )


def access_screening(user, uuid, cap: str | None = None) -> Screening:
    return fetch(Screening.objects.visible_to(user).select_related("member"), user, uuid, cap=cap)


def access_safety_step(user, uuid, cap: str | None = None) -> SafetyStep:
    return fetch(
        SafetyStep.objects.visible_to(user).select_related("member", "screening"),
        user,
        uuid,
        cap=cap,
    )


def access_referral(user, uuid, cap: str | None = None) -> Referral:
    return fetch(Referral.objects.visible_to(user).select_related("member"), user, uuid, cap=cap)


def access_incident(user, uuid, cap: str | None = None) -> Incident:
    return fetch(
        Incident.objects.visible_to(user).select_related("member", "legal_matter", "referral"),
        user,
        uuid,
        cap=cap,
    )


def access_health_support(user, uuid, cap: str | None = None) -> HealthSupport:
    return fetch(
        HealthSupport.objects.visible_to(user).select_related("member"), user, uuid, cap=cap
    )


def may(user, cap: str, obj) -> bool:
    """Does ``user`` hold ``cap`` on this record (or member)?"""
    member = obj if isinstance(obj, Member) else obj.member
    return scope.has_cap_for(user, cap, *member.scope_reach())
