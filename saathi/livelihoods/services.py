"""Writes of livelihoods: supports, follow-ups, loans and repayments, informal debts,
devices, health drives (ADR 0039).

Every write checks the capability on the record itself, validates with a
``ValidationError`` keyed by field, runs in one transaction and writes its audit row in it.
A support or a device paid by a campaign is an expenditure of that campaign, written
through ``funds.services`` (its balance check included).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, crypto, policy
from saathi.core.access import deny
from saathi.core.access import require_cap_for as require
from saathi.core.policy import Cap
from saathi.funds import services as funds
from saathi.funds.models import Campaign
from saathi.people.models import Collective, Member
from saathi.people.services import next_reference

from .models import (
    FOLLOW_UP_MONTHS,
    LEDGER_DEVICE,
    LEDGER_SUPPORT,
    MONEY_KINDS,
    ZERO,
    Activity,
    Condition,
    Debt,
    Device,
    DeviceKind,
    DeviceStatus,
    DriveKind,
    FollowUp,
    HealthDrive,
    HealthStep,
    IncomeBand,
    Instalment,
    LenderKind,
    RatePeriod,
    Repayment,
    Settings,
    Support,
    SupportKind,
    bondage_risk,
    yearly_rate,
)

CENT = Decimal("0.01")
MAX_INSTALMENTS = 60


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _errors_of(exc: ValidationError) -> dict[str, str]:
    return {k: v[0] for k, v in exc.message_dict.items()}


def _not_future(day: date | None, field: str, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _check_campaign(campaign: Campaign | None, organisation_id: int, actor, errors: dict) -> None:
    if campaign is None:
        return
    if campaign.organisation_id != organisation_id:
        errors["campaign"] = _("This campaign belongs to another organisation.")
    elif not policy.has_cap_for(actor, Cap.MANAGE_FUNDS, organisation_id):
        errors["campaign"] = _("Only those who manage funds may pay from a campaign.")


# ----------------------------------------------------------------------- settings
def settings_of(organisation_id: int) -> Settings:
    found = Settings.objects.filter(organisation_id=organisation_id).first()
    return found or Settings(organisation_id=organisation_id)


def settings_save(*, organisation, loan_interest_yearly, actor) -> Settings:
    """The yearly interest on the organisation's new loans (zero unless its admin sets it)."""
    require(actor, Cap.MANAGE_USERS, organisation.pk)  # the organisation's admins
    try:
        rate = Decimal(str(loan_interest_yearly)).quantize(CENT)
    except ArithmeticError:
        rate = Decimal(-1)
    if not rate.is_finite() or rate < 0 or rate > 36:
        raise ValidationError(
            {"loan_interest_yearly": _("Enter a yearly rate from 0 to 36 per cent.")}
        )
    with transaction.atomic():
        row, _created = Settings.objects.get_or_create(organisation=organisation)
        row.loan_interest_yearly = rate
        row.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=row,
            organisation_id=organisation.pk,
            fields=["loan_interest_yearly"],
            detail={"rate": str(rate)},
        )
    return row


# ----------------------------------------------------------------------- supports
def _schedule(total: Decimal, n: int, first: date) -> list[tuple[int, date, Decimal]]:
    """``n`` monthly instalments adding up to ``total`` exactly (the last takes the paise)."""
    each = (total / n).quantize(CENT, rounding="ROUND_DOWN")
    rows = [(i + 1, add_months(first, i), each) for i in range(n)]
    last = total - each * (n - 1)
    rows[-1] = (n, rows[-1][1], last)
    return rows


def support_create(*, member: Member, data: dict, actor) -> Support:
    """A livelihood support for ``member``: its follow-ups at 1, 3 and 6 months; a loan's
    schedule; the campaign's expenditure when a campaign paid."""
    require(actor, Cap.RECORD_LIVELIHOODS, member.organisation_id, member.collective_ids())
    errors: dict[str, str] = {}
    activity, kind = data.get("activity", ""), data.get("kind", "")
    if activity not in Activity.values:
        errors["activity"] = _("Choose what she does for a living.")
    elif activity == Activity.OTHER and not (data.get("activity_other") or "").strip():
        errors["activity_other"] = _("Write what she does.")
    if kind not in SupportKind.values:
        errors["kind"] = _("Choose the support given.")
    given_on = data.get("given_on")
    if not given_on:
        errors["given_on"] = _("Enter the date.")
    _not_future(given_on, "given_on", errors)
    amount = ZERO
    raw = data.get("amount")
    if kind in MONEY_KINDS or raw not in (None, ""):
        try:
            amount = funds.money(
                raw if raw not in (None, "") else 0, "amount", allow_zero=kind not in MONEY_KINDS
            )
        except ValidationError as exc:
            errors.update(_errors_of(exc))
    campaign = data.get("campaign")
    _check_campaign(campaign, member.organisation_id, actor, errors)
    if campaign is not None and amount == 0 and "amount" not in errors:
        errors["amount"] = _("Enter the amount the campaign paid.")
    if member.archived_at is not None:
        errors["member"] = _("This member's record is archived.")
    instalments = 0
    first_due = data.get("first_due_on")
    if kind == SupportKind.LOAN:
        instalments = data.get("instalments") or 0
        if not 1 <= instalments <= MAX_INSTALMENTS:
            errors["instalments"] = _("Enter from 1 to %(n)s monthly instalments.") % {
                "n": MAX_INSTALMENTS
            }
        if not first_due:
            errors["first_due_on"] = _("Enter the date of the first instalment.")
        elif given_on and first_due < given_on:
            errors["first_due_on"] = _("The first instalment is due after the loan is given.")
    if errors:
        raise ValidationError(errors)
    assert given_on is not None
    support = Support(
        reference=next_reference(Support.reference_prefix)[0],
        organisation_id=member.organisation_id,
        created_by=actor,
        member=member,
        activity=activity,
        activity_other=(data.get("activity_other") or "").strip()[:200]
        if activity == Activity.OTHER
        else "",
        kind=kind,
        amount=amount,
        given_on=given_on,
        campaign=campaign,
        paid_by=(data.get("paid_by") or "").strip()[:200],
        notes=(data.get("notes") or "").strip()[:500],
        instalments=instalments,
    )
    if kind == SupportKind.LOAN:
        # nothing is charged as interest unless the organisation set a rate (flat, yearly)
        rate = settings_of(member.organisation_id).loan_interest_yearly
        support.interest_yearly = rate
        support.interest_total = (amount * rate / 100 * instalments / 12).quantize(CENT)
    with transaction.atomic():
        if campaign is not None:
            support.expenditure = funds.expenditure_record(
                campaign=campaign,
                amount=amount,
                spent_on=given_on,
                description=support.reference,
                actor=actor,
                beyond_balance=bool(data.get("beyond_balance")),
                beyond_balance_reason=data.get("beyond_balance_reason") or "",
                line=funds.ledger_line(LEDGER_SUPPORT[kind], reference=support.reference),
            )
        support.save()
        FollowUp.objects.bulk_create(
            FollowUp(
                support=support,
                organisation_id=support.organisation_id,
                member=member,
                months=m,
                due_on=add_months(given_on, m),
            )
            for m in FOLLOW_UP_MONTHS
        )
        if kind == SupportKind.LOAN:
            Instalment.objects.bulk_create(
                Instalment(support=support, number=n, due_on=on, amount=value)
                for n, on, value in _schedule(support.total_due, instalments, first_due or given_on)
            )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=support,
            detail={"kind": kind, "amount": str(amount), "campaign": bool(campaign)},
        )
    return support


def repayment_record(*, support: Support, amount, paid_on: date, actor) -> Repayment:
    """Money paid back on a loan; never more than what is outstanding (under the loan's
    row lock: two repayments at once see each other)."""
    require(actor, Cap.RECORD_LIVELIHOODS, support.organisation_id, support.member.collective_ids())
    errors: dict[str, str] = {}
    if not support.is_loan:
        raise ValidationError({"amount": _("Only a loan is repaid.")})
    try:
        value = funds.money(amount, "amount")
    except ValidationError as exc:
        errors.update(_errors_of(exc))
        value = ZERO
    if not paid_on:
        errors["paid_on"] = _("Enter the date.")
    _not_future(paid_on, "paid_on", errors)
    if paid_on and paid_on < support.given_on:
        errors["paid_on"] = _("The date is before the loan was given.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Support.objects.select_for_update().get(pk=support.pk)
        if value > locked.outstanding:
            raise ValidationError(
                {
                    "amount": _("Only %(left)s is outstanding on this loan.")
                    % {"left": f"₹{locked.outstanding:,.2f}"}
                }
            )
        repayment = Repayment.objects.create(
            support=locked,
            organisation_id=locked.organisation_id,
            amount=value,
            paid_on=paid_on,
            recorded_by=actor,
        )
        locked.repaid = locked.repaid + value
        locked.save(update_fields=["repaid"])
        support.repaid = locked.repaid
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=repayment,
            object_id=str(locked.uuid),
            organisation_id=locked.organisation_id,
            member_id=locked.member_id,
            detail={"amount": str(value)},
        )
    return repayment


def follow_up_record(*, follow_up: FollowUp, data: dict, actor) -> FollowUp:
    support = follow_up.support
    require(actor, Cap.RECORD_LIVELIHOODS, support.organisation_id, support.member.collective_ids())
    errors: dict[str, str] = {}
    done_on = data.get("done_on")
    if not done_on:
        errors["done_on"] = _("Enter the date of the visit.")
    _not_future(done_on, "done_on", errors)
    if done_on and done_on < support.given_on:
        errors["done_on"] = _("The visit is before the support was given.")
    running = data.get("still_running")
    if running not in (True, False):
        errors["still_running"] = _("Say whether the activity is still running.")
    band = data.get("income_band") or ""
    if band and band not in IncomeBand.values:
        errors["income_band"] = _("Choose a monthly income band.")
    if errors:
        raise ValidationError(errors)
    follow_up.done_on = done_on
    follow_up.still_running = running
    follow_up.income_band = band
    follow_up.problems = (data.get("problems") or "").strip()[:500]
    follow_up.done_by = actor
    with transaction.atomic():
        follow_up.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=follow_up,
            fields=["done_on", "still_running", "income_band", "problems"],
        )
    return follow_up


# ------------------------------------------------------------------ informal debts
def debt_record(*, member: Member, data: dict, actor) -> Debt:
    """An informal debt as she reports it; flags a debt-bondage risk (ADR 0039)."""
    require(actor, Cap.RECORD_DEBTS, member.organisation_id, member.collective_ids())
    errors: dict[str, str] = {}
    lender = data.get("lender_kind", "")
    if lender not in LenderKind.values:
        errors["lender_kind"] = _("Choose who lent the money.")
    try:
        amount = funds.money(data.get("amount"), "amount")
    except ValidationError as exc:
        errors.update(_errors_of(exc))
        amount = ZERO
    period = data.get("rate_period") or ""
    if period not in RatePeriod.values:
        errors["rate_period"] = _("Say whether the interest is per month or per year.")
    try:
        rate = Decimal(str(data.get("rate") if data.get("rate") is not None else 0)).quantize(CENT)
        if not rate.is_finite() or rate < 0 or rate > 1000:
            raise ArithmeticError
    except ArithmeticError:
        errors["rate"] = _("Enter the interest in per cent, e.g. 10.")
        rate = ZERO
    since = data.get("since")
    _not_future(since, "since", errors)
    if errors:
        raise ValidationError(errors)
    yearly = yearly_rate(rate, period)
    pressed = bool(data.get("pressed"))
    debt = Debt(
        reference=next_reference(Debt.reference_prefix)[0],
        organisation_id=member.organisation_id,
        created_by=actor,
        member=member,
        lender_kind=lender,
        amount=amount,
        rate=rate,
        rate_period=period,
        yearly_rate=yearly,
        since=since,
        pressed=pressed,
        details=(data.get("details") or "").strip()[:2000],
        risk=bondage_risk(lender, pressed, yearly),
    )
    with transaction.atomic():
        debt.save()
        audit.record(audit.Action.CREATE, actor=actor, obj=debt, detail={"risk": debt.risk})
    return debt


def debt_review(*, debt: Debt, actor, cleared_on: date | None = None) -> Debt:
    """A social worker has looked at a flagged debt (and, maybe, it was paid off)."""
    require(actor, Cap.RECORD_DEBTS, debt.organisation_id, debt.member.collective_ids())
    errors: dict[str, str] = {}
    _not_future(cleared_on, "cleared_on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if debt.risk_reviewed_at is None:
            debt.risk_reviewed_at = timezone.now()
            debt.risk_reviewed_by = actor
        if cleared_on:
            debt.cleared_on = cleared_on
        debt.save()
        audit.record(
            audit.Action.CHANGE, actor=actor, obj=debt, fields=["risk_reviewed_at", "cleared_on"]
        )
    return debt


# ------------------------------------------------------------------ devices and assets
def serial_hash(serial: str) -> str:
    """The keyed hash of an IMEI or serial number (spaces, dashes and case ignored)."""
    return crypto.blind_index(serial, "device_serial")


def _normalised_serial(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def device_save(*, organisation, data: dict, actor, device: Device | None = None) -> Device:
    """A device or asset given (or its changes: who holds it, its condition, its plan)."""
    holder: Member | None = data.get("member")
    collective: Collective | None = data.get("collective")
    if holder is not None and collective is None:
        collective = holder.primary_collective
    coll_ids = [collective.pk] if collective is not None else []
    require(actor, Cap.MANAGE_DEVICES, organisation.pk, coll_ids)
    errors: dict[str, str] = {}
    if data.get("kind") not in DeviceKind.values:
        errors["kind"] = _("Choose what was given.")
    if holder is not None and holder.organisation_id != organisation.pk:
        errors["member"] = _("This member belongs to another organisation.")
    if collective is not None and collective.organisation_id != organisation.pk:
        errors["collective"] = _("This collective belongs to another organisation.")
    if holder is None and collective is None:
        errors["member"] = _("Choose who holds it: a member or a collective.")
    serial = _normalised_serial(data.get("serial", ""))
    if serial and not 4 <= len(serial) <= 40:
        errors["serial"] = _("An IMEI or serial number has 4 to 40 letters and digits.")
    phone = data.get("kind") in (DeviceKind.SMARTPHONE, DeviceKind.TABLET)
    if phone and serial.isdigit() and len(serial) != 15:
        errors["serial"] = _("An IMEI has 15 digits (dial *#06# on the phone).")
    given_on = data.get("given_on")
    if not given_on:
        errors["given_on"] = _("Enter the date.")
    _not_future(given_on, "given_on", errors)
    if data.get("condition", Condition.NEW) not in Condition.values:
        errors["condition"] = _("Choose its condition.")
    campaign = data.get("campaign") if device is None else None
    _check_campaign(campaign, organisation.pk, actor, errors)
    cost = ZERO
    if data.get("cost") not in (None, ""):
        try:
            cost = funds.money(data.get("cost"), "cost", allow_zero=True)
        except ValidationError as exc:
            errors.update(_errors_of(exc))
    if campaign is not None and cost == 0 and "cost" not in errors:
        errors["cost"] = _("Enter what the campaign paid for it.")
    if errors:
        raise ValidationError(errors)
    assert given_on is not None
    creating = device is None
    if device is None:
        device = Device(
            reference=next_reference(Device.reference_prefix)[0],
            organisation=organisation,
            created_by=actor,
            campaign=campaign,
            cost=cost,
        )
    device.kind = data["kind"]
    device.model_name = (data.get("model_name") or "").strip()[:200]
    if serial or creating:
        device.serial = serial
        device.serial_hash = serial_hash(serial) if serial else ""
        device.serial_last4 = serial[-4:]
    device.given_on = given_on
    device.member = holder
    device.collective = collective
    device.funds_source = (data.get("funds_source") or "").strip()[:200]
    device.condition = data.get("condition") or Condition.NEW
    device.sim_provider = (data.get("sim_provider") or "").strip()[:60]
    device.plan_renews_on = data.get("plan_renews_on")
    with transaction.atomic():
        if creating and campaign is not None:
            device.expenditure = funds.expenditure_record(
                campaign=campaign,
                amount=cost,
                spent_on=given_on,
                description=device.reference,
                actor=actor,
                beyond_balance=bool(data.get("beyond_balance")),
                beyond_balance_reason=data.get("beyond_balance_reason") or "",
                line=funds.ledger_line(LEDGER_DEVICE, reference=device.reference),
            )
        device.save()
        audit.record(
            audit.Action.CREATE if creating else audit.Action.CHANGE,
            actor=actor,
            obj=device,
            detail={"kind": device.kind},
        )
    return device


def device_status(*, device: Device, status: str, on: date | None, actor) -> Device:
    """Returned, lost or stolen (with the date), or back in use."""
    require(actor, Cap.MANAGE_DEVICES, *device.scope_reach())
    errors: dict[str, str] = {}
    if status not in DeviceStatus.values:
        errors["status"] = _("Choose what happened to it.")
    if status != DeviceStatus.IN_USE and not on:
        errors["status_on"] = _("Enter the date.")
    _not_future(on, "status_on", errors)
    if on and on < device.given_on:
        errors["status_on"] = _("The date is before it was given.")
    if errors:
        raise ValidationError(errors)
    device.status = status
    device.status_on = on if status != DeviceStatus.IN_USE else None
    with transaction.atomic():
        device.save(update_fields=["status", "status_on"])
        audit.record(audit.Action.CHANGE, actor=actor, obj=device, fields=["status", "status_on"])
    return device


# ---------------------------------------------------------------------- health drives
def drive_create(*, organisation, data: dict, actor) -> HealthDrive:
    collective: Collective | None = data.get("collective")
    require(
        actor,
        Cap.RUN_HEALTH_DRIVES,
        organisation.pk,
        [collective.pk] if collective is not None else [],
    )
    errors: dict[str, str] = {}
    kind = data.get("kind", "")
    if kind not in DriveKind.values:
        errors["kind"] = _("Choose the kind of drive.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("Enter a name.")
    if collective is not None and collective.organisation_id != organisation.pk:
        errors["collective"] = _("This collective belongs to another organisation.")
    target = data.get("target") or 0
    if not 1 <= target <= 1_000_000:
        errors["target"] = _("Enter how many members the drive should reach.")
    if not data.get("target_date"):
        errors["target_date"] = _("Enter the target date.")
    goal = data.get("goal_step") or ""
    if kind in DriveKind.values:
        from .models import STEPS_OF

        steps = STEPS_OF[kind]
        goal = goal or (steps[1] if kind == DriveKind.VACCINATION else steps[0])
        if goal not in steps:
            errors["goal_step"] = _("Choose a step of this kind of drive.")
    if errors:
        raise ValidationError(errors)
    drive = HealthDrive(
        reference=next_reference(HealthDrive.reference_prefix)[0],
        organisation=organisation,
        created_by=actor,
        kind=kind,
        name=data["name"].strip()[:200],
        collective=collective,
        goal_step=goal,
        target=target,
        target_date=data["target_date"],
    )
    with transaction.atomic():
        drive.save()
        audit.record(audit.Action.CREATE, actor=actor, obj=drive, detail={"kind": kind})
    return drive


def drive_may_record(user, drive: HealthDrive, member: Member) -> bool:
    """May ``user`` mark this member's step? An ART drive needs the confidential
    capability on her too (its steps say she lives with HIV)."""
    reach = (member.organisation_id, member.collective_ids())
    if not policy.has_cap_for(user, Cap.RECORD_HEALTH_STEPS, *reach):
        return False
    return not drive.confidential or policy.has_cap_for(user, Cap.VIEW_CONFIDENTIAL, *reach)


def steps_mark(
    *, drive: HealthDrive, members: list[Member], step: str, on: date, centre: str, actor
) -> list[HealthStep]:
    """Mark ``step`` for several members at once (a leader's ten second doses): all or
    none. A member already marked for this step keeps her first record."""
    errors: dict[str, str] = {}
    if step not in drive.steps:
        errors["step"] = _("Choose a step of this drive.")
    if not on:
        errors["on"] = _("Enter the date.")
    _not_future(on, "on", errors)
    if not members:
        errors["members"] = _("Tick at least one member.")
    if errors:
        raise ValidationError(errors)
    for m in members:
        if m.organisation_id != drive.organisation_id:
            raise ValidationError({"members": _("A member belongs to another organisation.")})
        if drive.collective_id and drive.collective_id not in m.collective_ids():
            raise ValidationError({"members": _("A member is not in this drive's collective.")})
        if not drive_may_record(actor, drive, m):
            deny(actor, object_type="livelihoods.healthdrive", object_id=str(drive.uuid))
            raise PermissionDenied
    done = set(
        HealthStep.objects.filter(drive=drive, step=step, member__in=members).values_list(
            "member_id", flat=True
        )
    )
    rows = [
        HealthStep(
            drive=drive,
            organisation_id=drive.organisation_id,
            member=m,
            step=step,
            on=on,
            centre=(centre or "").strip()[:200],
            recorded_by=actor,
        )
        for m in members
        if m.pk not in done
    ]
    try:
        with transaction.atomic():
            HealthStep.objects.bulk_create(rows)
            audit.record(
                audit.Action.CREATE,
                actor=actor,
                obj=drive,
                fields=["steps"],
                detail={"step": step, "count": len(rows)},
            )
    except IntegrityError:  # marked at the same moment by someone else
        raise ValidationError(
            {"members": _("Someone marked some of them just now; look again.")}
        ) from None
    return rows
