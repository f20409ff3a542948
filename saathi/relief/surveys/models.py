"""Needs assessments: a survey (one XLSForm, by its form id), its versions, its responses."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.fields import EncryptedTextField
from saathi.core.vault import PrivateFileField

from .querysets import DeviceCredentialQuerySet, ResponseQuerySet, SurveyQuerySet


class Survey(models.Model):
    """One questionnaire of an organisation. Uploading an XLSForm with the same form id
    adds a version; responses keep the version they were made under."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="surveys"
    )

    class Platform(models.TextChoices):
        # the platform's own forms, published to ODK clients (ADR 0040); their
        # submissions go through the services of the web pages
        ATTENDANCE = "attendance", _("Attendance of a session")
        DISTRIBUTION = "distribution", _("Relief distribution")
        NEEDS = "needs", _("Needs assessment of a member's household")

    form_id = models.CharField(_("form id"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    # "" for a form uploaded by the organisation; else which platform form it is
    platform = models.CharField(max_length=16, choices=Platform.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "form_id"], name="survey_org_form_id")
        ]

    def __str__(self):
        return self.title

    def latest_version(self):
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    form_version = models.CharField(_("version in the form's settings"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    default_language = models.CharField(max_length=60)
    # Saathi language code -> the form's language key ("te" -> "Telugu (te)")
    languages = models.JSONField(default=dict)
    definition = models.JSONField()  # pyxform's JSON form
    fields = models.JSONField()  # the flat list of groups and questions (xlsform.py)
    file_name = models.CharField(max_length=200, blank=True)
    # the XForm XML pyxform makes of it (what ODK clients download) and the media files
    # its questions name (images, audio, the CSV of a select_one_from_file)
    xform = models.TextField(blank=True)
    media = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number")
        ]

    def __str__(self):
        return f"{self.survey} v{self.number}"

    @property
    def questions(self) -> list[dict]:
        return [f for f in self.fields if f["kind"] == "question"]


class Response(models.Model):
    """One filled-in questionnaire: typed answers by question name (see ADR 0010)."""

    class Source(models.TextChoices):
        FORM = "form", _("Filled in on Saathi")
        IMPORT = "import", _("Imported from a Kobo or ODK export")
        OPENROSA = "openrosa", _("Sent from ODK Collect or another ODK client")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.CharField(_("district"), max_length=100)
    member = models.ForeignKey(
        "people.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    # the instance id (ODK "uuid:…", Kobo _uuid): re-importing a file adds nothing twice
    instance_id = models.CharField(max_length=100)
    answers = models.JSONField(default=dict)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # an edit sent from ODK (deprecatedID) is a new version: the one it replaces is kept,
    # no longer current, and left out of lists and figures
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    current = models.BooleanField(default=True)
    device = models.ForeignKey(
        "DeviceCredential", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # a platform form's submission: the record it made through the module's service
    # ("collectives.groupsession:<uuid>", "relief.distribution:<uuid>"), ADR 0040
    applied_to = models.CharField(max_length=80, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "instance_id"], name="response_instance")
        ]
        indexes = [
            # the list's order (newest first, then id) read straight from the index
            models.Index(
                fields=["survey", "collective", "-submitted_at", "-id"], name="response_coll"
            ),
            models.Index(
                fields=["survey", "organisation", "-submitted_at", "-id"], name="response_org"
            ),
        ]

    def __str__(self):
        return str(self.uuid)


class Tally(models.Model):
    """Running counts of one survey's answers for one collective and district, kept up to
    date in the transaction that adds responses, so the figures page reads a few rows
    instead of every response (ADR 0010). ``counts``: question name -> {"answered": n,
    "choices": {choice: n}} or {"answered": n, "values": {"<number>": n}}."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey("people.Collective", on_delete=models.PROTECT, related_name="+")
    district = models.CharField(max_length=100)
    responses = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)

    objects = ResponseQuerySet.as_manager()  # the same scoping as the responses

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "collective", "district"], name="tally_survey_place"
            )
        ]


class DeviceCredential(models.Model):
    """What an ODK client (Collect, KoboCollect) signs in with instead of its user's
    password: a user name and a secret made for one phone, shown once, stored as a keyed
    hash, revoked on the user's page. It reaches the surveys of one organisation and sends
    responses for one collective, within its user's own capabilities (ADR 0033)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="device_credentials"
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("name of the phone"), max_length=80)
    username = models.CharField(max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DeviceCredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class SurveyMedia(models.Model):
    """A media file a form version names (an image, audio, the CSV of a
    select_one_from_file), attached by the form's manager and listed in its manifest."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="media_files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    md5 = models.CharField(max_length=32)
    file = PrivateFileField(aad_prefix="surveys.media", max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="survey_media_name")
        ]


class HeldSubmission(models.Model):
    """A submission from an ODK client that breaks a rule of its form (a constraint, a
    required answer, a wrong type): kept as it was sent, never applied, until a person
    resolves it (ADR 0033)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        APPLIED = "applied", _("Corrected and saved")
        DISCARDED = "discarded", _("Set aside")
        REJECTED = "rejected", _("Rejected")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="held")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey("people.Collective", on_delete=models.PROTECT, related_name="+")
    instance_id = models.CharField(max_length=100)
    deprecated_id = models.CharField(max_length=100, blank=True)
    xml = EncryptedTextField()  # the submission as sent (answers: personal data)
    errors = models.JSONField(default=dict)  # question name -> message (no answers)
    # a platform form's submission that breaks a rule of the service it goes through
    # (platform.Rule: a code, shown in the reader's language) and facts about it (dates,
    # counts; no answers)
    rule = models.CharField(max_length=32, blank=True)
    rule_detail = models.JSONField(default=dict, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    device = models.ForeignKey(DeviceCredential, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "instance_id"], name="held_instance")
        ]


class Attachment(models.Model):
    """A file sent with a submission (photo, audio, signature), checked by its content
    and stored encrypted; read only through an audited view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    held = models.ForeignKey(
        HeldSubmission, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = PrivateFileField(aad_prefix="surveys.attachment", max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
