"""Fundraising moved out of relief (funds/0001, relief/0006): no row lost, the ledger the same.

The database is taken back to before the move (relief/0002: also before the beneficiary
lists' timeline), records are written with the models of that time, then migrated
forward: the same rows are there as funds models, each campaign's ledger balances as
before, programmes still point at their campaign, and the lists drawn up before got a
timeline (relief/0005)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Sum

BEFORE = [("relief", "0002_distribution_cancel"), ("funds", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture(autouse=True)
def _needs_migrations(request):
    # CI's SQLite pass builds its tables without migrations (ADR 0046); this test runs in
    # the PostgreSQL pass, which builds its database from them
    if request.config.getoption("nomigrations", False):
        pytest.skip("the database was built without migrations (--nomigrations)")


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_the_ledger_balances_the_same():
    old = _migrate(BEFORE)
    try:
        user = old.get_model("accounts", "User").objects.create(username="mig-admin")
        org = old.get_model("people", "Organisation").objects.create(name="Mig Org")
        Campaign = old.get_model("relief", "Campaign")
        Donation = old.get_model("relief", "Donation")
        Expenditure = old.get_model("relief", "Expenditure")
        Programme = old.get_model("relief", "Programme")
        BeneficiaryList = old.get_model("relief", "BeneficiaryList")
        campaigns = [
            Campaign.objects.create(
                reference=f"CMP-MIG-{i}",
                organisation=org,
                name=f"Fund {i}",
                target=Decimal("100000.00"),
                starts_on=date(2020, 4, 1),
                created_by=user,
            )
            for i in range(2)
        ]
        programme = Programme.objects.create(
            reference="PRG-MIG-1",
            organisation=org,
            created_by=user,
            name="Lockdown",
            campaign=campaigns[0],
            starts_on=date(2020, 4, 1),
        )
        for i, c in enumerate(campaigns):
            d = Donation.objects.create(
                campaign=c, organisation=org, amount=Decimal("25000.50"), recorded_by=user,
                donor_name="", received_on=date(2020, 4, 2), channel="upi",
            )  # fmt: skip
            Donation.objects.create(
                campaign=c, organisation=org, amount=Decimal("-25000.50"), reverses=d,
                reason="bounced", recorded_by=user, donor_name="",
                received_on=date(2020, 4, 3), channel="upi",
            )  # fmt: skip
            Donation.objects.create(
                campaign=c, organisation=org, amount=Decimal("90000.00") + i, recorded_by=user,
                donor_name="", received_on=date(2020, 4, 4), channel="in_kind",
                in_kind_description="Rice",
            )  # fmt: skip
            Expenditure.objects.create(
                campaign=c, organisation=org, amount=Decimal("12345.67"), recorded_by=user,
                programme=programme if i == 0 else None, spent_on=date(2020, 4, 5),
                description="Kits",
            )  # fmt: skip
        before = {
            c.reference: (
                Donation.objects.filter(campaign=c).aggregate(s=Sum("amount"))["s"],
                Expenditure.objects.filter(campaign=c).aggregate(s=Sum("amount"))["s"],
            )
            for c in campaigns
        }
        counts = (Campaign.objects.count(), Donation.objects.count(), Expenditure.objects.count())
        blist = BeneficiaryList.objects.create(
            reference="BL-MIG-1", organisation=org, programme=programme, authority="BDO",
            status="submitted", submitted_on=date(2020, 5, 1), submitted_by=user,
            created_by=user,
        )  # fmt: skip
    finally:
        _migrate(_latest())

    from saathi.funds import selectors
    from saathi.funds.models import Campaign as NewCampaign
    from saathi.funds.models import Donation as NewDonation
    from saathi.funds.models import Expenditure as NewExpenditure
    from saathi.relief.models import ListStep
    from saathi.relief.models import Programme as NewProgramme

    assert counts == (
        NewCampaign.objects.filter(organisation__name="Mig Org").count(),
        NewDonation.objects.filter(organisation__name="Mig Org").count(),
        NewExpenditure.objects.filter(organisation__name="Mig Org").count(),
    )
    assert counts == (2, 6, 2)
    moved = NewCampaign.objects.filter(reference__in=before).order_by("reference")
    for ledger in selectors.ledgers(moved):
        raised, spent = before[ledger.campaign.reference]
        assert (ledger.raised, ledger.spent) == (raised, spent)
        assert ledger.balance == raised - spent
    first = selectors.campaign_ledger(moved[0])
    assert first.balance == Decimal("90000.00") - Decimal("12345.67")
    assert first.reversals == 1 and first.donations == 2
    assert NewProgramme.objects.get(reference="PRG-MIG-1").campaign.reference == "CMP-MIG-0"
    assert moved[0].expenditures.get().programme.reference == "PRG-MIG-1"
    steps = list(ListStep.objects.filter(beneficiary_list_id=blist.pk))
    assert [(s.from_status, s.to_status) for s in steps] == [("", "draft"), ("draft", "submitted")]
    assert steps[1].on == date(2020, 5, 1) and steps[1].actor_id == user.pk
