"""The campaign ledger: append-only, reversals as new entries, raised - spent = balance."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.funds import selectors as fselectors
from saathi.funds import services
from saathi.funds.models import Donation, Expenditure
from saathi.relief import selectors
from saathi.relief.tests.helpers import days_ago, make_campaign, make_programme

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2500000"), places=2)
operation = st.one_of(
    st.tuples(st.just("donate"), amounts, st.sampled_from(["upi", "in_kind", "crowdfunding"])),
    st.tuples(st.just("spend"), amounts, st.none()),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50), st.none()),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, max_size=15))
def test_raised_minus_spent_is_the_balance(world, ops):
    admin = world.user("a", Role.ORG_ADMIN)
    with transaction.atomic():
        campaign = make_campaign(world)
        entries = []  # (kind, row) in the order written
        live = {"donate": Decimal(0), "spend": Decimal(0)}  # the model: what stands
        in_kind = Decimal(0)
        reversed_ids = set()
        for op, value, channel in ops:
            if op == "donate":
                d = services.donation_record(
                    campaign=campaign,
                    data=services.DonationInput(
                        amount=value,
                        received_on=date(2026, 5, 1),
                        channel=channel,
                        in_kind_description="Rice" if channel == "in_kind" else "",
                        anonymous=True,
                    ),
                    actor=admin,
                )
                entries.append(("donate", d))
                live["donate"] += value
                in_kind += value if channel == "in_kind" else 0
            elif op == "spend":
                e = services.expenditure_record(
                    campaign=campaign,
                    amount=value,
                    spent_on=date(2026, 5, 2),
                    description="Rations",
                    beyond_balance=True,  # the ledger's sums hold whatever the balance
                    beyond_balance_reason="Paid ahead of the donations",
                    actor=admin,
                )
                entries.append(("spend", e))
                live["spend"] += value
            elif entries:
                kind, row = entries[value % len(entries)]
                reverse = (
                    services.donation_reverse if kind == "donate" else services.expenditure_reverse
                )
                arg = {"donation": row} if kind == "donate" else {"expenditure": row}
                if (kind, row.pk) in reversed_ids:
                    with pytest.raises(ValidationError):
                        reverse(**arg, reason="again", actor=admin)
                    continue
                reverse(**arg, reason="entered twice", actor=admin)
                reversed_ids.add((kind, row.pk))
                live[kind] -= row.amount
                if kind == "donate" and row.channel == "in_kind":
                    in_kind -= row.amount
        ledger = fselectors.campaign_ledger(campaign)
        assert ledger.raised == live["donate"]
        assert ledger.spent == live["spend"]
        assert ledger.raised - ledger.spent == ledger.balance
        assert ledger.cash_balance == live["donate"] - in_kind - live["spend"]
        statement = list(fselectors.ledger_statement(campaign))
        assert (statement[-1].balance if statement else Decimal(0)) == ledger.balance
        # nothing was edited or deleted: one row per entry and per reversal
        rows = (
            Donation.objects.filter(campaign=campaign).count()
            + Expenditure.objects.filter(campaign=campaign).count()
        )
        assert rows == len(entries) + len(reversed_ids) == len(statement)
        assert all(isinstance(r.balance, Decimal) for r in statement)
        transaction.set_rollback(True)


def test_entries_are_never_changed_or_deleted(world):
    admin = world.user("a", Role.ORG_ADMIN)
    campaign = make_campaign(world)
    d = services.donation_record(
        campaign=campaign,
        data=services.DonationInput(
            amount="5000", received_on=days_ago(3), channel="upi", donor_name="R. Sen"
        ),
        actor=admin,
    )
    d.amount = Decimal("1")
    with pytest.raises(PermissionError):
        d.save()
    with pytest.raises(PermissionError):
        d.delete()
    with pytest.raises(PermissionError):
        Donation.objects.filter(pk=d.pk).update(amount=1)
    with pytest.raises(PermissionError):
        Donation.objects.filter(pk=d.pk).delete()
    d.refresh_from_db()
    assert d.amount == Decimal("5000.00")
    assert str(d.donor_name) == "••••" and d.donor_name.unseal_for_system() == "R. Sen"
    with pytest.raises(ValidationError) as exc:
        services.donation_reverse(donation=d, reason=" ", actor=admin)
    assert "reason" in exc.value.message_dict
    r = services.donation_reverse(donation=d, reason="bounced cheque", actor=admin)
    assert r.amount == Decimal("-5000.00") and r.reverses == d and not r.donor_name
    with pytest.raises(ValidationError):
        services.donation_reverse(donation=r, reason="undo", actor=admin)
    assert fselectors.campaign_ledger(campaign).balance == 0


def test_donations_validate_and_only_fund_managers_record(world):
    campaign = make_campaign(world)
    admin = world.user("a", Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as exc:
        services.donation_record(
            campaign=campaign,
            data=services.DonationInput(amount="0.005", received_on=days_ago(1), channel="in_kind"),
            actor=admin,
        )
    assert set(exc.value.message_dict) == {"amount", "in_kind_description"}
    # anonymous donations keep no donor, even when one was typed
    d = services.donation_record(
        campaign=campaign,
        data=services.DonationInput(
            amount="1,00,000", received_on=days_ago(1), channel="bank_transfer",
            donor_name="Someone", anonymous=True,
        ),
        actor=admin,
    )  # fmt: skip
    assert d.anonymous and not d.donor_name and d.amount == Decimal("100000.00")
    for role in (Role.SOCIAL_WORKER, Role.COLLECTIVE_LEADER, Role.VOLUNTEER, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            services.expenditure_record(
                campaign=campaign, amount="10", spent_on=days_ago(1), description="x",
                actor=world.user("a", role),
            )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.donation_record(
            campaign=campaign,
            data=services.DonationInput(amount="10", received_on=days_ago(1), channel="upi"),
            actor=world.user("b", Role.ORG_ADMIN),
        )


def test_programme_spend_planned_against_actual(world):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    admin = world.user("a", Role.ORG_ADMIN)
    services.expenditure_record(
        campaign=campaign, amount="85000", spent_on=days_ago(30), description="100 ration kits",
        programme=p, paid_to="Wholesaler", beyond_balance=True, beyond_balance_reason="Loan",
        actor=admin,
    )  # fmt: skip
    progress = selectors.programme_progress(p)
    # planned: 100 x 1500 cash + 200 x 850 kits
    assert progress.planned_spend == Decimal("320000.00")
    assert progress.actual_spend == Decimal("85000.00")
    assert progress.target_households == 100 and progress.households == 0


def test_spending_beyond_the_balance_needs_a_confirmation_and_a_reason(world):
    """Issue 11 item 7: ₹99,999,999,999 was accepted and the balance went deeply negative."""
    campaign = make_campaign(world)
    admin = world.user("a", Role.ORG_ADMIN)
    services.donation_record(
        campaign=campaign,
        data=services.DonationInput(amount="15000", received_on=days_ago(3), channel="upi"),
        actor=admin,
    )
    spend = dict(campaign=campaign, spent_on=days_ago(1), description="Rations", actor=admin)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_record(amount="99999999999", **spend)
    assert "₹10,00,00,000" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        services.expenditure_record(amount="20000", **spend)
    message = exc.value.message_dict["beyond_balance"][0]
    assert "₹5,000" in message and "₹15,000" in message
    with pytest.raises(ValidationError) as exc:
        services.expenditure_record(amount="20000", beyond_balance=True, **spend)
    assert set(exc.value.message_dict) == {"beyond_balance_reason"}
    assert not campaign.expenditures.exists()
    within = services.expenditure_record(amount="15000", **spend)  # the whole balance: fine
    assert within.reason == ""
    over = services.expenditure_record(
        amount="5000", beyond_balance=True, beyond_balance_reason="Advance from the NGO", **spend
    )
    assert over.reason == "Advance from the NGO"
    assert fselectors.campaign_ledger(campaign).balance == Decimal("-5000.00")
    event = AuditEvent.objects.filter(object_id=str(over.uuid)).get()
    assert event.detail["beyond_balance"] is True
