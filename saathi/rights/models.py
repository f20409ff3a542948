"""A member's own rights (DPDP Act 2023 s.11-14, Rules 14; ADR 0034a): her requests and
grievances with their 90-day clock, and the record of each erasure."""

from __future__ import annotations

import uuid as uuid_lib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.fields import EncryptedTextField
from saathi.core.models import OwnedRecord

from .querysets import BreachQuerySet, ProcessorQuerySet, RightsRequestQuerySet

ANSWER_DAYS = 90  # DPDP Rules 2025, rule 14: grievances answered within 90 days
BOARD_HOURS = 72  # DPDP Rules 2025, rule 7(2)(b): the detailed report to the Board


class Kind(models.TextChoices):
    ACCESS = "access", _("See what is held about her (access)")
    CORRECTION = "correction", _("Correct or complete her data")
    ERASURE = "erasure", _("Erase her data")
    NOMINATION = "nomination", _("Name someone to act for her")
    GRIEVANCE = "grievance", _("Grievance")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, to be answered")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused, with the reason")
    ERASED = "erased", _("Erased")


class Verification(models.TextChoices):
    IN_PERSON_DOCUMENT = "in_person_document", _("In person, with an identity document")
    IN_PERSON_KNOWN = "in_person_known", _("In person, known to the staff member")
    PHONE_CODE = "phone_code", _("Code sent to her registered phone")
    OWN_SIGN_IN = "own_sign_in", _("Signed in on her own page")


class RefusalCode(models.TextChoices):
    LEGAL_HOLD = "legal_hold", _("An open legal matter must keep her record")
    NOT_VERIFIED = "not_verified", _("Her identity could not be verified")
    OTHER = "other", _("Other reason (written below)")


class RightsRequest(OwnedRecord):
    """One request or grievance of a member, answered within :data:`ANSWER_DAYS`."""

    reference_prefix = "RR"

    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="rights_requests"
    )
    kind = models.CharField(_("what she asks"), max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    due_on = models.DateField()
    verification = models.CharField(
        _("how her identity was verified"), max_length=24, choices=Verification.choices
    )
    language = models.CharField(_("answer in"), max_length=8, choices=settings.LANGUAGES)
    # her own words: sealed under her data key, so erased with her
    details = EncryptedTextField(_("what she asks, in her words"))
    nominee = EncryptedTextField(_("nominee's name and relation"))
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_code = models.CharField(max_length=16, choices=RefusalCode.choices, blank=True)
    answer = EncryptedTextField(_("the answer, or the reason for refusing"))

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="rights_req_due"),
            models.Index(fields=["member", "received_on"], name="rights_req_member"),
        ]

    def save(self, *args, **kwargs):
        if not self.due_on:
            self.due_on = self.received_on + timedelta(days=ANSWER_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rights:request_detail", kwargs={"uuid": self.uuid})

    @property
    def open(self) -> bool:
        return self.status == Status.RECEIVED

    @property
    def overdue(self) -> bool:
        return self.open and self.due_on < timezone.localdate()


class Erasure(models.Model):
    """That a member was erased: when, by whom, on whose request, under which pseudonym.
    Nothing of her is in it: the pseudonym is what her record, lists and audit now show."""

    pseudonym = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    member = models.OneToOneField("people.Member", on_delete=models.PROTECT, related_name="erasure")
    request = models.OneToOneField(
        RightsRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="erasure"
    )
    reason = models.CharField(max_length=16)  # "request" or "retention"
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    removed = models.JSONField(default=dict)  # rows and files removed, by kind

    def __str__(self) -> str:
        return self.pseudonym


class RightsSettings(models.Model):
    """An organisation's choices for members' rights: where requests go, and whether a
    member's "who looked at my record" names the staff (role and organisation otherwise)."""

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="rights_settings"
    )
    contact = models.CharField(_("contact for requests and grievances"), max_length=300)
    show_staff_names = models.BooleanField(
        _("show staff names to members in who looked at her record"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)


class Notice(models.Model):
    """One version of the organisation's privacy notice in one language (DPDP s.5, Rule 3).
    Versions are never edited: a new text is a new version."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version", "language"], name="rights_notice_once"
            )
        ]


class MemberAccess(models.Model):
    """Her own sign-in: the PIN she set (phones are shared in families), and its lock."""

    member = models.OneToOneField(
        "people.Member", on_delete=models.CASCADE, related_name="own_access"
    )
    pin_hash = models.CharField(max_length=200)
    failed = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sign_in = models.DateTimeField(null=True, blank=True)


class SignInCode(models.Model):
    """A one-time code sent by SMS to her registered phone (kept only as a keyed hash)."""

    member = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "created_at"], name="rights_code_member")]


class RetentionKind(models.TextChoices):
    ARCHIVED_MEMBER = "archived_member", _("A member's record after she was archived")


class RetentionRule(models.Model):
    """How long an organisation keeps a kind of record once its purpose is served; then
    ``manage.py retention_sweep`` erases it, after notice, except under a legal hold."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of record"), max_length=32, choices=RetentionKind.choices)
    keep_days = models.PositiveIntegerField(_("kept for (days)"))
    notice_days = models.PositiveIntegerField(_("notice before erasing (days)"), default=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="rights_retention_once")
        ]


class RetentionNotice(models.Model):
    """The notice a member was sent before her record is erased by retention (one per
    erasure date): ``retention_sweep`` sends it once, never twice for the same date."""

    member = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name="+")
    erase_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent = models.BooleanField(default=False)  # False: she has no registered phone

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "erase_on"], name="rights_retention_notice")
        ]


class Breach(models.Model):
    """The breach register (DPDP Rules 2025, rule 7): what happened, to whom, the notices
    to each affected member, and the report to the Data Protection Board within 72 hours."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    detected_at = models.DateTimeField(_("detected at"))
    occurred = models.CharField(_("when and where it happened"), max_length=300)
    nature = models.TextField(_("what happened, and which data"))
    consequences = models.TextField(_("likely consequences for the members"))
    mitigation = models.TextField(_("what was done to contain it"))
    member_steps = models.TextField(_("what members can do"))
    contact = models.CharField(_("contact for the members"), max_length=300)
    members = models.ManyToManyField("people.Member", related_name="+", blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notified = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # when the Board report was first made from the register (board_report_pdf)
    board_report_at = models.DateTimeField(null=True, blank=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rights:breach_detail", kwargs={"uuid": self.uuid})

    @property
    def board_due(self):
        return self.detected_at + timedelta(hours=BOARD_HOURS)

    @property
    def board_overdue(self) -> bool:
        """Past the 72 hours and no report made by then (or none yet)."""
        made = self.board_report_at
        if made is not None:
            return made > self.board_due
        return timezone.now() > self.board_due


class ProcessorKind(models.TextChoices):
    SMS_GATEWAY = "sms_gateway", _("SMS gateway")
    HOST = "host", _("Host (server, cloud)")
    PARTNER = "partner", _("Partner organisation")
    OTHER = "other", _("Other")


class Processor(models.Model):
    """The processor register (DPDP Act s.8(2)): who processes members' data for the
    organisation, under which contract, and which kinds of data go to them."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProcessorKind.choices)
    contract_on = models.DateField(_("contract signed on"))
    data_shared = models.CharField(_("kinds of data shared"), max_length=300)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProcessorQuerySet.as_manager()

    class Meta:
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name
