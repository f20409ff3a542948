import pytest
from django.core.management import call_command

from saathi.collectives.models import DutyBearer


@pytest.mark.django_db
def test_seed_demo_fills_the_directory():
    call_command("seed_demo", members=60, verbosity=0)
    levels = set(DutyBearer.objects.values_list("level", flat=True))
    assert {"panchayat", "block", "subdivision", "district", "state"} <= levels
    assert DutyBearer.objects.filter(title__contains="Collector", state="WB").exists()
