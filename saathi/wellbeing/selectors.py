"""Reads of the wellbeing pages: every one starts from a ``visible_to`` queryset.

A member's page reads a bounded number of rows whatever her history: the latest 50
sessions (then pages), every screening for the charts (the scores only), open referrals
and the latest closed ones, the latest incidents and support records.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.utils.translation import gettext as _

from saathi.core.confidential import Reason, reveal
from saathi.core.policy import Cap

from . import access
from .charts import trend_svg
from .instruments import SPECS, Band, Instrument
from .models import (
    CounsellingSession,
    HealthSupport,
    Incident,
    Referral,
    SafetyAlert,
    SafetyStep,
    Screening,
)

PAGE = 50
CHART_POINTS = 60  # the latest screenings of each instrument drawn


def member_page(user, member, *, page: int = 1) -> dict:
    may = {
        "view": access.may(user, Cap.VIEW_WELLBEING, member),
        "record": access.may(user, Cap.RECORD_WELLBEING, member),
        "notes": access.may(user, Cap.READ_WELLBEING_NOTES, member),
        "incidents": access.may(user, Cap.VIEW_INCIDENTS, member),
        "record_incidents": access.may(user, Cap.RECORD_INCIDENTS, member),
    }
    ctx: dict = {"member": member, "may": may}
    if may["view"]:
        offset = (page - 1) * PAGE
        sessions = list(
            CounsellingSession.objects.visible_to(user)
            .filter(member=member)
            .select_related("counsellor")
            .only(
                "uuid",
                "reference",
                "kind",
                "series",
                "mode",
                "held_on",
                "duration_minutes",
                "concerns",
                "next_session_on",
                "next_session_at",
                "member_id",
                "counsellor__first_name",
                "counsellor__last_name",
                "counsellor__username",
            )
            .order_by("-held_on", "-id")[offset : offset + PAGE + 1]
        )
        ctx["sessions"] = sessions[:PAGE]
        ctx["sessions_more"] = len(sessions) > PAGE
        ctx["page"] = page
        ctx["next_session"] = next(
            (s for s in sessions if s.next_session_on), None
        )  # from the latest sessions
        ctx["screenings"] = screening_summary(user, member)
        ctx["referrals"] = list(
            Referral.objects.visible_to(user)
            .filter(member=member)
            .defer("reason")
            .order_by("-created_at", "-id")[:PAGE]
        )
    if may["record"]:
        ctx["open_steps"] = list(
            SafetyStep.objects.visible_to(user)
            .open()
            .filter(member=member)
            .select_related("screening")
        )
        ctx["health"] = list(
            HealthSupport.objects.visible_to(user).filter(member=member).defer("notes")[:PAGE]
        )
    if may["incidents"]:
        ctx["incidents"] = list(
            Incident.objects.visible_to(user)
            .filter(member=member)
            .defer("details")
            .order_by("-occurred_on", "-id")[:PAGE]
        )
    return ctx


def screening_summary(user, member) -> list[dict]:
    """Per instrument: the latest screening, the next date and the trend chart (one query)."""
    rows = (
        Screening.objects.visible_to(user)
        .filter(member=member)
        .order_by("instrument", "taken_on", "id")
        .values_list("instrument", "taken_on", "total", "band", "uuid", "next_screening_on", "risk")
    )
    by: dict[str, list] = defaultdict(list)
    for r in rows:
        by[r[0]].append(r)
    labels = dict(Instrument.choices)
    band_labels = dict(Band.choices)
    out = []
    for code in Instrument.values:
        got = by.get(code)
        if not got:
            continue
        last = got[-1]
        points = [(r[1], r[2]) for r in got[-CHART_POINTS:]]
        title = _("%(instrument)s score over time") % {"instrument": labels[code]}
        out.append(
            {
                "instrument": code,
                "label": labels[code],
                "latest": {
                    "on": last[1],
                    "total": last[2],
                    "band": band_labels.get(last[3], last[3]),
                    "band_code": last[3],
                    "uuid": last[4],
                    "risk": last[6],
                },
                "max": SPECS[code].max_total,
                "count": len(got),
                "next_on": last[5],
                "chart": trend_svg(code, points, title),
                "recent": [
                    {"on": r[1], "total": r[2], "band": band_labels.get(r[3], r[3]), "uuid": r[4]}
                    for r in reversed(got[-5:])
                ],
            }
        )
    return out


def session_notes(user, session, reason: Reason) -> dict[str, str]:
    return reveal(
        user,
        session,
        ["concerns_text", "notes", "next_steps"],
        reason=reason,
        cap=Cap.READ_WELLBEING_NOTES,
    )


def screening_answers(user, screening, reason: Reason) -> list[dict]:
    values = reveal(user, screening, ["answers"], reason=reason, cap=Cap.READ_WELLBEING_NOTES)
    answers = json.loads(values["answers"] or "[]")
    spec = SPECS[screening.instrument]
    options = dict(spec.options)
    return [
        {
            "n": i,
            "item": text,
            "answer": a,
            "label": options.get(a, ""),
            "reversed": i in spec.reversed_items,
        }
        for i, (text, a) in enumerate(zip(spec.items, answers, strict=False), start=1)
    ]


def unseen_alerts(user):
    return list(
        SafetyAlert.objects.filter(user=user, seen_at__isnull=True)
        .select_related("step__screening")
        .order_by("-created_at")[:10]
    )
