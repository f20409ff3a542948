"""What livelihoods put on the agenda: follow-ups of supports, renewals of SIM and data
plans, and debts flagged as a risk of debt bondage (for those who may see debts).

Titles name references, never the member; reminders are neutral ("Follow-up visit on
12/03/2027"): a phone calendar syncs to third-party servers (ADR 0025).
"""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Value
from django.db.models.functions import Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from saathi.core import agenda

from .models import Debt, Device, FollowUp

FOLLOW_UP = "livelihoods.follow_up"
PLAN = "livelihoods.plan_renewal"
DEBT_RISK = "livelihoods.debt_risk"


def _follow_up(row: agenda.Found, start: date | None = None, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{FOLLOW_UP}:{row.uuid}",
        kind=FOLLOW_UP,
        on=row.on,
        title=format_lazy(
            _("Follow-up after {months} months: {reference}"), months=row.num, reference=row.ref
        ),
        url=reverse("livelihoods:follow_up", args=[row.uuid]),
        reminder=format_lazy(_("Follow-up visit on {day}."), day=row.on.strftime("%d/%m/%Y")),
        user_ids=user_ids,
    )


def _follow_ups(qs, start: date, end: date, **extra):
    qs = qs.open().filter(due_on__gte=start, due_on__lte=end).order_by("due_on", "id")
    return agenda.shape(qs, on="due_on", num="months", ref="support__reference", **extra)


def follow_up_select(user, start: date, end: date):
    return _follow_ups(FollowUp.objects.visible_to(user), start, end)


def follow_up_due(start: date, end: date):
    shaped = _follow_ups(FollowUp.objects.all(), start, end, author="support__created_by_id")
    for row in agenda.read(shaped):
        yield _follow_up(row, user_ids=(row.extra["author"],))


def _plan(row: agenda.Found, start: date | None = None, user_ids=()) -> agenda.Entry:
    return agenda.Entry(
        key=f"{PLAN}:{row.uuid}:{row.on:%Y%m%d}",
        kind=PLAN,
        on=row.on,
        title=format_lazy(_("SIM or data plan renewal: {reference}"), reference=row.ref),
        url=reverse("livelihoods:device_detail", args=[row.uuid]),
        reminder=format_lazy(
            _("A phone plan is to be renewed on {day}."), day=row.on.strftime("%d/%m/%Y")
        ),
        user_ids=user_ids,
    )


def _plans(qs, start: date, end: date, **extra):
    qs = qs.filter(plan_renews_on__gte=start, plan_renews_on__lte=end, status="in_use")
    return agenda.shape(
        qs.order_by("plan_renews_on", "id"), on="plan_renews_on", ref="reference", **extra
    )


def plan_select(user, start: date, end: date):
    return _plans(Device.objects.visible_to(user), start, end)


def plan_due(start: date, end: date):
    for row in agenda.read(_plans(Device.objects.all(), start, end, author="created_by_id")):
        yield _plan(row, user_ids=(row.extra["author"],))


def _risk(row: agenda.Found, start: date | None = None, user_ids=()) -> agenda.Entry:
    # waiting since it was flagged: shown from the window's first day until reviewed
    on = max(row.on, start) if start is not None else row.on
    return agenda.Entry(
        key=f"{DEBT_RISK}:{row.uuid}",
        kind=DEBT_RISK,
        on=on,
        title=format_lazy(_("A record to review: {reference}"), reference=row.ref),
        url=reverse("livelihoods:debt_detail", args=[row.uuid]),
        reminder=_("A member's record needs your review."),
        user_ids=user_ids,
    )


def _risks(qs, start: date, end: date, **extra):
    """Flagged debts not yet reviewed, on the day they were flagged (the window's first
    day for an older one: it waits there until reviewed)."""
    qs = qs.at_risk().filter(risk_reviewed_at__isnull=True, created_at__date__lte=end)
    on = Greatest(
        TruncDate("created_at", tzinfo=timezone.get_current_timezone()),
        Value(start, output_field=DateField()),
    )
    return agenda.shape(qs.order_by("created_at", "id"), on=on, ref="reference", **extra)


def risk_select(user, start: date, end: date):
    """Only users who may see debts get them."""
    return _risks(Debt.objects.visible_to(user), start, end)


def risk_due(start: date, end: date):
    """Each flagged debt to the social workers who reach her (the core checks each one
    with ``entries`` before sending)."""
    from saathi.accounts.models import RoleGrant
    from saathi.core.policy import Role

    workers: dict[int, tuple[int, ...]] = {}
    for row in agenda.read(_risks(Debt.objects.all(), start, end, org="organisation_id"), 500):
        org = row.extra["org"]
        if org not in workers:
            workers[org] = tuple(
                RoleGrant.objects.filter(
                    organisation_id=org, role=Role.SOCIAL_WORKER, revoked_at__isnull=True
                )
                .values_list("user_id", flat=True)
                .distinct()
            )
        yield _risk(row, start, workers[org])


def register() -> None:
    agenda.register(
        FOLLOW_UP,
        label=_("Livelihood follow-ups"),
        select=follow_up_select,
        build=_follow_up,
        due=follow_up_due,
    )
    agenda.register(
        PLAN, label=_("SIM and data plans"), select=plan_select, build=_plan, due=plan_due
    )
    agenda.register(
        DEBT_RISK, label=_("Records to review"), select=risk_select, build=_risk, due=risk_due
    )
