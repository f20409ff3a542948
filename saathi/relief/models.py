"""Relief programmes, distributions and beneficiary lists for authorities.

Money is ``Decimal`` with two places (rupees and paise), never a float. The campaign
ledger is append-only: a donation or an expenditure is never edited or deleted; a mistake
is corrected by a reversal, a new row with the opposite amount that points at the row it
reverses (ADR 0009). Field labels and help texts are the forms' (forms.py): one wording
per field, translated once.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import texts
from saathi.core.cases import CaseStep
from saathi.core.models import OwnedRecord
from saathi.core.vault import PrivateFileField

from .fields import CentsField
from .querysets import DistributionQuerySet, ListQuerySet, ProgrammeQuerySet

ZERO = Decimal("0.00")


class Programme(OwnedRecord):
    """A relief programme: who funds it, when, for whom, what is given and how much."""

    reference_prefix = "PRG"
    collective = models.ForeignKey(
        "people.Collective",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(max_length=200)
    funder = models.CharField(max_length=200, blank=True)
    campaign = models.ForeignKey(
        "funds.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    budget = CentsField(default=ZERO)
    target_households = models.PositiveIntegerField(default=0)
    interval_days = models.PositiveSmallIntegerField(
        default=30,
    )
    eligibility_notes = models.TextField(blank=True)
    # Criteria for beneficiary lists (all optional): members matching all of them.
    criteria_collective = models.ForeignKey(
        "people.Collective",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    criteria_district = models.CharField(max_length=100, blank=True)
    criteria_missing_document = models.CharField(max_length=32, blank=True)
    criteria_min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria_max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    criteria_one_per_household = models.BooleanField(default=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """Something a programme gives: cash, a ration kit, medicine, a bill paid, nutrition."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        RATION_KIT = "ration_kit", _("Ration kit")
        MEDICINE = "medicine", _("Medicine")
        BILL_PAYMENT = "bill_payment", _("Bill payment (rent, electricity)")
        NUTRITION = "nutrition", _("Nutrition supplement")
        HYGIENE = "hygiene", _("Masks, sanitiser, hygiene kit")
        OTHER = "other", _("Other")

    MONEY_KINDS = (Kind.CASH, Kind.BILL_PAYMENT)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    contents = models.TextField(
        blank=True,
    )
    unit = models.CharField(max_length=40, blank=True)
    unit_value = CentsField(
        default=ZERO,
    )
    planned_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="relief_item_unique_name")
        ]

    def __str__(self):
        return self.name

    @property
    def is_money(self) -> bool:
        return self.kind in self.MONEY_KINDS

    @property
    def planned_value(self) -> Decimal:
        return self.unit_value * self.planned_quantity


class Distribution(models.Model):
    """One handing-over of an item to a member (for her household). Never edited."""

    class Mode(models.TextChoices):
        CASH = "cash", _("Cash in hand")
        BANK = "bank_transfer", _("Bank transfer")
        UPI = "upi", _("UPI")
        IN_KIND = "in_kind", _("In kind")

    class Ack(models.TextChoices):
        SIGNATURE = "signature", _("Signature (photo)")
        THUMBPRINT = "thumbprint", _("Thumbprint (photo)")
        OTP = "otp", _("Code sent to her phone (OTP)")
        PAPER = "paper", _("Signed or thumbprinted on the paper list")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="distributions")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="distributions")
    member = models.ForeignKey(
        "people.Member", on_delete=models.PROTECT, related_name="relief_distributions"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "h<household id>" or "m<member id>": what the double-distribution rule compares
    recipient_key = models.CharField(max_length=24)
    quantity = CentsField()
    amount = CentsField()
    mode = models.CharField(max_length=16, choices=Mode.choices)
    distributed_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    handed_over_by = models.CharField(max_length=200)
    ack_method = models.CharField(max_length=16, choices=Ack.choices)
    ack_file = PrivateFileField(aad_prefix="relief-ack")
    ack_content_type = models.CharField(max_length=50, blank=True, editable=False)
    repeat_reason = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A distribution recorded by mistake is cancelled, never deleted: it no longer counts
    # (rule, totals) and the money it spent is reversed in the campaign's ledger.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)

    objects = DistributionQuerySet.as_manager()

    class Meta:
        ordering = ["-distributed_on", "-id"]
        indexes = [
            models.Index(
                fields=["item", "recipient_key", "distributed_on"], name="relief_dist_rule"
            ),
            models.Index(fields=["programme", "-distributed_on", "-id"], name="relief_dist_prog"),
            models.Index(fields=["member", "-distributed_on"], name="relief_dist_member"),
        ]

    def __str__(self):
        return f"{self.item} {self.distributed_on:%d/%m/%Y}"


class OtpChallenge(models.Model):
    """A one-time code sent to a member's phone to acknowledge a distribution.

    Only a keyed hash of the code is kept; it expires after 10 minutes and allows five
    attempts. ``payload`` holds the distribution waiting for the code (no free text about
    the member beyond what the distribution itself stores).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name="+")
    payload = models.JSONField(default=dict)
    code_hash = models.CharField(max_length=64)
    phone_last_digits = models.CharField(max_length=2)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    distribution = models.ForeignKey(
        Distribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class BeneficiaryList(models.Model):
    """A list of members drawn up for an authority, its submission and the answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Drawn up, not yet submitted")
        SUBMITTED = "submitted", _("Submitted, waiting for an answer")
        ANSWERED = "answered", _("Answered")

    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for corrections")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="beneficiary_lists"
    )
    authority = models.CharField(
        max_length=200,
    )
    criteria = models.JSONField(default=dict, blank=True)
    matched = models.PositiveIntegerField(default=0)
    left_out_no_consent = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_to = models.CharField(max_length=200, blank=True)
    submission_note = models.CharField(max_length=500, blank=True)
    # rights (issue 13): the processor in the register the list went to, if any
    processor = models.ForeignKey(
        "rights.Processor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.CharField(max_length=16, choices=Response.choices, blank=True)
    response_on = models.DateField(null=True, blank=True)
    response_accepted = models.PositiveIntegerField(null=True, blank=True)
    response_note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.reference


_L = BeneficiaryList.Status
# Which status may follow which (core.cases, ADR 0022). A later answer of the authority
# (after an appeal, or a list returned and looked at again) replaces the earlier one, and
# both stay on the timeline.
LIST_TRANSITIONS: dict[str, frozenset[str]] = {
    _L.DRAFT: frozenset({_L.SUBMITTED}),
    _L.SUBMITTED: frozenset({_L.ANSWERED}),
    _L.ANSWERED: frozenset({_L.ANSWERED}),
}


class ListStep(CaseStep):
    """One step of a beneficiary list: drawn up, submitted, answered (its timeline)."""

    case_field = "beneficiary_list"

    beneficiary_list = models.ForeignKey(
        BeneficiaryList, on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(
        max_length=40, choices=BeneficiaryList.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=40, choices=BeneficiaryList.Status.choices)
    on = models.DateField(null=True, blank=True)  # the day it was submitted or answered
    response = models.CharField(max_length=16, choices=BeneficiaryList.Response.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class BeneficiaryEntry(models.Model):
    beneficiary_list = models.ForeignKey(
        BeneficiaryList, on_delete=models.CASCADE, related_name="entries"
    )
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["beneficiary_list", "member"], name="relief_entry_once")
        ]


# Ledger lines the system writes, shown in the reader's language (core.texts)
LEDGER_DISTRIBUTION = texts.define(
    "relief.ledger.distribution", gettext_lazy("Distribution: %(item)s")
)
LEDGER_IMPORTED_LIST = texts.define(
    "relief.ledger.imported_list", gettext_lazy("Imported distribution list: %(n)s payments")
)
