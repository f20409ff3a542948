"""A member's own rights (DPDP Act 2023 s.11-14, Rules 14; ADR 0034a): her requests and
grievances with their 90-day clock, and the record of each erasure."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.fields import EncryptedTextField
from saathi.core.models import OwnedRecord

from .querysets import RightsRequestQuerySet

ANSWER_DAYS = 90  # DPDP Rules 2025, rule 14: grievances answered within 90 days


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
