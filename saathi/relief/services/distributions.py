"""Services: distributions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, vault
from saathi.core.files import IMAGE_TYPES, check_upload
from saathi.core.policy import Cap
from saathi.funds.models import Expenditure
from saathi.funds.services import expenditure_reverse, ledger_line, money
from saathi.people.models import Member
from saathi.relief.stock.services import return_for_cancelled, take_for_distribution

from ..models import (
    LEDGER_DISTRIBUTION,
    ZERO,
    Distribution,
    Item,
    OtpChallenge,
    Programme,
)
from ._base import CENT, require


@dataclass
class DistributionInput:
    programme: Programme
    item: Item
    member: Member
    distributed_on: date
    mode: str
    handed_over_by: str
    ack_method: str
    quantity: Decimal | None = None
    amount: Decimal | None = None
    place: str = ""
    repeat_reason: str = ""

    def to_payload(self) -> dict:
        return {
            "item": self.item.pk,
            "quantity": str(self.quantity) if self.quantity is not None else None,
            "amount": str(self.amount) if self.amount is not None else None,
            "distributed_on": self.distributed_on.isoformat(),
            "mode": self.mode,
            "handed_over_by": self.handed_over_by,
            "place": self.place,
            "repeat_reason": self.repeat_reason,
        }

    @classmethod
    def from_payload(cls, challenge: OtpChallenge) -> DistributionInput:
        p = challenge.payload
        return cls(
            programme=challenge.programme,
            item=Item.objects.get(pk=p["item"], programme=challenge.programme),
            member=challenge.member,
            distributed_on=date.fromisoformat(p["distributed_on"]),
            mode=p["mode"],
            handed_over_by=p["handed_over_by"],
            ack_method=Distribution.Ack.OTP,
            quantity=Decimal(p["quantity"]) if p["quantity"] is not None else None,
            amount=Decimal(p["amount"]) if p["amount"] is not None else None,
            place=p["place"],
            repeat_reason=p["repeat_reason"],
        )


def recipient_key(member_id: int, household_id: int | None) -> str:
    return f"h{household_id}" if household_id else f"m{member_id}"


def _clean_distribution(data: DistributionInput) -> tuple[Decimal, Decimal]:
    """Field errors of a distribution; returns (quantity, amount)."""
    errors: dict[str, str] = {}
    item, programme = data.item, data.programme
    if item.programme_id != programme.pk:
        errors["item"] = _("Choose an item of this programme.")
    if data.member.organisation_id != programme.organisation_id:
        errors["member"] = _("This member belongs to another organisation.")
    elif data.member.archived_at is not None:
        errors["member"] = _("This member's record is archived.")
    if data.mode not in Distribution.Mode.values:
        errors["mode"] = _("Choose how it was given.")
    elif item.is_money and data.mode == Distribution.Mode.IN_KIND:
        errors["mode"] = _("Money is given in cash, by bank transfer or by UPI.")
    elif not item.is_money and data.mode != Distribution.Mode.IN_KIND:
        errors["mode"] = _("Goods are given in kind.")
    if data.ack_method not in Distribution.Ack.values:
        errors["ack_method"] = _("Choose how she acknowledged it.")
    if not data.handed_over_by.strip():
        errors["handed_over_by"] = _("Write who handed it over.")
    today = timezone.localdate()
    if data.distributed_on > today:
        errors["distributed_on"] = _("The date cannot be in the future.")
    elif data.distributed_on < programme.starts_on or (
        programme.ends_on and data.distributed_on > programme.ends_on
    ):
        errors["distributed_on"] = _("The date is outside the programme's period.")
    quantity = Decimal(1)
    amount = ZERO
    if item.is_money:
        try:
            amount = money(data.amount if data.amount is not None else item.unit_value, "amount")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    else:
        q = data.quantity if data.quantity is not None else Decimal(1)
        if q <= 0 or q != q.quantize(CENT) or q >= 10**8:
            errors["quantity"] = _("Enter a quantity above zero.")
        else:
            quantity = q
            amount = (item.unit_value * q).quantize(CENT)
    if errors:
        raise ValidationError(errors)
    return quantity, amount


def _recent(item_id: int, key: str, on: date, interval_days: int) -> Distribution | None:
    window = timedelta(days=interval_days)
    return (
        Distribution.objects.standing()
        .filter(
            item_id=item_id,
            recipient_key=key,
            distributed_on__gt=on - window,
            distributed_on__lt=on + window,
        )
        .order_by("-distributed_on")
        .first()
    )


def _repeat_error(previous: Distribution) -> ValidationError:
    return ValidationError(
        {
            "repeat_reason": _(
                "Her household already received this item on %(date)s, within %(days)s days. "
                "Write why it is given again, or do not give it."
            )
            % {
                "date": previous.distributed_on.strftime("%d/%m/%Y"),
                "days": previous.programme.interval_days,
            }
        },
        code="repeat",
    )


def require_service_consent(member) -> None:
    """Her consent to registration and services must stand for anything to be recorded
    against her name: the web page, the API, a list import and a phone's submission
    (``surveys.platform``, rule ``no_consent``) apply the same rule (ADR 0040)."""
    from saathi.core import consent

    if not consent.has_consent(member, consent.Purpose.REGISTRATION):
        raise ValidationError(
            _(
                "Her consent to registration and services is not recorded, or she has "
                "withdrawn it: record her consent on her page first."
            ),
            code="no_consent",
        )


def distribution_check(data: DistributionInput, actor) -> None:
    """Every check of distribution_record without writing (before an OTP is sent)."""
    require(
        actor, Cap.RECORD_DISTRIBUTIONS, data.member.organisation_id, data.member.collective_ids()
    )
    require_service_consent(data.member)
    _clean_distribution(data)
    key = recipient_key(data.member.pk, data.member.household_id)
    previous = _recent(data.item.pk, key, data.distributed_on, data.programme.interval_days)
    if previous is not None and not data.repeat_reason.strip():
        raise _repeat_error(previous)


def distribution_record(
    *, data: DistributionInput, actor, ack_upload=None, otp: OtpChallenge | None = None
) -> Distribution:
    """Record one distribution; the double-distribution rule holds under concurrency."""
    member, programme, item = data.member, data.programme, data.item
    require(actor, Cap.RECORD_DISTRIBUTIONS, member.organisation_id, member.collective_ids())
    require_service_consent(member)
    quantity, amount = _clean_distribution(data)
    ack = None
    if data.ack_method in (Distribution.Ack.SIGNATURE, Distribution.Ack.THUMBPRINT):
        if ack_upload is None:
            raise ValidationError(
                {"ack_file": _("Take or upload a photo of her signature or thumbprint.")}
            )
        ack = check_upload(ack_upload, "ack_file", IMAGE_TYPES)
    elif data.ack_method == Distribution.Ack.OTP and otp is None:
        raise ValidationError(
            {"ack_method": _("The code sent to her phone must be checked first.")}
        )
    key = recipient_key(member.pk, member.household_id)
    dist = Distribution(
        organisation_id=programme.organisation_id,
        programme=programme,
        item=item,
        member=member,
        household_id=member.household_id,
        recipient_key=key,
        quantity=quantity,
        amount=amount,
        mode=data.mode,
        distributed_on=data.distributed_on,
        place=data.place.strip()[:200],
        handed_over_by=data.handed_over_by.strip()[:200],
        ack_method=data.ack_method,
        repeat_reason=data.repeat_reason.strip()[:500],
        recorded_by=actor,
    )
    with transaction.atomic():
        # the lock row: every writer of this item waits here, then sees the others' rows
        Item.objects.select_for_update().filter(pk=item.pk).values_list("pk", flat=True).get()
        previous = _recent(item.pk, key, data.distributed_on, programme.interval_days)
        if previous is not None and not dist.repeat_reason:
            raise _repeat_error(previous)
        if previous is None:
            dist.repeat_reason = ""
        if ack is not None:
            content, mime = ack
            vault.store(dist, "ack_file", content)
            dist.ack_content_type = mime
        dist.save()
        take_for_distribution(dist, actor=actor)  # livelihoods: an item given from stock
        if item.is_money and programme.campaign_id:
            Expenditure.objects.create(
                campaign_id=programme.campaign_id,
                organisation_id=programme.organisation_id,
                programme=programme,
                distribution=dist,
                distribution_count=1,
                amount=amount,
                spent_on=data.distributed_on,
                **ledger_line(LEDGER_DISTRIBUTION, item=item.name),
                recorded_by=actor,
            )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=dist,
            detail={
                "item": str(item.uuid),
                "ack": data.ack_method,
                "repeat": bool(dist.repeat_reason),
            },
        )
    return dist


def distribution_cancel(*, distribution: Distribution, reason: str, actor) -> Distribution:
    """Cancel a distribution recorded by mistake; its money goes back to the campaign."""
    require(actor, Cap.MANAGE_RELIEF, distribution.organisation_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this distribution is cancelled.")})
    with transaction.atomic():
        Item.objects.select_for_update().filter(pk=distribution.item_id).values_list("pk").get()
        claimed = Distribution.objects.filter(pk=distribution.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), cancelled_by=actor, cancel_reason=reason.strip()[:300]
        )
        if not claimed:
            raise ValidationError(_("This distribution was already cancelled."))
        distribution.refresh_from_db(fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        spent = Expenditure.objects.filter(distribution=distribution).first()
        if spent is not None:
            expenditure_reverse(expenditure=spent, reason=distribution.cancel_reason, actor=actor)
        return_for_cancelled(distribution, actor=actor)  # livelihoods: back in stock
        audit.record(audit.Action.CHANGE, actor=actor, obj=distribution, fields=["cancelled_at"])
    return distribution
