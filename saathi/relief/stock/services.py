"""Writes of relief stock: places, items, receipts, distributions, moves and counts.

Every change locks the stock level of its item and place (``select_for_update``), checks
that it stays at or above zero, updates it and appends its :class:`Movement`, in one
transaction with its audit row: two distributions of the last kit at once are one given
and one refused (ADR 0039). A receipt with an estimated value is an in-kind donation in a
campaign's ledger, written through ``funds.services``.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.access import require_cap_for as require
from saathi.core.policy import Cap
from saathi.funds import services as funds
from saathi.funds.models import Campaign, Donation
from saathi.people.models import Member

from .models import DonorKind, Item, Kind, Level, LossReason, Movement, Place, Source

MAX_QUANTITY = 10**9


def _quantity(value, field: str = "quantity") -> int:
    try:
        q = Decimal(str(value))
    except ArithmeticError:
        q = Decimal(0)
    if not q.is_finite() or q != q.to_integral_value() or not 0 < q < MAX_QUANTITY:
        raise ValidationError({field: _("Enter a whole number above zero.")})
    return int(q)


def _day(on: date | None, field: str = "on") -> date:
    if not on:
        raise ValidationError({field: _("Enter the date.")})
    if on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return on


def _same_org(item: Item, *places: Place) -> None:
    for p in places:
        if p.organisation_id != item.organisation_id:
            raise ValidationError({"place": _("This place belongs to another organisation.")})


def _coll(place: Place) -> list[int]:
    return [place.collective_id] if place.collective_id else []


# ------------------------------------------------------------------ places and items
def place_create(*, organisation, name: str, actor, collective=None) -> Place:
    require(actor, Cap.MANAGE_STOCK, organisation.pk)
    name = (name or "").strip()[:200]
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if collective is not None and collective.organisation_id != organisation.pk:
        raise ValidationError({"collective": _("This collective belongs to another organisation.")})
    if Place.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a place with this name.")})
    with transaction.atomic():
        place = Place.objects.create(organisation=organisation, name=name, collective=collective)
        audit.record(audit.Action.CREATE, actor=actor, obj=place)
    return place


def item_create(*, organisation, name: str, unit: str, actor) -> Item:
    require(actor, Cap.MANAGE_STOCK, organisation.pk)
    name = (name or "").strip()[:200]
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if Item.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already an item with this name.")})
    with transaction.atomic():
        item = Item.objects.create(
            organisation=organisation, name=name, unit=(unit or "").strip()[:40]
        )
        audit.record(audit.Action.CREATE, actor=actor, obj=item)
    return item


# ------------------------------------------------------------------------- the core
def _locked_level(item: Item, place: Place, *, create: bool) -> Level | None:
    """The level row of this item and place, locked until the transaction ends."""
    if create:
        try:
            with transaction.atomic():
                Level.objects.get_or_create(
                    item=item, place=place, defaults={"organisation_id": item.organisation_id}
                )
        except IntegrityError:  # created at the same moment by another writer: it exists
            pass
    return Level.objects.select_for_update().filter(item=item, place=place).first()


def _short(item: Item, place: Place, have: int) -> ValidationError:
    return ValidationError(
        {
            "quantity": _("Only %(n)s of %(item)s are left at %(place)s.")
            % {"n": have, "item": item.name, "place": place.name}
        },
        code="short",
    )


def _apply(level: Level | None, item: Item, place: Place, kind: str, quantity: int, **fields):
    """Change ``level`` (locked) by one movement and append it."""
    from .models import SIGN

    delta = SIGN[kind] * quantity
    have = level.quantity if level is not None else 0
    if have + delta < 0:
        raise _short(item, place, have)
    assert level is not None
    Level.objects.filter(pk=level.pk).update(quantity=have + delta)
    level.quantity = have + delta
    return Movement.objects.create(
        organisation_id=item.organisation_id,
        item=item,
        place=place,
        kind=kind,
        quantity=quantity,
        **fields,
    )


def _audit(actor, movement: Movement, **detail) -> None:
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=movement,
        detail={"kind": movement.kind, "quantity": movement.quantity, **detail},
    )


# ------------------------------------------------------------------------- receipts
def receipt_record(
    *,
    item: Item,
    place: Place,
    quantity,
    on: date,
    donor_kind: str,
    actor,
    donor_name: str = "",
    estimated_value=None,
    campaign: Campaign | None = None,
    note: str = "",
) -> Movement:
    """Supplies received in kind; an estimated value counts in ``campaign``'s ledger."""
    require(actor, Cap.MANAGE_STOCK, item.organisation_id, _coll(place))
    _same_org(item, place)
    errors: dict[str, str] = {}
    try:
        q = _quantity(quantity)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        q = 0
    try:
        on = _day(on)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if donor_kind not in DonorKind.values:
        errors["donor_kind"] = _("Choose who gave it.")
    value = Decimal("0.00")
    if estimated_value not in (None, ""):
        try:
            value = funds.money(estimated_value, "estimated_value", allow_zero=True)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if value > 0 and campaign is None:
        errors["campaign"] = _("Choose the campaign whose ledger counts this donation in kind.")
    if campaign is not None and campaign.organisation_id != item.organisation_id:
        errors["campaign"] = _("This campaign belongs to another organisation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        donation = None
        if campaign is not None and value > 0:
            donation = funds.donation_record(
                campaign=campaign,
                data=funds.DonationInput(
                    amount=value,
                    received_on=on,
                    channel=Donation.Channel.IN_KIND,
                    donor_name=donor_name,
                    anonymous=not donor_name.strip(),
                    in_kind_description=f"{q} × {item}"[:300],
                ),
                actor=actor,
            )
        level = _locked_level(item, place, create=True)
        movement = _apply(
            level,
            item,
            place,
            Kind.RECEIVED,
            q,
            on=on,
            donor_kind=donor_kind,
            donor_name=donor_name.strip()[:200],
            estimated_value=value,
            donation=donation,
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        _audit(actor, movement, value=str(value))
    return movement


# -------------------------------------------------------------------- distributions
def distribute(
    *,
    item: Item,
    place: Place,
    quantity,
    on: date,
    actor,
    member: Member | None = None,
    note: str = "",
    distribution=None,
) -> Movement:
    """Supplies given out (to a member, or at a camp); refused when not enough is left."""
    if member is not None:
        require(actor, Cap.RECORD_DISTRIBUTIONS, member.organisation_id, member.collective_ids())
        if member.organisation_id != item.organisation_id:
            raise ValidationError({"member": _("This member belongs to another organisation.")})
    else:
        require(actor, Cap.RECORD_DISTRIBUTIONS, item.organisation_id, _coll(place))
    _same_org(item, place)
    q = _quantity(quantity)
    on = _day(on)
    with transaction.atomic():
        level = _locked_level(item, place, create=False)
        movement = _apply(
            level,
            item,
            place,
            Kind.GIVEN,
            q,
            on=on,
            member=member,
            distribution=distribution,
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        _audit(actor, movement)
    return movement


def take_for_distribution(dist, *, actor) -> Movement | None:
    """Called by ``relief.services.distribution_record`` in its transaction: a programme
    item given from stock takes its quantity from its place (refused when short)."""
    source = Source.objects.select_related("item", "place").filter(relief_item=dist.item_id).first()
    if source is None:
        return None
    q = Decimal(dist.quantity)
    if q != q.to_integral_value():
        raise ValidationError({"quantity": _("Supplies from stock are given in whole units.")})
    with transaction.atomic():
        level = _locked_level(source.item, source.place, create=False)
        movement = _apply(
            level,
            source.item,
            source.place,
            Kind.GIVEN,
            int(q),
            on=dist.distributed_on,
            member=dist.member,
            distribution=dist,
            recorded_by=actor,
        )
        _audit(actor, movement, distribution=str(dist.uuid))
    return movement


def return_for_cancelled(dist, *, actor) -> Movement | None:
    """A cancelled distribution's supplies are back in stock (received back)."""
    taken = Movement.objects.filter(distribution=dist, kind=Kind.GIVEN).first()
    if taken is None:
        return None
    with transaction.atomic():
        level = _locked_level(taken.item, taken.place, create=True)
        movement = _apply(
            level,
            taken.item,
            taken.place,
            Kind.RECEIVED,
            taken.quantity,
            on=timezone.localdate(),
            distribution=dist,
            note="cancelled distribution",
            recorded_by=actor,
        )
        _audit(actor, movement, distribution=str(dist.uuid))
    return movement


def source_set(*, relief_item, item: Item | None, place: Place | None, actor) -> Source | None:
    """Give a programme's item from this stock and place (None: not from stock)."""
    require(actor, Cap.MANAGE_STOCK, relief_item.programme.organisation_id)
    with transaction.atomic():
        Source.objects.filter(relief_item=relief_item).delete()
        if item is None or place is None:
            return None
        if relief_item.is_money:
            raise ValidationError({"item": _("Money is not given from stock.")})
        if item.organisation_id != relief_item.programme.organisation_id:
            raise ValidationError({"item": _("This item belongs to another organisation.")})
        _same_org(item, place)
        source = Source.objects.create(relief_item=relief_item, item=item, place=place)
        audit.record(audit.Action.CHANGE, actor=actor, obj=relief_item.programme, fields=["stock"])
    return source


# ------------------------------------------------------------------------ moves, counts
def move(
    *, item: Item, from_place: Place, to_place: Place, quantity, on: date, actor, note: str = ""
) -> tuple[Movement, Movement]:
    require(actor, Cap.MANAGE_STOCK, item.organisation_id, _coll(from_place))
    require(actor, Cap.MANAGE_STOCK, item.organisation_id, _coll(to_place))
    _same_org(item, from_place, to_place)
    if from_place.pk == to_place.pk:
        raise ValidationError({"to_place": _("Choose another place to move it to.")})
    q = _quantity(quantity)
    on = _day(on)
    pair = uuid.uuid4()
    with transaction.atomic():
        # lock both levels in one order (by place): two opposite moves never deadlock
        first, second = sorted((from_place, to_place), key=lambda p: p.pk)
        levels = {p.pk: _locked_level(item, p, create=p.pk == to_place.pk) for p in (first, second)}
        common = {"on": on, "transfer": pair, "note": (note or "").strip()[:300]}
        out = _apply(
            levels[from_place.pk],
            item,
            from_place,
            Kind.MOVED_OUT,
            q,
            other_place=to_place,
            recorded_by=actor,
            **common,
        )
        into = _apply(
            levels[to_place.pk],
            item,
            to_place,
            Kind.MOVED_IN,
            q,
            other_place=from_place,
            recorded_by=actor,
            **common,
        )
        _audit(actor, out, to=str(to_place.uuid))
    return out, into


def count_record(
    *, item: Item, place: Place, counted, on: date, reason: str, actor, note: str = ""
) -> Movement | None:
    """A physical count. Fewer than the books: the difference is a loss with its reason.
    More than the books is refused: the receipt that was missed is recorded instead."""
    require(actor, Cap.MANAGE_STOCK, item.organisation_id, _coll(place))
    _same_org(item, place)
    try:
        c = int(Decimal(str(counted)))
        if c < 0 or Decimal(str(counted)) != c or c >= MAX_QUANTITY:
            raise ArithmeticError
    except ArithmeticError:
        raise ValidationError({"counted": _("Enter the number counted (0 or more).")}) from None
    on = _day(on)
    with transaction.atomic():
        level = _locked_level(item, place, create=True)
        assert level is not None
        books = level.quantity
        if c > books:
            raise ValidationError(
                {
                    "counted": _(
                        "The books say %(n)s: more were counted. Record the receipt or the "
                        "move that was missed first."
                    )
                    % {"n": books}
                }
            )
        if c == books:
            audit.record(
                audit.Action.CHANGE,
                actor=actor,
                obj=level,
                object_id=f"{item.uuid}:{place.uuid}",
                fields=["counted"],
                detail={"counted": c, "books": books},
            )
            return None
        if reason not in LossReason.values:
            raise ValidationError(
                {
                    "reason": _("The count differs from the books by %(n)s: say why.")
                    % {"n": books - c}
                }
            )
        movement = _apply(
            level,
            item,
            place,
            Kind.LOSS,
            books - c,
            on=on,
            counted=c,
            reason=reason,
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        _audit(actor, movement, counted=c, books=books)
    return movement
