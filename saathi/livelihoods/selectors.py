"""Reads for the livelihoods pages and API; always through ``visible_to``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from saathi.core import audit, policy
from saathi.core.confidential import reveal
from saathi.core.keyset import KeysetPage, keyset_page
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


def support_list(user, filters: SupportFilters, after: str = "") -> KeysetPage:
    """One page of 50 supports by keyset (``after``: the uuid of the last one shown), with
    their count up to 10,000 ("more than 10,000"). An offset page walked every support
    before it and the count read all of them on every page: a leader's page 1,498 took
    200-400 ms, her page 1 over 150 ms on PostgreSQL (bench/README.md, "Livelihoods")."""
    # prefetched, not joined: the page is read from the support index alone
    qs = supports_matching(user, filters).prefetch_related("member", "campaign")
    params = [
        ("activity", filters.activity),
        ("kind", filters.kind),
        ("open", "1" if filters.loans_open else ""),
    ]
    return keyset_page(qs, date_field="given_on", after=after, per_page=PAGE_SIZE, params=params)


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


@dataclass
class DigitalSkills:
    """A device holder's digital-skills trainings (the facilitation module's, issue 18
    item 3), and where to record one ("" when the user may not)."""

    trainings: list  # collectives.TrainingParticipant, with .training
    record_url: str


def device_digital_skills(user, device: Device) -> DigitalSkills | None:
    """The holder's trainings on using a smartphone, Zoom and WhatsApp safely, read
    through the collectives module (scoped: a leader sees her collective's), and a link
    to its training form filled in for one. None for a device held by no one."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext

    from saathi.collectives.models import TrainingSubject
    from saathi.collectives.selectors import trainings_on

    if device.member_id is None:
        return None
    subject = TrainingSubject.DIGITAL_SKILLS
    trainings = (
        trainings_on(user, device.member, subject)
        if policy.has_cap(user, Cap.VIEW_SESSIONS)
        else []
    )
    url = ""
    org, colls = device.scope_reach()
    if policy.has_cap_for(user, Cap.MANAGE_TRAININGS, org, colls):
        # a collective she manages trainings of: the device's, else one of the holder's
        managed = [c for c in colls if policy.has_cap_for(user, Cap.MANAGE_TRAININGS, org, [c])]
        query = {"subject": subject, "title": gettext("Digital skills")}
        if managed:
            query["collective"] = str(
                Collective.objects.filter(pk=managed[0]).values_list("uuid", flat=True).get()
            )
        url = reverse("collectives:training_create") + "?" + urlencode(query)
    return DigitalSkills(trainings=trainings, record_url=url)


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


def _whole_collective(user, drive: HealthDrive) -> bool:
    """A drive of one collective whose members ``user`` all sees: its lists and counts
    are read from the collective's memberships (``membership_list``) alone."""
    if not drive.collective_id:
        return False
    scope = policy.scope_for(user, Cap.VIEW_MEMBERS)
    return drive.organisation_id in scope.organisations or drive.collective_id in set(
        scope.collectives
    )


def _without_step(drive: HealthDrive, step: str, ref: str):
    """NOT EXISTS her ``step`` in the drive: an anti-join, one probe of
    ``health_step_once`` (drive, member, step) per member."""
    return ~Exists(HealthStep.objects.filter(drive_id=drive.pk, step=step, member_id=OuterRef(ref)))


def _current_memberships(drive: HealthDrive) -> QuerySet[Membership]:
    """The drive's collective's current memberships of members not archived (a drive of
    one collective: see :func:`_whole_collective`)."""
    assert drive.collective_id is not None
    return Membership.objects.filter(
        collective_id=drive.collective_id, left_on__isnull=True, member_archived=False
    )


def _not_reached_keys(drive: HealthDrive, step: str) -> QuerySet[Membership]:
    """Memberships of the drive's collective without ``step``, in name order: walked on
    ``membership_list`` (collective, name, member, archived, left_on), each probing the
    steps' index; a page stops at 50, a count probes once per member (33,000: 20 ms on
    SQLite, where reading the members' rows and a list of the steps took 160 ms)."""
    return (
        _current_memberships(drive)
        .filter(_without_step(drive, step, "member_id"))
        .order_by("member_name", "member_id")
    )


class _MembersByKeys:
    """What the Paginator slices: a page of member ids from ``keys`` (memberships in
    name order), then those members by id, in that order; ``count`` when it is known."""

    def __init__(self, keys, count: int | None = None):
        self.keys = keys
        self._count = count

    def count(self) -> int:
        if self._count is None:
            self._count = self.keys.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k):
        if not isinstance(k, slice):
            raise TypeError("the list is only sliced by pages")
        ids = list(self.keys.values_list("member_id", flat=True)[k])
        found = Member.objects.in_bulk(ids)
        return [found[i] for i in ids if i in found]


def drive_progress(user, drive: HealthDrive) -> tuple[int, list[CollectiveProgress]]:
    """Members reached (the goal step) overall, and by collective (suppressed counts are
    the template's concern for viewers, who do not reach drives)."""
    total = HealthStep.objects.filter(drive=drive, step=drive.goal_step).count()
    if _whole_collective(user, drive):
        # her collective's members counted on membership_list, those not reached by the
        # anti-join: where COUNT(DISTINCT) over the memberships against a list of the
        # steps took 60 ms
        members = _current_memberships(drive).count()
        left = _not_reached_keys(drive, drive.goal_step).count()
        return total, [CollectiveProgress(drive.collective, members - left, members)]
    reached_ids = HealthStep.objects.filter(drive=drive, step=drive.goal_step).values("member_id")
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


def not_reached(
    user, drive: HealthDrive, step: str, page=1, *, progress: Sequence[CollectiveProgress] = ()
) -> Page:
    """Members of the drive without ``step`` yet: the leader's list of whom to reach.
    ``progress``: the drive's :func:`drive_progress` rows, when the page has them (its
    goal step's count of those not reached is then known)."""
    if _whole_collective(user, drive):
        count = None
        if step == drive.goal_step and len(progress) == 1:
            count = progress[0].members - progress[0].reached
        keys = _MembersByKeys(_not_reached_keys(drive, step), count)
        return Paginator(keys, PAGE_SIZE).get_page(page)  # type: ignore[arg-type]
    qs = (
        _drive_members(user, drive)
        .filter(_without_step(drive, step, "pk"))
        .order_by("display_name", "id")
    )
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
