"""Writes of fundraising: campaigns, donations, expenditures and their reversals.

Atomic, audited in the same transaction, no names logged. The ledger is append-only
(ADR 0009); an expenditure beyond the campaign's balance needs a confirmation and a
reason, and no amount reaches ``MAX_AMOUNT`` (issue 11 item 7)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy, vault
from saathi.core.access import require_cap_for as require
from saathi.core.files import IMAGE_OR_PDF_TYPES, check_upload
from saathi.core.policy import Cap
from saathi.core.templatetags.saathi import inr
from saathi.people.services import next_reference

from . import selectors
from .models import ZERO, Campaign, Donation, Expenditure

if TYPE_CHECKING:
    from saathi.relief.models import Programme

logger = logging.getLogger(__name__)

RECEIPT_TYPES = IMAGE_OR_PDF_TYPES
CENT = Decimal("0.01")
# One entry of a collective's or an organisation's ledger never reaches ten crore rupees:
# anything above is a slip of the keyboard (issue 11 item 7).
MAX_AMOUNT = Decimal("100000000.00")


def ledger_line(code: str, **params) -> dict:
    """The fields of a ledger line the system writes: a code with parameters, rendered in
    the reader's language (core.texts), and its English text as the stored fallback."""
    from saathi.core.texts import Text

    text = Text(code, params)
    return {
        "description": text.english()[:300],
        "description_code": code,
        "description_params": params,
    }


def money(value, field_name: str, *, allow_zero: bool = False) -> Decimal:
    """A rupee amount as Decimal with two places; a ValidationError on ``field_name``."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("₹", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: _("Enter an amount in rupees, e.g. 1500.")}) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field_name: _("Enter an amount above zero.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field_name: _("Rupees and at most two digits of paise.")})
    if amount > MAX_AMOUNT:
        raise ValidationError(
            {
                field_name: _(
                    "An amount above %(max)s cannot be recorded: check the digits. A larger "
                    "sum is recorded as several entries."
                )
                % {"max": inr(MAX_AMOUNT)}
            }
        )
    return amount.quantize(CENT)


# ------------------------------------------------------------------------ fundraising
CAMPAIGN_FIELDS = ("name", "platform", "partners", "target", "starts_on", "ends_on", "description")


def campaign_save(*, organisation, data: dict, actor, campaign: Campaign | None = None):
    require(actor, Cap.MANAGE_FUNDS, organisation.pk)
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Enter a name.")
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = _("The end date is before the start date.")
    try:
        target = money(data.get("target"), "target")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    creating = campaign is None
    campaign = campaign or Campaign(
        organisation=organisation, reference=next_reference("CMP")[0], created_by=actor
    )
    changed = [f for f in CAMPAIGN_FIELDS if getattr(campaign, f, None) != data.get(f)]
    for f in CAMPAIGN_FIELDS:
        if f in data:
            setattr(campaign, f, data[f] if data[f] is not None or f == "ends_on" else "")
    campaign.target = target
    with transaction.atomic():
        campaign.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=campaign,
            fields=[] if creating else changed,
        )
    return campaign


@dataclass
class DonationInput:
    amount: object
    received_on: date
    channel: str
    donor_name: str = ""
    anonymous: bool = False
    in_kind_description: str = ""
    transaction_ref: str = ""


def donation_record(*, campaign: Campaign, data: DonationInput, actor) -> Donation:
    require(actor, Cap.MANAGE_FUNDS, campaign.organisation_id)
    errors: dict[str, str] = {}
    try:
        amount = money(data.amount, "amount")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        amount = ZERO
    if data.channel not in Donation.Channel.values:
        errors["channel"] = _("Choose how the donation came.")
    if data.channel == Donation.Channel.IN_KIND and not data.in_kind_description.strip():
        errors["in_kind_description"] = _(
            "Write what goods were given; the amount is their estimated value."
        )
    if data.received_on > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    donor = "" if data.anonymous else data.donor_name.strip()[:200]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        donation = Donation.objects.create(
            campaign=campaign,
            organisation_id=campaign.organisation_id,
            donor_name=donor,
            anonymous=data.anonymous or not donor,
            amount=amount,
            received_on=data.received_on,
            channel=data.channel,
            in_kind_description=data.in_kind_description.strip()[:300],
            transaction_ref=data.transaction_ref.strip()[:100],
            recorded_by=actor,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=donation,
            detail={"campaign": str(campaign.uuid), "amount": str(amount)},
        )
    return donation


def expenditure_record(
    *,
    campaign: Campaign,
    amount,
    spent_on: date,
    description: str,
    actor,
    programme: Programme | None = None,
    paid_to: str = "",
    receipt=None,
    beyond_balance: bool = False,
    beyond_balance_reason: str = "",
    line: dict | None = None,
) -> Expenditure:
    """One expenditure of ``campaign``. Spending more than the campaign's balance needs
    ``beyond_balance`` and a reason (kept on the entry, shown in the ledger). ``line``: a
    line the system writes (``ledger_line(code, ...)``) instead of ``description``."""
    require(actor, Cap.MANAGE_FUNDS, campaign.organisation_id)
    errors: dict[str, str] = {}
    try:
        value = money(amount, "amount")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        value = ZERO
    if not description.strip():
        errors["description"] = _("Write what the money paid for.")
    if spent_on > timezone.localdate():
        errors["spent_on"] = _("The date cannot be in the future.")
    if programme is not None and programme.organisation_id != campaign.organisation_id:
        errors["programme"] = _("This programme belongs to another organisation.")
    if errors:
        raise ValidationError(errors)
    scan = check_upload(receipt, "receipt", RECEIPT_TYPES) if receipt is not None else None
    exp = Expenditure(
        campaign=campaign,
        organisation_id=campaign.organisation_id,
        programme=programme,
        amount=value,
        spent_on=spent_on,
        description=description.strip()[:300],
        paid_to=paid_to.strip()[:200],
        recorded_by=actor,
    )
    if line:  # livelihoods: a coded line, rendered in the reader's language
        exp.description = line["description"]
        exp.description_code = line["description_code"]
        exp.description_params = line["description_params"]
    with transaction.atomic():
        # the campaign row is locked: two expenditures at once see each other's spending
        Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk").get()
        balance = selectors.campaign_ledger(campaign).balance  # as the campaign page shows
        beyond = value > balance
        if beyond:
            reason = beyond_balance_reason.strip()
            if not beyond_balance:
                raise ValidationError(
                    {
                        "beyond_balance": _(
                            "This is %(over)s more than the campaign's balance of %(balance)s. "
                            "To record it anyway, tick this box and say why."
                        )
                        % {"over": inr(value - balance), "balance": inr(balance)}
                    }
                )
            if not reason:
                raise ValidationError(
                    {"beyond_balance_reason": _("Say why more than the balance is spent.")}
                )
            exp.reason = reason[:300]
        if scan is not None:
            vault.store(exp, "receipt_file", scan[0])
            exp.receipt_content_type = scan[1]
        exp.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=exp,
            detail={"campaign": str(campaign.uuid), "amount": str(value), "beyond_balance": beyond},
        )
    return exp


def _reverse(model, entry, *, reason: str, actor, on: date | None = None):
    require(actor, Cap.MANAGE_FUNDS, entry.organisation_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this entry is reversed.")})
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed; record a new entry."))
    on = on or timezone.localdate()
    with transaction.atomic():
        # lock the entry: two reversals at once would both pass the check below
        model.objects.select_for_update().filter(pk=entry.pk).values_list("pk").get()
        if model.objects.filter(reverses_id=entry.pk).exists():
            raise ValidationError(_("This entry was already reversed."))
        fields = {
            "campaign_id": entry.campaign_id,
            "organisation_id": entry.organisation_id,
            "amount": -entry.amount,
            "reverses": entry,
            "reason": reason.strip()[:300],
            "recorded_by": actor,
        }
        if model is Donation:
            fields |= {
                "donor_name": "",
                "anonymous": entry.anonymous,
                "received_on": on,
                "channel": entry.channel,
            }
        else:
            fields |= {
                "programme_id": entry.programme_id,
                "spent_on": on,
                "description": entry.description,
                "description_code": entry.description_code,
                "description_params": entry.description_params,
            }
        reversal = model.objects.create(**fields)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=reversal,
            detail={"reverses": str(entry.uuid), "amount": str(reversal.amount)},
        )
    return reversal


def donation_reverse(*, donation: Donation, reason: str, actor, on: date | None = None):
    return _reverse(Donation, donation, reason=reason, actor=actor, on=on)


def expenditure_reverse(*, expenditure: Expenditure, reason: str, actor, on: date | None = None):
    return _reverse(Expenditure, expenditure, reason=reason, actor=actor, on=on)


def donor_names(donations: list[Donation], actor) -> dict[int, str]:
    """Donor names for those who manage funds (one audit row); others see none."""
    if not donations:
        return {}
    org = donations[0].organisation_id
    if not policy.has_cap_for(actor, Cap.MANAGE_FUNDS, org):
        return {}
    names = {d.pk: d.donor_name.unseal_for_system() for d in donations if d.donor_name}
    if names:
        audit.record(
            audit.Action.VIEW_PERSONAL,
            actor=actor,
            object_type=Donation._meta.label_lower,
            object_id=str(donations[0].campaign.uuid) if donations[0].campaign_id else "",
            organisation_id=org,
            fields=["donor_name"],
            detail={"count": len(names)},
        )
    return names
