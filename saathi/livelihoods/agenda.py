"""What livelihoods put on the agenda: follow-ups of supports, renewals of SIM and data
plans, and debts flagged as a risk of debt bondage (for those who may see debts).

Titles name references, never the member; reminders are neutral ("Follow-up visit on
12/03/2027"): a phone calendar syncs to third-party servers (ADR 0025).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import Debt, Device, FollowUp

FOLLOW_UP = "livelihoods.follow_up"
PLAN = "livelihoods.plan_renewal"
DEBT_RISK = "livelihoods.debt_risk"


def _follow_up(f: FollowUp, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{FOLLOW_UP}:{f.uuid}",
        kind=FOLLOW_UP,
        on=f.due_on,
        title=format_lazy(
            _("Follow-up after {months} months: {reference}"),
            months=f.months,
            reference=f.support.reference,
        ),
        url=reverse("livelihoods:follow_up", args=[f.uuid]),
        reminder=format_lazy(_("Follow-up visit on {day}."), day=f.due_on.strftime("%d/%m/%Y")),
        user_ids=user_ids,
    )


def follow_up_entries(user, start: date, end: date):
    qs = (
        FollowUp.objects.visible_to(user)
        .open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("support")
        .order_by("due_on", "id")
    )
    for f in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _follow_up(f)


def follow_up_due(start: date, end: date):
    qs = (
        FollowUp.objects.open()
        .filter(due_on__gte=start, due_on__lte=end)
        .select_related("support")
        .order_by("due_on", "id")
    )
    for f in qs.iterator(chunk_size=2000):
        yield _follow_up(f, (f.support.created_by_id,))


def _plan(d: Device, user_ids=()) -> agenda.Entry:
    assert d.plan_renews_on is not None
    return agenda.Entry(
        key=f"{PLAN}:{d.uuid}:{d.plan_renews_on:%Y%m%d}",
        kind=PLAN,
        on=d.plan_renews_on,
        title=format_lazy(_("SIM or data plan renewal: {reference}"), reference=d.reference),
        url=reverse("livelihoods:device_detail", args=[d.uuid]),
        reminder=format_lazy(
            _("A phone plan is to be renewed on {day}."), day=d.plan_renews_on.strftime("%d/%m/%Y")
        ),
        user_ids=user_ids,
    )


def plan_entries(user, start: date, end: date):
    qs = (
        Device.objects.visible_to(user)
        .filter(plan_renews_on__gte=start, plan_renews_on__lte=end, status="in_use")
        .order_by("plan_renews_on", "id")
    )
    for d in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _plan(d)


def plan_due(start: date, end: date):
    qs = Device.objects.filter(
        plan_renews_on__gte=start, plan_renews_on__lte=end, status="in_use"
    ).order_by("plan_renews_on", "id")
    for d in qs.iterator(chunk_size=2000):
        yield _plan(d, (d.created_by_id,))


def _risk(debt: Debt, start: date, user_ids=()) -> agenda.Entry:
    # waiting since it was flagged: shown from the window's first day until reviewed
    on = max(debt.created_at.date(), start)
    return agenda.Entry(
        key=f"{DEBT_RISK}:{debt.uuid}",
        kind=DEBT_RISK,
        on=on,
        title=format_lazy(_("A record to review: {reference}"), reference=debt.reference),
        url=reverse("livelihoods:debt_detail", args=[debt.uuid]),
        reminder=_("A member's record needs your review."),
        user_ids=user_ids,
    )


def risk_entries(user, start: date, end: date):
    """Flagged debts not yet reviewed: only users who may see debts get them."""
    qs = (
        Debt.objects.visible_to(user)
        .at_risk()
        .filter(risk_reviewed_at__isnull=True, created_at__date__lte=end)
        .order_by("created_at", "id")
    )
    for debt in qs[: agenda.MAX_PER_KIND + 1].iterator(chunk_size=100):
        yield _risk(debt, start)


def risk_due(start: date, end: date):
    """Each flagged debt to the social workers who reach her (the core checks each one
    with ``risk_entries`` before sending)."""
    from saathi.accounts.models import RoleGrant
    from saathi.core.policy import Role

    qs = (
        Debt.objects.at_risk()
        .filter(risk_reviewed_at__isnull=True, created_at__date__lte=end)
        .order_by("created_at", "id")
    )
    workers: dict[int, tuple[int, ...]] = {}
    for debt in qs.iterator(chunk_size=500):
        if debt.organisation_id not in workers:
            workers[debt.organisation_id] = tuple(
                RoleGrant.objects.filter(
                    organisation_id=debt.organisation_id,
                    role=Role.SOCIAL_WORKER,
                    revoked_at__isnull=True,
                )
                .values_list("user_id", flat=True)
                .distinct()
            )
        yield _risk(debt, start, workers[debt.organisation_id])


def register() -> None:
    agenda.register(
        FOLLOW_UP, label=_("Livelihood follow-ups"), entries=follow_up_entries, due=follow_up_due
    )
    agenda.register(PLAN, label=_("SIM and data plans"), entries=plan_entries, due=plan_due)
    agenda.register(DEBT_RISK, label=_("Records to review"), entries=risk_entries, due=risk_due)
