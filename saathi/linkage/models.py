"""Beneficiary lists, the people behind them, linkage runs and clerical review.

A *source record* is one row of an imported list; it is never deleted or changed, except
for the beneficiary it points to. A *beneficiary* is one person: every source record
points to one, and merging two beneficiaries moves the records of one onto the other
(``merged_into`` keeps where it went). A *run* scores pairs of records; a *pair decision*
(same person / different people / unsure) is keyed on the stable identities of the two
records - ``<list uuid>:<record_id>`` or ``member:<member uuid>`` - so a later run over the
same lists never asks it again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from saathi.core.fields import EncryptedTextField

from .querysets import BeneficiaryQuerySet, ListQuerySet, PairQuerySet, RunQuerySet


class BeneficiaryList(models.Model):
    """An imported list (a collective's register, a relief list, a ration-drive list)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name of the list"), max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    row_count = models.PositiveIntegerField(default=0)
    bad_row_count = models.PositiveIntegerField(default=0)
    # rows kept with a field dropped (a malformed phone, age or ID digits) or a new record_id
    warned_row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="linklist_org")]

    def __str__(self):
        return self.name


class Beneficiary(models.Model):
    """One person, as found across lists. Never deleted: a merge points it elsewhere."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "people.Member",
        verbose_name=_("registry member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self):
        return self.reference


class SourceRecord(models.Model):
    """One row of an imported list, as it was written. Phone and ID digits are encrypted."""

    beneficiary_list = models.ForeignKey(
        BeneficiaryList, on_delete=models.PROTECT, related_name="records"
    )
    record_id = models.CharField(_("record id"), max_length=64)
    line = models.PositiveIntegerField(_("line in the file"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    relative_name = models.CharField(_("relative's name"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=16, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"))
    phone_hash = models.CharField(max_length=40, blank=True, db_index=True)
    id_last4 = EncryptedTextField(_("last 4 digits of the ID"))
    id_last4_hash = models.CharField(max_length=40, blank=True)
    village = models.CharField(_("village or ward"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["beneficiary_list", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary_list", "record_id"], name="linkrecord_unique_id"
            )
        ]

    def __str__(self):
        return f"{self.beneficiary_list_id}:{self.record_id}"

    @property
    def organisation_id(self):
        return self.beneficiary_list.organisation_id

    @property
    def identity(self) -> str:
        return f"{self.beneficiary_list.uuid}:{self.record_id}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class LinkageRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # set when every list of the run belongs to this one collective
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lists = models.ManyToManyField(BeneficiaryList, related_name="runs")
    against_registry = models.BooleanField(_("compare with the member registry"), default=False)
    threshold = models.FloatField(default=0.9)
    review_floor = models.FloatField(default=0.5)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_count = models.PositiveIntegerField(default=0)
    member_count = models.PositiveIntegerField(default=0)
    beneficiary_count = models.PositiveIntegerField(default=0)
    pair_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # the run used m learnt from this many of the organisation's review decisions, learnt
    # at learnt_at (LinkageModel); null: the unsupervised model alone
    learnt_labels = models.PositiveIntegerField(null=True, blank=True)
    learnt_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="linkrun_org")]

    def __str__(self):
        return self.reference


class Decision(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different people")
    UNSURE = "unsure", _("Unsure")


class CandidatePair(models.Model):
    """Two records a run scored at or above its review floor.

    ``left`` is always a source record; ``right`` a source record or a registry member.
    """

    class Band(models.TextChoices):
        AUTO = "auto", _("Matched automatically")
        REVIEW = "review", _("To review")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(
        SourceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    right_member = models.ForeignKey(
        "people.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key_a = models.CharField(max_length=100)
    key_b = models.CharField(max_length=100)
    probability = models.FloatField()
    fields = models.JSONField(default=dict)
    band = models.CharField(max_length=8, choices=Band.choices)
    # why a pair was put to a person (codes of services.REVIEW_REASONS); empty when automatic
    reasons = models.JSONField(default=list, blank=True)
    # the registry member's name that matched, as written (an alias, a name in her script)
    matched_name = models.CharField(max_length=200, blank=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-probability", "id"]
        indexes = [models.Index(fields=["run", "band", "-probability"], name="linkpair_run")]


class PairDecision(models.Model):
    """What a person decided about two records; remembered across runs by their keys."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    key_a = models.CharField(max_length=100)
    key_b = models.CharField(max_length=100)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    pair = models.ForeignKey(
        CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key_a", "key_b"], name="linkdecision_unique"
            )
        ]


class LinkageModel(models.Model):
    """What one organisation's review decisions taught the matcher (ADR 0042): the m
    learnt from them (``matching.learn``'s parameters dict, no personal data: numbers per
    comparison level), and the unsupervised model of its latest trained run, the prior
    every learning starts from. Only this organisation's runs read it."""

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    prior = models.JSONField(default=dict, blank=True)
    label_count = models.PositiveIntegerField(default=0)
    trained_at = models.DateTimeField(null=True, blank=True)
    prior_run = models.ForeignKey(
        LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"linkage model of organisation {self.organisation_id}"
