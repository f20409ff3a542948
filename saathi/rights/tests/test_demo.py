import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_seed_demo_fills_the_rights_registers():
    from saathi.rights.models import Breach, Notice, Processor, RightsRequest

    call_command("seed_demo", members=60, verbosity=0)
    assert set(Notice.objects.values_list("language", flat=True)) == {"en", "hi", "bn", "te"}
    assert set(RightsRequest.objects.values_list("kind", flat=True)) == {
        "access",
        "correction",
        "grievance",
    }
    assert Processor.objects.filter(active=True).count() == 3
    breach = Breach.objects.get()
    assert breach.members.count() == 2 and breach.notified_at is None
