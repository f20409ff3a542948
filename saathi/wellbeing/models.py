"""Wellbeing: counselling sessions, screenings and their safety step, referrals, incidents
of stigma, discrimination and violence, and support for health needs (ADR 0037).

Everything belongs to one member and her organisation. What is written in words about
her (counselling notes, concerns in her words, next steps, screening answers, a safety
plan, an incident's details, a referral's reason) is encrypted and read only by social
workers through ``core.confidential.reveal`` (audited). Other roles see that a record
exists and its coded facts: a session's date, a screening's total and band, a referral's
status, an incident's kind, place and perpetrator.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.cases import CaseStep
from saathi.core.fields import EncryptedTextField
from saathi.core.models import OwnedRecord

from .instruments import Band, Instrument
from .querysets import (
    FigureCountQuerySet,
    HealthSupportQuerySet,
    IncidentQuerySet,
    ReferralQuerySet,
    SafetyStepQuerySet,
    ScreeningQuerySet,
    SessionQuerySet,
)


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    ONLINE = "online", _("Online")


class Concern(models.TextChoices):
    STRESS = "stress", _("Stress")
    LOW_MOOD = "low_mood", _("Low mood or depression")
    ANXIETY = "anxiety", _("Anxiety or fear")
    SLEEP = "sleep", _("Sleep")
    GRIEF = "grief", _("Grief or loss")
    TRAUMA = "trauma", _("Trauma")
    VIOLENCE = "violence", _("Violence or abuse")
    STIGMA = "stigma", _("Stigma or discrimination")
    FAMILY = "family", _("Family or relationships")
    HEALTH = "health", _("Health or HIV")
    SUBSTANCE = "substance", _("Alcohol or drugs")
    LIVELIHOOD = "livelihood", _("Money or livelihood")
    CHILDREN = "children", _("Children")
    OTHER = "other", _("Other")


class CounsellingSession(OwnedRecord):
    reference_prefix = "CNS"

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group (she attended)")

    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="counselling_sessions"
    )
    kind = models.CharField(_("individual or group"), max_length=12, choices=Kind.choices)
    mode = models.CharField(_("how"), max_length=12, choices=Mode.choices)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("counsellor"),
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    concerns = models.JSONField(_("presenting concerns"), default=list, blank=True)
    # confidential: social workers only, every read audited
    concerns_text = EncryptedTextField(_("concerns in her words"), confidential=True)
    notes = EncryptedTextField(_("session notes"), confidential=True)
    next_steps = EncryptedTextField(_("agreed next steps"), confidential=True)
    # a group session is one row per member who attended, sharing ``group_key`` (its own
    # attendance list); ``series`` names a series of sessions ("Stress after the lockdown")
    group_key = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    series = models.CharField(_("series"), max_length=120, blank=True)
    next_session_on = models.DateField(_("next session on"), null=True, blank=True)
    next_session_at = models.TimeField(_("at"), null=True, blank=True)
    next_session_place = models.CharField(
        _("where"),
        max_length=120,
        blank=True,
        help_text=_("A neutral place name: it is written in her reminder."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["member", "-held_on", "-id"], name="wb_session_member"),
            models.Index(fields=["next_session_on", "member"], name="wb_session_next"),
        ]

    def concern_labels(self) -> list[str]:
        labels = dict(Concern.choices)
        return [str(labels.get(c, c)) for c in self.concerns]


class Screening(OwnedRecord):
    reference_prefix = "SCR"

    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="screenings")
    instrument = models.CharField(_("instrument"), max_length=8, choices=Instrument.choices)
    taken_on = models.DateField(_("date"))
    # the answers as JSON (a list of integers): social workers only, audited
    answers = EncryptedTextField(_("answers"), confidential=True)
    total = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    self_harm = models.BooleanField(_("thoughts of self-harm (PHQ-9 item 9)"), default=False)
    risk = models.BooleanField(_("safety step started"), default=False)
    # the language of the item texts that were read to her ("en": the English originals)
    items_language = models.CharField(max_length=8, default="en")
    next_screening_on = models.DateField(_("next screening on"), null=True, blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_on", "-id"]
        indexes = [
            models.Index(fields=["member", "instrument", "taken_on"], name="wb_screening_member"),
        ]


class SafetyStep(models.Model):
    """What a risk on a screening starts: an alert to the social workers who reach her, a
    safety plan, and a follow-up within 48 hours that goes to the top of their agenda."""

    FOLLOW_UP_HOURS = 48

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    screening = models.OneToOneField(
        Screening, on_delete=models.CASCADE, related_name="safety_step"
    )
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    follow_up_due = models.DateTimeField(_("follow up by"))
    plan = EncryptedTextField(_("safety plan"), confidential=True)
    plan_recorded_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up on"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    follow_up_note = EncryptedTextField(_("what the follow-up found"), confidential=True)

    objects = SafetyStepQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up_due", "id"]
        indexes = [
            models.Index(
                fields=["follow_up_due", "id"],
                condition=models.Q(followed_up_at__isnull=True),
                name="wb_safety_open",
            )
        ]

    @property
    def open(self) -> bool:
        return self.followed_up_at is None

    @property
    def overdue(self) -> bool:
        return self.open and self.follow_up_due < timezone.now()


class SafetyAlert(models.Model):
    """An urgent notice to one social worker: shown on her home page until she opens the
    safety step. It names the screening's reference only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(SafetyStep, on_delete=models.CASCADE, related_name="alerts")
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "seen_at"], name="wb_alert_user")]


class Service(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    ART_CENTRE = "art_centre", _("ART centre")
    DE_ADDICTION = "de_addiction", _("De-addiction centre")
    SHELTER = "shelter", _("Shelter or short-stay home")
    ONE_STOP_CENTRE = "one_stop_centre", _("One Stop Centre")
    LEGAL_AID = "legal_aid", _("Legal aid")
    PARTNER = "partner", _("Partner organisation")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONSENTED = "consented", _("She agreed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted by the service")
    ATTENDED = "attended", _("She attended")
    CLOSED = "closed", _("Closed")
    REFUSED = "refused", _("Refused")
    LOST = "lost", _("Lost to follow-up")


R = ReferralStatus
# Which status may follow which; ``case_move`` refuses anything else. She may say no
# (refused) until she has attended; the service may refuse once it has the referral; a
# referral sent but never answered, or accepted but never attended, is lost to follow-up.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    R.PROPOSED: frozenset({R.CONSENTED, R.REFUSED}),
    R.CONSENTED: frozenset({R.SENT, R.REFUSED}),
    R.SENT: frozenset({R.ACCEPTED, R.REFUSED, R.LOST}),
    R.ACCEPTED: frozenset({R.ATTENDED, R.REFUSED, R.LOST}),
    R.ATTENDED: frozenset({R.CLOSED}),
    R.CLOSED: frozenset(),
    R.REFUSED: frozenset(),
    R.LOST: frozenset(),
}
OPEN_REFERRAL_STATUSES = frozenset(s for s, nxt in REFERRAL_TRANSITIONS.items() if nxt)


class Referral(OwnedRecord):
    reference_prefix = "REF"

    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="referrals")
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    provider = models.CharField(_("name of the service"), max_length=200)
    shares_data = models.BooleanField(
        _("her data goes to another organisation"),
        default=False,
        help_text=_(
            "Then her consent to share with that organisation is needed before it is sent."
        ),
    )
    partner_organisation = models.CharField(
        _("organisation that receives her data"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    appointment_on = models.DateField(_("appointment on"), null=True, blank=True)
    reason = EncryptedTextField(_("why she is referred"), confidential=True)
    legal_matter = models.ForeignKey(
        "legal.LegalMatter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"], name="wb_referral_member"),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    def allowed_next(self) -> list[str]:
        return [s for s in ReferralStatus.values if s in REFERRAL_TRANSITIONS[self.status]]


class ReferralStep(CaseStep):
    case_field = "referral"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    note = EncryptedTextField(_("note"), confidential=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def member(self):
        return self.referral.member


class IncidentKind(models.TextChoices):
    VERBAL = "verbal_abuse", _("Verbal abuse")
    REFUSAL = "refusal_of_service", _("Refusal of service")
    EVICTION = "eviction", _("Eviction")
    PHYSICAL = "physical_violence", _("Physical violence")
    SEXUAL = "sexual_violence", _("Sexual violence")
    EXTORTION = "extortion", _("Extortion")
    OUTING = "outing", _("Outing (her identity or work disclosed)")
    ONLINE = "online_abuse", _("Online abuse")
    OTHER = "other", _("Other")


class Place(models.TextChoices):
    HOME = "home", _("Home")
    STREET = "street", _("Street or public place")
    WORKPLACE = "workplace", _("Workplace")
    POLICE_STATION = "police_station", _("Police station")
    HOSPITAL = "hospital", _("Hospital or clinic")
    SCHOOL = "school", _("School of her child")
    OFFICE = "office", _("Government office")
    TRANSPORT = "transport", _("Transport")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Perpetrator(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner")
    HOUSE_OWNER = "house_owner", _("House owner")
    CLIENT = "client", _("Client")
    MEDIATOR = "mediator", _("Mediator")
    POLICE = "police", _("Police")
    HEALTH_WORKER = "health_worker", _("Health worker")
    NEIGHBOURS = "neighbours", _("Neighbours")
    EMPLOYER = "employer", _("Employer")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class ReportedTo(models.TextChoices):
    NOT_REPORTED = "", _("She did not report it")
    POLICE = "police", _("Police")
    COLLECTIVE = "collective", _("Her collective")
    ORGANISATION = "organisation", _("Our organisation")
    HELPLINE = "helpline", _("A helpline")
    HEALTH = "health", _("Hospital or health worker")
    LEGAL = "legal_services", _("Legal services authority")
    OTHER = "other", _("Other")


class SupportGiven(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    ACCOMPANIED = "accompanied", _("Accompanied her")
    MEDICAL = "medical", _("Medical care")
    LEGAL = "legal", _("Legal support")
    SHELTER = "shelter", _("Shelter")
    COLLECTIVE = "collective_action", _("Action by the collective")
    MONEY = "money", _("Money or rations")
    NONE = "none", _("None yet")


class Incident(OwnedRecord):
    """An incident of stigma, discrimination or violence. The facts (kind, date, place, by
    whom, reported or not, support) may be recorded by leaders and volunteers; what
    happened in words stays with social workers (``details``, encrypted)."""

    reference_prefix = "INC"

    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="incidents")
    # where she belonged when it was recorded: the figures count by these
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    district = models.CharField(max_length=100, blank=True)
    kind = models.CharField(_("what happened"), max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("when"))
    place = models.CharField(_("where"), max_length=16, choices=Place.choices)
    perpetrator = models.CharField(_("by whom"), max_length=16, choices=Perpetrator.choices)
    reported_to = models.CharField(
        _("did she report it, to whom"), max_length=16, choices=ReportedTo.choices, blank=True
    )
    support = models.JSONField(_("support given"), default=list, blank=True)
    details = EncryptedTextField(_("what happened, in words"), confidential=True)
    legal_matter = models.ForeignKey(
        "legal.LegalMatter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("legal matter"),
    )
    referral = models.ForeignKey(
        Referral,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
        verbose_name=_("referral"),
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["member", "-occurred_on", "-id"], name="wb_incident_member"),
        ]

    def support_labels(self) -> list[str]:
        labels = dict(SupportGiven.choices)
        return [str(labels.get(c, c)) for c in self.support]


class HealthSupportKind(models.TextChoices):
    NUTRITION = "nutrition", _("Supplementary nutrition")
    ART_ADHERENCE = "art_adherence", _("ART adherence support")
    LGBTQ = "lgbtq", _("LGBTQ+ support")


class HealthSupport(OwnedRecord):
    """Support for a health need. Its kind says something about her health (ART is for
    HIV): only social workers reach these records; her HIV status itself stays in the
    registry's confidential field (``Member.hiv_status``)."""

    reference_prefix = "HLT"

    class Adherence(models.TextChoices):
        NOT_ASKED = "", _("Not asked")
        GOOD = "good", _("Good (took nearly every dose)")
        FAIR = "fair", _("Fair (missed some doses)")
        POOR = "poor", _("Poor (missed many doses)")

    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="health_support"
    )
    kind = models.CharField(_("support"), max_length=16, choices=HealthSupportKind.choices)
    given_on = models.DateField(_("date"))
    what = models.CharField(
        _("what was given or done"),
        max_length=200,
        help_text=_("e.g. 5 kg rice, 1 kg dal; a visit to the ART centre; a peer group meeting"),
    )
    adherence = models.CharField(
        _("ART adherence"), max_length=8, choices=Adherence.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), confidential=True)

    objects = HealthSupportQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["member", "-given_on", "-id"], name="wb_health_member")]


class FigureCount(models.Model):
    """The figures' counts, kept by the services in the same transaction as the records:
    one row per organisation, collective (0: none), district, family of records, month and
    coded values. ``family`` is "incidents" (one row per measure: code1 the kind, or
    code2 the place, or code3 the perpetrator, the other two empty),
    "screening_<instrument>" (code1: band) or "referrals" (code1: status; the month is the
    referral's). The figures page reads these rows, never the records (bench/: 1,000,000
    records); ``figures.rebuild_counts()`` recomputes them from the records."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    collective_key = models.BigIntegerField(default=0)
    district = models.CharField(max_length=100, blank=True)
    family = models.CharField(max_length=20)
    month = models.DateField()
    code1 = models.CharField(max_length=24)
    code2 = models.CharField(max_length=24, blank=True)
    code3 = models.CharField(max_length=24, blank=True)
    n = models.IntegerField(default=0)

    objects = FigureCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organisation",
                    "family",
                    "month",
                    "collective_key",
                    "district",
                    "code1",
                    "code2",
                    "code3",
                ],
                name="wb_figure_unique",
            )
        ]
