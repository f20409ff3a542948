"""Services: bulk import."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.bulk import FastRows
from saathi.core.models import Consent
from saathi.core.policy import Cap
from saathi.funds.models import Expenditure
from saathi.funds.services import ledger_line, money
from saathi.people.models import Member

from ..fields import hundredths
from ..models import (
    LEDGER_IMPORTED_LIST,
    ZERO,
    Distribution,
    Item,
    Programme,
)
from ._base import CENT, require
from .distributions import recipient_key

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
    # the expenditures written for the money handed out, dated from the distributions:
    # (spent_on, outside the campaign's dates)
    expenditures: list[tuple[date, bool]] = field(default_factory=list)


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

    require(actor, Cap.RECORD_DISTRIBUTIONS, programme.organisation_id)
    items = {i.name.strip().lower(): i for i in programme.items.all()}
    result = result if result is not None else ImportResult()
    batch: list[tuple[int, dict]] = []
    done = 0

    def flush():
        nonlocal done
        _import_batch(programme, items, batch, actor, result, add_error)
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


def _import_batch(programme, items, batch, actor, result, add_error):
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
    # her consent to registration and services must stand, as for one distribution
    consenting = set(
        Consent.objects.filter(
            member__in=scope_members.filter(reference__in=refs),
            purpose=Consent.Purpose.REGISTRATION,
            withdrawn_at__isnull=True,
        ).values_list("member__reference", flat=True)
    )
    rows = FastRows(
        Distribution,
        ["organisation_id", "programme_id", "item_id", "member_id", "household_id",
         "recipient_key", "quantity", "amount", "mode", "distributed_on", "place",
         "handed_over_by", "ack_method", "repeat_reason", "recorded_by_id"],
        now=now,
    )  # fmt: skip
    spent = ZERO
    count = paid = 0
    last_paid: date | None = None
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
            if ref not in consenting:
                add_error(
                    line,
                    _(
                        "Her consent to registration and services is not recorded, or she "
                        "has withdrawn it."
                    ),
                )
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
                last_paid = on if last_paid is None else max(last_paid, on)
        rows.write()
        if spent and programme.campaign_id:
            # the money was spent when it was handed out, not on the day of the import
            spent_on = last_paid or today
            campaign = programme.campaign
            outside = spent_on < campaign.starts_on or bool(
                campaign.ends_on and spent_on > campaign.ends_on
            )
            result.expenditures.append((spent_on, outside))
            Expenditure.objects.create(
                campaign_id=programme.campaign_id,
                organisation_id=programme.organisation_id,
                programme=programme,
                distribution_count=paid,
                amount=spent,
                spent_on=spent_on,
                **ledger_line(LEDGER_IMPORTED_LIST, n=paid),
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
