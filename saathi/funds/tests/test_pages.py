"""Fundraising pages as a user drives them: the ledger, its export, expenditure checks."""

import csv
import io

import pytest
from django.urls import reverse

from saathi.core.models import Job
from saathi.core.policy import Role
from saathi.funds import services as funds_services
from saathi.funds.models import Expenditure
from saathi.relief.tests.helpers import days_ago, make_campaign

pytestmark = pytest.mark.django_db


def login(client, world, role=Role.FACILITATOR, org="a"):
    client.force_login(world.user(org, role))
    return client


def test_ledger_export_with_hxl_row(client, world):
    campaign = make_campaign(world)
    admin = world.user("a", Role.ORG_ADMIN)
    funds_services.donation_record(
        campaign=campaign,
        data=funds_services.DonationInput(
            amount="2300000", received_on=days_ago(30), channel="crowdfunding",
            donor_name="Secret Donor",
        ),
        actor=admin,
    )  # fmt: skip
    funds_services.expenditure_record(
        campaign=campaign,
        amount="300000",
        spent_on=days_ago(20),
        description="Rations",
        actor=admin,
    )
    login(client, world, Role.ORG_ADMIN)
    page = client.get(reverse("funds:campaign_detail", args=[campaign.uuid])).content.decode()
    assert "₹23,00,000" in page and "₹20,00,000" in page and "Secret Donor" in page
    client.post(
        reverse("funds:ledger_export", args=[campaign.uuid]), {"format": "csv", "hxl": "on"}
    )
    rows = list(csv.reader(io.StringIO(Job.objects.get().result_bytes().decode("utf-8-sig"))))
    assert rows[1][0] == "#date" and "#value+balance" in rows[1]
    assert rows[2][5] == "2300000.00" and rows[3][6] == "300000.00" and rows[3][7] == "2000000.00"
    assert "Secret Donor" not in str(rows)
    # a social worker sees the ledger but no donor names
    login(client, world, Role.SOCIAL_WORKER)
    page = client.get(reverse("funds:campaign_detail", args=[campaign.uuid])).content.decode()
    assert "₹23,00,000" in page and "Secret Donor" not in page


def test_the_expenditure_form_asks_to_confirm_spending_beyond_the_balance(client, world):
    campaign = make_campaign(world)
    login(client, world, Role.ORG_ADMIN)
    url = reverse("funds:expenditure_add", args=[campaign.uuid])
    form = {"amount": "99999999999", "spent_on": days_ago(1).strftime("%d/%m/%Y"),
            "description": "Rations for the camp", "paid_to": "Grocer"}  # fmt: skip
    page = client.post(url, form).content.decode()
    assert "₹10,00,00,000" in page and "Rations for the camp" in page  # kept
    form["amount"] = "2500"
    page = client.post(url, form).content.decode()
    assert "more than the campaign" in page and 'name="beyond_balance"' in page
    assert not Expenditure.objects.exists()
    form.update(beyond_balance="on", beyond_balance_reason="The grocer gave credit")
    assert client.post(url, form).status_code == 302
    assert Expenditure.objects.get().reason == "The grocer gave credit"
