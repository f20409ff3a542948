import pytest
from django.core.management import call_command

from saathi.entitlements.models import Application, Drive, Transition


@pytest.mark.django_db
def test_seed_demo_adds_applications_at_every_stage_and_a_drive():
    call_command("seed_demo", members=120, verbosity=0)
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"submitted", "approved", "benefit_received", "not_received"} <= statuses
    # the entitlements demo's own drive (granted collective claims start drives too)
    drive = Drive.objects.get(name__startswith="Ration cards for every member of")
    assert drive.applications.exists()
    assert Transition.objects.count() > Application.objects.count()
    assert Application.objects.filter(due_on__isnull=False).exists()  # the agenda has work
    # the demo facilitator gets her reminders by SMS (saathi/core/agenda/demo.py)
    from saathi.core.models import ReminderSettings

    assert ReminderSettings.objects.filter(user__username="facilitator", channel="sms").exists()
