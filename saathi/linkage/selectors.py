"""Reads for the linkage pages: scoped, paginated, a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saathi.core import scope
from saathi.core.policy import Cap

from .models import (
    Beneficiary,
    BeneficiaryList,
    CandidatePair,
    Decision,
    LinkageRun,
    PairDecision,
    SourceRecord,
)

REVIEW_PAGE = 10

FIELD_LABELS = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "name": _("Name"),
    "relative_name": _("Relative's name"),
    "sex": _("Sex"),
    "age": _("Age"),
    "phone": _("Phone"),
    "id_last4": _("ID, last 4 digits"),
    "village": _("Village or ward"),
    "district": _("District"),
    "state": _("State"),
    "source": _("List"),
}
AGREEMENT_LABELS = {
    "agree": _("same"),
    "close": _("close"),
    "differ": _("differs"),
    "missing": _("missing"),
}
# shown as a comparison only: the digits themselves are not shown on a review card
HIDDEN_VALUES = {"phone", "id_last4"}


def organisations_for_linking(user):
    return scope.organisations_with(user, Cap.LINK_LISTS, through_collectives=True)


def collectives_for_linking(user):
    return scope.collectives_with(user, Cap.LINK_LISTS)


def lists_of(user):
    return BeneficiaryList.objects.visible_to(user).select_related("collective", "organisation")


def runs_of(user):
    return LinkageRun.objects.visible_to(user).select_related("job")


def _decision_subquery(field: str = "decision"):
    return Subquery(
        PairDecision.objects.filter(
            organisation_id=OuterRef("run__organisation_id"),
            key_a=OuterRef("key_a"),
            key_b=OuterRef("key_b"),
        ).values(field)[:1]
    )


def pairs_of_run(user, run: LinkageRun):
    return (
        CandidatePair.objects.visible_to(user)
        .filter(run=run)
        .annotate(decision=_decision_subquery())
    )


TABS = ("review", "auto", "unsure", "decided")


def review_queue(user, run: LinkageRun, tab: str, page=1):
    qs = pairs_of_run(user, run)
    if tab == "auto":
        qs = qs.filter(band=CandidatePair.Band.AUTO, decision__isnull=True)
    elif tab == "unsure":
        qs = qs.filter(decision=Decision.UNSURE)
    elif tab == "decided":
        qs = qs.filter(decision__in=[Decision.SAME, Decision.DIFFERENT])
    else:
        qs = qs.filter(band=CandidatePair.Band.REVIEW, decision__isnull=True)
    qs = qs.select_related(
        "left__beneficiary_list",
        "left__beneficiary",
        "right__beneficiary_list",
        "right__beneficiary",
        "right_member",
    ).order_by("-probability", "id")
    paginator = Paginator(qs, REVIEW_PAGE)
    page_obj = paginator.get_page(page)
    page_obj.cards = [pair_card(p) for p in page_obj.object_list]  # type: ignore[attr-defined]
    return page_obj


def run_counts(user, run: LinkageRun) -> dict:
    qs = pairs_of_run(user, run)
    rows = qs.values("band", "decision").annotate(n=Count("id"))
    counts: Counter[str] = Counter()
    for r in rows:
        if r["decision"] in (Decision.SAME, Decision.DIFFERENT):
            counts["decided"] += r["n"]
        elif r["decision"] == Decision.UNSURE:
            counts["unsure"] += r["n"]
        else:
            counts[r["band"]] += r["n"]
    return {t: counts.get(t, 0) for t in TABS}


@dataclass
class Side:
    kind: str  # "record" or "member"
    title: str  # the list name, or "Registry"
    reference: str  # beneficiary or member reference
    values: dict


@dataclass
class FieldRow:
    field: str
    label: str
    left: str
    right: str
    agreement: str
    agreement_label: str


def _record_side(r: SourceRecord) -> Side:
    return Side(
        kind="record",
        title=f"{r.beneficiary_list.name} · {r.record_id}",
        reference=r.beneficiary.reference if r.beneficiary is not None else "",
        values={
            "given_name": r.given_name,
            "family_name": r.family_name,
            "relative_name": r.relative_name,
            "sex": r.sex,
            "age": "" if r.age is None else str(r.age),
            "village": r.village,
            "district": r.district,
            "state": r.state,
            "source": r.source,
        },
    )


def _member_side(m) -> Side:
    return Side(
        kind="member",
        title=str(_("Member registry")),
        reference=m.reference,
        values={
            "name": " · ".join(n for n in (m.display_name, m.native_name) if n),
            "given_name": m.display_name,
            "family_name": m.native_name,
            "relative_name": "",
            "sex": m.sex,
            "age": str(timezone.localdate().year - m.birth_year),
            "village": m.village,
            "district": m.district,
            "state": m.state,
            "source": str(_("Member registry")),
        },
    )


SEX_LABELS = {"female": _("Female"), "male": _("Male"), "other": _("Other"), "intersex": _("Other")}


def _name(values: dict) -> str:
    return " ".join(v for v in (values.get("given_name"), values.get("family_name")) if v)


def pair_card(pair: CandidatePair) -> dict:
    left = _record_side(pair.left)
    right = _record_side(pair.right) if pair.right is not None else _member_side(pair.right_member)
    for side in (left, right):
        side.values.setdefault("name", _name(side.values))
        side.values["sex"] = str(SEX_LABELS.get(side.values.get("sex", ""), ""))
    rows = []
    fields = dict(pair.fields or {})
    names = ["name"] if "name" in fields else ["given_name", "family_name"]
    order = [*names, "relative_name", "sex", "age", "phone", "id_last4"]
    order += ["village", "district", "state"]
    for f in order + [f for f in fields if f not in order and f in FIELD_LABELS]:
        agreement = fields.get(f, "")
        lv, rv = left.values.get(f, ""), right.values.get(f, "")
        if f in HIDDEN_VALUES:
            if not agreement:
                continue
            lv = rv = ""
        elif not (lv or rv or agreement):
            continue
        rows.append(
            FieldRow(
                field=f,
                label=str(FIELD_LABELS.get(f, f)),
                left=lv,
                right=rv,
                agreement=agreement,
                agreement_label=str(AGREEMENT_LABELS.get(agreement, "")),
            )
        )
    p = pair.probability
    return {
        "pair": pair,
        "left": left,
        "right": right,
        "rows": rows,
        # never "100%" unless the engine is certain
        "percent": 100 if p >= 1 else min(99, round(p * 100)),
        "decision": getattr(pair, "decision", None),
        "decision_label": decision_label(getattr(pair, "decision", None)),
    }


def decision_label(value) -> str:
    value = getattr(value, "decision", value)
    return str(Decision(value).label) if value in Decision.values else ""


# ----------------------------------------------------------------------------- clean list
CLEAN_COLUMNS = (
    "beneficiary",
    "given_name",
    "family_name",
    "relative_name",
    "sex",
    "age",
    "village",
    "district",
    "state",
    "member_reference",
    "record_count",
    "source_rows",
    "to_check",
)


def _most_common(values) -> str:
    values = [v for v in values if v not in ("", None)]
    if not values:
        return ""
    return str(Counter(values).most_common(1)[0][0])


def clean_list_rows(run: LinkageRun) -> list[dict]:
    """One row per person among the run's records: no phone, no ID digits, nothing
    confidential. ``to_check`` names the people she may still be (pairs not yet decided
    or marked unsure)."""
    recs = list(
        SourceRecord.objects.filter(beneficiary_list__in=run.lists.all())
        .select_related("beneficiary_list", "beneficiary__member")
        .order_by("beneficiary__reference", "beneficiary_list__created_at", "line")
    )
    by_ben: dict[int, list[SourceRecord]] = defaultdict(list)
    ref_of: dict[int, str] = {}
    bens: dict[int, Beneficiary] = {}
    for r in recs:
        if r.beneficiary is None or r.beneficiary_id is None:
            continue  # not yet clustered: not on a clean list
        by_ben[r.beneficiary_id].append(r)
        ref_of[r.beneficiary_id] = r.beneficiary.reference
        bens[r.beneficiary_id] = r.beneficiary
    open_pairs = (
        CandidatePair.objects.filter(run=run)
        .annotate(decision=_decision_subquery())
        .filter(Q(decision__isnull=True, band=CandidatePair.Band.REVIEW) | Q(decision="unsure"))
        .values_list("left__beneficiary_id", "right__beneficiary_id", "right_member__reference")
    )
    check: dict[int, set[str]] = defaultdict(set)
    for a, b, member_ref in open_pairs:
        if b is not None and a != b:
            check[a].add(ref_of.get(b, ""))
            check[b].add(ref_of.get(a, ""))
        elif member_ref:
            check[a].add(member_ref)
    rows: list[dict[str, Any]] = []
    for ben_id, group in by_ben.items():
        ben = bens[ben_id]
        rows.append(
            {
                "beneficiary": ben.reference,
                "given_name": _most_common(r.given_name for r in group),
                "family_name": _most_common(r.family_name for r in group),
                "relative_name": _most_common(r.relative_name for r in group),
                "sex": _most_common(r.sex for r in group),
                "age": _most_common(r.age for r in group),
                "village": _most_common(r.village for r in group),
                "district": _most_common(r.district for r in group),
                "state": _most_common(r.state for r in group),
                "member_reference": ben.member.reference if ben.member is not None else "",
                "record_count": len(group),
                "source_rows": "; ".join(
                    f"{r.beneficiary_list.reference}:{r.record_id}" for r in group
                ),
                "to_check": " ".join(sorted(x for x in check.get(ben_id, ()) if x)),
            }
        )
    rows.sort(key=lambda r: r["beneficiary"])
    return rows


def beneficiary_records(ben: Beneficiary):
    return list(
        SourceRecord.objects.filter(beneficiary=ben)
        .select_related("beneficiary_list")
        .order_by("beneficiary_list__created_at", "line")
    )


def list_records(lst: BeneficiaryList, page=1):
    qs = SourceRecord.objects.filter(beneficiary_list=lst).select_related("beneficiary")
    return Paginator(qs.order_by("line"), 50).get_page(page)
