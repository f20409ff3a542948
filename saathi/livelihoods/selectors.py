"""Reads for the livelihoods pages and API; always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from saathi.core import audit, policy
from saathi.core.confidential import reveal
from saathi.core.policy import Cap
from saathi.people.models import Collective, Member, Membership

from .models import (
    Debt,
    Device,
    FollowUp,
    HealthDrive,
    HealthStep,
    Support,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class SupportFilters:
    activity: str = ""
    kind: str = ""
    loans_open: bool = False


def supports_matching(user, filters: SupportFilters = SupportFilters()) -> QuerySet[Support]:
    qs = Support.objects.visible_to(user)
    if filters.activity:
        qs = qs.filter(activity=filters.activity)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.loans_open:
        qs = qs.filter(kind="loan", repaid__lt=F("amount") + F("interest_total"))
    return qs.order_by("-given_on", "-id")


class _IdsFirstPaginator(Paginator):
    """On PostgreSQL, finds the page's ids first (an index-only scan of the list index),
    then reads those rows through the same scoped queryset.

    PostgreSQL read the table row of each of the 187,000 supports that page 3,750 skips
    (110 ms). SQLite skips them on the index already (it reads a row only when it is
    returned), and given the ids it walked the list index again instead of reading
    them by key: there the page is one query, as before."""

    def page(self, number):
        if connection.vendor != "postgresql":
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        # unordered, so that both databases read them by primary key (ordered, SQLite
        # walked the list index again), then put in the page's order
        found = {r.pk: r for r in self.object_list.filter(pk__in=ids).order_by()} if ids else {}
        return self._get_page([found[i] for i in ids if i in found], number, self)


def support_list(user, filters: SupportFilters, page=1) -> Page:
    # prefetched, not joined: a deep page skips its rows on the support index alone
    qs = supports_matching(user, filters).prefetch_related("member", "campaign")
    return _IdsFirstPaginator(qs, PAGE_SIZE).get_page(page)


def member_supports(user, member: Member) -> list[Support]:
    return list(
        Support.objects.visible_to(user)
        .filter(member=member)
        .select_related("campaign")
        .order_by("-given_on", "-id")[:PAGE_SIZE]
    )


def follow_ups_of(support: Support) -> list[FollowUp]:
    return list(support.follow_ups.order_by("months"))


# ------------------------------------------------------------------------ debts
def may_see_debts(user, member: Member) -> bool:
    return policy.has_cap_for(user, Cap.VIEW_DEBTS, member.organisation_id, member.collective_ids())


def member_debts(user, member: Member) -> list[Debt]:
    if not may_see_debts(user, member):
        return []
    return list(Debt.objects.visible_to(user).filter(member=member).order_by("-created_at"))


def debt_list(user, *, at_risk: bool = False, page=1) -> Page:
    qs = Debt.objects.visible_to(user).select_related("member")
    if at_risk:
        qs = qs.at_risk()
    qs = qs.order_by("risk_reviewed_at", "-risk", "-created_at", "-id")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def debt_details(user, debt: Debt) -> str:
    """Who the lender is, in her words: decrypted for those who may see debts, audited."""
    return reveal(user, debt, ["details"], cap=Cap.VIEW_DEBTS)["details"]


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "legal" or "livelihood"
    url: str


def debt_suggestions(user, debt: Debt) -> list[Suggestion]:
    """The supports the platform has that a debt-bondage risk calls for, that ``user``
    may open for her: legal aid (a matter) and a livelihood support."""
    from django.urls import reverse

    member = debt.member
    reach = (member.organisation_id, member.collective_ids())
    out = []
    if policy.has_cap_for(user, Cap.VIEW_LEGAL, *reach):
        out.append(Suggestion("legal", reverse("legal:member", args=[member.uuid])))
    if policy.has_cap_for(user, Cap.RECORD_LIVELIHOODS, *reach):
        out.append(
            Suggestion("livelihood", reverse("livelihoods:support_create", args=[member.uuid]))
        )
    return out


# ------------------------------------------------------------------------ devices
def device_list(user, *, status: str = "", page=1) -> Page:
    qs = Device.objects.visible_to(user).select_related("member", "collective")
    if status:
        qs = qs.filter(status=status)
    return Paginator(qs.order_by("-given_on", "-id"), PAGE_SIZE).get_page(page)


def devices_found(user, serial: str) -> list[Device]:
    """Devices whose IMEI or serial is ``serial`` (through its keyed hash), audited."""
    from .services import serial_hash

    found = list(
        Device.objects.visible_to(user)
        .filter(serial_hash=serial_hash(serial))
        .select_related("member", "collective")[:10]
    )
    audit.record(
        audit.Action.VIEW_PERSONAL,
        actor=user,
        object_type="livelihoods.device",
        object_id="serial-search",
        organisation_id=getattr(user, "organisation_id", None),
        fields=["serial"],
        detail={"found": len(found)},
    )
    return found


def device_serial(user, device: Device) -> str:
    """The whole IMEI or serial for those who manage devices (a theft report): audited."""
    if not policy.has_cap_for(user, Cap.MANAGE_DEVICES, *device.scope_reach()):
        return ""
    value = device.serial.unseal_for_system() if device.serial else ""
    audit.record(audit.Action.VIEW_PERSONAL, actor=user, obj=device, fields=["serial"])
    return value


def member_devices(user, member: Member) -> list[Device]:
    return list(
        Device.objects.visible_to(user).filter(member=member).order_by("-given_on")[:PAGE_SIZE]
    )


# -------------------------------------------------------------------- health drives
def drive_list(user, page=1) -> Page:
    qs = HealthDrive.objects.visible_to(user).select_related("collective")
    return Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page)


def _drive_members(user, drive: HealthDrive) -> QuerySet[Member]:
    """The members a drive aims at that ``user`` reaches: its collective's current
    members (or the organisation's), never archived."""
    qs = Member.objects.visible_to(user).active().filter(organisation_id=drive.organisation_id)
    if drive.collective_id:
        qs = qs.filter(
            pk__in=Membership.objects.filter(
                collective_id=drive.collective_id, left_on__isnull=True
            ).values("member_id")
        )
    return qs


def may_see_drive_members(user, drive: HealthDrive) -> bool:
    """An ART drive's member lists need the confidential capability (who lives with HIV)."""
    if not drive.confidential:
        return True
    colls = [drive.collective_id] if drive.collective_id else []
    return policy.has_cap_for(user, Cap.VIEW_CONFIDENTIAL, drive.organisation_id, colls)


@dataclass
class CollectiveProgress:
    collective: Collective | None
    reached: int
    members: int


def drive_progress(user, drive: HealthDrive) -> tuple[int, list[CollectiveProgress]]:
    """Members reached (the goal step) overall, and by collective (suppressed counts are
    the template's concern for viewers, who do not reach drives)."""
    reached_ids = HealthStep.objects.filter(drive=drive, step=drive.goal_step).values("member_id")
    total = HealthStep.objects.filter(drive=drive, step=drive.goal_step).count()
    memberships = Membership.objects.filter(
        left_on__isnull=True, collective__organisation_id=drive.organisation_id
    )
    if drive.collective_id:
        memberships = memberships.filter(collective_id=drive.collective_id)
    scope = policy.scope_for(user, Cap.VIEW_LIVELIHOODS)
    if drive.organisation_id not in scope.organisations:
        memberships = memberships.filter(collective_id__in=scope.collectives)
    rows = (
        memberships.values("collective_id")
        .annotate(
            members=Count("member_id", distinct=True),
            reached=Count("member_id", filter=Q(member_id__in=reached_ids), distinct=True),
        )
        .order_by("collective_id")
    )
    names = Collective.objects.in_bulk([r["collective_id"] for r in rows])
    return total, [
        CollectiveProgress(names.get(r["collective_id"]), r["reached"], r["members"]) for r in rows
    ]


def not_reached(user, drive: HealthDrive, step: str, page=1) -> Page:
    """Members of the drive without ``step`` yet: the leader's list of whom to reach."""
    done = HealthStep.objects.filter(drive=drive, step=step).values("member_id")
    qs = _drive_members(user, drive).exclude(pk__in=done).order_by("display_name", "id")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def steps_of(user, drive: HealthDrive, page=1) -> Page:
    qs = (
        HealthStep.objects.visible_to(user)
        .filter(drive=drive)
        .select_related("member")
        .order_by("-on", "-id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


def member_steps(user, member: Member) -> list[HealthStep]:
    rows = (
        HealthStep.objects.visible_to(user)
        .filter(member=member)
        .select_related("drive")
        .order_by("on", "id")
    )
    return [s for s in rows if may_see_drive_members(user, s.drive)]


def drive_member_choices(user, drive: HealthDrive, ids) -> list[Member]:
    """The ticked members, reached through the drive's own member list."""
    return list(_drive_members(user, drive).filter(uuid__in=ids))
