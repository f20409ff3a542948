"""Writes of the legal-aid module: capability-checked, validated, atomic, audited.

Audit rows name the record and what changed, never its content (no accused, no threat
details, no amounts of a named person's award in ``detail``). Nothing here logs.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit
from saathi.core.access import require_cap_for
from saathi.core.cases import CaseStep, case_move
from saathi.core.policy import Cap, Role

from .clocks import award_payment_due, cnr_warning
from .models import (
    ZERO,
    Alert,
    Compensation,
    CompensationPayment,
    Hearing,
    IdentifierKind,
    LegalMatter,
    MatterClock,
    MatterIdentifier,
    MatterPerson,
    MatterStep,
    MatterType,
    MemberRole,
    PaymentKind,
    ProtectionApplication,
    Stage,
    Threat,
    ThreatCategory,
)

MATTER_FIELDS = (
    "matter_type",
    "member_role",
    "stage",
    "forum",
    "court_establishment",
    "court_number",
    "judge",
    "sexual_offence",
    "offence_on",
    "fir_on",
    "progress_informed_on",
    "police_report_on",
    "arrested_on",
    "trial_ended_on",
    "next_date",
    "next_purpose",
    "responsible",
)
CONFIDENTIAL_FIELDS = ("accused", "statements", "notes")
FUTURE_LIMIT = timedelta(days=5 * 366)


def _require(actor, member, cap=Cap.MANAGE_LEGAL):
    require_cap_for(actor, cap, *member.scope_reach())


def _not_future(errors: dict, data: dict, *fields: str) -> None:
    today = timezone.localdate()
    for f in fields:
        if data.get(f) and data[f] > today:
            errors[f] = _("This date is in the future.")


def _not_too_far(errors: dict, data: dict, *fields: str) -> None:
    today = timezone.localdate()
    for f in fields:
        if data.get(f) and data[f] > today + FUTURE_LIMIT:
            errors[f] = _("This date is more than five years ahead.")


def advocate_grants(organisation_id):
    """The current legal-advocate grants of an organisation's active users (on the whole
    organisation or on one of its collectives)."""
    from saathi.accounts.models import RoleGrant

    return RoleGrant.objects.filter(
        organisation_id=organisation_id,
        role=Role.LEGAL_ADVOCATE,
        revoked_at__isnull=True,
        user__is_active=True,
    )


def advocates_reaching(member) -> list:
    """The legal advocates of her organisation whose grant reaches her: those who may be
    responsible for her matters."""
    _org, collectives = member.scope_reach()
    users = {}
    for g in advocate_grants(member.organisation_id).select_related("user"):
        if g.collective_id is None or g.collective_id in collectives:
            users[g.user_id] = g.user
    return sorted(users.values(), key=lambda u: (u.display(), u.pk))


def _responsible_ok(user, member) -> bool:
    return any(u.pk == user.pk for u in advocates_reaching(member))


def _clean_matter(data: dict, member, *, keeps_responsible: bool = False) -> dict:
    """``keeps_responsible``: the responsible advocate is the one saved (not checked again:
    an advocate who left does not block an edit of the facts)."""
    errors: dict[str, str] = {}
    who = data.get("responsible")
    if who is not None and not keeps_responsible and not _responsible_ok(who, member):
        errors["responsible"] = _(
            "Choose a legal advocate of the organisation who works on her matters."
        )
    if data.get("matter_type") not in MatterType.values:
        errors["matter_type"] = _("Choose the type of matter.")
    if data.get("member_role") not in MemberRole.values:
        errors["member_role"] = _("Choose her role in the matter.")
    if data.get("stage", "") not in Stage.values:
        errors["stage"] = _("Choose a stage from the list.")
    if data.get("matter_type") == MatterType.DEFENCE and data.get("member_role") not in (
        MemberRole.ACCUSED,
        None,
    ):
        errors["member_role"] = _("In a defence matter she is the accused.")
    _not_future(
        errors,
        data,
        "offence_on",
        "fir_on",
        "progress_informed_on",
        "police_report_on",
        "arrested_on",
        "trial_ended_on",
    )
    _not_too_far(errors, data, "next_date")
    if data.get("offence_on") and data.get("fir_on") and data["fir_on"] < data["offence_on"]:
        errors["fir_on"] = _("The FIR cannot be before the offence.")
    if errors:
        raise ValidationError(errors)
    return {k: data[k] for k in MATTER_FIELDS if k in data}


def matter_open(*, member, data: dict, actor) -> LegalMatter:
    """Open a legal matter for ``member`` (legal advocates)."""
    from saathi.people.services import next_reference

    _require(actor, member)
    values = _clean_matter(data, member)
    with transaction.atomic():
        matter = LegalMatter(
            member=member,
            organisation_id=member.organisation_id,
            created_by=actor,
            reference=next_reference(LegalMatter.reference_prefix)[0],
            **values,
        )
        for f in CONFIDENTIAL_FIELDS:
            setattr(matter, f, (data.get(f) or "").strip())
        matter.save()
        event = audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=matter,
            member_id=member.pk,
            detail={"type": matter.matter_type},
        )
        MatterStep.objects.create(
            matter=matter,
            from_status="",
            to_status=matter.status,
            actor=actor,
            audit_seq=event.seq,
        )
        refresh_clocks(matter)
    return matter


def matter_update(*, matter: LegalMatter, data: dict, actor) -> LegalMatter:
    """Change the matter's facts; confidential fields are replaced only when given."""
    _require(actor, matter.member)
    keeps = "responsible" not in data or (
        getattr(data["responsible"], "pk", None) == matter.responsible_id
    )
    values = _clean_matter(
        {**{k: getattr(matter, k) for k in MATTER_FIELDS if k != "responsible"}, **data},
        matter.member,
        keeps_responsible=keeps,
    )
    if keeps:
        values.pop("responsible", None)
    changed = [k for k, v in values.items() if getattr(matter, k) != v]
    for k in changed:
        setattr(matter, k, values[k])
    for f in CONFIDENTIAL_FIELDS:
        if data.get(f) is not None and data.get(f) != "":
            setattr(matter, f, data[f].strip())
            changed.append(f)
    if not changed:
        return matter
    with transaction.atomic():
        matter.save()
        audit.record(
            audit.Action.CHANGE, actor=actor, obj=matter, member_id=matter.member_id, fields=changed
        )
        refresh_clocks(matter)
    return matter


def refresh_clocks(matter: LegalMatter) -> None:
    """Keep the matter's running clocks (``MatterClock`` rows) as ``clocks.matter_clocks``
    computes them from its dates now; a closed or withdrawn matter has none. Called in the
    transaction of every write that changes a date a clock is computed from. A clock that
    did not change keeps its row (its uuid is the reminder's key: never sent twice)."""
    from .clocks import matter_clocks

    wanted: dict[tuple, bool] = {}
    if matter.is_open:
        for c in matter_clocks(
            matter,
            list(Compensation.objects.filter(matter_id=matter.pk)),
            list(ProtectionApplication.objects.filter(matter_id=matter.pk)),
        ):
            if not c.done:
                wanted[(c.kind, c.ref, c.due, c.step)] = c.soft
    stale = []
    for row in MatterClock.objects.filter(matter_id=matter.pk):
        key = (row.kind, row.ref, row.due_on, row.step)
        if key in wanted and wanted[key] == row.soft:
            del wanted[key]
        else:
            stale.append(row.pk)
    if stale:
        MatterClock.objects.filter(pk__in=stale).delete()
    MatterClock.objects.bulk_create(
        MatterClock(matter_id=matter.pk, kind=k, ref=r, due_on=d, step=st, soft=soft)
        for (k, r, d, st), soft in wanted.items()
    )


def matter_move(*, matter: LegalMatter, to_status: str, actor, note: str = "", on=None) -> CaseStep:
    """Move the matter along ``TRANSITIONS`` (``core.cases.case_move``): filed, pending,
    decided, in appeal, closed or withdrawn, with the date it happened and a note."""

    from .models import OPEN_STATUSES, TRANSITIONS, Status

    on = on or timezone.localdate()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if on > timezone.localdate():
        errors["on"] = _("This date is in the future.")
    if len(note) > 500:
        errors["note"] = _("Keep this under %(n)d characters.") % {"n": 500}
    if errors:
        raise ValidationError(errors)
    changes: dict = {}
    if to_status not in OPEN_STATUSES and to_status in TRANSITIONS:
        changes["closed_at"] = timezone.now()
    elif matter.closed_at is not None:
        changes["closed_at"] = None
    with transaction.atomic():
        step = case_move(
            matter,
            to_status,
            actor=actor,
            transitions=TRANSITIONS,
            step_model=MatterStep,
            cap=Cap.MANAGE_LEGAL,
            changes=changes,
            step_fields={"note": note, "on": on},
            labels={k: str(v) for k, v in Status.choices},
        )
        refresh_clocks(matter)
    return step


def identifier_add(*, matter: LegalMatter, data: dict, actor) -> tuple[MatterIdentifier, list]:
    """Add a typed identifier; returns it and any warnings (a CNR that does not look like
    one is kept, with a warning)."""
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    kind = data.get("kind")
    number = (data.get("number") or "").strip()
    if kind not in IdentifierKind.values:
        errors["kind"] = _("Choose the kind of number.")
    if not number:
        errors["number"] = _("Write the number.")
    year = data.get("year")
    if year and not (1950 <= year <= timezone.localdate().year):
        errors["year"] = _("A year between 1950 and this year.")
    if kind == IdentifierKind.FIR and not (data.get("police_station") or "").strip():
        errors["police_station"] = _("An FIR number needs its police station.")
    if errors or kind is None:
        raise ValidationError(errors)
    warnings = []
    if kind == IdentifierKind.CNR:
        number = number.upper().replace(" ", "").replace("-", "")
        if cnr_warning(number):
            warnings.append(_("A CNR is usually 16 characters: 4 letters and 12 digits. Check it."))
    with transaction.atomic():
        ident = MatterIdentifier.objects.create(
            matter=matter,
            kind=kind,
            number=number,
            police_station=(data.get("police_station") or "").strip(),
            district=(data.get("district") or "").strip(),
            year=year or None,
            on=data.get("on"),
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=matter,
            member_id=matter.member_id,
            detail={"added": "identifier", "kind": kind},
        )
    return ident, warnings


def person_add(*, matter: LegalMatter, data: dict, actor) -> MatterPerson:
    from .models import PersonRole

    _require(actor, matter.member)
    errors = {}
    if data.get("role") not in PersonRole.values:
        errors["role"] = _("Choose the role.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("Write the name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = MatterPerson.objects.create(
            matter=matter,
            role=data["role"],
            name=data["name"].strip(),
            contact=(data.get("contact") or "").strip(),
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=matter,
            member_id=matter.member_id,
            detail={"added": "person", "role": person.role},
        )
    return person


# ------------------------------------------------------------------ hearings
HEARING_FIELDS = (
    "on",
    "court",
    "court_number",
    "stage",
    "purpose",
    "attended",
    "outcome",
    "adjournment_reason",
    "next_date",
    "next_purpose",
)


def hearing_record(*, matter: LegalMatter, data: dict, actor) -> Hearing:
    """Record a hearing. The latest hearing sets the matter's stage and next date."""
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    on = data.get("on")
    if not on:
        errors["on"] = _("Give the date of the hearing.")
    if data.get("stage", "") not in Stage.values:
        errors["stage"] = _("Choose a stage from the list.")
    nxt = data.get("next_date")
    if on and nxt and nxt <= on:
        errors["next_date"] = _("The next date must come after the hearing.")
    _not_too_far(errors, data, "on", "next_date")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = LegalMatter.objects.select_for_update().get(pk=matter.pk)
        hearing = Hearing.objects.create(
            matter=locked,
            created_by=actor,
            **{
                k: data.get(k) or ("" if k not in ("on", "next_date") else None)
                for k in HEARING_FIELDS
            },
        )
        changed = []
        if locked.last_hearing_on is None or on >= locked.last_hearing_on:
            locked.last_hearing_on = on
            changed.append("last_hearing_on")
            if hearing.stage:
                locked.stage = hearing.stage
                changed.append("stage")
            # the latest hearing says what comes next; none given is flagged on the lists
            locked.next_date = nxt
            locked.next_purpose = hearing.next_purpose if nxt else ""
            changed += ["next_date", "next_purpose"]
            if hearing.court_number:
                locked.court_number = hearing.court_number
                changed.append("court_number")
        if changed:
            locked.save(update_fields=changed)
        refresh_clocks(locked)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=hearing,
            object_id=str(hearing.uuid),
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
        )
    for k in ("stage", "next_date", "next_purpose", "last_hearing_on", "court_number"):
        setattr(matter, k, getattr(locked, k))
    return hearing


# ------------------------------------------------------------------ compensation
def _money(errors: dict, data: dict, field: str) -> Decimal | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    value = Decimal(value)
    if value <= 0:
        errors[field] = _("An amount above zero.")
    elif value > Decimal("100000000"):
        errors[field] = _("That amount is too large; check it.")
    return value


COMPENSATION_FIELDS = (
    "applied_on",
    "scheme",
    "authority",
    "documents",
    "interim_amount",
    "interim_ordered_on",
    "award_amount",
    "award_on",
    "award_order_number",
    "enhancement_appeal_on",
    "writ_on",
)


def _clean_compensation(data: dict) -> dict:
    from .models import CompensationScheme

    errors: dict[str, str] = {}
    if not data.get("applied_on"):
        errors["applied_on"] = _("Give the date of the application.")
    if data.get("scheme") not in CompensationScheme.values:
        errors["scheme"] = _("Choose the scheme.")
    if not (data.get("authority") or "").strip():
        errors["authority"] = _("Name the authority it went to.")
    _money(errors, data, "interim_amount")
    _money(errors, data, "award_amount")
    _not_future(
        errors,
        data,
        "applied_on",
        "interim_ordered_on",
        "award_on",
        "enhancement_appeal_on",
        "writ_on",
    )
    applied = data.get("applied_on")
    for f in ("interim_ordered_on", "award_on", "enhancement_appeal_on", "writ_on"):
        if applied and data.get(f) and data[f] < applied and f not in errors:
            errors[f] = _("This is before the application was made.")
    if data.get("award_amount") and not data.get("award_on") and "award_on" not in errors:
        errors["award_on"] = _("Give the date of the award order.")
    if data.get("award_on") and not data.get("award_amount") and "award_amount" not in errors:
        errors["award_amount"] = _("Give the amount awarded.")
    if data.get("interim_amount") and not data.get("interim_ordered_on"):
        errors.setdefault("interim_ordered_on", _("Give the date interim relief was ordered."))
    if errors:
        raise ValidationError(errors)
    values = {k: data.get(k) for k in COMPENSATION_FIELDS if k in data}
    values["authority"] = (values.get("authority") or "").strip()
    values["award_order_number"] = (values.get("award_order_number") or "").strip()
    values["documents"] = list(values.get("documents") or [])
    return values


def _refresh_award_due(matter_id: int) -> None:
    """Keep ``LegalMatter.award_due_on``: 30 days after its earliest award not paid in full."""
    from django.db.models import F, Min

    first = Compensation.objects.filter(
        matter_id=matter_id, award_on__isnull=False, award_amount__gt=F("award_paid")
    ).aggregate(m=Min("award_on"))["m"]
    LegalMatter.objects.filter(pk=matter_id).update(
        award_due_on=award_payment_due(first) if first else None
    )
    refresh_clocks(LegalMatter.objects.get(pk=matter_id))


def compensation_open(*, matter: LegalMatter, data: dict, actor) -> Compensation:
    _require(actor, matter.member)
    values = _clean_compensation(data)
    with transaction.atomic():
        comp = Compensation.objects.create(matter=matter, created_by=actor, **values)
        _refresh_award_due(matter.pk)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=comp,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
        )
    return comp


def compensation_update(*, compensation: Compensation, data: dict, actor) -> Compensation:
    """Record interim relief, the award, an enhancement appeal or a writ."""
    matter = compensation.matter
    _require(actor, matter.member)
    current = {k: getattr(compensation, k) for k in COMPENSATION_FIELDS}
    values = _clean_compensation({**current, **data})
    if values.get("award_amount") is not None and values["award_amount"] < compensation.award_paid:
        raise ValidationError(
            {"award_amount": _("More than this has already been paid against the award.")}
        )
    changed = [k for k, v in values.items() if current[k] != v]
    if not changed:
        return compensation
    with transaction.atomic():
        for k in changed:
            setattr(compensation, k, values[k])
        compensation.save(update_fields=changed)
        _refresh_award_due(matter.pk)
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=compensation,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            fields=changed,
        )
    return compensation


def payment_record(*, compensation: Compensation, data: dict, actor) -> CompensationPayment:
    """Money received: interim relief or (part of) the final award, into an account."""
    matter = compensation.matter
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in PaymentKind.values:
        errors["kind"] = _("Say what the payment is for.")
    amount = _money(errors, data, "amount")
    if amount is None and "amount" not in errors:
        errors["amount"] = _("Give the amount paid.")
    paid_on = data.get("paid_on")
    if not paid_on:
        errors["paid_on"] = _("Give the date of payment.")
    _not_future(errors, data, "paid_on")
    if paid_on and paid_on < compensation.applied_on and "paid_on" not in errors:
        errors["paid_on"] = _("This is before the application was made.")
    if kind == PaymentKind.FINAL:
        if compensation.award_amount is None:
            errors["kind"] = _("Record the award first: nothing is due on it yet.")
        elif amount and amount > compensation.award_outstanding and "amount" not in errors:
            errors["amount"] = _("More than what is still due on the award (₹%(due)s).") % {
                "due": compensation.award_outstanding
            }
        if compensation.award_on and paid_on and paid_on < compensation.award_on:
            errors.setdefault("paid_on", _("This is before the award was made."))
    if errors or kind is None or amount is None or paid_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        comp = Compensation.objects.select_for_update().get(pk=compensation.pk)
        payment = CompensationPayment.objects.create(
            compensation=comp,
            kind=kind,
            amount=amount,
            paid_on=paid_on,
            account=(data.get("account") or "").strip(),
            created_by=actor,
        )
        sums = {
            k: comp.payments.filter(kind=k).aggregate(s=Sum("amount"))["s"] or ZERO
            for k in PaymentKind.values
        }
        comp.interim_paid = sums[PaymentKind.INTERIM]
        comp.award_paid = sums[PaymentKind.FINAL]
        comp.save(update_fields=["interim_paid", "award_paid"])
        _refresh_award_due(matter.pk)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=payment,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            detail={"kind": kind},
        )
    compensation.interim_paid, compensation.award_paid = comp.interim_paid, comp.award_paid
    return payment


# ------------------------------------------------------------------ threats
def _alert_recipients(matter: LegalMatter):
    """The matter's responsible advocate (while she still is a legal advocate reaching
    it), else every legal advocate reaching the matter; and the admins of its
    organisation."""
    from saathi.accounts.models import RoleGrant

    advocates = advocates_reaching(matter.member)
    mine = [u for u in advocates if u.pk == matter.responsible_id]
    users = {u.pk: u for u in (mine or advocates)}
    _org, collectives = matter.member.scope_reach()
    admins = RoleGrant.objects.filter(
        revoked_at__isnull=True,
        organisation_id=matter.organisation_id,
        role=Role.ORG_ADMIN,
        user__is_active=True,
    ).select_related("user")
    for g in admins:
        if g.collective_id is None or g.collective_id in collectives:
            users[g.user_id] = g.user
    return list(users.values())


def threat_record(*, matter: LegalMatter, data: dict, actor) -> Threat:
    """Log a threat. A category A threat (to life) alerts at once the matter's responsible
    advocate (every legal advocate reaching the matter when none is set) and the
    organisation's admins (their home page; no details)."""
    from .models import Channel, ThreatSource

    _require(actor, matter.member)
    errors: dict[str, str] = {}
    if not data.get("on"):
        errors["on"] = _("Give the date.")
    _not_future(errors, data, "on")
    if data.get("category") not in ThreatCategory.values:
        errors["category"] = _("Choose the category.")
    if data.get("source") not in ThreatSource.values:
        errors["source"] = _("Say who made the threat.")
    if data.get("channel") not in Channel.values:
        errors["channel"] = _("Say how the threat came.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        threat = Threat.objects.create(
            matter=matter,
            on=data["on"],
            category=data["category"],
            source=data["source"],
            channel=data["channel"],
            reported_to=(data.get("reported_to") or "").strip(),
            response=(data.get("response") or "").strip(),
            details=(data.get("details") or "").strip(),
            created_by=actor,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=threat,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            detail={"category": threat.category},
        )
        if threat.category == ThreatCategory.A:
            Alert.objects.bulk_create(
                Alert(user=u, matter=matter, kind=Alert.Kind.THREAT_A)
                for u in _alert_recipients(matter)
            )
    return threat


def protection_apply(*, matter: LegalMatter, data: dict, actor) -> ProtectionApplication:
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    if not data.get("applied_on"):
        errors["applied_on"] = _("Give the date of the application.")
    if not (data.get("competent_authority") or "").strip():
        errors["competent_authority"] = _("Name the Competent Authority.")
    _not_future(errors, data, "applied_on", "report_received_on", "ordered_on")
    applied = data.get("applied_on")
    for f in ("report_received_on", "ordered_on"):
        if applied and data.get(f) and data[f] < applied and f not in errors:
            errors[f] = _("This is before the application was made.")
    _not_too_far(errors, data, "review_on")
    if errors:
        raise ValidationError(errors)
    fields = ("applied_on", "report_received_on", "measures", "ordered_on", "review_on")
    values = {k: data.get(k) or ("" if k == "measures" else None) for k in fields}
    with transaction.atomic():
        app = ProtectionApplication.objects.create(
            matter=matter,
            competent_authority=data["competent_authority"].strip(),
            created_by=actor,
            **values,
        )
        refresh_clocks(matter)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=app,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
        )
    return app


def protection_update(*, application: ProtectionApplication, data: dict, actor):
    matter = application.matter
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    _not_future(errors, data, "report_received_on", "ordered_on")
    for f in ("report_received_on", "ordered_on"):
        if data.get(f) and data[f] < application.applied_on and f not in errors:
            errors[f] = _("This is before the application was made.")
    _not_too_far(errors, data, "review_on")
    if errors:
        raise ValidationError(errors)
    changed = []
    for k in ("report_received_on", "measures", "ordered_on", "review_on"):
        if k in data and getattr(application, k) != (data[k] or ("" if k == "measures" else None)):
            setattr(application, k, data[k] or ("" if k == "measures" else None))
            changed.append(k)
    if changed:
        with transaction.atomic():
            application.save(update_fields=changed)
            refresh_clocks(matter)
            audit.record(
                audit.Action.CHANGE,
                actor=actor,
                obj=application,
                organisation_id=matter.organisation_id,
                member_id=matter.member_id,
                fields=changed,
            )
    return application


def alerts_seen(*, user, matter: LegalMatter) -> None:
    Alert.objects.filter(user=user, matter=matter, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


# ------------------------------------------------------------------ letters and consent
def letter_pdf(*, matter: LegalMatter, kind: str, language: str, actor) -> bytes:
    """The letter as PDF in ``language``; the print is audited (kind and language only)."""
    from . import letters

    _require(actor, matter.member, Cap.PRINT_LEGAL)
    errors = {}
    if kind not in letters.TEXTS:
        errors["kind"] = _("Choose a letter.")
    if language not in letters.LANGS:
        errors["language"] = _("Choose a language.")
    if errors:
        raise ValidationError(errors)
    pdf = letters.render_pdf(matter, kind, language)
    audit.record(
        audit.Action.PRINT,
        actor=actor,
        obj=matter,
        member_id=matter.member_id,
        detail={"letter": kind, "language": language, "named": letters.may_name(matter)},
    )
    return pdf


def disclosure_consent_record(*, matter: LegalMatter, data: dict, actor):
    """Her written authorisation (BNS s.72) to be named in this matter's letters."""
    from .models import DisclosureConsent

    _require(actor, matter.member)
    errors: dict[str, str] = {}
    if not data.get("given_on"):
        errors["given_on"] = _("Give the date she signed it.")
    _not_future(errors, data, "given_on")
    if data.get("method") not in ("signature", "thumbprint"):
        errors["method"] = _("Say how she authorised it.")
    if data.get("method") == "thumbprint" and not (data.get("witness_name") or "").strip():
        errors["witness_name"] = _("A thumbprint needs a witness.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = DisclosureConsent.objects.create(
            matter=matter,
            given_on=data["given_on"],
            method=data["method"],
            witness_name=(data.get("witness_name") or "").strip(),
            recorded_by=actor,
        )
        LegalMatter.objects.filter(pk=matter.pk).update(disclosure_consent=consent)
        matter.disclosure_consent = consent
        audit.record(
            audit.Action.CONSENT_GIVEN,
            actor=actor,
            obj=consent,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            detail={"purpose": "legal_disclosure"},
        )
    return consent


def disclosure_consent_withdraw(*, consent, actor):
    matter = consent.matter
    _require(actor, matter.member)
    if consent.withdrawn_at is None:
        with transaction.atomic():
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
            LegalMatter.objects.filter(pk=matter.pk, disclosure_consent=consent).update(
                disclosure_consent=None
            )
            if matter.disclosure_consent_id == consent.pk:
                matter.disclosure_consent = None
            audit.record(
                audit.Action.CONSENT_WITHDRAWN,
                actor=actor,
                obj=consent,
                organisation_id=matter.organisation_id,
                member_id=matter.member_id,
                detail={"purpose": "legal_disclosure"},
            )
    return consent


# ------------------------------------------------------------------ documents
def document_add(*, matter: LegalMatter, data: dict, upload, actor):
    """A typed scan or PDF on the matter, checked by its content, stored encrypted."""
    from saathi.core import vault
    from saathi.core.files import check_upload

    from .models import DocumentKind, MatterDocument

    _require(actor, matter.member)
    errors: dict[str, str] = {}
    if data.get("kind") not in DocumentKind.values:
        errors["kind"] = _("Choose the kind of document.")
    _not_future(errors, data, "on")
    if upload is None:
        errors["upload"] = _("Choose the file.")
    if errors:
        raise ValidationError(errors)
    content, mime = check_upload(upload, "upload")
    doc = MatterDocument(
        matter=matter,
        kind=data["kind"],
        on=data.get("on"),
        content_type=mime,
        size=len(content),
        created_by=actor,
    )
    with transaction.atomic():
        vault.store(doc, "content_file", content)
        doc.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=doc,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            detail={"kind": doc.kind},
        )
    return doc


# ------------------------------------------------------------------ complaints
def _upload(errors: dict, field: str, upload):
    from saathi.core.files import check_upload

    if upload is None:
        return None
    try:
        return check_upload(upload, field)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        return None


def _clean_complaint(matter: LegalMatter, data: dict, uploads: dict, errors: dict) -> dict:
    from saathi.collectives.models import DutyBearer

    from .models import ComplaintAbout, ComplaintGround, ComplaintLevel

    bearer = data.get("duty_bearer")
    if bearer is None:
        errors["duty_bearer"] = _("Choose the office from the directory.")
    elif not isinstance(bearer, DutyBearer) or bearer.organisation_id != matter.organisation_id:
        errors["duty_bearer"] = _("Choose an office of this organisation's directory.")
    elif bearer.archived_at is not None:
        errors["duty_bearer"] = _("This office is archived in the directory.")
    if data.get("about") not in ComplaintAbout.values:
        errors["about"] = _("Say whom the complaint is about.")
    if data.get("ground") not in ComplaintGround.values:
        errors["ground"] = _("Say what the complaint is about.")
    if data.get("level") not in ComplaintLevel.values:
        errors["level"] = _("Choose where the complaint goes.")
    if not data.get("sent_on"):
        errors["sent_on"] = _("Give the date it was sent.")
    _not_future(errors, data, "sent_on")
    files = {name: _upload(errors, name, uploads.get(name)) for name in uploads}
    if data.get("level") == ComplaintLevel.MAGISTRATE and not files.get("affidavit"):
        errors.setdefault(
            "affidavit", _("An application to the Magistrate needs her affidavit (s.175(3)).")
        )
    return files


def _store_complaint_files(complaint, files: dict) -> None:
    from saathi.core import vault

    for name, got in files.items():
        if got is not None:
            vault.store(complaint, f"{name}_file", got[0])
            setattr(complaint, f"{name}_content_type", got[1])


def complaint_send(*, matter: LegalMatter, data: dict, uploads: dict, actor, escalated_from=None):
    """A complaint about the police or a prosecutor to an office of the directory, with
    the written complaint, its postal receipt and (to a Magistrate) her affidavit."""
    from .models import ESCALATION, Complaint

    _require(actor, matter.member)
    errors: dict[str, str] = {}
    files = _clean_complaint(matter, data, uploads, errors)
    if escalated_from is not None:
        if data.get("level") not in ESCALATION[escalated_from.level] and "level" not in errors:
            errors["level"] = _("A complaint to this level cannot be escalated there.")
        if data.get("sent_on") and data["sent_on"] < escalated_from.sent_on:
            errors.setdefault("sent_on", _("This is before the earlier complaint was sent."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if escalated_from is not None:
            locked = Complaint.objects.select_for_update().get(pk=escalated_from.pk)
            if Complaint.objects.filter(escalated_from=locked).exists():
                raise ValidationError({"level": _("This complaint was escalated already.")})
        complaint = Complaint(
            matter=matter,
            duty_bearer=data["duty_bearer"],
            about=data["about"],
            ground=data["ground"],
            level=data["level"],
            sent_on=data["sent_on"],
            details=(data.get("details") or "").strip(),
            escalated_from=escalated_from,
            created_by=actor,
        )
        _store_complaint_files(complaint, files)
        complaint.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=complaint,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            detail={"level": complaint.level, "ground": complaint.ground},
        )
    return complaint


def complaint_escalate(*, complaint, data: dict, uploads: dict, actor):
    """The next level (SP → Magistrate with affidavit → SHRC or Police Complaints
    Authority) when the complaint went unanswered or was answered badly."""
    return complaint_send(
        matter=complaint.matter, data=data, uploads=uploads, actor=actor, escalated_from=complaint
    )


def complaint_answer(*, complaint, data: dict, uploads: dict, actor):
    """The response to a complaint (and its postal receipt, if it came later)."""
    matter = complaint.matter
    _require(actor, matter.member)
    errors: dict[str, str] = {}
    if not data.get("response_on"):
        errors["response_on"] = _("Give the date of the response.")
    _not_future(errors, data, "response_on")
    if data.get("response_on") and data["response_on"] < complaint.sent_on:
        errors.setdefault("response_on", _("This is before the complaint was sent."))
    files = {name: _upload(errors, name, uploads.get(name)) for name in uploads}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint.response_on = data["response_on"]
        complaint.response = (data.get("response") or "").strip()
        _store_complaint_files(complaint, files)
        complaint.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=complaint,
            organisation_id=matter.organisation_id,
            member_id=matter.member_id,
            fields=["response_on", "response", *(f"{n}_file" for n, v in files.items() if v)],
        )
    return complaint
