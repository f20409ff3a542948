"""Writes of the linkage module: imports, runs, decisions, merges. Audited, never logging names."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from saathi.core import audit, crypto, policy
from saathi.core.access import require_cap_for
from saathi.core.policy import Cap
from saathi.people.models import Member, Membership
from saathi.people.services import next_reference

from . import clusters, records
from .imports import ReadResult
from .models import (
    Beneficiary,
    BeneficiaryList,
    CandidatePair,
    Decision,
    LinkageModel,
    LinkageRun,
    PairDecision,
    SourceRecord,
)

logger = logging.getLogger(__name__)
BATCH = 1000


_require = require_cap_for


def _list_collectives(lst: BeneficiaryList) -> list[int]:
    return [lst.collective_id] if lst.collective_id else []


def may_link_list(user, lst: BeneficiaryList) -> bool:
    return policy.has_cap_for(user, Cap.LINK_LISTS, lst.organisation_id, _list_collectives(lst))


# ----------------------------------------------------------------------------- import
def list_import(
    *,
    organisation,
    collective,
    name: str,
    read: ReadResult,
    file_name: str,
    actor,
    job=None,
    progress: Callable[[int, int], None] | None = None,
) -> BeneficiaryList:
    """Store the rows read from a file as a new list; each row becomes its own beneficiary
    until a linkage run or a reviewer says otherwise."""
    _require(actor, Cap.LINK_LISTS, organisation.pk, [collective.pk] if collective else [])
    if collective is not None and collective.organisation_id != organisation.pk:
        raise ValidationError({"collective": _("This collective belongs to another organisation.")})
    name = (name or "").strip() or file_name or _("Imported list")
    total = len(read.rows)
    with transaction.atomic():
        lst = BeneficiaryList.objects.create(
            reference=next_reference("LST")[0],
            organisation=organisation,
            collective=collective,
            name=name[:200],
            file_name=(file_name or "")[:200],
            job=job,
            row_count=total,
            bad_row_count=len(read.errors),
            warned_row_count=len({line for line, _reason in read.warnings}),
            created_by=actor,
        )
        for start in range(0, total, BATCH):
            chunk = read.rows[start : start + BATCH]
            refs = next_reference("BEN", len(chunk))
            bens = Beneficiary.objects.bulk_create(
                [Beneficiary(reference=ref, organisation=organisation) for ref in refs]
            )
            if not all(b.pk for b in bens):  # databases without RETURNING ids
                bens = list(Beneficiary.objects.filter(reference__in=refs).order_by("reference"))
            objs = []
            for row, ben in zip(chunk, bens, strict=True):
                objs.append(
                    SourceRecord(
                        beneficiary_list=lst,
                        record_id=row.record_id,
                        line=row.line,
                        source=row.source or name[:100],
                        given_name=row.given_name,
                        family_name=row.family_name,
                        relative_name=row.relative_name,
                        sex=row.sex,
                        age=row.age,
                        phone=row.phone,
                        phone_hash=crypto.blind_index(row.phone, "phone") if row.phone else "",
                        id_last4=row.id_last4,
                        id_last4_hash=(
                            crypto.blind_index(row.id_last4, "id_last4") if row.id_last4 else ""
                        ),
                        village=row.village,
                        district=row.district,
                        state=row.state,
                        beneficiary=ben,
                    )
                )
            bulk_create_with_history(objs, SourceRecord, default_user=actor)
            if progress:
                progress(start + len(chunk), total)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=lst,
            detail={"rows": total, "refused": len(read.errors)},
        )
    return lst


# ----------------------------------------------------------------------------- runs
def run_create(
    *, actor, organisation, lists: list[BeneficiaryList], against_registry: bool, threshold=0.9
) -> LinkageRun:
    """A run over ``lists`` (all of ``organisation``), optionally against the registry."""
    if not lists:
        raise ValidationError({"lists": _("Choose at least one list.")})
    for lst in lists:
        if lst.organisation_id != organisation.pk:
            raise ValidationError({"lists": _("Every list must belong to the same organisation.")})
        if not may_link_list(actor, lst):
            _require(actor, Cap.LINK_LISTS, lst.organisation_id, _list_collectives(lst))
    colls = {lst.collective_id for lst in lists}
    collective_id = colls.pop() if len(colls) == 1 and None not in colls else None
    if collective_id is None:
        # lists of several collectives (or of the whole organisation): organisation-wide work
        _require(actor, Cap.LINK_LISTS, organisation.pk)
    if against_registry:
        _require(actor, Cap.VIEW_MEMBERS, organisation.pk, [collective_id] if collective_id else [])
    if not 0.5 < float(threshold) <= 1.0:
        raise ValidationError({"threshold": _("The threshold is a probability above 0.5.")})
    with transaction.atomic():
        run = LinkageRun.objects.create(
            reference=next_reference("RUN")[0],
            organisation=organisation,
            collective_id=collective_id,
            against_registry=against_registry,
            threshold=float(threshold),
            created_by=actor,
        )
        run.lists.set(lists)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=run,
            detail={"lists": len(lists), "against_registry": against_registry},
        )
    return run


def _registry_members(run: LinkageRun):
    qs = Member.objects.filter(organisation_id=run.organisation_id)
    if run.collective_id:
        qs = qs.filter(
            pk__in=Membership.objects.filter(
                collective_id=run.collective_id, left_on__isnull=True
            ).values("member_id")
        )
    return records.members_for_matching(qs)


# A pair the engine scores above the threshold is still put to a person when it disagrees
# on something that tells people apart: a mother-in-law and her son's wife can share a
# name, a village and the family phone, but not an age, a husband or an Aadhaar number;
# two namesakes of a district share a name and an age, but not a village. "Age differs"
# is the engine's verdict for ages more than 5 years apart (ages on these lists are
# guesses). The run form states this rule from the same lists (forms.RunForm).
CONFLICT_FIELDS = ("age", "relative_name", "id_last4", "sex", "village", "district")
REVIEW_REASONS = {
    "below_threshold": gettext_lazy("below the probability chosen for automatic matches"),
    "age": gettext_lazy("ages more than 5 years apart"),
    "relative_name": gettext_lazy("relatives' names differ"),
    "id_last4": gettext_lazy("ID digits differ"),
    "sex": gettext_lazy("sex differs"),
    "village": gettext_lazy("villages differ"),
    "district": gettext_lazy("districts differ"),
    "kept_apart": gettext_lazy("it would join two people the engine keeps apart"),
}


def review_reasons(pair, clusters: dict, threshold: float) -> list[str]:
    """Why this pair is put to a person (codes of REVIEW_REASONS); empty: automatic.
    Automatic only at or above the threshold, when no field that tells people apart
    differs, and when the engine put both records in one cluster."""
    reasons = []
    if pair.probability < threshold:
        reasons.append("below_threshold")
    reasons += [f for f in CONFLICT_FIELDS if pair.fields.get(f) == "differ"]
    if clusters.get(pair.left_id, pair.left_id) != clusters.get(pair.right_id, pair.right_id):
        reasons.append("kept_apart")
    return reasons


def automatic(pair, clusters: dict, threshold: float) -> bool:
    """Link these two without asking? (see review_reasons)"""
    return not review_reasons(pair, clusters, threshold)


def review_reason_labels(codes) -> list[str]:
    return [str(REVIEW_REASONS[c]) for c in codes or () if c in REVIEW_REASONS]


def matcher():
    """The matching engine (saathi.linkage.matching.match)."""
    from .matching import match

    return match


def _match_registry(run: LinkageRun, match, dicts: list[dict], against: list[dict], progress):
    """The run's records against the registry: through the organisation's registry index
    when it is current (every member it holds unchanged; members who joined since are
    added to it first) and its model fits the list (trained exactly when ``match`` would
    train), else the full path, after which the index is built anew with that run's
    model. Only for the whole organisation's registry and the real engine (ADR 0043)."""
    from . import registry_index
    from .matching import match as engine_match
    from .matching import model as matching_model
    from .matching.incremental import has_tf

    if match is not engine_match or run.collective_id is not None or not against:
        return match(dicts, against=against, threshold=run.threshold, progress=progress)
    index = registry_index.load(run.organisation_id)
    if index is not None:
        try:
            joined, stale = index.diff(against)
            trains = len(dicts) + len(against) >= matching_model.MIN_RECORDS_TO_TRAIN
            if not stale and index.model is not None and has_tf(index.model) == trains:
                if joined:
                    index.add(joined)
                    registry_index.save(run.organisation_id, index)
                result = index.link(dicts, threshold=run.threshold)
                if progress:
                    progress(1, 1)
                return result
        finally:
            index.close()
    result = match(dicts, against=against, threshold=run.threshold, progress=progress)
    if result.model is not None:
        registry_index.build(run.organisation_id, against, result.model).close()
    return result


def run_execute(run: LinkageRun, *, actor, progress: Callable[[int, int], None] | None = None):
    """Score the run's records (and registry members), store the pairs, form beneficiaries."""
    match = matcher()
    lists = list(run.lists.all())
    for lst in lists:  # the starter may have lost her rights since
        if not may_link_list(actor, lst):
            _require(actor, Cap.LINK_LISTS, lst.organisation_id, _list_collectives(lst))
    LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.RUNNING)
    recs = list(
        SourceRecord.objects.filter(beneficiary_list__in=lists).select_related("beneficiary_list")
    )
    by_pk = {r.pk: r for r in recs}
    dicts = [records.source_record_dict(r) for r in recs]
    against = None
    members: dict[int, Member] = {}
    if run.against_registry:
        member_list = list(_registry_members(run))
        members = {m.pk: m for m in member_list}
        against = records.member_dicts(member_list)
        audit.record(
            audit.Action.VIEW_PERSONAL,
            actor=actor,
            obj=run,
            fields=["phones", "aadhaar_last4"],
            detail={"members": len(member_list), "purpose": "linkage"},
        )
    # what this organisation's review decisions taught the matcher (ADR 0042): its own only
    learnt = learnt_params(run.organisation_id)
    if learnt:
        # the learnt m is laid over a fresh unsupervised model: the full path (the
        # registry index holds the model of an earlier run, ADR 0043)
        result = match(
            dicts, against=against, threshold=run.threshold, progress=progress, params=learnt.params
        )
    elif against is not None:
        result = _match_registry(run, match, dicts, against, progress)
    else:
        result = match(dicts, against=against, threshold=run.threshold, progress=progress)
    # which of her names each registry variant is (an alias, her name in her script)
    variant_names = {d["record_id"]: d["given_name"] for d in against or ()}
    del dicts, against  # clear phone and ID digits: only while the matcher runs
    # one pair per two records (a member is offered once per name): the strongest variant
    # decides, its probability, verdicts, band and the name that matched are stored
    best: dict[tuple, tuple] = {}
    for p in result.pairs:
        a, b = p.left_id, p.right_id
        if records.record_pk(a) is None:
            a, b = b, a
        left = records.record_pk(a)
        if left is None:
            continue  # two registry members: not this run's question
        right = records.record_pk(b)
        right_member = records.member_pk(b) if right is None else None
        if left == right:
            continue
        if right is not None and right < left:
            left, right = right, left
        key = (left, right, right_member)
        why = review_reasons(p, result.clusters, run.threshold)
        # an automatic variant outranks a reviewed one, then the higher probability
        rank = (not why, p.probability)
        if key not in best or best[key][0] < rank:
            matched = variant_names.get(b, "") if right_member is not None else ""
            best[key] = (rank, p.probability, dict(p.fields), why, matched)
    pairs = []
    for (left, right, right_member), (_rank, prob, fields, why, matched) in best.items():
        lrec = by_pk[left]
        ka = records.record_key(lrec, lrec.beneficiary_list.uuid)
        if right is not None:
            rrec = by_pk[right]
            kb = records.record_key(rrec, rrec.beneficiary_list.uuid)
        else:
            kb = records.member_key(members[right_member].uuid)
        ka, kb = sorted((ka, kb))
        pairs.append(
            CandidatePair(
                run=run,
                left_id=left,
                right_id=right,
                right_member_id=right_member,
                key_a=ka,
                key_b=kb,
                probability=round(float(prob), 6),
                fields=fields,
                band=CandidatePair.Band.REVIEW if why else CandidatePair.Band.AUTO,
                reasons=why,
                matched_name=(matched or "")[:200],
            )
        )
    with transaction.atomic():
        CandidatePair.objects.bulk_create(pairs, batch_size=BATCH)
        n_people = recluster(run, actor=actor)
        run.status = LinkageRun.Status.DONE
        run.record_count = len(recs)
        run.member_count = len(members)
        run.pair_count = len(pairs)
        run.beneficiary_count = n_people
        run.finished_at = timezone.now()
        if learnt:
            run.learnt_labels, run.learnt_at = learnt.label_count, learnt.trained_at
        run.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=run,
            detail={"records": len(recs), "pairs": len(pairs), "people": n_people},
        )
        if getattr(result, "trained", False) and getattr(result, "model", None):
            _keep_prior(run, result.unsupervised, actor=actor)
    return run


def learnt_params(organisation_id: int) -> LinkageModel | None:
    """The organisation's learnt model, when it learnt from enough decisions to be used."""
    from .matching.learn import MIN_LABELS

    lm = LinkageModel.objects.filter(organisation_id=organisation_id).first()
    if lm is None or lm.label_count < MIN_LABELS or not lm.params:
        return None
    return lm


def _keep_prior(run: LinkageRun, model: dict, *, actor) -> None:
    """The unsupervised model (EM) of the organisation's latest trained run: where the
    next learning from its decisions starts."""
    lm, _created = LinkageModel.objects.select_for_update().get_or_create(
        organisation_id=run.organisation_id
    )
    lm.prior, lm.prior_run = model, run
    lm.save(update_fields=["prior", "prior_run"])
    audit.record(
        audit.Action.CHANGE,
        actor=actor,
        obj=lm,
        fields=["prior"],
        detail={"run": run.reference},
    )


def _node_of_record(pk: int) -> str:
    return f"r{pk}"


def recluster(run: LinkageRun, *, actor, only_beneficiaries: set[int] | None = None) -> int:
    """Group the run's records into beneficiaries from its automatic matches and every
    decision made on their pairs; keep each beneficiary's identity where it can.

    ``only_beneficiaries``: limit the work to the records of these beneficiaries (after a
    decision). Returns the number of people among the records considered.
    """
    rec_qs = SourceRecord.objects.filter(beneficiary_list__in=run.lists.all())
    if only_beneficiaries is not None:
        rec_qs = rec_qs.filter(beneficiary_id__in=only_beneficiaries)
    recs = {
        r.pk: r
        # every field loaded: the history rows of moved records copy them all
        for r in rec_qs.select_related("beneficiary", "beneficiary_list")
    }
    key_to_node: dict[str, str] = {}
    for r in recs.values():
        key_to_node[records.record_key(r, r.beneficiary_list.uuid)] = _node_of_record(r.pk)
    nodes = {_node_of_record(pk) for pk in recs}
    auto = []
    pair_qs = CandidatePair.objects.filter(run=run).select_related("right_member")
    if only_beneficiaries is not None:
        pair_qs = pair_qs.filter(left_id__in=list(recs))
    for p in pair_qs.only("left_id", "right_id", "right_member__uuid", "probability", "band"):
        a = _node_of_record(p.left_id)
        if p.right_id is not None:
            if p.right_id not in recs:
                continue
            b = _node_of_record(p.right_id)
        else:
            b = f"m{p.right_member_id}"
            key_to_node[records.member_key(p.right_member.uuid)] = b
            nodes.add(b)
        if p.band == CandidatePair.Band.AUTO:
            auto.append((a, b, p.probability))
    same, different = [], []
    for d in PairDecision.objects.filter(organisation_id=run.organisation_id).only(
        "key_a", "key_b", "decision"
    ):
        na, nb = key_to_node.get(d.key_a), key_to_node.get(d.key_b)
        if na is None or nb is None:
            continue
        if d.decision == Decision.SAME:
            same.append((na, nb))
        elif d.decision == Decision.DIFFERENT:
            different.append((na, nb))
    groups = clusters.people(nodes, auto, same, different)
    _assign(run, groups, recs, actor)
    return sum(1 for g in groups if any(n.startswith("r") for n in g))


def _assign(run: LinkageRun, groups: list[set], recs: dict[int, SourceRecord], actor) -> None:
    member_nodes = {n for g in groups for n in g if n.startswith("m")}
    considered_members = {int(n[1:]) for n in member_nodes}
    claimed: set[int] = set()
    moved: list[SourceRecord] = []
    went: dict[int | None, Counter] = defaultdict(Counter)  # old beneficiary -> new ones
    new_groups: list[tuple[list[SourceRecord], list[int]]] = []

    def move(r: SourceRecord, to: int) -> None:
        went[r.beneficiary_id][to] += 1
        r.beneficiary_id = to
        moved.append(r)

    # the biggest groups choose first: a beneficiary split in two stays with its larger part
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    for group in ordered:
        group_recs = [recs[int(n[1:])] for n in group if n.startswith("r")]
        group_members = sorted(int(n[1:]) for n in group if n.startswith("m"))
        if not group_recs:
            continue
        counts = Counter(r.beneficiary_id for r in group_recs if r.beneficiary_id is not None)
        candidates = sorted((b for b in counts if b not in claimed), key=lambda b: (-counts[b], b))
        if not candidates:
            new_groups.append((group_recs, group_members))
            continue
        keeper_id = candidates[0]
        claimed.add(keeper_id)
        keeper = next(
            r.beneficiary
            for r in group_recs
            if r.beneficiary_id == keeper_id and r.beneficiary is not None
        )
        _set_member(keeper, group_members, considered_members)
        for r in group_recs:
            if r.beneficiary_id != keeper_id:
                move(r, keeper_id)
    if new_groups:
        refs = next_reference("BEN", len(new_groups))
        for (group_recs, group_members), ref in zip(new_groups, refs, strict=True):
            ben = Beneficiary.objects.create(reference=ref, organisation_id=run.organisation_id)
            _set_member(ben, group_members, considered_members)
            for r in group_recs:
                move(r, ben.pk)
            audit.record(audit.Action.CREATE, actor=actor, obj=ben, detail={"run": run.reference})
    if not moved:
        return
    bulk_update_with_history(
        moved, SourceRecord, ["beneficiary"], batch_size=BATCH, default_user=actor
    )
    # a beneficiary left without records was merged into the one that took most of them
    emptied = Beneficiary.objects.filter(pk__in=list(went), merged_into__isnull=True).exclude(
        pk__in=SourceRecord.objects.filter(beneficiary_id__in=list(went)).values("beneficiary_id")
    )
    for ben in emptied:
        ben.merged_into_id = went[ben.pk].most_common(1)[0][0]
        ben.save(update_fields=["merged_into"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=ben,
            fields=["merged_into"],
            detail={"run": run.reference},
        )
    # a merged beneficiary that gets records back (a split) is a person again
    Beneficiary.objects.filter(
        pk__in=[r.beneficiary_id for r in moved], merged_into__isnull=False
    ).update(merged_into=None)


def _set_member(ben: Beneficiary, group_members: list[int], considered: set[int]) -> None:
    want = group_members[0] if group_members else None
    if want is None and ben.member_id not in considered:
        return  # her registry link was not part of this question
    if ben.member_id != want:
        Beneficiary.objects.filter(pk=ben.pk).update(member_id=want)
        ben.member_id = want


# ----------------------------------------------------------------------------- decisions
def pair_decide(*, pair: CandidatePair, decision: str, actor, note: str = "") -> PairDecision:
    """Record what a person decided about two records, and merge or split accordingly."""
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose: same person, different people or unsure.")})
    run = pair.run
    for rec in (pair.left, pair.right):
        if rec is not None and not may_link_list(actor, rec.beneficiary_list):
            _require(
                actor,
                Cap.LINK_LISTS,
                rec.beneficiary_list.organisation_id,
                _list_collectives(rec.beneficiary_list),
            )
    m = pair.right_member
    if m is not None:
        _require(actor, Cap.LINK_LISTS, m.organisation_id, m.collective_ids())
    with transaction.atomic():
        existing = (
            PairDecision.objects.select_for_update()
            .filter(organisation_id=run.organisation_id, key_a=pair.key_a, key_b=pair.key_b)
            .first()
        )
        before = existing.decision if existing else ""
        if existing is None:
            existing = PairDecision(
                organisation_id=run.organisation_id, key_a=pair.key_a, key_b=pair.key_b
            )
        existing.decision = decision
        existing.note = (note or "").strip()[:300]
        existing.pair = pair
        existing.decided_by = actor
        existing.decided_at = timezone.now()
        existing.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=pair,
            organisation_id=run.organisation_id,
            member_id=pair.right_member_id,
            fields=["decision"],
            detail={"decision": decision, "before": before, "run": run.reference},
        )
        bens: set[int] = set()
        if pair.left.beneficiary_id is not None:
            bens.add(pair.left.beneficiary_id)
        if pair.right is not None:
            if pair.right.beneficiary_id is not None:
                bens.add(pair.right.beneficiary_id)
        elif m is not None:
            bens |= set(
                Beneficiary.objects.filter(member=m, merged_into__isnull=True).values_list(
                    "pk", flat=True
                )
            )
        recluster(run, actor=actor, only_beneficiaries=bens)
        if decision in (Decision.SAME, Decision.DIFFERENT):
            transaction.on_commit(lambda: _learn_if_due(run, actor))
    return existing


def decision_for(pair: CandidatePair) -> PairDecision | None:
    return PairDecision.objects.filter(
        organisation_id=pair.run.organisation_id, key_a=pair.key_a, key_b=pair.key_b
    ).first()


# ----------------------------------------------------------------------------- learning
# The organisation's model learns again after this many new decisions (a job; ADR 0042).
LEARN_EVERY = 25


def _labels_of(organisation_id: int):
    return PairDecision.objects.filter(
        organisation_id=organisation_id,
        decision__in=[Decision.SAME, Decision.DIFFERENT],
        pair__isnull=False,
        pair__run__organisation_id=organisation_id,
    )


def learning_due(organisation_id: int) -> bool:
    """Enough new decisions since the model last learnt (the first time: MIN_LABELS)."""
    from .matching.learn import MIN_LABELS

    n = _labels_of(organisation_id).count()
    lm = LinkageModel.objects.filter(organisation_id=organisation_id).first()
    done = lm.label_count if lm and lm.trained_at else 0
    return n >= MIN_LABELS and (done == 0 or n - done >= LEARN_EVERY)


def _learn_if_due(run: LinkageRun, actor) -> None:
    """After a decision: start the learning job when it is due and none is waiting."""
    from saathi.core import texts
    from saathi.core.jobs import job_start
    from saathi.core.models import Job

    from . import jobs

    if not learning_due(run.organisation_id):
        return
    waiting = Job.objects.filter(
        kind=jobs.LEARN,
        organisation_id=run.organisation_id,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
    )
    if waiting.exists():
        return
    job_start(
        kind=jobs.LEARN,
        actor=actor,
        organisation=run.organisation,
        title=texts.Text(jobs.TITLE_LEARN),
        params={"run": str(run.uuid)},
    )


def model_learn(*, run: LinkageRun, actor) -> LinkageModel:
    """Learn the m of the run's organisation from every decision made on its pairs
    (same person / different people; unsure ones teach nothing), starting from the
    unsupervised model of its latest trained run (model.py's priors before one). Reads
    the two records of each decision in the matcher's format, in memory only."""
    from .matching import learn

    organisation_id = run.organisation_id
    for lst in run.lists.all():
        if not may_link_list(actor, lst):
            _require(actor, Cap.LINK_LISTS, lst.organisation_id, _list_collectives(lst))
    decisions = list(
        _labels_of(organisation_id).select_related(
            "pair__left__beneficiary_list", "pair__right__beneficiary_list"
        )
    )
    member_ids = {d.pair.right_member_id for d in decisions if d.pair.right_member_id}
    variants: dict[int, list[dict]] = defaultdict(list)
    if member_ids:
        qs = Member.objects.filter(organisation_id=organisation_id, pk__in=member_ids)
        for v in records.member_dicts(records.members_for_matching(qs)):
            variants[records.member_pk(v["record_id"]) or 0].append(v)
        audit.record(
            audit.Action.VIEW_PERSONAL,
            actor=actor,
            obj=run,
            fields=["phones", "aadhaar_last4"],
            detail={"members": len(member_ids), "purpose": "linkage_learning"},
        )
    labelled = []
    for d in decisions:
        p = d.pair
        left = records.source_record_dict(p.left)
        if p.right is not None:
            right = records.source_record_dict(p.right)
        else:
            options = variants.get(p.right_member_id or 0)
            if not options:
                continue  # archived or gone from the registry since
            # the name that matched in that run, else her first name
            right = next((v for v in options if v["given_name"] == p.matched_name), options[0])
        # with the probability the run gave the pair (learn.fit weighs the correction)
        labelled.append((left, right, d.decision == Decision.SAME, p.probability))
    known = LinkageModel.objects.filter(organisation_id=organisation_id).first()
    # outside the transaction: a second or two of DuckDB must not hold SQLite's write lock
    params = learn.learn(labelled, (known.prior if known else None) or None)
    del labelled, variants  # phone and ID digits: only while learning
    with transaction.atomic():
        lm, _created = LinkageModel.objects.select_for_update().get_or_create(
            organisation_id=organisation_id
        )
        lm.params = params
        lm.label_count = params["labels"]
        lm.trained_at = timezone.now()
        lm.save(update_fields=["params", "label_count", "trained_at"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=lm,
            fields=["params"],
            detail={
                "labels": params["labels"],
                "same": params["matches"],
                "run": run.reference,
            },
        )
    return lm
