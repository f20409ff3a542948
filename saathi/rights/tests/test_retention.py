"""retention_sweep: notice within the notice period, erasure after it, legal hold kept."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from saathi.people.models import Member
from saathi.rights.models import Erasure, RetentionRule


def test_sweep_gives_notice_then_erases_except_under_legal_hold(
    world, django_capture_on_commit_callbacks
):
    from saathi.legal.tests.factories import matter

    matter(world)  # a1 has an open legal matter
    org = world.orgs["a"]
    RetentionRule.objects.create(
        organisation=org, kind="archived_member", keep_days=365, notice_days=30
    )
    a1, a2 = world.members["a1"], world.members["a2"]
    now = timezone.now()
    Member.objects.filter(pk=a2.pk).update(archived_at=now - timedelta(days=400))
    Member.objects.filter(pk=a1.pk).update(archived_at=now - timedelta(days=350))
    out = io.StringIO()
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert "due within the notice period: 1; would erase: 1" in out.getvalue()
    assert not Erasure.objects.exists()

    Member.objects.filter(pk=a1.pk).update(archived_at=now - timedelta(days=500))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention_sweep", stdout=out)
    assert "erased: 1; kept under a legal hold: 1" in out.getvalue()
    assert Erasure.objects.get().member_id == a2.pk
    assert Member.objects.get(pk=a1.pk).display_name == "Lakshmi Das"
    assert Member.objects.get(pk=a2.pk).display_name.startswith("ER-")


def test_notice_before_erasure_reaches_her_phone_once_in_her_language(
    world, settings, django_capture_on_commit_callbacks
):
    from saathi.rights.models import RetentionNotice, RightsSettings
    from saathi.rights.tests import test_browser

    settings.SAATHI_SMS_BACKEND = "saathi.rights.tests.test_browser.RecordingBackend"
    test_browser.SENT.clear()
    org = world.orgs["a"]
    RetentionRule.objects.create(
        organisation=org, kind="archived_member", keep_days=365, notice_days=30
    )
    RightsSettings.objects.create(organisation=org, contact="9830000000")
    a1, a2 = world.members["a1"], world.members["a2"]  # a1 has a phone, a2 none
    archived = timezone.now() - timedelta(days=350)
    Member.objects.filter(pk__in=[a1.pk, a2.pk]).update(archived_at=archived)
    Member.objects.filter(pk=a1.pk).update(preferred_language="bn")
    for _ in range(2):  # the daily run: told once, not every day
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retention_sweep", stdout=io.StringIO())
    assert len(test_browser.SENT) == 1
    number, text = test_browser.SENT[0]
    erase_on = (timezone.localtime(archived) + timedelta(days=365)).date()
    assert number.endswith("9876543210") and erase_on.strftime("%d/%m/%Y") in text
    assert "9830000000" in text and "Lakshmi" not in text and "Saathi" in text
    assert text != text.encode("ascii", "ignore").decode()  # written in Bengali
    # a2 has no phone: the notice is recorded as not sent
    assert set(RetentionNotice.objects.values_list("member_id", "sent")) == {
        (a1.pk, True),
        (a2.pk, False),
    }
    assert not Erasure.objects.exists()
