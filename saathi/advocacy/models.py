"""Media engagement and advocacy (ADR 0038): media contacts, engagements with the
identity consent of every woman taking part, advocacy actions with duty bearers, the
outcomes they won, and the campaigns (demands) that tie them together on one timeline."""

from __future__ import annotations

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.cases import CaseStep
from saathi.core.models import Consent, OwnedRecord
from saathi.core.vault import PrivateFileField
from saathi.people.choices import Language

from .querysets import (
    ActionQuerySet,
    CampaignQuerySet,
    EngagementQuerySet,
    FollowUpQuerySet,
    JournalistQuerySet,
    OutcomeQuerySet,
    OutletQuerySet,
    ParticipantQuerySet,
)


# ------------------------------------------------------------------ media contacts
class OutletKind(models.TextChoices):
    PRINT = "print", _("Print (newspaper, magazine)")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    ONLINE = "online", _("Online")


class MediaOutlet(OwnedRecord):
    """A newspaper, channel, station or site; one list per organisation, shared by its
    collectives (like the directory of duty bearers)."""

    reference_prefix = "MDO"

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=OutletKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    reach = models.PositiveIntegerField(
        _("reach (readers, viewers or listeners)"), null=True, blank=True
    )
    area = models.CharField(_("where it reaches"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organisation", "name", "id"], name="outlet_org")]

    def __str__(self) -> str:
        return self.name


class Journalist(OwnedRecord):
    """A journalist, with her or his record of how identities were treated before
    (``Treatment`` rows; the counts are kept here for the lists)."""

    reference_prefix = "JRN"

    name = models.CharField(_("name"), max_length=200)
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journalists",
        help_text=_("Leave empty for a freelance journalist."),
    )
    beat = models.CharField(_("what she or he covers"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    respected_count = models.PositiveIntegerField(default=0, editable=False)
    breached_count = models.PositiveIntegerField(default=0, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = JournalistQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organisation", "name", "id"], name="journalist_org")]

    def __str__(self) -> str:
        return self.name


class Treatment(models.Model):
    """Once, how a journalist treated the identities of the women in a story: kept to
    what they agreed, or not."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    journalist = models.ForeignKey(Journalist, on_delete=models.CASCADE, related_name="treatments")
    engagement = models.ForeignKey(
        "Engagement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(_("when"))
    respected = models.BooleanField(_("kept to what the women agreed"))
    note = models.CharField(_("what happened"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]


# ------------------------------------------------------------------ campaigns
class Campaign(OwnedRecord):
    """A demand followed over time ("ration for every sex worker in Prakasam"): its
    actions, engagements, claims and outcomes make its timeline."""

    reference_prefix = "CMP"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("the demand, in a few words"), max_length=200)
    description = models.TextField(_("what the campaign asks for, and why"), blank=True)
    started_on = models.DateField(_("started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    claims = models.ManyToManyField(
        "collectives.Claim", verbose_name=_("collective claims"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-started_on", "-id"], name="campaign_org"),
            models.Index(fields=["collective", "-started_on", "-id"], name="campaign_collective"),
        ]

    def __str__(self) -> str:
        return self.title


# ------------------------------------------------------------------ media engagements
class EngagementKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    FEATURE = "feature", _("Feature story")
    PANEL = "panel", _("Panel discussion")
    SOCIAL_MEDIA = "social_media", _("Social-media campaign")


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held, not yet published")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


# The transition map (ADR 0038): publication is final (the piece is out); only
# ``services.engagement_publish`` moves an engagement to "published", after the consent
# of every participant is checked under the engagement's row lock.
ENGAGEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"held", "published", "cancelled"}),
    "held": frozenset({"published", "cancelled"}),
    "published": frozenset(),
    "cancelled": frozenset(),
}
UNPUBLISHED = frozenset({"planned", "held"})


class Engagement(OwnedRecord):
    """An interview, press conference, feature, panel or social-media campaign."""

    reference_prefix = "MED"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    on = models.DateField(_("date"))
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    journalist = models.ForeignKey(
        Journalist,
        verbose_name=_("journalist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=300)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    live = models.BooleanField(
        _("live (nothing to review before it goes out)"),
        default=False,
    )
    briefing_on = models.DateField(_("briefing held on"), null=True, blank=True)
    rehearsal_on = models.DateField(_("rehearsal held on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EngagementStatus.choices,
        default=EngagementStatus.PLANNED,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_link = models.URLField(_("link to the published piece"), max_length=500, blank=True)
    published_scan_file = PrivateFileField(aad_prefix="advocacy-published")
    published_scan_type = models.CharField(max_length=40, blank=True, editable=False)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [
            # a leader's list is WHERE collective IN (hers): the collective first, then the
            # order, so page 1 stops at 50 rows and a deep page skips in the index alone
            models.Index(fields=["organisation", "-on", "-id"], name="engagement_org"),
            models.Index(fields=["collective", "-on", "-id"], name="engagement_coll"),
            models.Index(fields=["organisation", "status", "-on", "-id"], name="engagement_org_st"),
            models.Index(fields=["collective", "status", "-on", "-id"], name="engagement_coll_st"),
            # the timeline: WHERE campaign = ? AND organisation IN (...): both in the index,
            # or SQLite walks every engagement of the organisation instead
            models.Index(
                fields=["campaign", "organisation", "on", "id"], name="engagement_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.topic}"

    @property
    def unpublished(self) -> bool:
        return self.status in UNPUBLISHED


class EngagementStep(CaseStep):
    case_field = "engagement"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="steps")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_label(self) -> str:
        if self.to_status in EngagementStatus.values:
            return str(EngagementStatus(self.to_status).label)
        return ""


class ParticipantRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Participant(models.Model):
    """A woman taking part in an engagement. What may be shown of her is her current
    ``IdentityConsent`` (at most one active at a time)."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="participants"
    )
    # copied from the engagement, so that visible_to scopes participants the same way
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "people.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("taking part as"), max_length=8, choices=ParticipantRole.choices, default="leader"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "member"], name="participant_once"),
        ]
        indexes = [models.Index(fields=["member"], name="participant_member")]


class NameShown(models.TextChoices):
    REAL = "real", _("Her real name")
    FIRST = "first", _("Her first name only")
    PSEUDONYM = "pseudonym", _("A pseudonym")
    NONE = "none", _("No name at all")


class FaceShown(models.TextChoices):
    SHOWN = "shown", _("Her face may be shown")
    BLURRED = "blurred", _("Only blurred or from behind")
    NONE = "none", _("Not seen at all")


class VoiceShown(models.TextChoices):
    OWN = "own", _("Her own voice")
    ALTERED = "altered", _("Her voice altered")
    NONE = "none", _("Not heard")


class ReviewHow(models.TextChoices):
    SAW = "saw", _("She saw the piece")
    HEARD = "heard", _("She heard the piece")
    READ_TO_HER = "read_to_her", _("It was read out to her")


class WithdrawalReason(models.TextChoices):
    HER_WISH = "her_wish", _("She withdrew it")
    REGISTRY = "registry", _("She withdrew her media consent in the registry")
    SUPERSEDED = "superseded", _("Replaced by a newer consent")


class IdentityConsent(models.Model):
    """For one woman and one engagement: what may be shown of her, given in her language
    with the method recorded (as registry consents are), and the review of the piece
    before publication. Withdrawal is recorded, never deleted; a newer consent replaces
    the older one."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    name_shown = models.CharField(_("her name"), max_length=10, choices=NameShown.choices)
    pseudonym = models.CharField(_("the pseudonym"), max_length=100, blank=True)
    face = models.CharField(_("her face"), max_length=8, choices=FaceShown.choices)
    voice = models.CharField(_("her voice"), max_length=8, choices=VoiceShown.choices)
    place_shown = models.BooleanField(_("her place (village, town) may be named"), default=False)
    collective_shown = models.BooleanField(_("her collective may be named"), default=False)
    language = models.CharField(
        _("language she was told in"), max_length=8, choices=Language.choices
    )
    method = models.CharField(_("how she consented"), max_length=16, choices=Consent.Method.choices)
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    notice_version = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_how = models.CharField(
        _("how she reviewed it"), max_length=12, choices=ReviewHow.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField(
        max_length=12, choices=WithdrawalReason.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(withdrawn_at__isnull=True),
                name="identity_consent_one_active",
            ),
        ]
        indexes = [
            models.Index(fields=["engagement", "withdrawn_at"], name="identity_engagement"),
            models.Index(fields=["member", "withdrawn_at"], name="identity_member"),
        ]

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def reviewed(self) -> bool:
        return self.reviewed_on is not None

    def shown_name(self, member) -> str:
        """How she may be named in the piece (and on the campaign's timeline): her name,
        her first name, the pseudonym, or nothing."""
        if self.withdrawn_at is not None:
            return ""
        if self.name_shown == NameShown.REAL:
            return member.display_name
        if self.name_shown == NameShown.FIRST:
            return (member.display_name.split() or [""])[0]
        if self.name_shown == NameShown.PSEUDONYM:
            return self.pseudonym
        return ""


class Alert(models.Model):
    """A consent withdrawn before publication: shown on the home page of whoever handles
    the engagement until she opens it. Names the engagement's reference only."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("A woman withdrew her consent before publication")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "seen_at"], name="advocacy_alert_user")]


# ------------------------------------------------------------------ advocacy actions
class ActionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting with an official")
    MEMORANDUM = "memorandum", _("Memorandum")
    PETITION = "petition", _("Petition")
    PUBLIC_HEARING = "public_hearing", _("Public hearing")
    CONSULTATION = "consultation", _("Consultation")
    CAMPAIGN = "campaign", _("Campaign event")
    DHARNA = "dharna", _("Dharna (sit-in)")


class AdvocacyAction(OwnedRecord):
    """A meeting, memorandum, petition, public hearing, consultation, campaign event or
    dharna, with the duty bearers it addressed and what they answered."""

    reference_prefix = "ADV"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActionKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("short title"), max_length=200)
    demand = models.TextField(_("the demand"))
    duty_bearers = models.ManyToManyField(
        "collectives.DutyBearer", verbose_name=_("duty bearers"), related_name="+"
    )
    participants = models.ManyToManyField(
        "people.Member", verbose_name=_("members who took part"), blank=True, related_name="+"
    )
    others_count = models.PositiveIntegerField(_("others who took part"), default=0)
    response = models.TextField(_("the response"), blank=True)
    response_on = models.DateField(_("response on"), null=True, blank=True)
    claims = models.ManyToManyField(
        "collectives.Claim", verbose_name=_("collective claims"), blank=True, related_name="+"
    )
    legal_matters = models.ManyToManyField(
        "legal.LegalMatter", verbose_name=_("legal matters"), blank=True, related_name="+"
    )
    drives = models.ManyToManyField(
        "entitlements.Drive", verbose_name=_("drives"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-on", "-id"], name="action_org"),
            models.Index(fields=["collective", "-on", "-id"], name="action_coll"),
            models.Index(fields=["organisation", "kind", "-on", "-id"], name="action_org_kind"),
            models.Index(fields=["collective", "kind", "-on", "-id"], name="action_coll_kind"),
            models.Index(fields=["campaign", "organisation", "on", "id"], name="action_campaign"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionDocument(models.Model):
    """A paper of an action (the memorandum as submitted, an acknowledgement, a letter),
    an encrypted private file. One that names people opens for those who manage
    advocacy only, and never reaches the timeline's PDF."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    action = models.ForeignKey(AdvocacyAction, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("what the document is"), max_length=200)
    doc_file = PrivateFileField(aad_prefix="advocacy-document")
    content_type = models.CharField(max_length=40, editable=False)
    names_people = models.BooleanField(_("it names members"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]


class FollowUp(models.Model):
    """What is to be done next about an action, by when: on the agenda of the user it
    is given to (and of whoever recorded it)."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    action = models.ForeignKey(AdvocacyAction, on_delete=models.CASCADE, related_name="follow_ups")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("by when"))
    note = models.CharField(_("what is to be done"), max_length=300)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who does it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["organisation", "done_on", "due_on"], name="followup_org"),
            models.Index(fields=["collective", "done_on", "due_on"], name="followup_coll"),
        ]


# ------------------------------------------------------------------ outcomes
class OutcomeKind(models.TextChoices):
    GOVERNMENT_ORDER = "government_order", _("A government order")
    SCHEME_OPENED = "scheme_opened", _("A scheme opened to the community")
    COMMITMENT = "commitment", _("An official's commitment")
    RATIONS = "rations", _("Rations supplied")
    POLICY = "policy", _("A policy changed")
    OTHER = "other", _("Another change")


class Outcome(OwnedRecord):
    """A change won, its evidence, whom it reaches, and what led to it; marked verified
    by a second person."""

    reference_prefix = "WIN"

    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    kind = models.CharField(_("what was won"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("short title"), max_length=200)
    description = models.TextField(_("what changed"), blank=True)
    on = models.DateField(_("date"))
    evidence_file = PrivateFileField(aad_prefix="advocacy-evidence")
    evidence_type = models.CharField(max_length=40, blank=True, editable=False)
    evidence_names_people = models.BooleanField(_("the evidence names members"), default=False)
    evidence_reference = models.CharField(
        _("reference of the evidence (order number, letter)"), max_length=200, blank=True
    )
    reach_count = models.PositiveIntegerField(
        _("how many people it reaches"), null=True, blank=True
    )
    reached_members = models.ManyToManyField(
        "people.Member", verbose_name=_("members it reaches"), blank=True, related_name="+"
    )
    actions = models.ManyToManyField(
        AdvocacyAction,
        verbose_name=_("actions that led to it"),
        blank=True,
        related_name="outcomes",
    )
    engagements = models.ManyToManyField(
        Engagement, verbose_name=_("media engagements that led to it"), blank=True, related_name="+"
    )
    claims = models.ManyToManyField(
        "collectives.Claim", verbose_name=_("claims that led to it"), blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-on", "-id"], name="outcome_org"),
            models.Index(fields=["collective", "-on", "-id"], name="outcome_coll"),
            models.Index(fields=["campaign", "organisation", "on", "id"], name="outcome_campaign"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def verified(self) -> bool:
        return self.verified_at is not None
