"""Each catalogue row's rules against members built to pass and to fail them."""

import pytest

from saathi.entitlements import eligibility
from saathi.entitlements.eligibility import LIKELY, NO, OFFICER, Facts, evaluate
from saathi.entitlements.models import Scheme
from saathi.people.services import document_save


def _passing(s) -> Facts:
    state = s.states[0] if s.states else ("AP" if "WB" in s.excluded_states else "WB")
    f = Facts(state=state, age=35, sex="female", gender="woman")
    for r in s.rules:
        if r["t"] == "age":
            lo, hi = r.get("min"), r.get("max")
            f.age = (lo + hi) // 2 if lo and hi else (lo + 1 if lo else hi - 1)
        if r["t"] == "listed":
            f.routes = {"naco_sacs"}
    return f


def _failures(s):
    """One member per rule that can fail, each failing exactly that rule."""
    base = _passing(s)
    yield "state", Facts(**{**base.__dict__, "state": "WB" if s.states != ["WB"] else "AP"})
    for r in s.rules:
        f = Facts(**{**base.__dict__, "documents": dict(base.documents)})
        if r["t"] == "age":
            f.age = r["min"] - 1 if "min" in r else r["max"] + 1
        elif r["t"] == "woman" and r.get("else") != "officer":
            f.sex, f.gender = "male", "man"
        elif r["t"] == "lacks":
            f.documents[r["doc"]] = "held"
        else:
            continue
        yield r["t"], f


@pytest.mark.django_db
def test_every_catalogue_row_passes_and_fails_as_its_rules_say():
    schemes = list(Scheme.objects.current().filter(organisation__isnull=True))
    assert len(schemes) == 33
    for s in schemes:
        ok = evaluate(s, _passing(s))
        assert ok.outcome in (LIKELY, OFFICER), (s.code, [r.reason for r in ok.rules])
        assert all(r.reason for r in ok.rules)
        has_officer_rule = any(r["t"] in ("officer", "household") for r in s.rules)
        assert (ok.outcome == OFFICER) == (
            has_officer_rule or any(r.passed is None for r in ok.rules)
        ), s.code
        if has_officer_rule:
            assert any("officer" in r.reason or "office" in r.reason for r in ok.rules), s.code
        failed_somewhere = False
        for what, facts in _failures(s):
            if what == "state" and not s.states and not s.excluded_states:
                assert evaluate(s, facts).rules[0].passed is True  # runs everywhere
                continue
            res = evaluate(s, facts)
            assert res.outcome == NO, (s.code, what)
            assert sum(r.passed is False for r in res.rules) == 1, (s.code, what)
            failed_somewhere = True
        if s.states or s.excluded_states or any(r["t"] in ("age", "lacks") for r in s.rules):
            assert failed_somewhere, s.code


@pytest.mark.django_db
def test_real_member_gap_and_reasons(world):
    member = world.members["a1"]  # WB, born 1990, Aadhaar held, ration card missing
    schemes = Scheme.objects.catalogue_for([member.organisation_id])
    results = {r.scheme.code: r for r in eligibility.member_eligibility(member, schemes)}
    ration = results["wb_ration_card"]
    assert ration.outcome == OFFICER  # household category is for the officer
    assert ration.rules[0].passed is True
    assert [g.kinds for g in ration.missing] == []  # Aadhaar is held
    assert ration.alternative_routes
    assert results["ap_ntr_bharosa"].outcome == NO  # AP only
    assert results["ab_pmjay"].outcome == NO  # not in West Bengal
    jan_dhan = results["pmjdy_account"]
    assert jan_dhan.outcome == LIKELY
    assert results["nsap_ignoaps"].outcome == NO  # she is not 60
    widow = results["wb_widow_pension"]
    assert {g.kinds[0] for g in widow.missing} == {"ration_card", "voter_id", "bank_account"}
    # she gets her ration card: the ration-card schemes say she already holds one
    document_save(
        member=member,
        data={"kind": "ration_card", "status": "held"},
        actor=world.user("a", "social_worker"),
        document=member.documents.get(kind="ration_card"),
    )
    again = {r.scheme.code: r for r in eligibility.member_eligibility(member, schemes)}
    assert again["wb_ration_card"].outcome == NO
    assert "already holds" in again["wb_ration_card"].rules[1].reason


@pytest.mark.django_db
def test_listed_route_decides_the_court_order_rows(world):
    member = world.members["a1"]
    s = Scheme.objects.current().get(code="sc_dry_ration_sex_workers", organisation=None)
    assert eligibility.member_eligibility(member, [s])[0].outcome == OFFICER
    document_save(
        member=member,
        data={"kind": "ration_card", "status": "applied", "identification_route": "dlsa_list"},
        actor=world.user("a", "social_worker"),
        document=member.documents.get(kind="ration_card"),
    )
    assert eligibility.member_eligibility(member, [s])[0].outcome == LIKELY
