"""Eligibility and document gap: each scheme's rules against one member's facts.

A rule answers True (met), False (not met) or None ("decided by the officer": the
registry does not hold the fact, e.g. below-poverty-line status or widowhood), always
with its reason. Rules live in the scheme's data (``Scheme.rules``):

    {"t": "age", "min": 18, "max": 60}     her age (year of birth)
    {"t": "woman"}                          sex female, or gender woman / transgender woman
    {"t": "woman", "else": "officer"}       a woman qualifies; others: the officer decides
    {"t": "lacks", "doc": "ration_card"}    she does not hold this document yet
    {"t": "household"}                      a household is recorded (composition is checked)
    {"t": "listed"}                         on a NACO/SACS or DLSA-verified list (SC orders)
    {"t": "officer", "code": "bpl"}         a fact only the officer can decide
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.people.choices import DocumentKind, IdentificationRoute

OFFICER_CRITERIA = {
    "nfsa_household": gettext_lazy(
        "The state decides whether the household is Antyodaya (AAY) or priority (PHH)"
    ),
    "citizen": gettext_lazy("Indian citizen"),
    "urban": gettext_lazy("Lives in a town or city"),
    "rural": gettext_lazy("Lives in a village"),
    "no_pucca_house": gettext_lazy(
        "No pucca house anywhere in India and no housing benefit in the last 20 years"
    ),
    "income": gettext_lazy("Household income under the scheme's limit"),
    "state_survey": gettext_lazy("Household found in the state's survey list"),
    "distress": gettext_lazy(
        "Woman in distress, referred by police, court, legal services authority, "
        "One Stop Centre or an NGO"
    ),
    "violence": gettext_lazy("Affected by violence"),
    "bpl": gettext_lazy("Below-poverty-line household"),
    "widow": gettext_lazy("Widow"),
    "disability": gettext_lazy("Disability certified"),
    "breadwinner_death": gettext_lazy("The household's main earner (aged 18 to 59) died"),
    "secc": gettext_lazy(
        "Household in the SECC 2011 deprivation lists or an urban occupational category"
    ),
    "no_other_health": gettext_lazy("Not covered by another government health scheme"),
    "not_govt_employee": gettext_lazy("Not a permanent or retired government employee"),
    "residence_10y": gettext_lazy("Ten years' residence in the state"),
    "age_conflict": gettext_lazy("Age limit: sources disagree (18 and over, or 60 and over)"),
    "ngo_route": gettext_lazy("Only through an approved NGO: individuals cannot apply"),
    "caste": gettext_lazy(
        "Belongs to a caste or tribe recognised by the state (proof through the father's family)"
    ),
    "ap_category": gettext_lazy(
        "In a pension category: elderly, widow, disability or chronic illness"
    ),
    "white_card": gettext_lazy("Family with a white (rice) card"),
    "survivor": gettext_lazy("Rescued survivor of trafficking"),
    "crime_victim": gettext_lazy("Victim of a crime who suffered loss or injury"),
    "threat": gettext_lazy("Witness facing a threat in a serious offence"),
}

# Supreme Court, Budhadev Karmaskar v. State of West Bengal (Crl. Appeal 135/2010)
ALTERNATIVE_ROUTES = [
    gettext_lazy(
        "14 Dec 2021 and 10 Jan 2022: ration cards, voter ID cards and Aadhaar are to be "
        "issued on lists made by NACO and State AIDS Control Societies, or on lists of "
        "community organisations verified by the District Legal Services Authority or the "
        "SACS, keeping identities confidential."
    ),
    gettext_lazy(
        "28 Oct 2020 to 28 Feb 2022: dry rations must be given without insisting on any "
        "proof of identity."
    ),
    gettext_lazy(
        "19 May 2022: Aadhaar can be issued on a UIDAI proforma certificate from a "
        "Gazetted Officer of NACO or the Project Director of a SACS, with no code in the "
        "enrolment number that identifies the holder."
    ),
]

LISTED_ROUTES = {IdentificationRoute.NACO_SACS, IdentificationRoute.DLSA_LIST}
LIKELY, OFFICER, NO = "likely", "officer", "no"


@dataclass
class Facts:
    """What the registry knows about a member that eligibility rules may use."""

    state: str
    age: int
    sex: str
    gender: str
    has_household: bool = False
    household_size: int = 1
    documents: dict[str, str] = field(default_factory=dict)  # kind -> best status
    routes: set[str] = field(default_factory=set)

    @property
    def is_woman(self) -> bool:
        return self.sex == "female" or self.gender in ("woman", "trans_woman")

    def holds(self, kind: str) -> bool:
        return self.documents.get(kind) == "held"


_STATUS_RANK = {"held": 3, "applied": 2, "lost": 1, "missing": 0}


def facts_for(member) -> Facts:
    """Facts of one member: her own fields, her household and her documents' statuses."""
    docs: dict[str, str] = {}
    routes: set[str] = set()
    for kind, status, route in member.documents.values_list(
        "kind", "status", "identification_route"
    ):
        if _STATUS_RANK.get(status, -1) > _STATUS_RANK.get(docs.get(kind, ""), -1):
            docs[kind] = status
        routes.add(route)
    size = 1
    if member.household_id:
        size = member.household.dependants.count() + member.household.members.count()
    return Facts(
        state=member.state,
        age=member.age,
        sex=member.sex,
        gender=member.gender,
        has_household=bool(member.household_id),
        household_size=max(size, 1),
        documents=docs,
        routes=routes,
    )


@dataclass
class RuleResult:
    passed: bool | None
    reason: str


@dataclass
class Gap:
    """A required document (or a set of alternatives) and whether she holds one."""

    kinds: list[str]
    held: bool
    status: str

    @property
    def label(self) -> str:
        return _(" or ").join(str(DocumentKind(k).label) for k in self.kinds)


@dataclass
class SchemeResult:
    scheme: Any  # a Scheme
    outcome: str  # likely / officer / no
    rules: list[RuleResult]
    gaps: list[Gap]
    alternative_routes: bool
    open_application: Any = None  # the member's open application for it, set by the selector

    @property
    def missing(self) -> list[Gap]:
        return [g for g in self.gaps if not g.held]


def _state_rule(scheme, facts: Facts) -> RuleResult:
    if facts.state in (scheme.excluded_states or []):
        return RuleResult(False, _("Not run in her state."))
    if scheme.states and facts.state not in scheme.states:
        return RuleResult(False, _("Only in: %(states)s.") % {"states": ", ".join(scheme.states)})
    if scheme.states:
        return RuleResult(True, _("Runs in her state."))
    return RuleResult(True, _("Runs in every state."))


def _doc_label(kind: str) -> str:
    return str(DocumentKind(kind).label) if kind in DocumentKind.values else kind


def evaluate_rule(rule: dict, facts: Facts) -> RuleResult:
    t = rule.get("t")
    if t == "age":
        lo, hi = rule.get("min"), rule.get("max")
        ok = (lo is None or facts.age >= lo) and (hi is None or facts.age <= hi)
        if lo is not None and hi is not None:
            want = _("aged %(min)s to %(max)s") % {"min": lo, "max": hi}
        elif lo is not None:
            want = _("aged %(min)s or more") % {"min": lo}
        else:
            want = _("aged %(max)s or less") % {"max": hi}
        return RuleResult(ok, _("She is %(age)s; the scheme is for people %(want)s.") % {
            "age": facts.age, "want": want})  # fmt: skip
    if t == "woman":
        if facts.is_woman:
            return RuleResult(True, _("The scheme is for women: she is a woman."))
        if rule.get("else") == "officer":
            return RuleResult(None, _("Women qualify outright; for others the officer decides."))
        return RuleResult(False, _("The scheme is for women only."))
    if t == "lacks":
        kind = rule["doc"]
        if facts.holds(kind):
            return RuleResult(False, _("She already holds a %(doc)s.") % {"doc": _doc_label(kind)})
        if facts.documents.get(kind) == "applied":
            return RuleResult(
                True,
                _("Her %(doc)s is already applied for: follow that application.")
                % {"doc": _doc_label(kind)},
            )
        return RuleResult(True, _("She has no %(doc)s yet.") % {"doc": _doc_label(kind)})
    if t == "household":
        if facts.has_household:
            return RuleResult(
                None,
                _("Household recorded (%(n)s people); the office checks its composition.")
                % {"n": facts.household_size},
            )
        return RuleResult(None, _("No household recorded: record it; the office checks it."))
    if t == "listed":
        if facts.routes & LISTED_ROUTES:
            return RuleResult(
                True, _("Identified on a NACO/SACS list or a list verified by the DLSA.")
            )
        return RuleResult(
            None,
            _(
                "Needs to be on a NACO/SACS list or a community list verified by the DLSA; "
                "the collective can submit one."
            ),
        )
    if t == "officer":
        label = OFFICER_CRITERIA.get(rule.get("code", ""), rule.get("code", ""))
        return RuleResult(None, _("Decided by the officer: %(what)s.") % {"what": label})
    return RuleResult(None, _("Decided by the officer."))


def document_gaps(scheme, facts: Facts) -> list[Gap]:
    gaps = []
    for item in scheme.required_documents or []:
        kinds = [item] if isinstance(item, str) else list(item)
        statuses = [facts.documents.get(k, "") for k in kinds]
        held = "held" in statuses
        best = max(statuses, key=lambda s: _STATUS_RANK.get(s, -1)) if statuses else ""
        gaps.append(Gap(kinds=kinds, held=held, status=best))
    return gaps


def evaluate(scheme, facts: Facts) -> SchemeResult:
    rules = [_state_rule(scheme, facts)] + [evaluate_rule(r, facts) for r in scheme.rules or []]
    if any(r.passed is False for r in rules):
        outcome = NO
    elif any(r.passed is None for r in rules):
        outcome = OFFICER
    else:
        outcome = LIKELY
    return SchemeResult(
        scheme=scheme,
        outcome=outcome,
        rules=rules,
        gaps=document_gaps(scheme, facts),
        alternative_routes=scheme.alternative_routes,
    )


ORDER = {LIKELY: 0, OFFICER: 1, NO: 2}


def member_eligibility(member, schemes) -> list[SchemeResult]:
    facts = facts_for(member)
    results = [evaluate(s, facts) for s in schemes]
    return sorted(results, key=lambda r: (ORDER[r.outcome], str(r.scheme.name)))
