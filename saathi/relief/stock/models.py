"""Relief stock: supplies received in kind, held at places, given out, moved and counted
(ADR 0039).

Every change of stock is one append-only :class:`Movement` row; :class:`Level` holds what
is at a place now, is changed only under its row lock (``select_for_update``) and never
goes below zero (a check constraint besides the services' check). So, for any item and
place: level = received − given out − moved out + moved in − losses.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core.fields import EncryptedTextField
from saathi.core.policy import Cap
from saathi.core.querysets import OrganisationScopedQuerySet
from saathi.relief.fields import CentsField


class PlaceQuerySet(OrganisationScopedQuerySet):
    """Stores of the organisation; a leader reaches her collective's and the shared ones."""

    default_cap = Cap.VIEW_RELIEF
    collective_reaches_organisation = "unassigned"


class StockQuerySet(OrganisationScopedQuerySet):
    default_cap = Cap.VIEW_RELIEF
    collective_field = "place__collective_id"
    collective_reaches_organisation = "unassigned"


class Place(models.Model):
    """Where supplies are held: an office, a collective's room, a volunteer's house."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stock_place_name")
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A kind of supply, counted in one unit: ration kits, boxes of masks, sanitiser."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="stock_item_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class Level(models.Model):
    """What is at a place now: the row every writer of this item and place locks."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="levels")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="levels")
    quantity = models.BigIntegerField(default=0)

    objects = StockQuerySet.as_manager()

    class Meta:
        ordering = ["item__name", "place__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "place"], name="stock_level_once"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_never_below_zero"),
        ]


class DonorKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    PANCHAYAT = "panchayat", _("Panchayat")
    POLITICAL = "political_leader", _("Political leader")
    CHURCH = "church", _("Church or religious body")
    INDIVIDUAL = "individual", _("Individual donor")
    OTHER = "other", _("Other")


class Kind(models.TextChoices):
    RECEIVED = "received", _("Received")
    GIVEN = "given", _("Given out")
    MOVED_OUT = "moved_out", _("Moved out")
    MOVED_IN = "moved_in", _("Moved in")
    LOSS = "loss", _("Loss at a count")


# how each kind changes the stock at its place
SIGN: dict[str, int] = {
    Kind.RECEIVED: 1,
    Kind.GIVEN: -1,
    Kind.MOVED_OUT: -1,
    Kind.MOVED_IN: 1,
    Kind.LOSS: -1,
}


class LossReason(models.TextChoices):
    DAMAGED = "damaged", _("Damaged")
    EXPIRED = "expired", _("Expired")
    STOLEN = "stolen", _("Stolen")
    MISCOUNTED = "miscounted", _("Counted wrong earlier")
    UNRECORDED = "unrecorded", _("Given out without a record")
    OTHER = "other", _("Other")


class Movement(models.Model):
    """One change of stock. Never edited or deleted; ``quantity`` is always positive and
    ``kind`` says which way it goes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="movements")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    quantity = models.PositiveBigIntegerField()
    on = models.DateField()
    # received: from whom, and its estimated value (an in-kind donation in the ledger)
    donor_kind = models.CharField(max_length=20, choices=DonorKind.choices, blank=True)
    donor_name = EncryptedTextField()  # personal, like a donation's donor
    estimated_value = CentsField(default=0)
    donation = models.OneToOneField(
        "funds.Donation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # given: to whom (a member), and the relief distribution it belongs to
    member = models.ForeignKey(
        "people.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    distribution = models.ForeignKey(
        "relief.Distribution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # moved: the other place, and the pair's shared id
    other_place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.UUIDField(null=True, blank=True)
    # a loss at a count: the count and why it differs from the books
    counted = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=16, choices=LossReason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StockQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-on", "-id"], name="stock_move_org"),
            models.Index(fields=["place", "-on", "-id"], name="stock_move_place"),
            models.Index(fields=["item", "place", "kind"], name="stock_move_item"),
        ]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="stock_qty_pos")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Stock movements are never changed; record another one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Stock movements are never deleted; record another one.")

    @property
    def delta(self) -> int:
        return SIGN[self.kind] * self.quantity


class Source(models.Model):
    """A relief programme's item given from this stock at this place: each distribution
    of it takes its quantity from the stock (refused when there is not enough)."""

    relief_item = models.OneToOneField(
        "relief.Item", on_delete=models.CASCADE, related_name="stock_source"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
