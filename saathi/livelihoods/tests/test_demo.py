import pytest
from django.core.management import call_command

from saathi.funds.models import Donation, Expenditure
from saathi.livelihoods.models import Debt, Device, FollowUp, HealthStep, Repayment, Support
from saathi.relief.stock.models import Kind, Level, Movement


@pytest.mark.django_db
def test_seed_demo_fills_every_part():
    call_command("seed_demo", members=80, verbosity=0)
    assert Support.objects.filter(kind="loan").exists() and Repayment.objects.exists()
    assert Expenditure.objects.filter(description_code__startswith="livelihoods.").count() > 5
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    assert Debt.objects.filter(risk=True).exists() and Debt.objects.filter(risk=False).exists()
    assert Device.objects.filter(kind="smartphone", plan_renews_on__isnull=False).exists()
    assert HealthStep.objects.filter(step="second_dose").exists()
    assert set(Movement.objects.values_list("kind", flat=True)) == set(Kind.values)
    in_kind = Donation.objects.filter(channel="in_kind", pk__in=Movement.objects.values("donation"))
    assert in_kind.count() == 3
    assert not Level.objects.filter(quantity__lt=0).exists()
