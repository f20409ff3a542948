"""Fundraising: campaigns, donations, expenditures and the ledger they make.

Campaigns pay for any module (relief today; legal costs and livelihoods next), so they
live in their own app (ADR 0023). The tables kept their names (``relief_campaign``,
``relief_donation``, ``relief_expenditure``): the move changed no row.

Money is ``Decimal`` with two places (rupees and paise), never a float. The ledger is
append-only: a donation or an expenditure is never edited or deleted; a mistake is
corrected by a reversal, a new row with the opposite amount that points at the row it
reverses (ADR 0009).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core import texts
from saathi.core.fields import EncryptedTextField
from saathi.core.vault import PrivateFileField
from saathi.relief.fields import CentsField

from .querysets import CampaignQuerySet, LedgerQuerySet

ZERO = Decimal("0.00")


class Campaign(models.Model):
    """A fundraising campaign: crowdfunding on a platform, an appeal to funders."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    platform = models.CharField(
        max_length=100,
        blank=True,
    )
    partners = models.CharField(max_length=300, blank=True)
    target = CentsField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        db_table = "relief_campaign"  # moved from relief with its data (ADR 0023)
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name


class LedgerEntry(models.Model):
    """A row of a campaign's ledger: written once. A correction is a reversal, a new row
    with the opposite amount that points at the row it reverses (once only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="%(class)ss")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount = CentsField()
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
                name="relief_%(class)s_sign",
            )
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Ledger entries are never changed; record a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Ledger entries are never deleted; record a reversal.")


class Donation(LedgerEntry):
    class Channel(models.TextChoices):
        CROWDFUNDING = "crowdfunding", _("Crowdfunding platform")
        BANK = "bank_transfer", _("Bank transfer")
        UPI = "upi", _("UPI")
        CHEQUE = "cheque", _("Cheque")
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind (goods)")

    # Personal data: encrypted, shown only to those who manage funds (audited).
    donor_name = EncryptedTextField()
    anonymous = models.BooleanField(default=False)
    received_on = models.DateField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    in_kind_description = models.CharField(max_length=300, blank=True)
    transaction_ref = models.CharField(max_length=100, blank=True)

    class Meta(LedgerEntry.Meta):
        db_table = "relief_donation"
        ordering = ["-received_on", "-id"]

    @property
    def in_kind(self) -> bool:
        return self.channel == self.Channel.IN_KIND


class Expenditure(LedgerEntry):
    programme = models.ForeignKey(
        "relief.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    distribution = models.OneToOneField(
        "relief.Distribution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditure",
    )
    distribution_count = models.PositiveIntegerField(default=0)
    spent_on = models.DateField()
    description = models.CharField(max_length=300)  # in English when coded: a fallback
    # a line the system writes, as a code with parameters (core.texts)
    description_code = models.CharField(max_length=64, blank=True)
    description_params = models.JSONField(default=dict, blank=True)
    paid_to = models.CharField(max_length=200, blank=True)
    receipt_file = PrivateFileField(aad_prefix="relief-receipt")
    receipt_content_type = models.CharField(max_length=50, blank=True, editable=False)

    class Meta(LedgerEntry.Meta):
        db_table = "relief_expenditure"
        ordering = ["-spent_on", "-id"]

    @property
    def description_text(self) -> str:
        """What it paid for, in the reader's language when the system wrote it."""
        if self.description_code:
            return texts.render(self.description_code, self.description_params, self.description)
        return self.description
