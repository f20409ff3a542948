"""Facilitation: the directory of duty bearers (and, later in this module, group sessions,
decisions, trainings and collective claims)."""

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.cases import CaseStep
from saathi.core.models import OwnedRecord
from saathi.people.choices import Language, State

from .querysets import (
    ActionItemQuerySet,
    ClaimQuerySet,
    DecisionQuerySet,
    DutyBearerQuerySet,
    GroupSessionQuerySet,
    OfficeBearerQuerySet,
    TrainingQuerySet,
    TrainingSessionQuerySet,
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
            # organisation in the index: the scoped count and the skipped rows of a deep
            # page are read from the index alone (bench/pages_collectives.py)
            models.Index(
                fields=["collective", "organisation", "-on", "-id"], name="session_collective"
            ),
            models.Index(fields=["organisation", "-on", "-id"], name="session_org"),
            # the last three meetings whose attendance was taken ("missed three in a row")
            models.Index(
                fields=["collective", "-on", "-id"],
                name="session_taken",
                condition=models.Q(attendance_taken_at__isnull=False),
            ),
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


# ------------------------------------------------------------------ collective claims
class ClaimStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    HEARING_HELD = "hearing_held", _("Hearing or meeting held")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")
    ESCALATED = "escalated", _("Escalated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


_ANSWERS = {"granted", "partly_granted", "refused"}
_WAITING = {"acknowledged", "under_consideration", "hearing_held", *_ANSWERS}
# The transition map of a collective claim (ADR 0031): an answer may come at any stage
# after submission; a refusal or a partial grant may be escalated to a higher office,
# which starts the wait again; granted and withdrawn are final.
CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    "drafted": frozenset({"submitted", "withdrawn"}),
    "submitted": frozenset({*_WAITING, "escalated", "withdrawn"}),
    "acknowledged": frozenset({*_WAITING - {"acknowledged"}, "escalated", "withdrawn"}),
    "under_consideration": frozenset(
        {*_WAITING - {"acknowledged", "under_consideration"}, "escalated", "withdrawn"}
    ),
    "hearing_held": frozenset({"under_consideration", *_ANSWERS, "escalated", "withdrawn"}),
    "partly_granted": frozenset({"escalated", "granted"}),
    "refused": frozenset({"escalated", "withdrawn"}),
    "escalated": frozenset({*_WAITING, "withdrawn"}),
    "granted": frozenset(),
    "withdrawn": frozenset(),
}
OPEN_CLAIM_STATUSES = frozenset(s for s, nxt in CLAIM_TRANSITIONS.items() if nxt)
# a claim the government granted (in whole or in part) can start a drive for its members
DRIVE_STATUSES = frozenset({"granted", "partly_granted"})


class ClaimMethod(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum")
    PETITION = "petition", _("Petition")
    DELEGATION = "delegation", _("Delegation")
    PUBLIC_HEARING = "public_hearing", _("Public hearing")
    DHARNA = "dharna", _("Dharna (sit-in)")


PETITION_LANGUAGES = [("bn", "বাংলা"), ("te", "తెలుగు"), ("hi", "हिन्दी"), ("en", "English")]


class Claim(OwnedRecord):
    """A claim of rights by a collective to a duty bearer: a case along CLAIM_TRANSITIONS,
    its timeline in ClaimStep."""

    reference_prefix = "CLM"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    duty_bearer = models.ForeignKey(
        DutyBearer, verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="claims"
    )
    title = models.CharField(_("short title"), max_length=200)
    demand = models.TextField(_("the demand"))
    method = models.CharField(_("how it is made"), max_length=16, choices=ClaimMethod.choices)
    members = models.ManyToManyField(
        "people.Member", verbose_name=_("members it concerns"), blank=True, related_name="+"
    )
    concerns_count = models.PositiveIntegerField(
        _("how many people it concerns"), null=True, blank=True
    )
    language = models.CharField(
        _("language of the petition"), max_length=2, choices=PETITION_LANGUAGES, default="bn"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=ClaimStatus.choices, default=ClaimStatus.DRAFTED
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    response = models.TextField(_("the response"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # the drive a granted claim started (entitlements: applications for its members)
    drive = models.ForeignKey(
        "entitlements.Drive",
        verbose_name=_("drive"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(
                fields=["collective", "organisation", "-updated_at", "-id"],
                name="claim_collective",
            ),
            models.Index(fields=["organisation", "-updated_at", "-id"], name="claim_org"),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES

    @property
    def may_start_drive(self) -> bool:
        return self.status in DRIVE_STATUSES and self.drive_id is None

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        allowed = CLAIM_TRANSITIONS.get(self.status, ())
        return [(v, label) for v, label in ClaimStatus.choices if v in allowed]


class ClaimStep(CaseStep):
    """One move of a claim: its timeline."""

    case_field = "claim"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_label(self) -> str:
        return ClaimStatus(self.to_status).label if self.to_status in ClaimStatus.values else ""


# ------------------------------------------------------------------ collective profile
class Registration(models.TextChoices):
    INFORMAL = "informal", _("Informal (not registered)")
    SOCIETY = "society", _("Registered society")
    TRUST = "trust", _("Trust")
    OTHER = "other", _("Other registration")


class MeetingDay(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class CollectiveProfile(models.Model):
    """What the people app does not hold about a collective: its registration, where and
    when it meets, the networks it belongs to (one per line)."""

    collective = models.OneToOneField(
        "people.Collective", on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    registration = models.CharField(
        _("registration"), max_length=16, choices=Registration.choices, default="informal"
    )
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    meeting_day = models.CharField(
        _("regular meeting day"), max_length=3, choices=MeetingDay.choices, blank=True
    )
    meeting_frequency = models.CharField(
        _("how often it meets"), max_length=12, choices=MeetingFrequency.choices, blank=True
    )
    networks = models.TextField(_("networks it belongs to (one per line)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @property
    def network_list(self) -> list[str]:
        return [n.strip() for n in self.networks.splitlines() if n.strip()]


class Post(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    SECRETARY = "secretary", _("Secretary")
    JOINT_SECRETARY = "joint_secretary", _("Joint secretary")
    TREASURER = "treasurer", _("Treasurer")
    COMMITTEE = "committee", _("Committee member")


class OfficeBearer(models.Model):
    """A member holding a post of her collective for a term."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    collective = models.ForeignKey("people.Collective", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "people.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OfficeBearerQuerySet.as_manager()

    class Meta:
        ordering = ["-term_from", "id"]
        indexes = [models.Index(fields=["collective", "term_to"], name="bearer_collective")]


# ------------------------------------------------------------------ trainings
class TrainingSubject(models.TextChoices):
    """What a training series is about, so that other modules find theirs: a device given
    to a leader links to her digital-skills trainings (livelihoods, issue 18)."""

    LEADERSHIP = "leadership", _("Leadership")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    RIGHTS = "rights", _("Rights and entitlements")
    DIGITAL_SKILLS = "digital_skills", _("Digital skills: smartphone, Zoom, WhatsApp safety")
    LIVELIHOOD = "livelihood", _("Livelihood skills")
    OTHER = "other", _("Other")


class Training(OwnedRecord):
    """A series of training sessions (e.g. six sessions on mental health for leaders and
    staff): its topics are its sessions'; a participant completes it by attending
    ``sessions_required`` of them. Of one collective, or of the organisation (a series for
    the leaders of several collectives and the staff)."""

    reference_prefix = "TRN"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: a training of the organisation (leaders of several collectives)."),
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=16, choices=TrainingSubject.choices, blank=True, default=""
    )
    purpose = models.TextField(_("what it is for"), blank=True)
    for_whom = models.CharField(
        _("for whom"), max_length=200, blank=True, help_text=_("For example: leaders and staff")
    )
    sessions_required = models.PositiveSmallIntegerField(
        _("sessions to attend to complete it"), default=1
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"], name="training_org"),
            models.Index(
                fields=["collective", "organisation", "-created_at", "-id"],
                name="training_collective",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    """One session of a training series, on one topic."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    on = models.DateField(_("date"))
    at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=300, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    present_count = models.PositiveIntegerField(default=0, editable=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["on", "at", "id"]
        indexes = [models.Index(fields=["training", "on", "id"], name="training_session")]

    def __str__(self) -> str:
        return f"{self.topic} {self.on:%d/%m/%Y}"


class TrainingParticipant(models.Model):
    """A member or a member of staff taking part in a training; ``attended`` counts the
    sessions she came to, ``completed_on`` is the day she reached ``sessions_required``."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "people.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    attended = models.PositiveSmallIntegerField(default=0, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "member"], name="trainee_member_once"),
            models.UniqueConstraint(fields=["training", "user"], name="trainee_user_once"),
            models.CheckConstraint(
                condition=models.Q(member__isnull=True, user__isnull=False)
                | models.Q(member__isnull=False, user__isnull=True),
                name="trainee_member_or_user",
            ),
        ]
        indexes = [models.Index(fields=["member", "training"], name="trainee_member")]

    @property
    def who(self) -> str:
        if self.member_id:
            return self.member.native_name or self.member.display_name
        return self.user.get_full_name() or self.user.username


class TrainingAttendance(models.Model):
    """One participant present at one training session."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        TrainingParticipant, on_delete=models.CASCADE, related_name="attendance"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="training_once"),
        ]
        indexes = [models.Index(fields=["participant", "session"], name="training_attendance")]
