"""Livelihoods in a crisis: supports and collective loans, informal debts, devices and
assets given, health drives (ADR 0039).

Money is ``Decimal`` with two places stored as integer paise (``CentsField``). Supports
paid by a campaign are spending in its ledger (``funds``); a loan's repayments are
append-only rows, and what is outstanding is always computed from them.
"""

from __future__ import annotations

import uuid as uuid_lib
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import texts
from saathi.core.fields import EncryptedTextField
from saathi.core.models import OwnedRecord
from saathi.relief.fields import CentsField

from .querysets import (
    DebtQuerySet,
    DeviceQuerySet,
    FollowUpQuerySet,
    HealthDriveQuerySet,
    HealthStepQuerySet,
    SupportQuerySet,
)

ZERO = Decimal("0.00")
# a yearly rate above this flags a debt-bondage risk (issue 18)
RISK_YEARLY_RATE = Decimal("36")


class Activity(models.TextChoices):
    FOOD_FROM_HOME = "food_from_home", _("Food cooked at home")
    FRUIT_STALL = "fruit_stall", _("Fruit or vegetable stall")
    TAILORING = "tailoring", _("Tailoring")
    BEAUTY = "beauty", _("Beauty work")
    DOMESTIC = "domestic", _("Domestic work")
    SMALL_SHOP = "small_shop", _("Small shop")
    LIVESTOCK = "livestock", _("Livestock")
    OTHER = "other", _("Other")


class SupportKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Interest-free loan")
    EQUIPMENT = "equipment", _("Equipment")
    TRAINING = "training", _("Training")
    MARKET_LINK = "market_link", _("Market link")


# kinds that hand over money: an amount above zero is needed
MONEY_KINDS = frozenset({SupportKind.GRANT, SupportKind.LOAN, SupportKind.EQUIPMENT})


class Settings(models.Model):
    """An organisation's choices for this module. Interest on its loans is zero unless
    its admin sets a yearly rate here."""

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    loan_interest_yearly = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    updated_at = models.DateTimeField(auto_now=True)


class Support(OwnedRecord):
    """A livelihood support given to a member: what she does, what she got, who paid."""

    reference_prefix = "LIV"

    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    activity = models.CharField(max_length=24, choices=Activity.choices)
    activity_other = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=SupportKind.choices)
    amount = CentsField(default=ZERO)
    given_on = models.DateField()
    campaign = models.ForeignKey(
        "funds.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_by = models.CharField(max_length=200, blank=True)  # a programme or funder by name
    expenditure = models.OneToOneField(
        "funds.Expenditure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.CharField(max_length=500, blank=True)
    # loans: the yearly rate the organisation set when it was given (zero by default)
    interest_yearly = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    interest_total = CentsField(default=ZERO)
    instalments = models.PositiveSmallIntegerField(default=0)
    repaid = CentsField(default=ZERO)  # the sum of its repayments, kept under the row lock

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [
            # the list in date order; member_id last so that a leader's list checks her
            # collective's memberships from the index alone (no row read per support)
            models.Index(
                fields=["organisation", "-given_on", "-id", "member"], name="liv_support_list"
            ),
            # a member's supports in date order, and a leader's count (member IN her
            # collective's members) from the index alone; with (member, organisation) in
            # front SQLite takes it over the list index, which it walked whole (100 ms)
            models.Index(
                fields=["member", "organisation", "-given_on", "-id"], name="liv_support_of"
            ),
            # the list filtered by activity or by kind (open loans), in date order; member
            # (and, for open loans, what is due and repaid) in the index, so that counts
            # and pages are read from it alone
            models.Index(
                fields=["organisation", "activity", "-given_on", "-id", "member"],
                name="liv_support_activity",
            ),
            models.Index(
                fields=[
                    "organisation",
                    "kind",
                    "-given_on",
                    "-id",
                    "member",
                    "repaid",
                    "amount",
                    "interest_total",
                ],
                name="liv_support_kind",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="liv_support_amount"),
            models.CheckConstraint(condition=Q(repaid__gte=0), name="liv_support_repaid"),
        ]

    @property
    def is_loan(self) -> bool:
        return self.kind == SupportKind.LOAN

    @property
    def total_due(self) -> Decimal:
        return self.amount + self.interest_total if self.is_loan else ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.total_due - self.repaid if self.is_loan else ZERO

    @property
    def activity_text(self) -> str:
        if self.activity == Activity.OTHER and self.activity_other:
            return self.activity_other
        return str(self.get_activity_display())


class Instalment(models.Model):
    """One line of a loan's repayment schedule."""

    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="schedule")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount = CentsField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["support", "number"], name="liv_instalment_once")
        ]


class Repayment(models.Model):
    """Money paid back on a loan. Never edited or deleted."""

    support = models.ForeignKey(Support, on_delete=models.PROTECT, related_name="repayments")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount = CentsField()
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="liv_repayment_pos")]


class IncomeBand(models.TextChoices):
    NONE = "none", _("No income")
    UNDER_2000 = "under_2000", _("Under ₹2,000 a month")
    UNDER_5000 = "2000_5000", _("₹2,000 to ₹5,000 a month")
    UNDER_10000 = "5000_10000", _("₹5,000 to ₹10,000 a month")
    ABOVE_10000 = "above_10000", _("Above ₹10,000 a month")


FOLLOW_UP_MONTHS = (1, 3, 6)


class FollowUp(models.Model):
    """A visit 1, 3 or 6 months after a support: is the activity still running?"""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="follow_ups")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    still_running = models.BooleanField(null=True)
    income_band = models.CharField(max_length=16, choices=IncomeBand.choices, blank=True)
    problems = models.CharField(max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="liv_followup_due")]
        constraints = [
            models.UniqueConstraint(fields=["support", "months"], name="liv_followup_once")
        ]


# --------------------------------------------------------------------- informal debts
class LenderKind(models.TextChoices):
    MONEYLENDER = "moneylender", _("Moneylender")
    BROTHEL_KEEPER = "brothel_keeper", _("Brothel keeper or madam")
    HOUSE_OWNER = "house_owner", _("House owner")
    EMPLOYER = "employer", _("Employer")
    RELATIVE = "relative", _("Relative")
    SHG = "shg", _("Self-help group")
    OTHER = "other", _("Other")


# a lender of these kinds who presses her flags a debt-bondage risk
PRESSING_LENDERS = frozenset({LenderKind.BROTHEL_KEEPER, LenderKind.EMPLOYER})


class RatePeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class Debt(OwnedRecord):
    """What a member owes an informal lender, as she tells it. Confidential: only social
    workers and facilitators who support her reach it (ADR 0039)."""

    reference_prefix = "DBT"

    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    lender_kind = models.CharField(max_length=16, choices=LenderKind.choices)
    amount = CentsField()
    rate = models.DecimalField(max_digits=7, decimal_places=2, default=ZERO)
    rate_period = models.CharField(max_length=8, choices=RatePeriod.choices)
    yearly_rate = models.DecimalField(max_digits=8, decimal_places=2, default=ZERO)
    since = models.DateField(null=True, blank=True)
    pressed = models.BooleanField(default=False)
    # who the lender is and what she said: encrypted, read through core.confidential
    details = EncryptedTextField(confidential=True)
    risk = models.BooleanField(default=False)
    risk_reviewed_at = models.DateTimeField(null=True, blank=True)
    risk_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_on = models.DateField(null=True, blank=True)

    objects = DebtQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "risk", "risk_reviewed_at"], name="debt_risk")
        ]


def yearly_rate(rate: Decimal, period: str) -> Decimal:
    """Interest as she reports it, as a simple yearly rate (12 × a monthly rate)."""
    yearly = rate * 12 if period == RatePeriod.MONTH else rate
    return yearly.quantize(Decimal("0.01"))


def bondage_risk(lender_kind: str, pressed: bool, yearly: Decimal) -> bool:
    return (lender_kind in PRESSING_LENDERS and pressed) or yearly > RISK_YEARLY_RATE


# ------------------------------------------------------------------ devices and assets
class DeviceKind(models.TextChoices):
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablet")
    SEWING_MACHINE = "sewing_machine", _("Sewing machine")
    CART = "cart", _("Cart")
    OTHER = "other", _("Other")


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Lost")
    STOLEN = "stolen", _("Stolen")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Good")
    WORN = "worn", _("Worn")
    BROKEN = "broken", _("Broken")


class Device(OwnedRecord):
    """A device or asset given to a leader, a member or a collective."""

    reference_prefix = "DEV"

    kind = models.CharField(max_length=16, choices=DeviceKind.choices)
    model_name = models.CharField(max_length=200, blank=True)
    # IMEI or serial: encrypted, with a keyed hash to find a stolen one (core.crypto)
    serial = EncryptedTextField()
    serial_hash = models.CharField(max_length=40, blank=True, db_index=True)
    serial_last4 = models.CharField(max_length=4, blank=True)
    given_on = models.DateField()
    member = models.ForeignKey(
        "people.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "funds.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    funds_source = models.CharField(max_length=200, blank=True)
    cost = CentsField(default=ZERO)
    expenditure = models.OneToOneField(
        "funds.Expenditure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    condition = models.CharField(max_length=8, choices=Condition.choices, default=Condition.NEW)
    status = models.CharField(max_length=8, choices=DeviceStatus.choices, default="in_use")
    status_on = models.DateField(null=True, blank=True)
    sim_provider = models.CharField(max_length=60, blank=True)
    plan_renews_on = models.DateField(null=True, blank=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(fields=["plan_renews_on"], name="device_plan"),
            models.Index(fields=["organisation", "-given_on", "-id"], name="device_org"),
        ]

    def scope_reach(self):
        if self.collective_id:
            return self.organisation_id, [self.collective_id]
        if self.member_id:
            return self.organisation_id, self.member.collective_ids()
        return self.organisation_id, ()


# ------------------------------------------------------------------------ health drives
class DriveKind(models.TextChoices):
    VACCINATION = "vaccination", _("Vaccination")
    HEALTH_CAMP = "health_camp", _("Health camp")
    ART = "art", _("ART enrolment")


class Step(models.TextChoices):
    FIRST_DOSE = "first_dose", _("First dose")
    SECOND_DOSE = "second_dose", _("Second dose")
    BOOSTER = "booster", _("Booster dose")
    SCREENED = "screened", _("Screened")
    REFERRED = "referred", _("Referred")
    ENROLLED = "enrolled", _("Enrolled in ART")


STEPS_OF: dict[str, tuple[str, ...]] = {
    DriveKind.VACCINATION: (Step.FIRST_DOSE, Step.SECOND_DOSE, Step.BOOSTER),
    DriveKind.HEALTH_CAMP: (Step.SCREENED, Step.REFERRED),
    DriveKind.ART: (Step.ENROLLED,),
}
# an ART drive says who lives with HIV: its members and steps are confidential
CONFIDENTIAL_KINDS = frozenset({DriveKind.ART})


class HealthDrive(OwnedRecord):
    """A drive whose target is a step per member: a dose, a screening, an enrolment."""

    reference_prefix = "HDR"

    kind = models.CharField(max_length=16, choices=DriveKind.choices)
    name = models.CharField(max_length=200)
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goal_step = models.CharField(max_length=16, choices=Step.choices)
    target = models.PositiveIntegerField()
    target_date = models.DateField()

    objects = HealthDriveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def steps(self) -> tuple[str, ...]:
        return STEPS_OF[self.kind]

    @property
    def confidential(self) -> bool:
        return self.kind in CONFIDENTIAL_KINDS


class HealthStep(models.Model):
    """A member reached by a drive: this dose, screening or enrolment, on this day."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    drive = models.ForeignKey(HealthDrive, on_delete=models.PROTECT, related_name="steps_done")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("people.Member", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=16, choices=Step.choices)
    on = models.DateField()
    centre = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HealthStepQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["drive", "member", "step"], name="health_step_once")
        ]
        indexes = [
            models.Index(fields=["drive", "step", "member"], name="health_step_drive"),
            # a member's steps in their order: without it SQLite read the organisation's
            # steps by the organisation index and sorted them
            models.Index(fields=["member", "on", "id"], name="health_step_member"),
        ]


# Ledger lines the system writes (core.texts): shown in the reader's language. The
# parameter is a reference (LIV-2026-000001), never her name.
LEDGER_SUPPORT = {
    SupportKind.GRANT: texts.define(
        "livelihoods.ledger.grant", gettext_lazy("Livelihood grant %(reference)s")
    ),
    SupportKind.LOAN: texts.define(
        "livelihoods.ledger.loan", gettext_lazy("Livelihood loan %(reference)s")
    ),
    SupportKind.EQUIPMENT: texts.define(
        "livelihoods.ledger.equipment", gettext_lazy("Equipment for a livelihood %(reference)s")
    ),
}
LEDGER_DEVICE = texts.define(
    "livelihoods.ledger.device", gettext_lazy("Device or asset given %(reference)s")
)
