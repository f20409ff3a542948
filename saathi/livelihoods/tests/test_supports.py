"""Livelihood supports: the campaign's ledger, follow-ups, loans and their arithmetic."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saathi.core import agenda
from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.funds import selectors as funds_selectors
from saathi.funds.models import Expenditure
from saathi.livelihoods import services
from saathi.livelihoods.models import FollowUp, Instalment, Repayment, Support

from .helpers import campaign, days_ago, grant, loan

pytestmark = pytest.mark.django_db


def test_a_grant_paid_by_a_campaign_is_spending_in_its_ledger(world):
    c = campaign(world)
    support = grant(world, campaign=c)
    exp = Expenditure.objects.get(pk=support.expenditure_id)
    assert exp.campaign == c and exp.amount == Decimal("8000.00")
    assert exp.description_code == "livelihoods.ledger.grant"
    assert support.reference in exp.description_text
    ledger = funds_selectors.campaign_ledger(c)
    assert ledger.spent == Decimal("8000.00") and ledger.balance == Decimal("92000.00")
    assert AuditEvent.objects.filter(object_id=str(support.uuid), action="create").exists()


def test_a_campaign_beyond_its_balance_asks_for_a_reason(world):
    c = campaign(world, with_money=Decimal("1000"))
    with pytest.raises(ValidationError) as exc:
        grant(world, campaign=c)
    assert "beyond_balance" in exc.value.message_dict
    assert not Support.objects.exists()  # nothing half-written
    s = grant(world, campaign=c, beyond_balance=True, beyond_balance_reason="Pledge arriving")
    assert s.expenditure.reason == "Pledge arriving"


def test_only_those_who_manage_funds_pay_from_a_campaign(world):
    c = campaign(world)
    with pytest.raises(ValidationError) as exc:
        grant(world, actor_role=Role.COLLECTIVE_LEADER, campaign=c)
    assert "campaign" in exc.value.message_dict
    # without a campaign the leader records it (her collective's member)
    assert grant(world, actor_role=Role.COLLECTIVE_LEADER).pk


def test_another_organisation_campaign_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        grant(world, campaign=campaign(world, org="b"))
    assert "campaign" in exc.value.message_dict


def test_refusals_name_their_fields(world):
    with pytest.raises(ValidationError) as exc:
        grant(world, activity="", kind="grant", amount="abc", given_on=date(2999, 1, 1))
    assert set(exc.value.message_dict) >= {"activity", "amount", "given_on"}
    with pytest.raises(ValidationError) as exc:
        grant(world, activity="other", activity_other="")
    assert "activity_other" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        loan(world, n=0, first_due_on=None)
    assert {"instalments", "first_due_on"} <= set(exc.value.message_dict)


def test_roles_without_the_capability_are_refused(world):
    for role in (Role.VOLUNTEER, Role.VIEWER, Role.LEGAL_ADVOCATE):
        with pytest.raises(PermissionDenied):
            grant(world, actor_role=role)
    with pytest.raises(PermissionDenied):  # a leader of A1 for a member of A2
        grant(world, member="a2", actor_role=Role.COLLECTIVE_LEADER)


def test_follow_ups_at_one_three_and_six_months_are_on_the_agenda(world):
    support = grant(world, given_on=date(2026, 1, 31))
    dues = list(FollowUp.objects.filter(support=support).values_list("months", "due_on"))
    assert dues == [(1, date(2026, 2, 28)), (3, date(2026, 4, 30)), (6, date(2026, 7, 31))]
    fac = world.user("a", Role.FACILITATOR)
    window = agenda.entries_for(fac, date(2026, 1, 1), date(2026, 12, 31))
    keys = [e.key for e in window.entries if e.kind == "livelihoods.follow_up"]
    assert len(keys) == 3
    assert not any(  # never her name
        "Lakshmi" in str(e.title) + str(e.reminder) for e in window.entries
    )
    other = agenda.entries_for(
        world.user("b", Role.FACILITATOR), date(2026, 1, 1), date(2027, 1, 1)
    )
    assert not [e for e in other.entries if e.kind == "livelihoods.follow_up"]


def test_a_follow_up_is_recorded_and_leaves_the_agenda(world):
    support = grant(world, given_on=days_ago(40))
    first = support.follow_ups.get(months=1)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(
            follow_up=first, data={"done_on": None}, actor=world.user("a", Role.FACILITATOR)
        )
    assert {"done_on", "still_running"} <= set(exc.value.message_dict)
    services.follow_up_record(
        follow_up=first,
        data={
            "done_on": days_ago(5),
            "still_running": True,
            "income_band": "2000_5000",
            "problems": "Rain",
        },
        actor=world.user("a", Role.FACILITATOR),
    )
    assert not FollowUp.objects.open().filter(pk=first.pk).exists()


def test_a_loan_has_a_schedule_without_interest_by_default(world):
    support = loan(world, amount=Decimal("1000"), n=3)
    schedule = list(Instalment.objects.filter(support=support).values_list("amount", flat=True))
    assert schedule == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert support.interest_total == 0 and support.outstanding == Decimal("1000.00")


def test_interest_only_when_the_organisation_sets_it(world):
    services.settings_save(
        organisation=world.orgs["a"], loan_interest_yearly="6", actor=world.user("a", "org_admin")
    )
    support = loan(world, amount=Decimal("12000"), n=12)
    assert support.interest_yearly == Decimal("6.00")
    assert support.interest_total == Decimal("720.00")
    assert support.outstanding == Decimal("12720.00")
    with pytest.raises(PermissionDenied):
        services.settings_save(
            organisation=world.orgs["a"],
            loan_interest_yearly="5",
            actor=world.user("a", Role.FACILITATOR),
        )
    with pytest.raises(ValidationError):
        services.settings_save(
            organisation=world.orgs["a"],
            loan_interest_yearly="99",
            actor=world.user("a", "org_admin"),
        )


def test_a_repayment_beyond_what_is_outstanding_is_refused(world):
    support = loan(world, amount=Decimal("500"), n=2)
    fac = world.user("a", Role.FACILITATOR)
    services.repayment_record(support=support, amount="300", paid_on=days_ago(1), actor=fac)
    with pytest.raises(ValidationError) as exc:
        services.repayment_record(support=support, amount="300", paid_on=days_ago(1), actor=fac)
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.repayment_record(support=grant(world), amount="1", paid_on=days_ago(1), actor=fac)
    assert "amount" in exc.value.message_dict


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("60000"), places=2)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(given_amount=amounts, n=st.integers(1, 24), paid=st.lists(amounts, max_size=12))
def test_outstanding_is_given_minus_repaid(world, given_amount, n, paid):
    fac = world.user("a", Role.FACILITATOR)
    with transaction.atomic():
        support = loan(world, amount=given_amount, n=n)
        schedule = Instalment.objects.filter(support=support)
        assert sum(i.amount for i in schedule) == given_amount  # the schedule adds up
        repaid = Decimal("0")
        for value in paid:
            try:
                services.repayment_record(
                    support=support, amount=value, paid_on=days_ago(1), actor=fac
                )
                repaid += value
            except ValidationError:
                assert value > given_amount - repaid  # refused only beyond the outstanding
        fresh = Support.objects.get(pk=support.pk)
        rows = sum(r.amount for r in Repayment.objects.filter(support=support))
        assert rows == repaid == fresh.repaid
        assert fresh.outstanding == given_amount - repaid >= 0
        transaction.set_rollback(True)
