"""Facilitation: the directory of duty bearers (and, later in this module, group sessions,
decisions, trainings and collective claims)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.models import OwnedRecord
from saathi.people.choices import Language, State

from .querysets import (
    ActionItemQuerySet,
    DecisionQuerySet,
    DutyBearerQuerySet,
    GroupSessionQuerySet,
)


class Level(models.TextChoices):
    """Where an office sits, from the village up."""

    PANCHAYAT = "panchayat", _("Gram panchayat")
    BLOCK = "block", _("Block")
    MUNICIPALITY = "municipality", _("Municipality or corporation")
    SUBDIVISION = "subdivision", _("Sub-division")
    DISTRICT = "district", _("District")
    STATE = "state", _("State")
    NATIONAL = "national", _("National")


# levels below the state: the office sits in a district, which the directory must name
DISTRICT_LEVELS = frozenset(
    {Level.PANCHAYAT, Level.BLOCK, Level.MUNICIPALITY, Level.SUBDIVISION, Level.DISTRICT}
)


class DutyBearer(OwnedRecord):
    """An office and (when known) its official, to whom claims, petitions, complaints and
    letters are addressed. One directory per organisation, shared by every module that
    writes to an authority (collective claims, advocacy, legal)."""

    reference_prefix = "DTY"

    title = models.CharField(
        _("title or post"), max_length=200, help_text=_("For example: District Collector")
    )
    official_name = models.CharField(
        _("name of the official"),
        max_length=200,
        blank=True,
        help_text=_("Officials change: leave empty to write to the post."),
    )
    office = models.CharField(
        _("office"),
        max_length=200,
        help_text=_("For example: Office of the District Magistrate, North 24 Parganas"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("office email"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DutyBearerQuerySet.as_manager()

    class Meta:
        ordering = ["title", "office", "id"]
        indexes = [
            models.Index(fields=["organisation", "title", "office", "id"], name="dutybearer_org"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.office}"

    @property
    def active(self) -> bool:
        return self.archived_at is None

    def address_lines(self) -> list[str]:
        """The addressee block of a letter or petition: post, office, department, address."""
        lines = [self.title]
        if self.official_name:
            lines.insert(0, self.official_name)
        lines.append(self.office)
        if self.department:
            lines.append(self.department)
        if self.address:
            lines.extend(p.strip() for p in self.address.splitlines() if p.strip())
        return lines


# ------------------------------------------------------------------ group sessions
class SessionKind(models.TextChoices):
    GENERAL = "general", _("General meeting")
    PEER_SUPPORT = "peer_support", _("Peer support")
    AWARENESS = "awareness", _("Awareness")
    MOBILISATION = "mobilisation", _("Mobilisation")
    LEADERSHIP = "leadership_training", _("Leadership training")
    ONLINE = "online", _("Online meeting")


class GroupSession(OwnedRecord):
    """A meeting of a collective, led by one of its leaders (a facilitator may support)."""

    reference_prefix = "SES"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of session"), max_length=24, choices=SessionKind.choices)
    on = models.DateField(_("date"))
    at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=300, blank=True)
    led_by = models.ForeignKey(
        "people.Member",
        verbose_name=_("led by (a leader)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator supporting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_language = models.CharField(
        _("language of the minutes"), max_length=8, choices=Language.choices, blank=True
    )
    guests = models.PositiveIntegerField(_("guests (not members)"), default=0)
    present_count = models.PositiveIntegerField(default=0, editable=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["collective", "-on", "-id"], name="session_collective"),
            models.Index(fields=["organisation", "-on", "-id"], name="session_org"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class Attendance(models.Model):
    """One member present at one session (absence is the lack of a row)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
        ]
        indexes = [models.Index(fields=["member", "session"], name="attendance_member")]


class DecisionOutcome(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")
    DEFERRED = "deferred", _("Put off to a later meeting")


class Decision(OwnedRecord):
    reference_prefix = "DEC"

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="decisions")
    collective = models.ForeignKey("people.Collective", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("decision"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=DecisionOutcome.choices, default="agreed"
    )
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]


class ItemStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(OwnedRecord):
    """Who does what by when, agreed at a session; open items go on the agenda of the
    person responsible and show on the collective's next session."""

    reference_prefix = "ACT"

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="action_items")
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("from the decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    collective = models.ForeignKey("people.Collective", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("what is to be done"), max_length=300)
    member = models.ForeignKey(
        "people.Member",
        verbose_name=_("who does it (a member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who does it (a user)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["collective", "status", "due_on", "id"], name="item_collective"),
            models.Index(fields=["user", "status", "due_on"], name="item_user"),
            models.Index(fields=["organisation", "status", "due_on", "id"], name="item_org"),
        ]

    @property
    def who(self) -> str:
        if self.member_id:
            return self.member.native_name or self.member.display_name
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return ""
