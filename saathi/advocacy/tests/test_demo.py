import pytest
from django.core.management import call_command

from saathi.advocacy.models import (
    AdvocacyAction,
    Campaign,
    Engagement,
    IdentityConsent,
    MediaOutlet,
    Outcome,
)


@pytest.mark.django_db
def test_seed_demo_fills_every_part():
    call_command("seed_demo", members=60, verbosity=0)
    assert MediaOutlet.objects.count() == 4 and Campaign.objects.count() == 2
    assert AdvocacyAction.objects.filter(response_on__isnull=False).exists()
    assert set(Engagement.objects.values_list("status", flat=True)) == {"published", "planned"}
    shown = set(IdentityConsent.objects.values_list("name_shown", "face"))
    assert {("real", "shown"), ("none", "blurred")} <= shown
    assert Outcome.objects.filter(verified_at__isnull=False).count() == 2
