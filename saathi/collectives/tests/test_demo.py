import pytest
from django.core.management import call_command

from saathi.collectives.models import (
    ActionItem,
    Attendance,
    Claim,
    CollectiveProfile,
    DutyBearer,
    GroupSession,
    OfficeBearer,
)


@pytest.mark.django_db
def test_seed_demo_fills_every_part():
    call_command("seed_demo", members=60, verbosity=0)
    levels = set(DutyBearer.objects.values_list("level", flat=True))
    assert {"panchayat", "block", "subdivision", "district", "state"} <= levels
    assert GroupSession.objects.filter(attendance_taken_at__isnull=False).exists()
    assert Attendance.objects.exists() and ActionItem.objects.filter(status="open").exists()
    assert {"granted", "acknowledged", "drafted"} <= set(
        Claim.objects.values_list("status", flat=True)
    )
    assert CollectiveProfile.objects.exists() and OfficeBearer.objects.exists()
