"""Writes for relief: atomic, capability-checked, audited; never logging names or phones.

The double-distribution rule (ADR 0009): a household gets an item of a programme at most
once within the programme's ``interval_days`` unless a reason is written. It is checked
here, after locking the item's row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers), so two requests at the same moment cannot
both pass it. The bulk import takes the same locks and applies the same rule.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, crypto, policy, vault
from saathi.core.files import IMAGE_OR_PDF_TYPES, IMAGE_TYPES, check_upload
from saathi.core.models import Consent
from saathi.core.policy import Cap
from saathi.people.models import IdentityDocument, Member
from saathi.people.services import next_reference

from . import sms
from .fields import hundredths
from .models import (
    ZERO,
    BeneficiaryEntry,
    BeneficiaryList,
    Campaign,
    Distribution,
    Donation,
    Expenditure,
    Item,
    OtpChallenge,
    Programme,
)

logger = logging.getLogger(__name__)

RECEIPT_TYPES = IMAGE_OR_PDF_TYPES
OTP_TTL = timedelta(minutes=10)
OTP_MAX_ATTEMPTS = 5
CENT = Decimal("0.01")


def require(user, cap: str, organisation_id: int, collective_ids=()) -> None:
    if not policy.has_cap_for(user, cap, organisation_id, collective_ids):
        audit.record(
            audit.Action.DENIED,
            actor=user,
            organisation_id=organisation_id,
            detail={"capability": cap},
        )
        raise PermissionDenied


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
    if amount >= Decimal("1e12"):
        raise ValidationError({field_name: _("This amount is too large.")})
    return amount.quantize(CENT)


# ---------------------------------------------------------------------- programmes
PROGRAMME_FIELDS = (
    "name",
    "funder",
    "collective",
    "campaign",
    "starts_on",
    "ends_on",
    "budget",
    "target_households",
    "interval_days",
    "eligibility_notes",
    "criteria_collective",
    "criteria_district",
    "criteria_missing_document",
    "criteria_min_age",
    "criteria_max_age",
    "criteria_one_per_household",
)


def programme_save(*, organisation, data: dict, actor, programme: Programme | None = None):
    require(actor, Cap.MANAGE_RELIEF, organisation.pk)
    errors = {}
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = _("The end date is before the start date.")
    for key in ("collective", "criteria_collective"):
        coll = data.get(key)
        if coll is not None and coll.organisation_id != organisation.pk:
            errors[key] = _("This collective belongs to another organisation.")
    camp = data.get("campaign")
    if camp is not None and camp.organisation_id != organisation.pk:
        errors["campaign"] = _("This campaign belongs to another organisation.")
    lo, hi = data.get("criteria_min_age"), data.get("criteria_max_age")
    if lo is not None and hi is not None and lo > hi:
        errors["criteria_max_age"] = _("The maximum age is below the minimum age.")
    if not data.get("interval_days"):
        errors["interval_days"] = _("Enter at least one day.")
    if errors:
        raise ValidationError(errors)
    creating = programme is None
    programme = programme or Programme(
        organisation=organisation, reference=next_reference("PRG")[0], created_by=actor
    )
    changed = [f for f in PROGRAMME_FIELDS if getattr(programme, f, None) != data.get(f)]
    for f in PROGRAMME_FIELDS:
        if f in data:
            value = data[f]
            setattr(programme, f, "" if value is None and f.startswith("criteria_d") else value)
    programme.budget = programme.budget or ZERO
    with transaction.atomic():
        programme.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=programme,
            fields=[] if creating else changed,
        )
    return programme


def item_add(*, programme: Programme, data: dict, actor) -> Item:
    require(actor, Cap.MANAGE_RELIEF, programme.organisation_id)
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for this item.")})
    if programme.items.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This programme already has an item with this name.")})
    if data.get("kind") not in Item.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of item this is.")})
    unit_value = money(data.get("unit_value") or 0, "unit_value", allow_zero=True)
    if data["kind"] in Item.MONEY_KINDS and unit_value == 0:
        raise ValidationError({"unit_value": _("Enter the amount each household gets.")})
    with transaction.atomic():
        item = Item.objects.create(
            programme=programme,
            kind=data["kind"],
            name=name,
            contents=(data.get("contents") or "").strip(),
            unit=(data.get("unit") or "").strip(),
            unit_value=unit_value,
            planned_quantity=data.get("planned_quantity") or 0,
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=programme,
            fields=["items"],
            detail={"item": str(item.uuid)},
        )
    return item


# -------------------------------------------------------------------- distributions
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


def distribution_check(data: DistributionInput, actor) -> None:
    """Every check of distribution_record without writing (before an OTP is sent)."""
    require(
        actor, Cap.RECORD_DISTRIBUTIONS, data.member.organisation_id, data.member.collective_ids()
    )
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
        if item.is_money and programme.campaign_id:
            Expenditure.objects.create(
                campaign_id=programme.campaign_id,
                organisation_id=programme.organisation_id,
                programme=programme,
                distribution=dist,
                distribution_count=1,
                amount=amount,
                spent_on=data.distributed_on,
                description=_("Distribution: %(item)s") % {"item": item.name},
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
        audit.record(audit.Action.CHANGE, actor=actor, obj=distribution, fields=["cancelled_at"])
    return distribution


# ------------------------------------------------------------------------------ OTP
def _otp_hash(challenge_uuid, code: str) -> str:
    return hmac.new(
        crypto.hash_key("relief-otp"), f"{challenge_uuid}|{code}".encode(), hashlib.sha256
    ).hexdigest()


def otp_send(*, data: DistributionInput, actor) -> OtpChallenge:
    """Check the distribution, then send a 6-digit code to the member's phone."""
    data.ack_method = Distribution.Ack.OTP
    distribution_check(data, actor)
    phone = data.member.phones.order_by("id").first()
    if phone is None:
        raise ValidationError(
            {"ack_method": _("She has no phone number in her record: choose another way.")}
        )
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        challenge = OtpChallenge(
            organisation_id=data.programme.organisation_id,
            programme=data.programme,
            member=data.member,
            payload=data.to_payload(),
            phone_last_digits=phone.last_digits,
            expires_at=timezone.now() + OTP_TTL,
            created_by=actor,
        )
        challenge.code_hash = _otp_hash(challenge.uuid, code)
        challenge.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=challenge,
            member_id=data.member.pk,
            detail={"sms": "otp"},
        )
        number = phone.number.unseal_for_system()
        message = _("Saathi: your code to confirm what you received is %(code)s.") % {"code": code}
        transaction.on_commit(lambda: sms.send(number, message))
    return challenge


def otp_verify(*, challenge: OtpChallenge, code: str, actor) -> Distribution:
    """Check the code (10 minutes, 5 attempts); record the distribution it confirms."""
    require(
        actor,
        Cap.RECORD_DISTRIBUTIONS,
        challenge.member.organisation_id,
        challenge.member.collective_ids(),
    )
    if challenge.used_at is not None:
        raise ValidationError({"code": _("This code was already used.")})
    if timezone.now() > challenge.expires_at:
        raise ValidationError({"code": _("The code has expired. Send a new one.")})
    # each try is claimed in the database first: guesses sent at the same moment cannot
    # get past the limit together
    tried = OtpChallenge.objects.filter(pk=challenge.pk, attempts__lt=OTP_MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if not tried:
        raise ValidationError({"code": _("Too many wrong codes. Send a new one.")})
    challenge.refresh_from_db(fields=["attempts"])
    code = "".join(str(int(ch)) for ch in (code or "") if ch.isdecimal())
    if not hmac.compare_digest(_otp_hash(challenge.uuid, code), challenge.code_hash):
        left = max(0, OTP_MAX_ATTEMPTS - challenge.attempts)
        raise ValidationError(
            {"code": _("This code is not right. %(n)s tries left.") % {"n": left}}
        )
    with transaction.atomic():
        claimed = OtpChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:
            raise ValidationError({"code": _("This code was already used.")})
        dist = distribution_record(
            data=DistributionInput.from_payload(challenge), actor=actor, otp=challenge
        )
        OtpChallenge.objects.filter(pk=challenge.pk).update(distribution=dist)
    return dist


# ---------------------------------------------------------------------- bulk import
IMPORT_COLUMNS = (
    "member_reference",
    "item",
    "quantity",
    "amount",
    "mode",
    "date",
    "place",
    "handed_over_by",
    "repeat_reason",
)


@dataclass
class ImportResult:
    imported: int = 0
    refused: int = 0
    repeats_allowed: int = 0
    spent: Decimal = ZERO


def _parse_date(raw: str) -> date:
    raw = raw.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError


def distributions_import(
    *,
    programme: Programme,
    rows: Iterable[tuple[int, dict]],
    actor,
    progress: Callable[[int], None] = lambda n: None,
    add_error: Callable[[int, str], None] = lambda line, reason: None,
    batch_size: int = 5000,
    result: ImportResult | None = None,
) -> ImportResult:
    """Record a list of distributions (line number, row dict), batch by batch.

    Each batch runs in one transaction that first locks the programme's items, as
    ``distribution_record`` does, then checks every row against the distributions
    already recorded and the rows accepted before it: the same rule, in bulk. Bad rows
    are refused with their line and reason; good rows are kept. ``result``: counts to
    add to (the caller can read them if a later batch fails).
    """
    from saathi.people.management.commands.seed_demo import FastRows

    require(actor, Cap.RECORD_DISTRIBUTIONS, programme.organisation_id)
    items = {i.name.strip().lower(): i for i in programme.items.all()}
    result = result if result is not None else ImportResult()
    batch: list[tuple[int, dict]] = []
    done = 0

    def flush():
        nonlocal done
        _import_batch(programme, items, batch, actor, result, add_error, FastRows)
        done += len(batch)
        batch.clear()
        progress(done)

    for line, row in rows:
        batch.append((line, row))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return result


def _import_batch(programme, items, batch, actor, result, add_error, FastRows):
    today = timezone.localdate()
    now = timezone.now()
    interval = timedelta(days=programme.interval_days)
    handed_default = actor.get_full_name() or actor.username
    parsed = []
    modes = frozenset(Distribution.Mode.values)
    in_kind, cash = str(Distribution.Mode.IN_KIND), str(Distribution.Mode.CASH)
    dates: dict[str, date | None] = {}  # a list repeats a few dates and quantities:
    numbers: dict[str, Decimal | None] = {}  # each is parsed once per batch

    def parse_date(raw: str):
        if raw not in dates:
            try:
                on = _parse_date(raw)
            except ValueError:
                on = None
            dates[raw] = on
        return dates[raw]

    def parse_number(raw: str, name: str):
        if raw not in numbers:
            try:
                numbers[raw] = money(raw, name)
            except ValidationError:
                numbers[raw] = None
        if numbers[raw] is None:
            raise ValidationError(name)
        return numbers[raw]

    for line, row in batch:
        try:
            ref = (row.get("member_reference") or "").strip().upper()
            if not ref:
                raise ValueError(_("The member reference is empty."))
            item = items.get((row.get("item") or "").strip().lower())
            if item is None:
                raise ValueError(_("This programme has no item with this name."))
            on = parse_date((row.get("date") or "").strip())
            if on is None:
                raise ValueError(_("The date is not a date (dd/mm/yyyy)."))
            if (
                on > today
                or on < programme.starts_on
                or (programme.ends_on and on > programme.ends_on)
            ):
                raise ValueError(_("The date is outside the programme's period."))
            is_money = item.is_money
            mode = (row.get("mode") or "").strip().lower() or (cash if is_money else in_kind)
            if mode not in modes or is_money == (mode == in_kind):
                raise ValueError(_("The mode does not fit this item."))
            if is_money:
                quantity = Decimal(1)
                raw = (row.get("amount") or "").strip()
                amount = parse_number(raw, "amount") if raw else item.unit_value
            else:
                quantity = parse_number((row.get("quantity") or "").strip() or "1", "quantity")
                amount = (item.unit_value * quantity).quantize(CENT)
        except ValidationError:
            add_error(line, _("The amount or quantity is not a number above zero."))
            result.refused += 1
            continue
        except ValueError as exc:
            add_error(line, str(exc))
            result.refused += 1
            continue
        parsed.append((line, row, ref, item, on, mode, quantity, amount))
    if not parsed:
        return
    scope_members = Member.objects.visible_to(actor, Cap.RECORD_DISTRIBUTIONS).filter(
        organisation_id=programme.organisation_id, archived_at__isnull=True
    )
    refs = {p[2] for p in parsed}
    found = {
        r: (mid, hid)
        for r, mid, hid in scope_members.filter(reference__in=refs).values_list(
            "reference", "pk", "household_id"
        )
    }
    rows = FastRows(
        Distribution,
        ["organisation_id", "programme_id", "item_id", "member_id", "household_id",
         "recipient_key", "quantity", "amount", "mode", "distributed_on", "place",
         "handed_over_by", "ack_method", "repeat_reason", "recorded_by_id"],
        now=now,
    )  # fmt: skip
    spent = ZERO
    count = paid = 0
    with transaction.atomic():
        list(
            Item.objects.select_for_update()
            .filter(programme=programme)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        keys = {recipient_key(*found[p[2]]) for p in parsed if p[2] in found}
        dates = [p[4] for p in parsed]
        seen: dict[tuple[int, str], list[date]] = {}
        if keys:
            existing = (
                Distribution.objects.standing()
                .filter(
                    item_id__in=[i.pk for i in items.values()],
                    recipient_key__in=keys,
                    distributed_on__gt=min(dates) - interval,
                    distributed_on__lt=max(dates) + interval,
                )
                .values_list("item_id", "recipient_key", "distributed_on")
            )
            for item_id, key, on in existing:
                seen.setdefault((item_id, key), []).append(on)
            for v in seen.values():
                v.sort()
        for line, row, ref, item, on, mode, quantity, amount in parsed:
            if ref not in found:
                add_error(line, _("No member with this reference in your records."))
                result.refused += 1
                continue
            mid, hid = found[ref]
            key = recipient_key(mid, hid)
            prior = seen.setdefault((item.pk, key), [])
            i = bisect.bisect_left(prior, on)
            near = (i < len(prior) and prior[i] - on < interval) or (
                i > 0 and on - prior[i - 1] < interval
            )
            reason = (row.get("repeat_reason") or "").strip()[:500]
            if near and not reason:
                add_error(
                    line,
                    _("Her household already received this item within %(days)s days.")
                    % {"days": programme.interval_days},
                )
                result.refused += 1
                continue
            if near:
                result.repeats_allowed += 1
            bisect.insort(prior, on)
            rows.add(
                programme.organisation_id,
                programme.pk,
                item.pk,
                mid,
                hid,
                key,
                hundredths(quantity),
                hundredths(amount),
                mode,
                on,
                (row.get("place") or "").strip()[:200],
                (row.get("handed_over_by") or "").strip()[:200] or handed_default,
                Distribution.Ack.PAPER,
                reason if near else "",
                actor.pk,
            )
            count += 1
            if item.is_money:
                spent += amount
                paid += 1
        rows.write()
        if spent and programme.campaign_id:
            Expenditure.objects.create(
                campaign_id=programme.campaign_id,
                organisation_id=programme.organisation_id,
                programme=programme,
                distribution_count=paid,
                amount=spent,
                spent_on=today,
                description=_("Imported distribution list: %(n)s payments") % {"n": paid},
                recorded_by=actor,
            )
        if count:
            audit.record(
                audit.Action.CREATE,
                actor=actor,
                object_type="relief.distribution",
                object_id=str(programme.uuid),
                organisation_id=programme.organisation_id,
                detail={"imported": count},
            )
    result.imported += count
    result.spent += spent


# ------------------------------------------------------------- beneficiary lists
def members_for_list(programme: Programme, actor):
    """Members of the programme's organisation matching its criteria (not yet consent)."""
    qs = Member.objects.visible_to(actor).filter(
        organisation_id=programme.organisation_id, archived_at__isnull=True
    )
    if programme.criteria_collective_id:
        from saathi.people.models import Membership

        qs = qs.filter(
            pk__in=Membership.objects.filter(
                collective_id=programme.criteria_collective_id, left_on__isnull=True
            ).values("member_id")
        )
    if programme.criteria_district:
        qs = qs.alias(d=Upper("district")).filter(d=programme.criteria_district.strip().upper())
    year = timezone.localdate().year
    if programme.criteria_min_age is not None:
        qs = qs.filter(birth_year__lte=year - programme.criteria_min_age)
    if programme.criteria_max_age is not None:
        qs = qs.filter(birth_year__gte=year - programme.criteria_max_age)
    if programme.criteria_missing_document:
        qs = qs.filter(
            Exists(
                IdentityDocument.objects.filter(
                    member_id=OuterRef("pk"),
                    kind=programme.criteria_missing_document,
                    status__in=["missing", "lost"],
                )
            )
        )
    return qs


def consented_to(authority: str, member: str = "pk"):
    """Her consent to share her data with this authority, as recorded on her consent page
    (``member``: the outer query's field holding the member's id)."""
    return Exists(
        Consent.objects.filter(
            member_id=OuterRef(member),
            purpose=Consent.Purpose.PARTNER_SHARING,
            withdrawn_at__isnull=True,
            partner_organisation__iexact=authority.strip(),
        )
    )


def list_build(*, programme: Programme, authority: str, actor) -> BeneficiaryList:
    """Draw up a list for an authority: matching members who consented to the sharing."""
    require(actor, Cap.MANAGE_RELIEF, programme.organisation_id)
    authority = authority.strip()
    if not authority:
        raise ValidationError({"authority": _("Name the office the list is for.")})
    matching = members_for_list(programme, actor).annotate(ok=consented_to(authority))
    rows = list(matching.order_by("display_name", "id").values_list("pk", "household_id", "ok"))
    order = {r[0]: i for i, r in enumerate(rows)}  # the list reads in name order
    chosen: list[int] = []
    households: set[int] = set()
    left_out = 0
    heads = set()
    if programme.criteria_one_per_household:
        from saathi.people.models import Household

        hh_ids = {h for _, h, _ in rows if h}
        heads = set(Household.objects.filter(pk__in=hh_ids).values_list("head_id", flat=True))
        # the head of household first, so she is the one who stands for it
        rows.sort(key=lambda r: (r[0] not in heads,))
    for pk, hh, ok in rows:
        if programme.criteria_one_per_household and hh and hh in households:
            continue
        if not ok:
            left_out += 1
            continue
        if hh:
            households.add(hh)
        chosen.append(pk)
    criteria = {
        "collective": str(programme.criteria_collective.uuid)
        if programme.criteria_collective_id
        else "",
        "district": programme.criteria_district,
        "missing_document": programme.criteria_missing_document,
        "min_age": programme.criteria_min_age,
        "max_age": programme.criteria_max_age,
        "one_per_household": programme.criteria_one_per_household,
    }
    chosen.sort(key=order.__getitem__)
    with transaction.atomic():
        blist = BeneficiaryList.objects.create(
            reference=next_reference("BL")[0],
            organisation_id=programme.organisation_id,
            programme=programme,
            authority=authority[:200],
            criteria=criteria,
            matched=len(chosen),
            left_out_no_consent=left_out,
            created_by=actor,
        )
        BeneficiaryEntry.objects.bulk_create(
            [
                BeneficiaryEntry(beneficiary_list=blist, member_id=pk, position=i)
                for i, pk in enumerate(chosen, 1)
            ],
            batch_size=2000,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=blist,
            detail={"members": len(chosen), "left_out_no_consent": left_out},
        )
    return blist


def list_submit(*, blist: BeneficiaryList, submitted_on: date, submitted_to: str, note: str, actor):
    require(actor, Cap.MANAGE_RELIEF, blist.organisation_id)
    if blist.status != BeneficiaryList.Status.DRAFT:
        raise ValidationError(_("This list was already submitted."))
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        blist.status = BeneficiaryList.Status.SUBMITTED
        blist.submitted_on = submitted_on
        blist.submitted_to = submitted_to.strip()[:200]
        blist.submission_note = note.strip()[:500]
        blist.submitted_by = actor
        blist.save()
        audit.record(audit.Action.CHANGE, actor=actor, obj=blist, fields=["status", "submitted_on"])
    return blist


def list_record_response(
    *,
    blist: BeneficiaryList,
    response: str,
    response_on: date,
    accepted: int | None,
    note: str,
    actor,
):
    require(actor, Cap.MANAGE_RELIEF, blist.organisation_id)
    if blist.status == BeneficiaryList.Status.DRAFT:
        raise ValidationError(_("Record the submission of the list first."))
    errors = {}
    if response not in BeneficiaryList.Response.values:
        errors["response"] = _("Choose what the authority answered.")
    if blist.submitted_on and response_on < blist.submitted_on:
        errors["response_on"] = _("The answer cannot come before the submission.")
    elif response_on > timezone.localdate():
        errors["response_on"] = _("The date cannot be in the future.")
    if accepted is not None and accepted > blist.matched:
        errors["response_accepted"] = _("More people than the list holds.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        blist.status = BeneficiaryList.Status.ANSWERED
        blist.response = response
        blist.response_on = response_on
        blist.response_accepted = accepted
        blist.response_note = note.strip()[:500]
        blist.save()
        audit.record(audit.Action.CHANGE, actor=actor, obj=blist, fields=["response"])
    return blist


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
) -> Expenditure:
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
    with transaction.atomic():
        if scan is not None:
            vault.store(exp, "receipt_file", scan[0])
            exp.receipt_content_type = scan[1]
        exp.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=exp,
            detail={"campaign": str(campaign.uuid), "amount": str(value)},
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
            object_type="relief.donation",
            object_id=str(donations[0].campaign.uuid) if donations[0].campaign_id else "",
            organisation_id=org,
            fields=["donor_name"],
            detail={"count": len(names)},
        )
    return names
