"""Needs assessments: a survey (one XLSForm, by its form id), its versions, its responses."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ResponseQuerySet, SurveyQuerySet


class Survey(models.Model):
    """One questionnaire of an organisation. Uploading an XLSForm with the same form id
    adds a version; responses keep the version they were made under."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="surveys"
    )
    form_id = models.CharField(_("form id"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
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
