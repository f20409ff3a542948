"""Demo applications for ``manage.py seed_demo``: a ration-card drive, applications at every
stage with their timelines, letters and visits. Written through the services, so every
step is in the timeline and the audit log, as if facilitators had done it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from saathi.accounts.models import User
from saathi.core.demo_files import demo_upload
from saathi.people.models import Collective, IdentityDocument, Member

from . import services
from .models import Application, Scheme, Transition

# (scheme code, the steps after draft, days ago the first step happened)
STORIES = [
    ("wb_ration_card", ["submitted", "under_verification", "approved", "benefit_received"], 80),
    ("wb_ration_card", ["submitted", "under_verification", "approved", "not_received"], 120),
    ("wb_ration_card", ["submitted", "follow_up_due"], 50),
    ("wb_ration_card", ["submitted"], 40),
    ("wb_ration_card", ["documents_pending"], 5),
    ("pmjdy_account", ["submitted", "approved", "benefit_received"], 20),
    ("pmjdy_small_account", ["submitted"], 3),
    ("voter_id_form6", ["submitted", "under_verification"], 45),
    ("voter_id_form6", ["submitted", "rejected", "escalated"], 70),
    ("wb_lakshmir_bhandar", ["submitted", "under_verification"], 25),
    ("wb_swasthya_sathi", ["submitted", "approved"], 9),
    ("aadhaar_enrolment", ["submitted"], 12),
    ("ap_ntr_bharosa", ["submitted", "under_verification"], 35),
    ("ap_ntr_bharosa", ["submitted", "approved", "benefit_received"], 60),
    ("free_legal_aid", ["submitted", "approved"], 15),
]
OFFICES = {
    "WB": "Block Food Inspector, Sonarpur",
    "AP": "Ward Secretariat 12, Guntur",
}


def _next_31_march() -> date:
    today = timezone.localdate()
    target = date(today.year, 3, 31)
    return target if target > today else date(today.year + 1, 3, 31)


def seed(*, rng, stdout=None) -> int:
    """Write the demo applications; returns how many were started."""
    actor = User.objects.filter(username="facilitator").first()
    if actor is None:
        return 0
    org_id = actor.organisation_id
    catalogue = {s.code: s for s in Scheme.objects.catalogue_for([org_id])}
    today = timezone.localdate()
    started = 0
    lacking_card = set(
        IdentityDocument.objects.filter(
            kind="ration_card", status__in=["missing", "lost"], member__organisation_id=org_id
        ).values_list("member_id", flat=True)
    )
    members = {
        state: list(Member.objects.filter(organisation_id=org_id, state=state).order_by("id")[:400])
        for state in ("WB", "AP")
    }
    used: set[int] = set()
    for i, (code, steps, days_ago) in enumerate(STORIES):
        scheme = catalogue[code]
        state = "AP" if code.startswith("ap_") else "WB"
        pool = [m for m in members[state] if m.pk not in used]
        if code.startswith("wb_ration"):
            pool = [m for m in pool if m.pk in lacking_card] or pool
        if not pool:
            continue
        member = pool[(i * 7) % len(pool)]
        if not scheme.applies_in(member.state):
            continue
        used.add(member.pk)
        app = services.application_start(
            member=member, scheme=scheme, actor=actor, office=OFFICES[state]
        )
        started += 1
        on = today - timedelta(days=days_ago)
        # the case began before its first step, as it would have
        Application.objects.filter(pk=app.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago + 2)
        )
        Transition.objects.filter(application=app).update(on=on - timedelta(days=2))
        for n, step in enumerate(steps):
            services.application_move(
                application=app,
                to_status=step,
                actor=actor,
                on=on,
                reason="name_mismatch" if step == "rejected" else "",
                authority_reference=f"{''.join(w[0] for w in code.split('_')).upper()}/"
                f"{today.year}/{rng.randint(1000, 9999)}"
                if step == "submitted"
                else "",
                next_follow_up=max(on + timedelta(days=14), today - timedelta(days=3))
                if step in ("submitted", "follow_up_due", "escalated", "under_verification")
                else None,
                note="",
            )
            if step == "submitted":
                services.correspondence_add(
                    member=member,
                    application=app,
                    data={
                        "kind": "letter_out",
                        "authority": OFFICES[state],
                        "on": on,
                        "summary": "Application form and cover letter handed in; "
                        "acknowledgement received.",
                    },
                    # a photo of the acknowledgement slip for the first few
                    upload=demo_upload("Acknowledgement slip", seed=i) if i < 4 else None,
                    actor=actor,
                )
            on = min(today, on + timedelta(days=max(3, days_ago // (len(steps) + 1))))
            if n == len(steps) - 1 and step == "follow_up_due":
                services.correspondence_add(
                    member=member,
                    application=app,
                    data={
                        "kind": "visit",
                        "authority": OFFICES[state],
                        "on": today - timedelta(days=2),
                        "summary": "Visited the office: file not found, asked to come back.",
                    },
                    actor=actor,
                )
    # a drive: ration cards for every member of Utthan Collective by 31 March
    collective = (
        Collective.objects.filter(organisation_id=org_id, state="WB").order_by("pk").first()
    )
    if collective is not None:
        drive = services.drive_create(
            organisation=collective.organisation,
            scheme=catalogue["wb_ration_card"],
            name=f"Ration cards for every member of {collective.name}",
            target_date=_next_31_march(),
            collective=collective,
            actor=actor,
        )
        chosen = list(
            Member.objects.filter(
                memberships__collective=collective, pk__in=lacking_card, archived_at=None
            )
            .exclude(pk__in=used)
            .order_by("id")[:12]
        )
        result = services.drive_start_applications(drive=drive, members=chosen, actor=actor)
        started += result["started"]
        for app in drive.applications.order_by("id")[:6]:
            services.application_move(
                application=app, to_status="submitted", actor=actor,
                on=today - timedelta(days=10), next_follow_up=today + timedelta(days=4),
            )  # fmt: skip
    if stdout is not None:
        stdout.write(f"  {started} demo applications")
    return started
