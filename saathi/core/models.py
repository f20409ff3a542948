import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import vault
from .vault import PrivateFileField


class OwnedRecord(models.Model):
    """The base of a record an organisation owns: a UUID for URLs, a human reference
    (``APP-2026-000123``, from ``people.services.next_reference``), the organisation (the
    data controller), and who created it when.

    A subclass sets ``reference_prefix`` and fills ``reference`` in its create service; it
    is reached through a ``visible_to`` queryset (``core.querysets``) and ``core.access.fetch``.
    """

    reference_prefix: str = ""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One audited event. Rows are chained by an HMAC over the previous row's hash."""

    class Action(models.TextChoices):
        VIEW_CONFIDENTIAL = "view_confidential", _("Viewed confidential data")
        VIEW_PERSONAL = "view_personal", _("Viewed personal data")
        VIEW_DOCUMENT = "view_document", _("Opened a document scan")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        ARCHIVE = "archive", _("Archived")
        RESTORE = "restore", _("Restored")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed login")
        DENIED = "denied", _("Access denied")
        CONSENT_GIVEN = "consent_given", _("Consent recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        GRANT = "grant", _("Role granted")
        REVOKE = "revoke", _("Role revoked")
        KEY_ROTATION = "key_rotation", _("Encryption keys rotated")
        API_TOKEN = "api_token", _("API token issued or revoked")

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    member_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    fields = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["member_id", "-seq"], name="audit_member_seq")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class AuditChainHead(models.Model):
    """The last link of the chain: locked while appending; catches removal at the tail."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class Consent(models.Model):
    """What a member agreed to, for one purpose. Withdrawal is recorded, never deleted."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration and services")
        PARTNER_SHARING = "partner_sharing", _("Sharing with a named partner organisation")
        MEDIA = "media", _("Media")
        PHOTOGRAPHS = "photographs", _("Photographs")

    class Method(models.TextChoices):
        SIGNATURE = "signature", _("Signature")
        THUMBPRINT = "thumbprint", _("Thumbprint")
        READ_ALOUD = "read_aloud", _("Read aloud, with a witness")
        DIGITAL = "digital", _("Digital")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    partner_organisation = models.CharField(_("partner organisation"), max_length=200, blank=True)
    notice_version = models.CharField(_("notice version"), max_length=20)
    language = models.CharField(_("language of the notice"), max_length=8)
    method = models.CharField(_("how consent was given"), max_length=16, choices=Method.choices)
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    guardian_name = models.CharField(
        _("parent or guardian who consented"), max_length=200, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["member", "purpose"], name="consent_member_purpose")]

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Job(models.Model):
    """A piece of long work (an import, an export, a linkage run) done by the task worker.

    The page /jobs/<uuid>/ shows its progress, the rows it refused with their line and
    reason, and its result for download; only the user who started it (and the admins of
    its organisation) reach it. The uploaded input and the result are private, encrypted
    files; the input is deleted when the job ends. ``summary`` and ``errors`` must never
    hold personal data: counts, line numbers and reasons only.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    MAX_ERRORS = 1000

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)  # in English when coded: a fallback
    # the title as generated text (core.texts): shown in the reader's language
    title_code = models.CharField(max_length=64, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", null=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    input_file = PrivateFileField(aad_prefix="job-input")
    input_name = models.CharField(max_length=200, blank=True)
    result_file = PrivateFileField(aad_prefix="job-result")
    result_name = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    return_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:job_detail", kwargs={"uuid": self.uuid})

    @property
    def display_title(self) -> str:
        """The title in the reader's language (core.texts), or as stored."""
        if self.title_code:
            from .texts import render

            return render(self.title_code, self.title_params, self.title)
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, self.done * 100 // self.total)

    # --- used by runners (see saathi/core/jobs.py) ---
    def input_bytes(self) -> bytes | None:
        if not self.input_file:
            return None
        return vault.read(self, "input_file")

    def add_error(self, line: int | None, reason: str) -> None:
        """Record a refused row (line number in the file, reason). No personal data."""
        self.error_count += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append({"line": line, "reason": str(reason)})

    def set_result(self, content: bytes, filename: str, content_type: str) -> None:
        vault.delete(self, "result_file")  # at once: a runner's result is not transactional
        vault.store(self, "result_file", content)
        self.result_name = filename
        self.result_content_type = content_type

    def result_bytes(self) -> bytes:
        return vault.read(self, "result_file")


# --- agenda and reminders (saathi/core/agenda/models.py, ADR 0025) ---
from saathi.core.agenda.models import (  # noqa: E402, F401
    CalendarFeed,
    ReminderSent,
    ReminderSettings,
)
