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
    Training,
    TrainingParticipant,
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
    # trainings: a series of the organisation with topics, some completed, some not
    series = Training.objects.get(collective__isnull=True)
    assert series.sessions.count() == 6
    done = TrainingParticipant.objects.filter(training=series, completed_on__isnull=False)
    assert done.exists() and done.count() < series.participants.count()
    assert series.participants.filter(user__isnull=False).exists()
    # the granted claim started its drive
    assert Claim.objects.filter(status="granted", drive__isnull=False).exists()
