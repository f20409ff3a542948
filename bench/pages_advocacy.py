"""Advocacy pages at scale: the engagements and actions lists (page 1, a deep page, a
filter), the outcomes list, and a campaign's timeline with 5,000 items (its first page
and a deep one); with 50,000 actions, 20,000 engagements and 10,000 outcomes.

Advocacy records are a collective's, not a member's: a collective holds a few meetings,
memoranda or interviews a month, so 50,000 actions is ten years of forty collectives
acting every other day. (A first run with 200,000 actions: the same query counts, the
org-wide count of the list the slowest part.)

    uv run python bench/pages.py --sets advocacy [--members 100000] [--database-url URL]
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pages  # bench/pages.py

ACTIONS = 50_000
ENGAGEMENTS = 20_000
OUTCOMES = 10_000
# the bench campaign: 5,000 items in the leader's collective
CAMPAIGN_ACTIONS = 2_000
CAMPAIGN_ENGAGEMENTS = 1_500
CAMPAIGN_OUTCOMES = 1_000
CAMPAIGN_CLAIMS = 500
BATCH = 5_000
CAMPAIGN_TITLE = "Bench: ration for every member, 5,000 items"


def prepare(args):
    """Bulk rows (idempotent: skipped when they are there)."""
    from django.db import transaction

    from saathi.accounts.models import User
    from saathi.advocacy.models import AdvocacyAction, Campaign
    from saathi.people.models import Collective

    if Campaign.objects.filter(title=CAMPAIGN_TITLE).exists():
        print(f"Reusing {AdvocacyAction.objects.count():,} advocacy actions")
        return
    started = time.monotonic()
    actor = User.objects.get(username="facilitator")
    leader = User.objects.get(username="leader")
    home = leader.grants.get(collective__isnull=False).collective
    collectives = list(Collective.objects.order_by("pk"))
    with transaction.atomic():
        bearers = _bearers(collectives, actor)
        _spread(collectives, bearers, actor)
        _campaign(home, bearers[home.organisation_id], actor)
    print(f"Added advocacy rows in {time.monotonic() - started:.1f} s")


def _bearers(collectives, actor):
    from saathi.collectives.models import DutyBearer

    out = {}
    for coll in collectives:
        if coll.organisation_id in out:
            continue
        out[coll.organisation_id] = DutyBearer.objects.filter(
            organisation_id=coll.organisation_id
        ).first() or DutyBearer.objects.create(
            reference=f"DTY-BA-{coll.organisation_id}",
            organisation_id=coll.organisation_id,
            created_by=actor,
            title="District Collector",
            office="Collectorate",
            level="district",
            state=coll.state,
            district=coll.districts[0] if coll.districts else "",
        )
    return out


def _actions(rows_spec, bearers):
    from saathi.advocacy.models import AdvocacyAction

    rows = AdvocacyAction.objects.bulk_create(rows_spec, batch_size=BATCH)
    through = AdvocacyAction.duty_bearers.through
    through.objects.bulk_create(
        [
            through(advocacyaction_id=a.pk, dutybearer_id=bearers[a.organisation_id].pk)
            for a in rows
        ],
        batch_size=BATCH,
    )
    return rows


def _spread(collectives, bearers, actor):
    from saathi.advocacy.models import AdvocacyAction, Engagement, Outcome

    today = date.today()
    kinds = ["meeting", "memorandum", "petition", "public_hearing", "consultation", "dharna"]
    for start in range(0, ACTIONS, BATCH):
        spec = []
        for n in range(start, min(start + BATCH, ACTIONS)):
            coll = collectives[n % len(collectives)]
            spec.append(
                AdvocacyAction(
                    reference=f"ADV-B-{n:07d}",
                    organisation_id=coll.organisation_id,
                    collective=coll,
                    created_by=actor,
                    kind=kinds[n % len(kinds)],
                    on=today - timedelta(days=1 + (n // len(collectives)) % 3650),
                    title=f"Memorandum on rations, ward {n % 97}",
                    demand="Rations for every member without a ration card.",
                    others_count=n % 40,
                )
            )
        _actions(spec, bearers)
    statuses = ["planned", "held", "published", "cancelled"]
    Engagement.objects.bulk_create(
        [
            Engagement(
                reference=f"MED-B-{n:07d}",
                organisation_id=(coll := collectives[n % len(collectives)]).organisation_id,
                collective=coll,
                created_by=actor,
                handled_by=actor,
                kind="interview",
                on=today - timedelta(days=1 + (n // len(collectives)) % 3650),
                topic=f"Rations for women without cards ({n % 50})",
                status=statuses[n % len(statuses)],
            )
            for n in range(ENGAGEMENTS)
        ],
        batch_size=BATCH,
    )
    Outcome.objects.bulk_create(
        [
            Outcome(
                reference=f"WIN-B-{n:07d}",
                organisation_id=(coll := collectives[n % len(collectives)]).organisation_id,
                collective=coll,
                created_by=actor,
                kind="rations",
                title=f"Rations supplied, ward {n % 97}",
                on=today - timedelta(days=1 + (n // len(collectives)) % 3650),
                reach_count=100 + n % 500,
            )
            for n in range(OUTCOMES)
        ],
        batch_size=BATCH,
    )


def _campaign(coll, bearer, actor):
    """5,000 items on one campaign of the leader's collective: actions (a few members
    each, some with media consent), engagements with two participants and their identity
    consents, collective claims and outcomes."""
    from saathi.advocacy.models import (
        AdvocacyAction,
        Campaign,
        Engagement,
        IdentityConsent,
        Outcome,
        Participant,
    )
    from saathi.collectives.models import Claim
    from saathi.people.models import Membership

    today = date.today()
    members = list(
        Membership.objects.filter(collective=coll, left_on__isnull=True)
        .order_by("member_id")
        .values_list("member_id", flat=True)[:200]
    )
    campaign = Campaign.objects.create(
        reference="CMP-B-0000001",
        organisation_id=coll.organisation_id,
        collective=coll,
        created_by=actor,
        title=CAMPAIGN_TITLE,
        started_on=today - timedelta(days=3650),
    )
    actions = _actions(
        [
            AdvocacyAction(
                reference=f"ADV-BC-{n:07d}",
                organisation_id=coll.organisation_id,
                collective=coll,
                campaign=campaign,
                created_by=actor,
                kind="memorandum",
                on=today - timedelta(days=1 + n % 3650),
                title=f"Memorandum {n}",
                demand="Rations for every member without a ration card.",
                response="Forwarded to the Food department." if n % 3 == 0 else "",
                response_on=today - timedelta(days=n % 3650) if n % 3 == 0 else None,
                others_count=20,
            )
            for n in range(CAMPAIGN_ACTIONS)
        ],
        {coll.organisation_id: bearer},
    )
    through = AdvocacyAction.participants.through
    through.objects.bulk_create(
        [
            through(advocacyaction_id=a.pk, member_id=members[(i * 3 + k) % len(members)])
            for i, a in enumerate(actions)
            for k in range(3)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                reference=f"MED-BC-{n:07d}",
                organisation_id=coll.organisation_id,
                collective=coll,
                campaign=campaign,
                created_by=actor,
                handled_by=actor,
                kind="interview",
                on=today - timedelta(days=1 + n % 3650),
                topic=f"Interview {n}",
                status="published" if n % 2 else "held",
                published_on=today - timedelta(days=n % 3650) if n % 2 else None,
                reach=10_000 + n,
            )
            for n in range(CAMPAIGN_ENGAGEMENTS)
        ],
        batch_size=BATCH,
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                engagement=e,
                organisation_id=coll.organisation_id,
                collective=coll,
                member_id=members[(i * 2 + k) % len(members)],
                added_by=actor,
            )
            for i, e in enumerate(engagements)
            for k in range(2)
        ],
        batch_size=BATCH,
    )
    IdentityConsent.objects.bulk_create(
        [
            IdentityConsent(
                participant=p,
                engagement_id=p.engagement_id,
                member_id=p.member_id,
                name_shown=["real", "first", "pseudonym", "none"][i % 4],
                pseudonym="Asha" if i % 4 == 2 else "",
                face="blurred",
                voice="altered",
                language="bn",
                method="signature",
                notice_version="2026-01",
                recorded_by=actor,
                reviewed_on=today,
                review_how="saw",
            )
            for i, p in enumerate(participants)
        ],
        batch_size=BATCH,
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(
                reference=f"CLM-BC-{n:07d}",
                organisation_id=coll.organisation_id,
                collective=coll,
                duty_bearer=bearer,
                created_by=actor,
                title=f"Ration cards, ward {n}",
                demand="Ration cards for every member without one.",
                method="memorandum",
                concerns_count=40,
                language="bn",
                status="submitted",
                submitted_on=today - timedelta(days=1 + n % 3650),
            )
            for n in range(CAMPAIGN_CLAIMS)
        ],
        batch_size=BATCH,
    )
    campaign.claims.add(*claims)
    Outcome.objects.bulk_create(
        [
            Outcome(
                reference=f"WIN-BC-{n:07d}",
                organisation_id=coll.organisation_id,
                collective=coll,
                campaign=campaign,
                created_by=actor,
                kind="government_order",
                title=f"Order {n}",
                on=today - timedelta(days=1 + n % 3650),
                reach_count=300,
            )
            for n in range(CAMPAIGN_OUTCOMES)
        ],
        batch_size=BATCH,
    )


@pages.page_set("advocacy", prepare=prepare)
def advocacy_pages(who: pages.BenchUser) -> list[pages.Page]:
    from django.urls import reverse

    from saathi.advocacy.models import AdvocacyAction, Campaign, Engagement

    campaign = Campaign.objects.filter(title=CAMPAIGN_TITLE).first()
    engagements = reverse("advocacy:engagement_list")
    actions = reverse("advocacy:action_list")
    n_eng = Engagement.objects.visible_to(who.user).count()
    n_act = AdvocacyAction.objects.visible_to(who.user).count()
    deep_eng = max(1, (n_eng // 50) * 3 // 4)
    deep_act = max(1, (n_act // 50) * 3 // 4)
    out = [
        pages.Page(f"engagements ({n_eng:,})", engagements),
        pages.Page(f"engagements, page {deep_eng:,}", f"{engagements}?page={deep_eng}"),
        pages.Page("engagements, published", f"{engagements}?status=published"),
        pages.Page(f"actions ({n_act:,})", actions),
        pages.Page(f"actions, page {deep_act:,}", f"{actions}?page={deep_act}"),
        pages.Page("actions, dharnas", f"{actions}?kind=dharna"),
        pages.Page("outcomes", reverse("advocacy:outcome_list")),
        pages.Page("advocacy index", reverse("advocacy:index")),
    ]
    if campaign is not None:
        url = reverse("advocacy:campaign_detail", args=[campaign.uuid])
        out += [
            pages.Page("timeline of 5,000, page 1", url),
            pages.Page("timeline of 5,000, page 75", f"{url}?page=75"),
        ]
        eng = Engagement.objects.filter(campaign=campaign).order_by("id").first()
        act = AdvocacyAction.objects.filter(campaign=campaign).order_by("id").first()
        if eng is not None:
            out.append(
                pages.Page(
                    "engagement, 2 women", reverse("advocacy:engagement_detail", args=[eng.uuid])
                )
            )
        if act is not None:
            out.append(pages.Page("action", reverse("advocacy:action_detail", args=[act.uuid])))
    from saathi.core import policy

    if policy.has_cap(who.user, policy.Cap.USE_API):
        out += [
            pages.Page("API: engagements", "/api/advocacy/engagements"),
            pages.Page("API: actions", "/api/advocacy/actions"),
        ]
    return out
