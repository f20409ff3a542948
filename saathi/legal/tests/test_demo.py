import pytest
from django.core.management import call_command

from saathi.legal.models import CompensationPayment, Hearing, LegalMatter, Threat


@pytest.mark.django_db
def test_seed_demo_adds_legal_matters_with_every_part():
    call_command("seed_demo", members=120, verbosity=0)
    assert LegalMatter.objects.count() == 5
    assert Hearing.objects.count() == 3 and Threat.objects.count() == 1
    assert CompensationPayment.objects.filter(kind="final").exists()
    assert any(m.needs_next_date for m in LegalMatter.objects.all())
